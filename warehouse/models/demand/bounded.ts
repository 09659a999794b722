/**
 * Maps between an unconstrained number and an open interval (lo, hi) with the
 * logistic function, so the unconstrained Nelder–Mead search can only propose
 * admissible smoothing constants.
 */
export function toInterval(x: number, lo: number, hi: number): number {
  return lo + (hi - lo) / (1 + Math.exp(-x));
}

/** Inverse of `toInterval`; values at or beyond the ends are pulled just inside. */
export function fromInterval(v: number, lo: number, hi: number): number {
  const eps = 1e-9;
  const u = Math.min(1 - eps, Math.max(eps, (v - lo) / (hi - lo)));
  return Math.log(u / (1 - u));
}
