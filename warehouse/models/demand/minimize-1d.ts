/**
 * Bounded one-dimensional minimisation: an even grid to find the best basin (the
 * in-sample losses of smoothing methods are often flat or have several local
 * minima in the smoothing constant), then golden-section search inside the bracket
 * around the best grid point. Cheaper and more reliable in one dimension than the
 * Nelder–Mead simplex, and it respects the bounds exactly.
 */
export interface Minimum1d {
  x: number;
  value: number;
}

const INV_PHI = (Math.sqrt(5) - 1) / 2;

export function minimizeBounded1d(
  f: (x: number) => number,
  lo: number,
  hi: number,
  gridPoints = 20,
  tolerance = 1e-4,
): Minimum1d {
  const safe = (x: number) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const step = (hi - lo) / (gridPoints - 1);
  let bestI = 0;
  let bestV = Number.POSITIVE_INFINITY;
  for (let i = 0; i < gridPoints; i++) {
    const v = safe(lo + i * step);
    if (v < bestV) {
      bestV = v;
      bestI = i;
    }
  }
  let a = lo + Math.max(0, bestI - 1) * step;
  let b = lo + Math.min(gridPoints - 1, bestI + 1) * step;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = safe(c);
  let fd = safe(d);
  while (b - a > tolerance) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = safe(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = safe(d);
    }
  }
  // The grid point itself may beat the interior points when the minimum sits on a bound.
  const candidates: Minimum1d[] = [
    { x: lo + bestI * step, value: bestV },
    { x: c, value: fc },
    { x: d, value: fd },
  ];
  candidates.sort((p, q) => p.value - q.value);
  return candidates[0]!;
}
