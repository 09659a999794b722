/**
 * Special functions for the CLV likelihoods, written for accuracy in log space.
 *
 * The BG/NBD and Gamma-Gamma likelihoods are differences of log-gamma values at
 * arguments from ~1e-3 to ~1e4, so lgamma must be accurate to a few ulps of its result
 * over that whole range (a plain Gamma overflows past 171 and loses everything).
 */

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Coefficients B_{2k} / (2k (2k-1)) of the Stirling series for ln Gamma(z) in odd powers
 * of 1/z. Eight terms at z >= 10 leave a truncation error below 1e-17.
 */
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
] as const;

/** Below this the Stirling series is not yet accurate enough, so shift up by recurrence. */
const STIRLING_THRESHOLD = 10;

function stirlingLogGamma(z: number): number {
  const inv = 1 / z;
  const inv2 = inv * inv;
  // Horner in 1/z^2, innermost term first.
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + STIRLING[k]!;
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series * inv;
}

/**
 * ln |Gamma(x)|. For x > 0: Stirling series after the recurrence
 * Gamma(x) = Gamma(x + n) / (x (x+1) ... (x+n-1)), which keeps the absolute error near
 * 1e-15 (what matters when lgamma values are added into a log-likelihood). Negative
 * non-integers use the reflection formula; non-positive integers are poles (+Infinity).
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Gamma(x) Gamma(1-x) = pi / sin(pi x)
    return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x >= STIRLING_THRESHOLD) return stirlingLogGamma(x);
  // One log of a product (at most 10 factors below 20, so no overflow) is both faster
  // and more accurate than summing ten logs.
  let product = 1;
  let z = x;
  while (z < STIRLING_THRESHOLD) {
    product *= z;
    z += 1;
  }
  return stirlingLogGamma(z) - Math.log(product);
}

/** sin(pi x) with the argument reduced first, so it is exactly 0 at integers. */
function sinPi(x: number): number {
  const r = x - 2 * Math.floor(x / 2); // in [0, 2)
  if (r === 0 || r === 1) return 0;
  if (r === 0.5) return 1;
  if (r === 1.5) return -1;
  return Math.sin(Math.PI * r);
}

/** Sign of Gamma(x): +1 for x > 0, alternating between the poles for x < 0, NaN at poles. */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return Number.NaN;
  return Math.ceil(-x) % 2 === 0 ? 1 : -1;
}

/** ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** ln(1 + e^u) without overflow for large u or loss of precision for very negative u. */
export function softplus(u: number): number {
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

/** ln(e^u + e^v), exact for -Infinity arguments (a missing mixture term). */
export function logAddExp(u: number, v: number): number {
  if (u === Number.NEGATIVE_INFINITY) return v;
  if (v === Number.NEGATIVE_INFINITY) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

export interface Hyp2f1Options {
  /** Give up (throw) rather than sum more series terms than this. Default 1e6. */
  maxTerms?: number;
}

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real z < 1 (and z = 1 when
 * c - a - b > 0), c not a non-positive integer.
 *
 * Strategy, chosen so every series that is summed converges reasonably fast:
 *  - z < 0: Pfaff transformation 2F1(a,b;c;z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)), which
 *    maps (-inf, 0) onto (0, 1) and turns an alternating series into one that is not.
 *  - 0 <= w <= 0.75: the defining power series.
 *  - w > 0.75 and c - a - b not within 1e-6 of an integer: the connection formula in
 *    1 - w (Abramowitz & Stegun 15.3.6), whose two series converge like (1-w)^n.
 *  - otherwise (the degenerate integer case, where 15.3.6 has cancelling poles): the
 *    power series with as many terms as it needs, up to `maxTerms`.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const maxTerms = options.maxTerms ?? 1_000_000;
  if (![a, b, c, z].every(Number.isFinite)) return Number.NaN;
  if (c <= 0 && Number.isInteger(c)) throw new Error(`hyp2f1: c = ${c} is a pole`);
  if (z > 1) throw new Error(`hyp2f1: z = ${z} > 1 is outside the supported domain`);
  if (z === 1) {
    const e = c - a - b;
    if (e <= 0) return Number.POSITIVE_INFINITY;
    return gammaQuotient([c, e], [c - a, c - b]);
  }
  if (z < 0) {
    const w = z / (z - 1);
    return Math.exp(-a * Math.log1p(-z)) * hyp2f1Unit(a, c - b, c, w, maxTerms);
  }
  return hyp2f1Unit(a, b, c, z, maxTerms);
}

/** 2F1 for 0 <= w < 1. */
function hyp2f1Unit(a: number, b: number, c: number, w: number, maxTerms: number): number {
  const e = c - a - b;
  if (w <= 0.75 || Math.abs(e - Math.round(e)) < 1e-6) return powerSeries(a, b, c, w, maxTerms);
  const u = 1 - w;
  // A&S 15.3.6. Each coefficient is a ratio of gammas that may have negative arguments,
  // hence the signed quotient (and zero when a denominator gamma has a pole).
  const first = gammaQuotient([c, e], [c - a, c - b]);
  const second = gammaQuotient([c, -e], [a, b]);
  const s1 = first === 0 ? 0 : first * powerSeries(a, b, 1 - e, u, maxTerms);
  const s2 = second === 0 ? 0 : second * Math.pow(u, e) * powerSeries(c - a, c - b, 1 + e, u, maxTerms);
  return s1 + s2;
}

/** prod Gamma(num_i) / prod Gamma(den_j) with signs; 0 when a denominator argument is a pole. */
function gammaQuotient(num: readonly number[], den: readonly number[]): number {
  let logAbs = 0;
  let sign = 1;
  for (const x of den) {
    if (x <= 0 && Number.isInteger(x)) return 0;
    logAbs -= lgamma(x);
    sign *= gammaSign(x);
  }
  for (const x of num) {
    logAbs += lgamma(x);
    sign *= gammaSign(x);
  }
  return sign * Math.exp(logAbs);
}

/**
 * Sum_n (a)_n (b)_n / ((c)_n n!) w^n. Stops once the term ratio has settled below 1 and
 * the terms no longer move the sum. A result beyond the double range comes back as
 * +/-Infinity; callers that need such values should work with the regrouped series in
 * bgnbd-expectation.ts instead.
 */
function powerSeries(a: number, b: number, c: number, w: number, maxTerms: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1));
    term *= ratio * w;
    sum += term;
    if (term === 0) return sum;
    // Only stop where the ratio is below 1 for good: it tends to w < 1 from above or
    // below, so after n exceeds |a|, |b| and |c| it is monotone.
    const settled = n > Math.abs(a) + Math.abs(b) + Math.abs(c) && Math.abs(ratio * w) < 1;
    if (settled && Math.abs(term) <= 1e-17 * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) return sum;
  }
  throw new Error(`hyp2f1: series did not converge in ${maxTerms} terms (a=${a}, b=${b}, c=${c}, z=${w})`);
}
