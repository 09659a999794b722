import { add, negate, total } from './types.js';
import { daysBetween } from './periods.js';

/**
 * One line on a control account (receivables or payables) for a counterparty. `amount` is
 * positive when it raises what is owed (an invoice or bill) and negative when it settles
 * (payment, credit note, discount). `dueDate` is when a positive amount falls due.
 */
export interface AgeingItem {
  counterparty: string;
  date: string;
  dueDate: string;
  amount: number;
}

export const AGEING_BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

export interface AgeingRow extends Record<AgeingBucket, number> {
  counterparty: string;
  /** Settlements beyond every open document (a payment on account, an overpayment): negative. */
  unapplied: number;
  /** Sum of the buckets and unapplied: the counterparty's balance on the control account. */
  total: number;
}

export interface AgeingReport {
  asOf: string;
  rows: AgeingRow[];
  totals: Omit<AgeingRow, 'counterparty'>;
}

/** Days past due → bucket: not yet due is current, then 1–30, 31–60, 61–90 and over 90. */
export function bucketOf(daysPastDue: number): AgeingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'days1to30';
  if (daysPastDue <= 60) return 'days31to60';
  if (daysPastDue <= 90) return 'days61to90';
  return 'over90';
}

const empty = (): Omit<AgeingRow, 'counterparty'> => ({ current: 0, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0, unapplied: 0, total: 0 });

/** A document still (partly) open at a date: what remains of it after the settlements. */
export interface OpenDocument {
  counterparty: string;
  date: string;
  dueDate: string;
  open: number;
}

/**
 * What is open at `asOf` per counterparty: settlements (negative items) applied to the
 * documents that fall due first, as Ledgerloop allocates payments, so what stays open is the
 * latest; and any settlement beyond every document (`unapplied`, negative). Items after
 * `asOf` are ignored. Documents + unapplied = the counterparty's balance.
 */
export function openDocuments(items: readonly AgeingItem[], asOf: string): { counterparty: string; documents: OpenDocument[]; unapplied: number; balance: number }[] {
  const by = new Map<string, AgeingItem[]>();
  for (const i of items) {
    if (i.date > asOf || i.amount === 0) continue;
    const list = by.get(i.counterparty) ?? [];
    list.push(i);
    by.set(i.counterparty, list);
  }
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([counterparty, list]) => {
    const documents = list.filter((i) => i.amount > 0).sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    let settle = negate(total(list.filter((i) => i.amount < 0).map((i) => i.amount)));
    const open: OpenDocument[] = [];
    for (const d of documents) {
      const applied = Math.min(settle, d.amount);
      settle -= applied;
      if (d.amount - applied > 0) open.push({ counterparty, date: d.date, dueDate: d.dueDate, open: d.amount - applied });
    }
    return { counterparty, documents: open, unapplied: negate(settle), balance: total(list.map((i) => i.amount)) };
  });
}

/**
 * Ages what is open at `asOf` (see openDocuments). Each row's total equals the counterparty's
 * control-account balance at `asOf`.
 */
export function ageing(items: readonly AgeingItem[], asOf: string): AgeingReport {
  const rows: AgeingRow[] = [];
  for (const { counterparty, documents, unapplied, balance } of openDocuments(items, asOf)) {
    const row: AgeingRow = { counterparty, ...empty() };
    for (const d of documents) {
      const b = bucketOf(daysBetween(d.dueDate, asOf));
      row[b] = add(row[b], d.open);
    }
    row.unapplied = unapplied;
    row.total = balance;
    if (total([...AGEING_BUCKETS.map((b) => row[b]), row.unapplied]) !== row.total) throw new Error(`ageing of ${counterparty} lost an amount`);
    if (row.total !== 0 || row.unapplied !== 0) rows.push(row);
  }
  const totals = empty();
  for (const r of rows) for (const k of [...AGEING_BUCKETS, 'unapplied', 'total'] as const) totals[k] = add(totals[k], r[k]);
  return { asOf, rows, totals };
}
