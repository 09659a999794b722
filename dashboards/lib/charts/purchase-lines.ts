import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface PurchaseLineRow { po_no: string; line_no: number; sku: string | null; item_name: string | null; warehouse_code: string | null; order_date: string; promised_date: string; received_date: string | null; days_late: number | null; ordered_qty: number; received_qty: number; rejected_qty: number | null; outcome: string }

export const OUTCOMES = ['on time in full', 'rejects', 'late', 'overdue', 'open'] as const;

/** Each order line by the date promised against how late it arrived (or is, while overdue), coloured by outcome. */
export function purchaseLines(rows: readonly PurchaseLineRow[], { width, height, label }: { width: number; height: number; label: (month: string) => string }): Element {
  const data = rows.filter((r) => r.days_late !== null).map((r) => ({ ...r, date: new Date(`${r.promised_date}T00:00:00Z`) }));
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 40, marginBottom: 30,
    x: { type: 'utc', label: 'promised delivery date', ticks: 'month', tickFormat: (d: Date) => label(d.toISOString().slice(0, 7)) },
    y: { label: 'days late (negative: early)', grid: true, nice: true },
    color: { domain: [...OUTCOMES], range: ['var(--good)', 'var(--warn)', 'var(--bad)', 'var(--bad)', 'var(--muted)'], legend: true },
    symbol: { domain: [...OUTCOMES], range: ['circle', 'diamond', 'circle', 'times', 'circle'] },
    marks: [
      Plot.ruleY([0], { stroke: 'var(--muted)' }),
      Plot.dot(data, { x: 'date', y: 'days_late', stroke: 'outcome', symbol: 'outcome', r: 4, strokeWidth: 1.5, tip: true, channels: { order: 'po_no', item: 'item_name', received: 'received_date', rejected: 'rejected_qty' } }),
    ],
  });
}
