/**
 * Standard errors from the observed information: the inverse Hessian of the negative
 * log-likelihood at the optimum.
 *
 * The Hessian is taken numerically in log-parameters eta = ln(theta), where a relative
 * step suits every parameter whatever its size, and mapped back by the delta method:
 * Cov(theta) = diag(theta) Cov(eta) diag(theta), i.e. se(theta_i) = theta_i se(eta_i).
 * (At a stationary point this equals the inverse natural-parameter Hessian exactly.)
 */

/** Central-difference Hessian of f at x with step h in every coordinate. */
export function numericalHessian(f: (x: readonly number[]) => number, x: readonly number[], h = 1e-4): number[][] {
  const n = x.length;
  const at = (di: number, si: number, dj: number, sj: number) => {
    const y = [...x];
    y[di] = y[di]! + si * h;
    y[dj] = y[dj]! + sj * h;
    return f(y);
  };
  const f0 = f(x);
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    // Diagonal: the 3-point stencil; off-diagonal: the 4-point cross stencil.
    const y1 = [...x];
    y1[i] = y1[i]! + h;
    const y2 = [...x];
    y2[i] = y2[i]! - h;
    H[i]![i] = (f(y1) - 2 * f0 + f(y2)) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
      H[i]![j] = v;
      H[j]![i] = v;
    }
  }
  return H;
}

/**
 * Inverse of a symmetric positive-definite matrix via Cholesky; undefined when the
 * matrix is not positive definite (a saddle or flat direction: no finite standard error).
 */
export function invertSpd(A: readonly (readonly number[])[]): number[][] | undefined {
  const n = A.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
        L[i]![i] = Math.sqrt(sum);
      } else {
        L[i]![j] = sum / L[j]![j]!;
      }
    }
  }
  // Invert L (lower triangular), then A^-1 = L^-T L^-1.
  const Li: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    Li[i]![i] = 1 / L[i]![i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= L[i]![k]! * Li[k]![j]!;
      Li[i]![j] = sum / L[i]![i]!;
    }
  }
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += Li[k]![i]! * Li[k]![j]!;
      inv[i]![j] = sum;
      inv[j]![i] = sum;
    }
  }
  return inv;
}

/**
 * Standard errors of theta = exp(eta) given the negative log-likelihood as a function of
 * eta and the optimum etaHat. NaN for every parameter when the Hessian is not positive
 * definite.
 */
export function logScaleStandardErrors(
  negLogLik: (eta: readonly number[]) => number,
  etaHat: readonly number[],
): number[] {
  // h = 1e-3: the likelihood is a sum of ~1e5 terms, so its rounding noise (~1e-8) would
  // swamp a smaller stencil; the truncation error at this step is ~1e-6 relative.
  const H = numericalHessian(negLogLik, etaHat, 1e-3);
  const cov = invertSpd(H);
  if (cov === undefined) return etaHat.map(() => Number.NaN);
  return etaHat.map((e, i) => Math.exp(e) * Math.sqrt(cov[i]![i]!));
}
