import * as Plot from '@observablehq/plot';
import type { CriterionScore } from './supplier-criteria.js';
import { SCORE_COLOR } from './supplier-standing.js';

/**
 * One supplier's capability profile: each criterion's score over the scored periods (recent
 * ones weigh more, as in the overall score) as a bar, the latest period's score as a tick, and
 * the criterion's weight in the label. Criteria never measured are listed without a bar.
 */
export function capabilityProfile(rows: readonly CriterionScore[], weights: ReadonlyMap<string, number>, { width, height }: { width: number; height: number }): Element {
  const criteria = rows.filter((r) => r.criterion !== '*');
  const label = (c: string) => `${c.replaceAll('_', ' ')}${weights.has(c) ? ` (${Math.round(weights.get(c)! * 100)}%)` : ''}`;
  const data = criteria.map((r) => ({ ...r, label: label(r.criterion) }));
  const measured = data.filter((r) => r.score !== null);
  return Plot.plot({
    width, height, marginLeft: 170, marginRight: 36, marginBottom: 36,
    x: { domain: [0, 100], label: 'score (bar: recent periods weighted, tick: latest period)', grid: true },
    y: { label: null, domain: data.map((r) => r.label) },
    color: SCORE_COLOR,
    marks: [
      Plot.barX(measured, { x: 'score', y: 'label', fill: 'score', fillOpacity: 0.85, tip: true, channels: { latest: 'latest_score', period: 'latest_period', periods: 'periods' } }),
      Plot.tickX(measured.filter((r) => r.latest_score !== null), { x: 'latest_score', y: 'label', stroke: 'currentColor', strokeWidth: 2 }),
      Plot.text(data, { x: (d: CriterionScore) => d.score ?? 0, y: 'label', text: (d: CriterionScore) => (d.score === null ? 'no data' : d.score.toFixed(0)), dx: 4, textAnchor: 'start', fill: 'currentColor', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
}
