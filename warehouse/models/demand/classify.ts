import type { DemandSeries } from './types.js';

/**
 * Syntetos–Boylan–Croston demand classification (Syntetos, Boylan & Croston 2005):
 * two statistics split series into four patterns, which decide the forecasting
 * method family. The cut-offs are where Croston-type methods start to beat simple
 * exponential smoothing in the authors' theoretical MSE comparison.
 */
export type DemandPattern = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'none';

export interface DemandClassification {
  pattern: DemandPattern;
  /**
   * Average inter-demand interval: weeks in the series / weeks with demand. The
   * interval before the first demand counts (we cannot tell a late launch from a
   * long gap). Infinity when there is no demand at all.
   */
  adi: number;
  /** Squared coefficient of variation of the non-zero demand sizes (0 when fewer than two). */
  cv2: number;
  nonZeroPeriods: number;
}

/** ADI cut-off: above it demand is intermittent (Syntetos et al. 2005). */
export const ADI_CUTOFF = 1.32;
/** CV² cut-off: above it demand sizes are variable (Syntetos et al. 2005). */
export const CV2_CUTOFF = 0.49;

/**
 * Classifies a demand series.
 *
 * - All-zero or empty series: 'none' (adi = Infinity, cv2 = 0).
 * - Exactly one non-zero week: the size variability cannot be observed, so cv2 is
 *   taken as 0 and the pattern rests on ADI alone — 'intermittent' when
 *   ADI > 1.32 (the usual case: one sale in many weeks), 'smooth' otherwise (a
 *   one-week series with demand). It is never called erratic/lumpy on no evidence.
 * - Otherwise CV² uses the sample variance (n − 1 divisor) of the non-zero sizes:
 *   the unbiased variance, which matters for the few-demand series this is used on.
 *
 * Boundary values go to the lower class (ADI = 1.32 is not intermittent).
 */
export function classifyDemand(series: DemandSeries): DemandClassification {
  let count = 0;
  let sum = 0;
  for (const y of series) {
    if (y > 0) {
      count++;
      sum += y;
    }
  }
  if (count === 0) return { pattern: 'none', adi: Number.POSITIVE_INFINITY, cv2: 0, nonZeroPeriods: 0 };
  const adi = series.length / count;
  let cv2 = 0;
  if (count >= 2) {
    const mean = sum / count;
    // Relative deviations keep this scale-free: squaring raw sizes could under- or overflow.
    let ss = 0;
    for (const y of series) {
      if (y > 0) {
        const r = y / mean - 1;
        ss += r * r;
      }
    }
    cv2 = ss / (count - 1);
    if (!Number.isFinite(cv2)) cv2 = 0;
  }
  const intermittent = adi > ADI_CUTOFF;
  const variable = cv2 > CV2_CUTOFF;
  const pattern: DemandPattern = intermittent ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth';
  return { pattern, adi, cv2, nonZeroPeriods: count };
}
