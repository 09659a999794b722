import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';
import { SCORE_COLOR, STANDING_THRESHOLDS } from './supplier-standing.js';

export interface ScoreHistoryRow { kind: 'period' | 'run'; period: string; criterion: string; score: number | null; standing: string | null; run_id: number; as_of: string }

/**
 * A supplier's overall score per month as the latest model run scored it (line), and the
 * overall score each model run gave it (dots, at the run's newest month), against the
 * standings' thresholds.
 */
export function scoreTrend(rows: readonly ScoreHistoryRow[], { width, height, label }: { width: number; height: number; label: (month: string) => string }): Element {
  const month = (p: string) => new Date(`${p}-01T00:00:00Z`);
  const periods = rows.filter((r) => r.kind === 'period' && r.criterion === '*' && r.score !== null).map((r) => ({ ...r, date: month(r.period), series: 'month (latest run)' }));
  const runs = rows.filter((r) => r.kind === 'run' && r.score !== null).map((r) => ({ ...r, date: month(r.period), series: 'model run overall' }));
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 36, marginRight: 64, marginBottom: 30,
    x: { type: 'utc', label: null, tickFormat: (d: Date) => label(d.toISOString().slice(0, 7)) },
    y: { domain: [0, 100], label: 'score', grid: true },
    color: { domain: ['month (latest run)', 'model run overall'], range: ['var(--accent)', 'currentColor'], legend: true },
    marks: [
      Plot.ruleY(STANDING_THRESHOLDS, { y: 'score', stroke: 'var(--muted)', strokeDasharray: '3 3' }),
      Plot.text(STANDING_THRESHOLDS, { y: 'score', text: 'standing', frameAnchor: 'right', dx: 60, textAnchor: 'end', fill: 'var(--muted)', fontSize: 10 }),
      Plot.lineY(periods, { x: 'date', y: 'score', stroke: 'series', strokeWidth: 1.75 }),
      Plot.dot(periods, { x: 'date', y: 'score', fill: 'series', r: 2.5, tip: true, channels: { month: 'period' } }),
      Plot.dot(runs, { x: 'date', y: 'score', stroke: 'series', r: 6, strokeWidth: 2, tip: true, channels: { run: 'run_id', 'as of': 'as_of', standing: 'standing' } }),
    ],
  });
}

/** A supplier's score per criterion and month in the latest model run: how each capability moved. */
export function criteriaByMonth(rows: readonly ScoreHistoryRow[], { width, height, label }: { width: number; height: number; label: (month: string) => string }): Element {
  const data = rows.filter((r) => r.kind === 'period' && r.score !== null);
  const criteria = [...new Set(rows.filter((r) => r.kind === 'period').map((r) => r.criterion))].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : 1));
  // From the first month with any score: the run's earlier months had no data for this supplier.
  const months = [...new Set(rows.filter((r) => r.kind === 'period').map((r) => r.period))].sort().filter((m) => data.some((d) => d.period <= m));
  return Plot.plot({
    width, height, marginLeft: 150, marginBottom: 30,
    x: { domain: months, label: null, tickFormat: label },
    y: { domain: criteria, label: null, tickFormat: (c: string) => (c === '*' ? 'overall' : c.replaceAll('_', ' ')) },
    color: SCORE_COLOR,
    marks: [
      Plot.cell(data, { x: 'period', y: 'criterion', fill: 'score', inset: 0.5, tip: true }),
      Plot.text(data, { x: 'period', y: 'criterion', text: (d: ScoreHistoryRow) => Math.round(d.score!).toString(), fill: 'black', fontSize: 10 }),
    ],
  });
}
