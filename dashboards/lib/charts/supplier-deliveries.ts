import * as Plot from '@observablehq/plot';

export interface DeliveryPerformance { supplier_code: string; supplier_name: string; lines_due: number; lines_otif: number; otif_rate: number; mean_days_late: number | null; inspected_qty: number; rejected_qty: number; reject_rate: number | null }

/** Each supplier's deliveries in the period: share on time in full against mean days late, the dot's size the lines due. */
export function deliveryPerformance(rows: readonly DeliveryPerformance[], { width, height }: { width: number; height: number }): Element {
  const data = rows.filter((r) => r.mean_days_late !== null);
  return Plot.plot({
    width, height, marginLeft: 48, marginRight: 24, marginBottom: 36, marginTop: 28, inset: 14,
    x: { domain: [0, 1], label: 'lines on time in full', tickFormat: '%', grid: true },
    y: { label: 'mean days late (negative: early)', grid: true, nice: true },
    r: { range: [3, 14] },
    marks: [
      Plot.ruleY([0], { stroke: 'var(--muted)' }),
      Plot.dot(data, { x: 'otif_rate', y: 'mean_days_late', r: 'lines_due', fill: 'var(--accent)', fillOpacity: 0.55, stroke: 'var(--accent)', tip: true, channels: { supplier: 'supplier_code', name: 'supplier_name', rejected: 'rejected_qty' } }),
      Plot.text(data, { x: 'otif_rate', y: 'mean_days_late', text: 'supplier_code', dy: -12, fill: 'currentColor', fontSize: 10 }),
    ],
  });
}
