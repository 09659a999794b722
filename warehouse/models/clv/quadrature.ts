/**
 * Numerical integration used where a closed-form series would need too many terms
 * (BG/NBD conditional expectations with very long horizons) and by tests as an
 * independent check on the series.
 */

export interface GaussRule {
  /** Nodes on [-1, 1]. */
  readonly nodes: readonly number[];
  readonly weights: readonly number[];
}

/**
 * Gauss–Legendre nodes and weights of order n, by Newton's method on P_n from the
 * Chebyshev-like initial guesses cos(pi (i + 3/4) / (n + 1/2)); computed rather than
 * tabulated so any order is available.
 */
export function gaussLegendre(n: number): GaussRule {
  if (!Number.isInteger(n) || n < 1) throw new Error(`gaussLegendre: order must be a positive integer, got ${n}`);
  const nodes: number[] = new Array<number>(n);
  const weights: number[] = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      // Three-term recurrence for P_n(x) and P_{n-1}(x).
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pnm1 = n === 1 ? 1 : p0;
      derivative = (n * (x * pn - pnm1)) / (x * x - 1);
      const dx = pn / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const w = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    weights[i] = w;
    nodes[n - 1 - i] = x;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

const RULE = gaussLegendre(20);

function gaussOn(f: (x: number) => number, lo: number, hi: number): number {
  const half = 0.5 * (hi - lo);
  const mid = 0.5 * (hi + lo);
  let sum = 0;
  for (let i = 0; i < RULE.nodes.length; i++) sum += RULE.weights[i]! * f(mid + half * RULE.nodes[i]!);
  return sum * half;
}

export interface IntegrateOptions {
  /** Absolute error target for the whole interval. */
  absTol?: number;
  /** Maximum bisection depth. */
  maxDepth?: number;
}

/**
 * Adaptive 20-point Gauss–Legendre on [lo, hi]: a panel is accepted when its estimate
 * agrees with the sum over its two halves, otherwise both halves are refined with half
 * the error budget each. Intended for smooth integrands; it cannot see a spike that all
 * 20 nodes of a panel miss, so callers place panels around known features.
 */
export function integrate(
  f: (x: number) => number,
  lo: number,
  hi: number,
  options: IntegrateOptions = {},
): number {
  const absTol = options.absTol ?? 1e-12;
  const maxDepth = options.maxDepth ?? 40;
  const recurse = (a: number, b: number, whole: number, tol: number, depth: number): number => {
    const m = 0.5 * (a + b);
    const left = gaussOn(f, a, m);
    const right = gaussOn(f, m, b);
    const both = left + right;
    if (depth >= maxDepth || Math.abs(both - whole) <= tol || m === a || m === b) return both;
    return recurse(a, m, left, tol / 2, depth + 1) + recurse(m, b, right, tol / 2, depth + 1);
  };
  return recurse(lo, hi, gaussOn(f, lo, hi), absTol, 0);
}

export interface LogIntegralOptions {
  /** A point at or near the maximum of logf (found with maximiseUnimodal if unknown). */
  mode: number;
  /** Width of the peak around the mode; the first panels have this width. */
  scale: number;
  /**
   * Lower bounds on how fast logf falls far from the mode (per unit of x) towards
   * -Infinity and +Infinity. Used to bound what is left of a tail when deciding to stop.
   */
  farDecayLeft: number;
  farDecayRight: number;
  /** Relative accuracy target (default 1e-11). */
  relTol?: number;
}

/**
 * ln of the integral over the whole real line of exp(logf(x)), for a unimodal logf whose
 * tails fall at least exponentially. The integrand is scaled by its value at the mode so
 * that neither a huge nor a tiny peak overflows; panels grow geometrically away from the
 * mode so a slowly decaying tail (decay rate 1e-3) costs a few dozen panels, not
 * thousands. A tail is abandoned once what remains beyond it, bounded by
 * f(edge) / decay rate, is below relTol of the total.
 */
export function logIntegrateUnimodal(logf: (x: number) => number, options: LogIntegralOptions): number {
  const relTol = options.relTol ?? 1e-11;
  const peak = logf(options.mode);
  if (!Number.isFinite(peak)) throw new Error(`logIntegrateUnimodal: log-integrand at the mode is ${peak}`);
  const f = (x: number) => {
    const v = logf(x) - peak;
    return v === Number.NEGATIVE_INFINITY ? 0 : Math.exp(v);
  };
  let total = 0;
  for (const direction of [1, -1] as const) {
    const farDecay = direction > 0 ? options.farDecayRight : options.farDecayLeft;
    let inner = options.mode;
    let width = options.scale;
    for (let panel = 0; panel < 400; panel++) {
      const outer = inner + direction * width;
      const [lo, hi] = direction > 0 ? [inner, outer] : [outer, inner];
      // Error budget relative to the larger of what we have and what this panel can hold.
      const scaleGuess = Math.max(total, width * Math.max(f(inner), f(outer)), 1e-300);
      const piece = integrate(f, lo, hi, { absTol: relTol * 1e-2 * scaleGuess });
      total += piece;
      const edge = f(outer);
      // Local fall-off just beyond the edge; beyond it the decay only steepens towards
      // farDecay for the integrands we use (slopes move monotonically between regimes).
      const step = 1e-3 * Math.max(1, width);
      const slope = (logf(outer) - logf(outer + direction * step)) / step;
      const decay = Math.min(slope, farDecay);
      if (edge === 0 || (decay > 0 && edge / decay <= relTol * total)) break;
      inner = outer;
      width *= 2;
    }
  }
  return peak + Math.log(total);
}

/**
 * Maximum of a unimodal function: bracket by doubling steps from `guess`, then golden
 * section. Flat tops return any point on the plateau, which is all the integrator needs.
 */
export function maximiseUnimodal(g: (x: number) => number, guess: number, step = 1): number {
  let lo = guess - step;
  let hi = guess + step;
  let gMid = g(guess);
  let mid = guess;
  // Walk uphill until the maximum is bracketed by [lo, hi] around mid.
  for (let i = 0; i < 200; i++) {
    const gLo = g(lo);
    const gHi = g(hi);
    if (gHi > gMid && gHi >= gLo) {
      const width = hi - mid;
      lo = mid;
      mid = hi;
      gMid = gHi;
      hi = mid + 2 * width;
    } else if (gLo > gMid) {
      const width = mid - lo;
      hi = mid;
      mid = lo;
      gMid = gLo;
      lo = mid - 2 * width;
    } else {
      break;
    }
  }
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - ratio * (hi - lo);
  let x2 = lo + ratio * (hi - lo);
  let g1 = g(x1);
  let g2 = g(x2);
  for (let i = 0; i < 200 && hi - lo > 1e-9 * (1 + Math.abs(mid)); i++) {
    if (g1 >= g2) {
      hi = x2;
      x2 = x1;
      g2 = g1;
      x1 = hi - ratio * (hi - lo);
      g1 = g(x1);
    } else {
      lo = x1;
      x1 = x2;
      g1 = g2;
      x2 = lo + ratio * (hi - lo);
      g2 = g(x2);
    }
  }
  return g1 >= g2 ? x1 : x2;
}
