import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreAudit, scoreText, weightProblem, type WeightedSection } from './scoring.js';

const template: WeightedSection[] = [
  { code: 'QMS', weight: 60, criteria: [{ code: 'QMS.1', weight: 50 }, { code: 'QMS.2', weight: 50 }] },
  { code: 'DEL', weight: 40, criteria: [{ code: 'DEL.1', weight: 25 }, { code: 'DEL.2', weight: 75 }] },
];

describe('audit scoring', () => {
  it('weights criteria within sections and sections within the audit', () => {
    const result = scoreAudit('percent', template, new Map([['QMS.1', 80], ['QMS.2', 90], ['DEL.1', 100], ['DEL.2', 60]]));
    // QMS 85%, DEL 0.25 × 100 + 0.75 × 60 = 70%; total 0.6 × 85 + 0.4 × 70 = 79%
    expect(result).toEqual({ total: 7_900, sections: [{ code: 'QMS', score: 8_500 }, { code: 'DEL', score: 7_000 }] });
  });

  it('reads five-point scores as twenty percent a point and rounds the total half away from zero', () => {
    const odd: WeightedSection[] = [
      { code: 'A', weight: 33, criteria: [{ code: 'A.1', weight: 100 }] },
      { code: 'B', weight: 67, criteria: [{ code: 'B.1', weight: 33 }, { code: 'B.2', weight: 67 }] },
    ];
    // A 60%; B 0.33 × 80 + 0.67 × 100 = 93.4%; total 0.33 × 60 + 0.67 × 93.4 = 82.378 → 82.38
    const result = scoreAudit('five_point', odd, new Map([['A.1', 3], ['B.1', 4], ['B.2', 5]]));
    expect(result.total).toBe(8_238);
    expect(scoreText(result.total)).toBe('82.38');
    expect(scoreText(5)).toBe('0.05');
    expect(scoreText(10_000)).toBe('100.00');
  });

  it('refuses a template whose weights do not sum to 100 and names where', () => {
    expect(weightProblem(template)).toBeUndefined();
    expect(weightProblem([{ ...template[0]!, weight: 50 }, template[1]!])).toEqual({ path: 'sections', message: 'section weights sum to 90, not 100' });
    const bad = [template[0]!, { ...template[1]!, criteria: [{ code: 'DEL.1', weight: 25 }, { code: 'DEL.2', weight: 70 }] }];
    expect(weightProblem(bad)?.path).toBe('sections.1.criteria');
    const twice = [template[0]!, { ...template[1]!, criteria: [{ code: 'QMS.1', weight: 25 }, { code: 'DEL.2', weight: 75 }] }];
    expect(weightProblem(twice)?.path).toBe('sections.1.criteria.0.code');
  });

  it('keeps the total between the lowest and the highest criterion score, and equal to them when all agree', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }), (s) => {
        const scores = new Map([['QMS.1', s[0]!], ['QMS.2', s[1]!], ['DEL.1', s[2]!], ['DEL.2', s[3]!]]);
        const { total } = scoreAudit('percent', template, scores);
        expect(total).toBeGreaterThanOrEqual(Math.min(...s) * 100);
        expect(total).toBeLessThanOrEqual(Math.max(...s) * 100);
        const flat = scoreAudit('percent', template, new Map([...scores.keys()].map((k) => [k, s[0]!])));
        expect(flat.total).toBe(s[0]! * 100);
      }),
    );
  });
});
