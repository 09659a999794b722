import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';
import { STANDING_COLORS, STANDING_ORDER, STANDING_THRESHOLDS } from './supplier-standing.js';

export interface RankedSupplier { rank: number; supplier_code: string; supplier_name: string; score: number | null; standing: string | null; grade: string | null; trend: number | null; status: string }

/** Suppliers by capability score, best first, coloured by standing, with the standings' thresholds marked. */
export function supplierRanking(rows: readonly RankedSupplier[], { width, height }: { width: number; height: number }): Element {
  const data = rows.map((r) => ({ ...r, shown: r.score ?? 0, standing_label: r.standing ?? 'not scored' }));
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 70, marginRight: 40,
    x: { domain: [0, 100], label: 'capability score', grid: true },
    y: { label: null, domain: data.map((r) => r.supplier_code) },
    color: { domain: [...STANDING_ORDER], range: STANDING_COLORS, legend: true },
    marks: [
      Plot.barX(data, { x: 'shown', y: 'supplier_code', fill: 'standing_label', tip: { format: { shown: false, y: false, x: false } }, channels: { name: 'supplier_name', score: 'score', grade: 'grade', status: 'status' } }),
      Plot.text(data, { x: 'shown', y: 'supplier_code', text: (d: RankedSupplier) => (d.score === null ? 'no score' : d.score.toFixed(1)), dx: 4, textAnchor: 'start', fill: 'currentColor' }),
      Plot.ruleX(STANDING_THRESHOLDS, { x: 'score', stroke: 'var(--muted)', strokeDasharray: '3 3' }),
      Plot.ruleX([0]),
    ],
  });
}
