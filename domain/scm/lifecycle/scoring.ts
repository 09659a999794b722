import { mulDivRound } from '../../finance/money.js';
import type { AuditScale } from './tables.js';

/**
 * Audit scoring, the one place it is defined (the database re-derives the total at commit with
 * the same formula). Weights are whole percentages: section weights sum to 100, and so do the
 * criteria weights within each section. A criterion's score is read as a percentage (five-point
 * scores count as score × 20); a section scores the weighted mean of its criteria and the audit
 * the weighted mean of its sections. Scores are kept in hundredths of a percent, rounded half
 * away from zero like every other rounding in Ledgerloop.
 */
export const SCALE_MAX: Record<AuditScale, number> = { percent: 100, five_point: 5 };

export interface WeightedCriterion { code: string; weight: number }
export interface WeightedSection { code: string; weight: number; criteria: WeightedCriterion[] }

/** The first thing wrong with a template's weights, as an input path and a message; undefined when they hold. */
export function weightProblem(sections: WeightedSection[]): { path: string; message: string } | undefined {
  const total = sections.reduce((s, x) => s + x.weight, 0);
  if (total !== 100) return { path: 'sections', message: `section weights sum to ${total}, not 100` };
  for (const [i, section] of sections.entries()) {
    const sum = section.criteria.reduce((s, c) => s + c.weight, 0);
    if (sum !== 100) return { path: `sections.${i}.criteria`, message: `the criteria weights of section ${section.code} sum to ${sum}, not 100` };
  }
  const codes = new Set<string>();
  for (const [i, section] of sections.entries()) {
    for (const [j, c] of section.criteria.entries()) {
      if (codes.has(c.code)) return { path: `sections.${i}.criteria.${j}.code`, message: `criterion code ${c.code} appears twice` };
      codes.add(c.code);
    }
  }
  const sectionCodes = new Set(sections.map((s) => s.code));
  if (sectionCodes.size !== sections.length) return { path: 'sections', message: 'section codes must differ' };
  return undefined;
}

/** A score on the template's scale as a whole percentage. */
export const asPercent = (scale: AuditScale, score: number) => (scale === 'five_point' ? score * 20 : score);

export interface AuditScore {
  /** Weighted total, hundredths of a percent (8345 = 83.45%). */
  total: number;
  /** Per section, hundredths of a percent, in template order. */
  sections: { code: string; score: number }[];
}

/** Scores an audit; `scores` holds a score on the template's scale for every criterion code. */
export function scoreAudit(scale: AuditScale, sections: WeightedSection[], scores: ReadonlyMap<string, number>): AuditScore {
  let weighted = 0;
  const out = sections.map((section) => {
    let sectionScore = 0;
    for (const c of section.criteria) {
      const score = scores.get(c.code);
      if (score === undefined) throw new RangeError(`criterion ${c.code} has no score`);
      sectionScore += c.weight * asPercent(scale, score); // weight% × percent = hundredths
    }
    weighted += section.weight * sectionScore;
    return { code: section.code, score: sectionScore };
  });
  return { total: mulDivRound(weighted, 1, 100), sections: out };
}

/** Hundredths of a percent as the database's numeric(5,2) text: 8345 → '83.45'. */
export const scoreText = (hundredths: number) => `${Math.trunc(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
