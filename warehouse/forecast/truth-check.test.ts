import { describe, expect, it } from 'vitest';
import { checkPatternsAgainstTruth, rocAuc, type TruthManifest } from './truth-check.js';

describe('rocAuc', () => {
  it('is 1 for perfect separation, 0 for reversed, 0.5 for ties, by hand in between', () => {
    expect(rocAuc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(rocAuc([0.1], [0.9])).toBe(0);
    expect(rocAuc([0.5, 0.5], [0.5])).toBe(0.5);
    // pairs (p, n): (0.9,0.5) win, (0.9,0.7) win, (0.4,0.5) loss, (0.4,0.7) loss, (0.7,0.5) win, (0.7,0.7) tie → 3.5 / 6
    expect(rocAuc([0.9, 0.4, 0.7], [0.5, 0.7])).toBeCloseTo(3.5 / 6, 12);
  });
  it('is null without one of the groups', () => {
    expect(rocAuc([], [1])).toBeNull();
    expect(rocAuc([1], [])).toBeNull();
  });
});

describe('checkPatternsAgainstTruth', () => {
  it('counts agreement, the confusion matrix and the intermittent-or-not agreement', () => {
    const truth = { customers: { population: {}, rows: [] }, items: [
      { itemId: 1, sku: 'A', pattern: 'smooth' }, { itemId: 2, sku: 'B', pattern: 'lumpy' },
      { itemId: 3, sku: 'C', pattern: 'intermittent' }, { itemId: 4, sku: 'D', pattern: 'erratic' },
    ] } as unknown as TruthManifest;
    const check = checkPatternsAgainstTruth(new Map([[1, 'smooth'], [2, 'intermittent'], [4, 'lumpy']] as const), truth);
    expect(check.items).toBe(4);
    expect(check.agreement).toBe(0.25);
    expect(check.confusion).toEqual({ smooth: { smooth: 1 }, lumpy: { intermittent: 1 }, intermittent: { none: 1 }, erratic: { lumpy: 1 } });
    expect(check.intermittentAgreement).toBe(0.75); // only the erratic item read as lumpy crosses families
  });
});
