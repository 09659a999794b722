import { describe, expect, it } from 'vitest';
import { parseChartSpec, type ChartSpec } from './chart-spec.js';
import { plotChartOptions, type PlotLike } from './plot-options.js';

/** A stand-in for Plot that records the marks asked for. */
const fakePlot = {
  plot: () => ({}),
  barY: (data: unknown, options: unknown) => ({ mark: 'barY', data, options }),
  ruleY: (data: unknown, options: unknown) => ({ mark: 'ruleY', data, options }),
} as unknown as PlotLike;

const spec = (parseChartSpec('{"marks": [{"type": "barY", "x": "month", "y": "n", "tip": true}, {"type": "ruleY", "values": [0]}], "y": {"grid": true}, "title": "T", "height": 200}') as { spec: ChartSpec }).spec;
const columns = [{ name: 'month', type: 'DATE' }, { name: 'n', type: 'BIGINT' }];
const rows = [{ month: '2024-01-01', n: 3 }, { month: null, n: 1 }];

describe('plotChartOptions', () => {
  it('hands each mark its channels and the rows, dates as Date objects, and the scales as given', () => {
    const options = plotChartOptions(spec, columns, rows, fakePlot, 500);
    expect(options).toMatchObject({ y: { grid: true }, height: 200, width: 500 });
    expect(options).not.toHaveProperty('title');
    const [bar, rule] = options.marks as { mark: string; data: Record<string, unknown>[]; options: unknown }[];
    expect(bar!.options).toEqual({ x: 'month', y: 'n', tip: true });
    expect((bar!.data[0]!.month as Date).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(bar!.data[1]!.month).toBeNull();
    expect(rule).toMatchObject({ mark: 'ruleY', data: [0] });
    expect(rows[0]!.month).toBe('2024-01-01');
  });

  it('works from its own source text alone, as the static report inlines it', () => {
    const inlined = new Function(`return ${plotChartOptions.toString()}`)() as typeof plotChartOptions;
    expect(JSON.stringify(inlined(spec, columns, rows, fakePlot, 500))).toBe(JSON.stringify(plotChartOptions(spec, columns, rows, fakePlot, 500)));
  });
});
