import { workingCapitalRatios } from '../../warehouse/models/statements/ratios.js';
/**
 * The Overview's KPIs from the monthly figures of sql/queries/dashboard_kpi_monthly.sql: each
 * over the period as a ratio of the period's sums (not a mean of monthly ratios), the same over
 * the prior period, the change between them, and a value per month for the sparkline. A value
 * is null when its denominator is zero (no revenue, nothing closed, no stock data…): the tile
 * shows "no data" rather than a made-up zero.
 */
export interface MonthFigures {
  month: string;
  revenue: number;
  gross_margin: number;
  won: number;
  lost: number;
  cogs: number | null;
  average_inventory: number | null;
  stock_days: number | null;
  po_lines_due: number;
  po_lines_otif: number;
  /** Open pipeline at the month's end, functional minor units. */
  pipeline: number;
  /** Days of the month the books cover (0 before the first posting or after the last). */
  ledger_days: number;
  ledger_revenue: number;
  ledger_cogs: number;
  receivables_opening: number;
  receivables_closing: number;
  payables_opening: number;
  payables_closing: number;
  inventory_opening: number;
  inventory_closing: number;
  /** False for a month before the company's data begins: no prior-period comparison reaches into it. */
  covered: boolean;
}

export type KpiFormat = 'money' | 'percent' | 'turns' | 'days';

export interface Kpi {
  key: string;
  label: string;
  format: KpiFormat;
  value: number | null;
  prior: number | null;
  /** money, turns: relative change (0.1 = +10 %); percent: difference in points of the fraction; days: difference in days. */
  change: number | null;
  higherIsBetter: boolean;
  series: { month: string; value: number | null }[];
}

type Measure = (rows: readonly MonthFigures[]) => number | null;

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const sum = (rows: readonly MonthFigures[], f: (r: MonthFigures) => number) => rows.reduce((s, r) => s + f(r), 0);

/** Months with stock data: cost of goods sold, day-weighted mean stock value, days. */
function stock(rows: readonly MonthFigures[]) {
  const covered = rows.filter((r) => r.cogs !== null && r.average_inventory !== null && (r.stock_days ?? 0) > 0);
  const days = sum(covered, (r) => r.stock_days!);
  const cogs = sum(covered, (r) => r.cogs!);
  const inventory = days === 0 ? 0 : sum(covered, (r) => r.average_inventory! * r.stock_days!) / days;
  return { days, cogs, inventory };
}

/** The cash-conversion cycle of months in a row, as the ratios model computes it for any period. */
function cashConversionCycle(all: readonly MonthFigures[]): number | null {
  // Only the days the books cover, so a part month or months before the books begin do not
  // dilute the averages (as `ledgerloop report ratios` counts them).
  const rows = all.filter((r) => r.ledger_days > 0);
  if (rows.length === 0) return null;
  const first = rows[0]!;
  const last = rows.at(-1)!;
  return workingCapitalRatios({
    days: sum(rows, (r) => r.ledger_days),
    revenue: sum(rows, (r) => r.ledger_revenue),
    costOfSales: sum(rows, (r) => r.ledger_cogs),
    receivablesOpening: first.receivables_opening, receivablesClosing: last.receivables_closing,
    payablesOpening: first.payables_opening, payablesClosing: last.payables_closing,
    inventoryOpening: first.inventory_opening, inventoryClosing: last.inventory_closing,
  }).cashConversionCycle;
}

const MEASURES: { key: string; label: string; format: KpiFormat; higherIsBetter: boolean; measure: Measure }[] = [
  { key: 'revenue', label: 'Revenue', format: 'money', higherIsBetter: true, measure: (rows) => sum(rows, (r) => r.revenue) },
  { key: 'gross_margin', label: 'Gross margin', format: 'percent', higherIsBetter: true, measure: (rows) => ratio(sum(rows, (r) => r.gross_margin), sum(rows, (r) => r.revenue)) },
  // A stock, not a flow: the period's value is its last month's.
  { key: 'pipeline', label: 'Open pipeline', format: 'money', higherIsBetter: true, measure: (rows) => rows.at(-1)?.pipeline ?? null },
  { key: 'win_rate', label: 'Win rate', format: 'percent', higherIsBetter: true, measure: (rows) => ratio(sum(rows, (r) => r.won), sum(rows, (r) => r.won + r.lost)) },
  {
    key: 'inventory_turnover', label: 'Inventory turnover', format: 'turns', higherIsBetter: true,
    // Annualised, so periods of different lengths compare.
    measure: (rows) => {
      const s = stock(rows);
      return s.days === 0 || s.inventory === 0 ? null : (s.cogs / s.inventory) * (365 / s.days);
    },
  },
  {
    key: 'days_of_inventory', label: 'Days of inventory', format: 'days', higherIsBetter: false,
    measure: (rows) => {
      const s = stock(rows);
      return s.days === 0 || s.cogs === 0 ? null : (s.inventory / s.cogs) * s.days;
    },
  },
  { key: 'cash_conversion_cycle', label: 'Cash-conversion cycle', format: 'days', higherIsBetter: false, measure: cashConversionCycle },
  { key: 'otif', label: 'Supplier on time in full', format: 'percent', higherIsBetter: true, measure: (rows) => ratio(sum(rows, (r) => r.po_lines_otif), sum(rows, (r) => r.po_lines_due)) },
];

/**
 * `rows`: the prior period's months then the period's, `months` each, in order. The prior value
 * is null unless every prior month is covered by the data, so a period is never compared with
 * months before the company's records began.
 */
export function overviewKpis(rows: readonly MonthFigures[], months: number): Kpi[] {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a whole number from 1, not ${months}`);
  const current = rows.slice(-months);
  const prior = rows.slice(-2 * months, -months);
  return MEASURES.map(({ key, label, format, higherIsBetter, measure }) => {
    const value = current.length ? measure(current) : null;
    const before = prior.length === months && prior.every((r) => r.covered) ? measure(prior) : null;
    return { key, label, format, higherIsBetter, value, prior: before, change: change(format, value, before), series: current.map((r) => ({ month: r.month, value: measure([r]) })) };
  });
}

function change(format: KpiFormat, value: number | null, prior: number | null): number | null {
  if (value === null || prior === null) return null;
  if (format === 'percent' || format === 'days') return value - prior;
  return prior === 0 ? null : (value - prior) / Math.abs(prior);
}
