import { describe, expect, it } from 'vitest';
import { ADI_CUTOFF, CV2_CUTOFF, classifyDemand } from './classify.js';

describe('classifyDemand', () => {
  it('calls an all-zero or empty series "none" with no NaN', () => {
    for (const s of [[], [0], [0, 0, 0, 0]]) {
      const c = classifyDemand(s);
      expect(c).toEqual({ pattern: 'none', adi: Number.POSITIVE_INFINITY, cv2: 0, nonZeroPeriods: 0 });
    }
  });

  it('computes ADI as weeks per demand week and CV² from the non-zero sizes (sample variance)', () => {
    // Sizes 2, 4, 6: mean 4, sample variance 4, CV² = 4/16 = 0.25. 3 demands in 6 weeks: ADI 2.
    const c = classifyDemand([0, 2, 0, 4, 0, 6]);
    expect(c.adi).toBe(2);
    expect(c.cv2).toBeCloseTo(0.25, 12);
    expect(c.nonZeroPeriods).toBe(3);
    expect(c.pattern).toBe('intermittent');
  });

  it('separates the four quadrants at ADI 1.32 and CV² 0.49', () => {
    expect(ADI_CUTOFF).toBe(1.32);
    expect(CV2_CUTOFF).toBe(0.49);
    expect(classifyDemand([10, 11, 9, 10, 12, 10]).pattern).toBe('smooth');
    expect(classifyDemand([1, 30, 2, 50, 1, 3]).pattern).toBe('erratic');
    expect(classifyDemand([0, 10, 0, 0, 11, 0, 9, 0]).pattern).toBe('intermittent');
    expect(classifyDemand([0, 1, 0, 0, 60, 0, 2, 0]).pattern).toBe('lumpy');
  });

  it('puts values exactly on a cut-off in the lower class', () => {
    // 33 weeks with 25 demand weeks: ADI = 1.32 exactly → not intermittent.
    const series = [...new Array<number>(25).fill(5), ...new Array<number>(8).fill(0)];
    expect(classifyDemand(series).adi).toBeCloseTo(1.32, 12);
    expect(classifyDemand(series).pattern).toBe('smooth');
  });

  it('handles a single non-zero week by ADI alone with CV² 0', () => {
    expect(classifyDemand([0, 0, 0, 7, 0, 0])).toEqual({ pattern: 'intermittent', adi: 6, cv2: 0, nonZeroPeriods: 1 });
    expect(classifyDemand([7])).toEqual({ pattern: 'smooth', adi: 1, cv2: 0, nonZeroPeriods: 1 });
  });

  it('is scale-free and finite for tiny and huge sizes', () => {
    const a = classifyDemand([1, 3, 0, 2]);
    const tiny = classifyDemand([1e-300, 3e-300, 0, 2e-300]);
    const huge = classifyDemand([1e300, 3e300, 0, 2e300]);
    expect(tiny.cv2).toBeCloseTo(a.cv2, 10);
    expect(huge.cv2).toBeCloseTo(a.cv2, 10);
    expect(classifyDemand([5e-324, 5e-324]).cv2).toBe(0);
  });
});
