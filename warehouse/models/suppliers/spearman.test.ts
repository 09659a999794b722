import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from './spearman.js';

describe('Spearman rank correlation', () => {
  it('ranks ties by the mean of the ranks they span', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([3, 1, 2, 1])).toEqual([4, 1.5, 3, 1.5]);
  });

  it('matches the textbook IQ and television example (no ties): ρ = −29/165', () => {
    // Ten people's IQ and weekly hours of television (the example of Spearman's ρ in most texts):
    // Σd² = 194, so ρ = 1 − 6·194 / (10·99) = −29/165.
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('with ties equals Pearson on the averaged ranks, computed by hand', () => {
    // ranks x = 1, 2.5, 2.5, 4 and y = 1, 3, 2, 4 (both mean 2.5):
    // Σdxdy = 2.25 + 0 + 0 + 2.25 = 4.5, Σdx² = 4.5, Σdy² = 5 → ρ = 4.5 / √22.5 = √0.9.
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
    // A tie on both sides: x ranks 1.5, 1.5, 3, 4; y ranks 1, 2, 3.5, 3.5 (means 2.5):
    // Σdxdy = 1.5 + 0.5 + 0.5 + 1.5 = 4, Σdx² = 4.5, Σdy² = 4.5 → ρ = 4 / 4.5.
    expect(spearman([7, 7, 8, 9], [1, 2, 5, 5])).toBeCloseTo(4 / 4.5, 12);
  });

  it('is 1 or −1 for monotone relations, whatever their shape', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4, 5], [50, 40, 39, 2, -7])).toBeCloseTo(-1, 12);
  });

  it('is null when there is nothing to correlate, and refuses mismatched or non-finite input', () => {
    expect(spearman([], [])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(pearson([1, 1], [2, 3])).toBeNull();
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
    expect(() => spearman([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });
});
