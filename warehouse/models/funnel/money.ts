/**
 * Exact money helpers: amounts are integer minor units; a share of one (amount × basis points)
 * is computed in BigInt and rounded half away from zero, as fact_opportunity_stage.weighted_amount is.
 */
export function weightByBasisPoints(amount: number, bp: number): number {
  const product = BigInt(amount) * BigInt(bp);
  const q = product / 10_000n;
  const r = product % 10_000n;
  const rounded = (r < 0n ? -r : r) * 2n >= 10_000n ? q + (product < 0n ? -1n : 1n) : q;
  return Number(rounded);
}

/** a ÷ b rounded half away from zero to a whole number (a, b integers, b > 0). */
export function divideRounded(a: number, b: number): number {
  const q = BigInt(a) / BigInt(b);
  const r = BigInt(a) % BigInt(b);
  const away = (r < 0n ? -r : r) * 2n >= BigInt(b);
  return Number(away ? q + (a < 0 ? -1n : 1n) : q);
}

/** Σ of integers, refused beyond the exact integer range rather than rounded. */
export function sumExact(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) {
    s += v;
    if (!Number.isSafeInteger(s)) throw new RangeError(`a total passed the exact integer range (${s})`);
  }
  return s;
}
