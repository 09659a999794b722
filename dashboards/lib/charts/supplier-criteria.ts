import * as Plot from '@observablehq/plot';
import { SCORE_COLOR } from './supplier-standing.js';

export interface CriterionScore { supplier_code: string; supplier_name: string; criterion: string; score: number | null; latest_score: number | null; latest_period: string | null; periods: number }

/** Every supplier's score per criterion (the overall * first), as a grid of coloured cells; unmeasured criteria stay blank. */
export function supplierCriteriaGrid(rows: readonly CriterionScore[], { width, height, suppliers }: { width: number; height: number; suppliers: readonly string[] }): Element {
  const scored = rows.filter((r) => r.score !== null);
  const criteria = [...new Set(rows.map((r) => r.criterion))].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : 1));
  return Plot.plot({
    width, height, marginLeft: 70, marginBottom: 92,
    x: { domain: criteria, label: null, tickRotate: -35, tickFormat: (c: string) => (c === '*' ? 'overall' : c.replaceAll('_', ' ')) },
    y: { domain: suppliers, label: null },
    color: SCORE_COLOR,
    marks: [
      Plot.cell(scored, { x: 'criterion', y: 'supplier_code', fill: 'score', inset: 0.5, tip: true, channels: { name: 'supplier_name', latest: 'latest_score' } }),
      Plot.text(scored, { x: 'criterion', y: 'supplier_code', text: (d: CriterionScore) => Math.round(d.score!).toString(), fill: 'black', fontSize: 10 }),
    ],
  });
}
