import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';
import { LOT_EVENT_KINDS, type LotEvent } from '../lot-events.js';

const DAY = 86_400_000;

/**
 * A lot trace on a timeline: one line per lot (the traced lot first, then those it was made
 * from and those made from it), from the day it started to the last thing that happened to it,
 * with a symbol per event — received from a supplier, inspected, made, delivered to a customer.
 */
export function lotTimeline(events: readonly LotEvent[], { width, height, date, day }: { width: number; height: number; date: (iso: string) => string; day: (d: Date) => string }): Element {
  const lots = [...new Set(events.map((e) => e.lot))];
  const spans = lots.map((lot) => {
    const dates = events.filter((e) => e.lot === lot).map((e) => e.date).sort();
    return { lot, from: new Date(`${dates[0]!}T00:00:00Z`), to: new Date(`${dates.at(-1)!}T00:00:00Z`) };
  });
  const when = (e: LotEvent) => new Date(`${e.date}T00:00:00Z`);
  // A few days either side, so a lot with a single event still has a time axis around it.
  const times = events.map((e) => when(e).getTime());
  const pad = Math.max(3 * DAY, (Math.max(...times) - Math.min(...times)) * 0.04);
  const domain = [new Date(Math.min(...times) - pad), new Date(Math.max(...times) + pad)];
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: Math.min(200, Math.max(150, width * 0.22)), marginRight: 24, marginBottom: 32,
    x: { type: 'utc', domain, label: null, grid: true, ticks: Math.max(2, Math.floor(width / 160)), tickFormat: day },
    y: { label: null, domain: lots },
    symbol: { domain: LOT_EVENT_KINDS, range: ['square', 'diamond', 'triangle', 'circle', 'star'], legend: true },
    color: { domain: LOT_EVENT_KINDS, range: ['var(--accent)', 'var(--warn)', 'var(--good)', 'var(--muted)', 'var(--bad)'] },
    marks: [
      Plot.ruleY(spans, { y: 'lot', x1: 'from', x2: 'to', stroke: 'var(--border)', strokeWidth: 3 }),
      // Where the lot came from above its line, where it went below: a delivery on the day of
      // the receipt does not hide it.
      ...[events.filter((e) => e.kind !== 'delivered'), events.filter((e) => e.kind === 'delivered')].map((part, i) =>
        Plot.dot(part, {
          x: when, y: 'lot', dy: i === 0 ? -7 : 7, symbol: 'kind', stroke: 'kind', fill: 'kind', fillOpacity: 0.35, r: 6, strokeWidth: 1.5,
          channels: { date: (e: LotEvent) => date(e.date), document: (e: LotEvent) => e.document ?? '–', who: (e: LotEvent) => e.party ?? '–', quantity: (e: LotEvent) => e.quantity ?? '–' },
          tip: { format: { x: false, y: true, symbol: true, stroke: false, fill: false, fillOpacity: false } },
        }),
      ),
    ],
  });
}
