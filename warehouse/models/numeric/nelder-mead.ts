/**
 * Nelder–Mead simplex minimisation: derivative-free, robust on the small, smooth,
 * low-dimensional likelihoods the models fit (2–5 parameters). Callers transform
 * bounded parameters (log for positive, logit for (0,1)) so the search is unconstrained.
 */
export interface MinimizeOptions {
  /** Initial step per coordinate (default 0.5, suited to log-scale parameters). */
  step?: number | readonly number[];
  maxIterations?: number;
  /** Stop when the simplex's function values span less than this (absolute). */
  tolerance?: number;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 400 * n;
  const tolerance = options.tolerance ?? 1e-10;
  const steps = Array.from({ length: n }, (_, i) =>
    typeof options.step === 'number' ? options.step : (options.step?.[i] ?? 0.5),
  );
  // Non-finite values (overflow, log of a non-positive) count as +Infinity so the
  // simplex moves away from them instead of propagating NaN.
  const value = (x: readonly number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: value(start) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = x[i]! + steps[i]!;
    simplex.push({ x, v: value(x) });
  }

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.v - best.v) <= tolerance * (1 + Math.abs(best.v)) && Number.isFinite(worst.v)) {
      converged = true;
      break;
    }
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));

    const reflected = along(-1);
    const vr = value(reflected);
    if (vr < best.v) {
      const expanded = along(-2);
      const ve = value(expanded);
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
      continue;
    }
    if (vr < simplex[n - 1]!.v) {
      simplex[n] = { x: reflected, v: vr };
      continue;
    }
    const contracted = vr < worst.v ? along(-0.5) : along(0.5);
    const vc = value(contracted);
    if (vc < Math.min(vr, worst.v)) {
      simplex[n] = { x: contracted, v: vc };
      continue;
    }
    // Shrink towards the best vertex.
    simplex = simplex.map((p, i) =>
      i === 0 ? p : (() => {
        const x = p.x.map((xj, j) => best.x[j]! + 0.5 * (xj - best.x[j]!));
        return { x, v: value(x) };
      })(),
    );
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, iterations, converged };
}
