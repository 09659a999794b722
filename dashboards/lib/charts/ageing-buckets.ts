import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export const BUCKET_LABELS = [['current', 'not yet due'], ['days1to30', '1–30 days'], ['days31to60', '31–60 days'], ['days61to90', '61–90 days'], ['over90', 'over 90 days']] as const;

export type BucketTotals = Record<(typeof BUCKET_LABELS)[number][0], number>;

/** What customers owe and what is owed to suppliers, by days past due, side by side per bucket. */
export function ageingBuckets(receivables: BucketTotals, payables: BucketTotals, { width, height, format }: { width: number; height: number; format: (minor: number) => string }): Element {
  const data = BUCKET_LABELS.flatMap(([key, bucket]) => [
    { bucket, side: 'receivables', amount: receivables[key] },
    { bucket, side: 'payables', amount: payables[key] },
  ]);
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 64, marginBottom: 30,
    fx: { domain: BUCKET_LABELS.map(([, b]) => b), label: null, padding: 0.15 },
    x: { domain: ['receivables', 'payables'], axis: null, padding: 0.1 },
    y: { label: 'open amount', grid: true, tickFormat: format },
    color: { domain: ['receivables', 'payables'], range: ['var(--accent)', 'var(--warn)'], legend: true },
    marks: [
      Plot.barY(data, { fx: 'bucket', x: 'side', y: 'amount', fill: 'side', tip: true, channels: { open: (d: { amount: number }) => format(d.amount) }, title: null }),
      Plot.ruleY([0]),
    ],
  });
}
