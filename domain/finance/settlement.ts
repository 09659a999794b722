import { DomainError } from '../kernel/errors.js';

/**
 * Settling an open item (invoice or bill) with a payment, in functional currency. Both sides
 * carry their own remaining functional value; a part takes its converted share and the last
 * part takes what remains, so nothing is left over by rounding. The gap between what the
 * payment part is worth and what it clears is the realised exchange difference.
 */
export interface OpenSide {
  open: number;
  openFunctional: number;
  /** Converts a part of this side's currency amount at this side's own rate. */
  convert: (amount: number) => number;
}

export interface Settlement {
  /** Functional value taken from the payment. */
  paymentFunctional: number;
  /** Functional value cleared from the invoice or bill. */
  clearedFunctional: number;
  /** paymentFunctional − clearedFunctional. */
  fxDifference: number;
}

export function settle(payment: OpenSide, item: OpenSide, amount: number): Settlement {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError('a settlement amount is a positive integer');
  if (amount > payment.open || amount > item.open) throw new RangeError('a settlement cannot exceed either open amount');
  const take = (side: OpenSide) => (amount === side.open ? side.openFunctional : Math.min(side.convert(amount), side.openFunctional));
  const paymentFunctional = take(payment);
  const clearedFunctional = take(item);
  return { paymentFunctional, clearedFunctional, fxDifference: paymentFunctional - clearedFunctional };
}

export interface OpenItem extends OpenSide {
  id: number;
  number: string;
}

export interface AllocationRecord {
  itemId: number;
  amount: number;
  clearedFunctional: number;
  fxDifference: number;
}

/**
 * Plans how a payment's unallocated amount settles open items: the requested allocations in
 * order, or oldest first when none are given (items arrive sorted by due date). Pure; throws a
 * DomainError naming the allocation that does not fit. Mutates nothing it is given.
 */
export function planAllocations(
  payment: OpenSide & { number: string },
  items: readonly OpenItem[],
  requested: readonly { itemId: number; amount: number }[] | undefined,
  describe: { item: string; field: string },
): { records: AllocationRecord[]; paymentOpen: number; paymentOpenFunctional: number } {
  const left = { ...payment };
  const remaining = new Map(items.map((i) => [i.id, { ...i }]));
  const plan = requested
    ? requested.map((r, i) => {
        const item = remaining.get(r.itemId);
        if (!item) throw new DomainError('NOT_FOUND', `${describe.item} ${r.itemId} is not open for this payment`, `allocations.${i}.${describe.field}`);
        return { item, amount: r.amount, field: `allocations.${i}.amount` };
      })
    : [...remaining.values()].map((item) => ({ item, amount: -1, field: 'amount' }));
  const records: AllocationRecord[] = [];
  for (const p of plan) {
    const amount = p.amount < 0 ? Math.min(left.open, p.item.open) : p.amount;
    if (amount <= 0) break;
    if (amount > left.open) throw new DomainError('EXCEEDS_OPEN_AMOUNT', `allocations exceed what is left of ${payment.number} (${payment.open})`, p.field);
    if (amount > p.item.open) throw new DomainError('EXCEEDS_OPEN_AMOUNT', `${amount} exceeds the open amount ${p.item.open} of ${p.item.number}`, p.field);
    const s = settle(left, p.item, amount);
    left.open -= amount;
    left.openFunctional -= s.paymentFunctional;
    p.item.open -= amount;
    p.item.openFunctional -= s.clearedFunctional;
    records.push({ itemId: p.item.id, amount, clearedFunctional: s.clearedFunctional, fxDifference: s.fxDifference });
  }
  return { records, paymentOpen: left.open, paymentOpenFunctional: left.openFunctional };
}
