import * as Plot from '@observablehq/plot';

export interface WinRateRow { source: string; source_name: string; won: number; lost: number; win_rate: number | null }

/** Win rate per lead source, best first, with how many closed behind each bar. */
export function winRateBySource(sources: readonly WinRateRow[], { width, height }: { width: number; height: number }): Element {
  const closed = sources.filter((s) => s.win_rate !== null);
  return Plot.plot({
    width, height, marginLeft: 150, marginRight: 90,
    x: { domain: [0, 1], label: 'won ÷ closed', tickFormat: '%', grid: true },
    y: { label: null, domain: closed.map((s) => s.source_name) },
    marks: [
      Plot.barX(closed, { x: 'win_rate', y: 'source_name', fill: 'var(--good)' }),
      Plot.text(closed, { x: 'win_rate', y: 'source_name', text: (d: WinRateRow) => `${Math.round(d.win_rate! * 100)}% of ${d.won + d.lost}`, dx: 4, textAnchor: 'start', fill: 'currentColor' }),
    ],
  });
}
