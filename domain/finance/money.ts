import { DomainError } from '../kernel/errors.js';

/**
 * Money arithmetic. Amounts are integers in minor units (cents); the product is exact because
 * every multiplication happens in BigInt.
 *
 * THE ROUNDING RULE (the only one in Ledgerloop): a result that falls between two minor units
 * is rounded half away from zero — 0.5 cent becomes 1 cent, −0.5 becomes −1. Where a total is
 * split into parts (a partial invoice of an order line, a partial delivery at moving average,
 * a partial settlement), the last part takes the remainder, so parts always sum to the total.
 */
export function mulDivRound(a: number, b: bigint | number, c: bigint | number): number {
  const num = BigInt(a) * BigInt(b);
  const den = BigInt(c);
  if (den === 0n) throw new RangeError('division by zero');
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (2n * n + d) / (2n * d); // floor(n/d + 1/2)
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount beyond the exact integer range');
  return result;
}

/**
 * quantity × unit price, refused with a typed error (naming `field`) when the product is beyond
 * the exact integer range rather than silently rounded.
 */
export function extendedAmount(quantity: number, unitPrice: number, field: string): number {
  const product = BigInt(quantity) * BigInt(unitPrice);
  if (product > BigInt(MAX_AMOUNT)) {
    throw new DomainError('INVALID_INPUT', `quantity ${quantity} × unit price ${unitPrice} exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, field);
  }
  return Number(product);
}

/** The largest amount, in minor units, any document may carry (below 2^53, with headroom for sums). */
export const MAX_AMOUNT = 1e15;

/** `amount` × basis points / 10,000 (tax, discount). */
export const applyBasisPoints = (amount: number, bp: number) => mulDivRound(amount, bp, 10_000);

/** A line's net amount: quantity × unit price less its discount. */
export const lineNet = (quantity: number, unitPrice: number, discountBp: number, field = 'quantity') =>
  mulDivRound(extendedAmount(quantity, unitPrice, field), 10_000 - discountBp, 10_000);

/** The share of `total` that `part` of `whole` carries; the caller gives the remainder to the last part. */
export function proportion(total: number, part: number, whole: number): number {
  if (part === whole) return total;
  return mulDivRound(total, part, whole);
}

const RATE_SCALE = 100_000_000n; // rates are stored with 8 decimals

/** Parses a decimal rate ("1.0834", "0.00712345") exactly into an integer scaled by 1e8. */
export function parseRate(rate: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,8}))?$/.exec(rate.trim());
  if (!match) throw new RangeError(`not a decimal rate: ${rate}`);
  return BigInt(match[1]!) * RATE_SCALE + BigInt((match[2] ?? '').padEnd(8, '0'));
}

/**
 * Converts minor units of a document currency into minor units of the functional currency.
 * `minorUnitShift` = functional minor units − document minor units (JPY 0 → USD 2: +2).
 */
export function toFunctional(amount: number, rate: string, minorUnitShift = 0): number {
  const scale = 10n ** BigInt(Math.abs(minorUnitShift));
  return minorUnitShift >= 0
    ? mulDivRound(amount, parseRate(rate) * scale, RATE_SCALE)
    : mulDivRound(amount, parseRate(rate), RATE_SCALE * scale);
}

/** Formats minor units for people: 123456 → "1,234.56". */
export function formatMinor(amount: number, minorUnits = 2): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const major = Math.floor(abs / 10 ** minorUnits);
  const minor = abs % 10 ** minorUnits;
  const text = major.toLocaleString('en-US') + (minorUnits > 0 ? `.${String(minor).padStart(minorUnits, '0')}` : '');
  return negative ? `-${text}` : text;
}
