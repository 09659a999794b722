import * as Plot from '@observablehq/plot';

export interface CashFlowSteps { netIncome: number; nonCash: number; workingCapital: number; investing: number; financing: number; netChange: number }

/** The indirect cash flow as a waterfall: the result, what corrects it to cash, and the net change in cash. */
export function cashFlowWaterfall(s: CashFlowSteps, { width, height, format }: { width: number; height: number; format: (minor: number) => string }): Element {
  const steps = [
    { step: 'Net income', amount: s.netIncome },
    { step: 'Non-cash items', amount: s.nonCash },
    { step: 'Working capital', amount: s.workingCapital },
    { step: 'Investing', amount: s.investing },
    { step: 'Financing', amount: s.financing },
  ];
  let running = 0;
  const bars = steps.map((d) => {
    const start = running;
    running += d.amount;
    return { ...d, y1: start, y2: running, kind: d.amount >= 0 ? 'in' : 'out' };
  });
  bars.push({ step: 'Net change in cash', amount: s.netChange, y1: 0, y2: s.netChange, kind: 'total' });
  return Plot.plot({
    width, height, marginLeft: 64, marginBottom: 30, marginTop: 30,
    x: { domain: bars.map((b) => b.step), label: null, padding: 0.25 },
    y: { label: 'cash effect', grid: true, tickFormat: format },
    color: { domain: ['in', 'out', 'total'], range: ['var(--good)', 'var(--bad)', 'var(--accent)'] },
    marks: [
      Plot.barY(bars, { x: 'step', y1: 'y1', y2: 'y2', fill: 'kind', fillOpacity: 0.85, tip: true, channels: { amount: (d: { amount: number }) => format(d.amount) }, title: null }),
      Plot.text(bars, { x: 'step', y: (d: { y1: number; y2: number }) => Math.max(d.y1, d.y2), text: (d: { amount: number }) => format(d.amount), dy: -8, fill: 'currentColor', fontSize: 10 }),
      Plot.ruleY([0]),
    ],
  });
}
