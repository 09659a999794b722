import { describe, expect, it } from 'vitest';
import { overviewKpis, type MonthFigures } from './kpi.js';
import { addMonths, parsePeriod, PeriodError } from './period.js';

const month = (m: string, f: Partial<MonthFigures> = {}): MonthFigures => ({
  month: m, revenue: 0, gross_margin: 0, won: 0, lost: 0, cogs: null, average_inventory: null, stock_days: null, po_lines_due: 0, po_lines_otif: 0, covered: true,
  pipeline: 0, ledger_days: 0, ledger_revenue: 0, ledger_cogs: 0, receivables_opening: 0, receivables_closing: 0, payables_opening: 0, payables_closing: 0, inventory_opening: 0, inventory_closing: 0, ...f,
});

describe('overviewKpis', () => {
  // Prior period: 2024-01..02, period: 2024-03..04.
  const rows = [
    month('2024-01', { revenue: 1000, gross_margin: 400, won: 1, lost: 1, cogs: 600, average_inventory: 3000, stock_days: 31, po_lines_due: 4, po_lines_otif: 2 }),
    month('2024-02', { revenue: 1000, gross_margin: 200, won: 0, lost: 2, cogs: 800, average_inventory: 3000, stock_days: 29, po_lines_due: 0, po_lines_otif: 0 }),
    month('2024-03', { revenue: 3000, gross_margin: 900, won: 3, lost: 1, cogs: 2100, average_inventory: 6000, stock_days: 31, po_lines_due: 5, po_lines_otif: 5 }),
    month('2024-04', { revenue: 0, gross_margin: 0, won: 0, lost: 0, cogs: null, average_inventory: null, stock_days: null, po_lines_due: 5, po_lines_otif: 3 }),
  ];
  const kpis = Object.fromEntries(overviewKpis(rows, 2).map((k) => [k.key, k]));

  it('sums revenue and compares it with the prior period', () => {
    expect(kpis.revenue).toMatchObject({ value: 3000, prior: 2000, change: 0.5 });
    expect(kpis.revenue!.series).toEqual([{ month: '2024-03', value: 3000 }, { month: '2024-04', value: 0 }]);
  });

  it('takes ratios of sums, and the change of a rate in points', () => {
    expect(kpis.gross_margin).toMatchObject({ value: 0.3, prior: 0.3, change: 0 });
    expect(kpis.win_rate).toMatchObject({ value: 0.75, prior: 0.25, change: 0.5 });
    expect(kpis.otif).toMatchObject({ value: 0.8, prior: 0.5 });
    expect(kpis.otif!.change).toBeCloseTo(0.3, 12);
  });

  it('gives null, not zero or NaN, where a month has no denominator', () => {
    expect(kpis.gross_margin!.series[1]!.value).toBeNull();
    expect(kpis.win_rate!.series[1]!.value).toBeNull();
    expect(kpis.inventory_turnover!.series[1]!.value).toBeNull();
  });

  it('annualises turnover over the days with stock data and gives days of inventory', () => {
    // Period: only March has stock data: 2100 / 6000 × 365/31.
    expect(kpis.inventory_turnover!.value).toBeCloseTo((2100 / 6000) * (365 / 31), 10);
    expect(kpis.days_of_inventory!.value).toBeCloseTo((6000 / 2100) * 31, 10);
    // Prior: day-weighted stock 3000, COGS 1400 over 60 days.
    expect(kpis.inventory_turnover!.prior).toBeCloseTo((1400 / 3000) * (365 / 60), 10);
    expect(kpis.days_of_inventory!.change).toBeCloseTo((6000 / 2100) * 31 - (3000 / 1400) * 60, 10);
  });

  it('takes the open pipeline at the period end, and the cash-conversion cycle over the whole period', () => {
    const ledger = [
      month('2024-01', { pipeline: 100 }),
      month('2024-02', { pipeline: 200 }),
      // The period: March (31 days) and April (30), 61 days.
      month('2024-03', { pipeline: 500, ledger_days: 31, ledger_revenue: 600, ledger_cogs: 300, receivables_opening: 100, receivables_closing: 150, payables_opening: 50, payables_closing: 70, inventory_opening: 200, inventory_closing: 220 }),
      month('2024-04', { pipeline: 300, ledger_days: 30, ledger_revenue: 400, ledger_cogs: 200, receivables_opening: 150, receivables_closing: 300, payables_opening: 70, payables_closing: 90, inventory_opening: 220, inventory_closing: 180 }),
    ];
    const k = Object.fromEntries(overviewKpis(ledger, 2).map((x) => [x.key, x]));
    expect(k.pipeline).toMatchObject({ value: 300, prior: 200, change: 0.5 });
    // DSO (100+300)/2/1000×61 = 12.2; DIO (200+180)/2/500×61 = 23.2 (23.18); DPO (50+90)/2/500×61 = 8.5 (8.54).
    expect(k.cash_conversion_cycle!.value).toBeCloseTo(12.2 + 23.2 - 8.5, 6);
    expect(k.cash_conversion_cycle!.prior).toBeNull(); // no sales in the prior period
    expect(k.cash_conversion_cycle!.series.map((s) => s.value)).toHaveLength(2);
  });

  it('has no prior value when the rows do not reach back a whole prior period', () => {
    const short = overviewKpis(rows.slice(1), 2);
    expect(short.every((k) => k.prior === null && k.change === null)).toBe(true);
  });

  it('does not compare with a prior period that reaches back before the data begins', () => {
    const early = overviewKpis([{ ...rows[0]!, covered: false }, ...rows.slice(1)], 2);
    expect(early.every((k) => k.prior === null && k.change === null)).toBe(true);
    expect(early.find((k) => k.key === 'revenue')!.value).toBe(3000);
  });
});

describe('parsePeriod', () => {
  const p = (q: string) => parsePeriod(new URLSearchParams(q), '2024-07');

  it('defaults to six months to the latest month, with the prior six before', () => {
    expect(p('')).toEqual({ months: 6, to: '2024-07', from: '2024-02', priorFrom: '2023-08' });
    expect(p('months=12&to=2024-03')).toEqual({ months: 12, to: '2024-03', from: '2023-04', priorFrom: '2022-04' });
  });

  it('refuses what is not a period, saying what it wants', () => {
    for (const q of ['months=0', 'months=25', 'months=abc', 'months=1.5', 'to=2024-13', 'to=July']) expect(() => p(q)).toThrow(PeriodError);
    expect(() => p('months=abc')).toThrow(/months must be a whole number of months from 1 to 24, not 'abc'/);
  });

  it('adds months across years', () => {
    expect(addMonths('2024-01', -1)).toBe('2023-12');
    expect(addMonths('2023-12', 13)).toBe('2025-01');
  });
});
