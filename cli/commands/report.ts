import { parse, dateOption, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { trialBalance } from '../../domain/finance/trial-balance.js';
import { formatMinor } from '../../domain/finance/money.js';
import { table } from '../format.js';
import { warehousePath } from '../../warehouse/location.js';
import { NoWarehouse, QueryRefused, runNamedQuery } from '../../warehouse/read-only-query.js';
import { QueryInputError } from '../../warehouse/named-queries.js';
import { ageingItemsFromWarehouse, ledgerFromWarehouse } from '../../warehouse/statements.js';
import {
  ageing, AGEING_BUCKETS, balanceSheet, cashFlowStatement, equityLines, incomeStatement, previousPeriod, samePeriodLastYear, StatementInvariantError,
  workingCapitalFigures, workingCapitalRatios, type DateWindow, type StatementSection,
} from '../../warehouse/models/statements/index.js';
import type { Subcommand } from '../subcommand.js';

const REPORTS = ['trial-balance', 'income-statement', 'balance-sheet', 'cash-flow', 'ar-aging', 'ap-aging', 'ratios', 'budget', 'margin'] as const;
const MARGIN_BY = ['product', 'customer', 'region'] as const;
type ReportName = (typeof REPORTS)[number];
const COMPARE = ['none', 'previous', 'last-year', 'both'] as const;

export const reportCommand: Subcommand = {
  name: 'report',
  summary: `financial reports: ${REPORTS.join(', ')}`,
  help: `Usage: ledgerloop report <${REPORTS.join('|')}> [--from DATE] [--to DATE] [--compare C] [--json]

  trial-balance     every account's balance up to and including --to (default: today), on its
                    debit or credit side, and whether the totals agree (from the database).
  income-statement  revenue and expenses from --from to --to.
  balance-sheet     assets, liabilities and equity at --to; the result since --from is shown
                    apart from earlier results, none of which is closed into retained earnings.
  cash-flow         the change in cash from --from to --to by the indirect method.
  ar-aging          open receivables per customer at --to: current, 1-30, 31-60, 61-90 and
  ap-aging          over 90 days past due (payables per supplier likewise).
  ratios            DSO, DIO, DPO and the cash-conversion cycle over --from to --to.
  budget            the approved budget against the ledger by month, account and cost centre,
                    with the variance and whether it is favourable (sql/queries/budget_vs_actual).
  margin            net revenue, cost of goods sold and gross margin of the orders placed from
                    --from to --to, by --by product (default), customer or region.

  --from DATE       first day of the period (default: 1 January of --to's year)
  --to DATE         last day of the period, or the date to report at (default: today)
  --compare C       income-statement, balance-sheet: previous (the period of the same length
                    before; the default), last-year (the same dates a year earlier), both, none
  --by B            margin: product, customer or region
  --json            the report as JSON, amounts in integer minor units

All but trial-balance read the warehouse ($LEDGERLOOP_DATA/warehouse.duckdb; run 'ledgerloop
pipeline' first) through sql/queries/gl_account_movements, ar_aging_items and ap_aging_items.
Amounts are in the functional currency.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { to: { type: 'string' }, from: { type: 'string' }, compare: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } }, true);
    const name = positionals[0];
    if (!name) throw new UsageError(`name a report: ${REPORTS.join(', ')}`, 'report');
    if (!(REPORTS as readonly string[]).includes(name)) throw new UsageError(`unknown report '${name}'; one of: ${REPORTS.join(', ')}`, 'report');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const to = dateOption(values.to, 'to') ?? new Date().toISOString().slice(0, 10);
    const from = dateOption(values.from, 'from') ?? `${to.slice(0, 4)}-01-01`;
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`, 'from');
    const compare = values.compare ?? 'previous';
    if (!(COMPARE as readonly string[]).includes(compare)) throw new UsageError(`--compare must be one of ${COMPARE.join(', ')}, not '${compare}'`, 'compare');
    if (values.compare !== undefined && name !== 'income-statement' && name !== 'balance-sheet') throw new UsageError(`--compare applies to income-statement and balance-sheet, not ${name}`, 'compare');
    if (values.by !== undefined && name !== 'margin') throw new UsageError(`--by applies to margin, not ${name}`, 'by');
    if (values.by !== undefined && !(MARGIN_BY as readonly string[]).includes(values.by)) throw new UsageError(`--by must be one of ${MARGIN_BY.join(', ')}, not '${values.by}'`, 'by');
    if (name === 'trial-balance') return trialBalanceReport(to, Boolean(values.json));
    if (name === 'budget' || name === 'margin') {
      try {
        return await namedReport(name, from, to, values.by ?? 'product', Boolean(values.json));
      } catch (error) {
        if (error instanceof NoWarehouse) throw new Error(error.message);
        throw error;
      }
    }
    try {
      return await warehouseReport(name as Exclude<ReportName, 'trial-balance' | 'budget' | 'margin'>, { from, to }, compare as (typeof COMPARE)[number], Boolean(values.json));
    } catch (error) {
      if (error instanceof QueryRefused || error instanceof QueryInputError) throw new UsageError(error.message);
      if (error instanceof NoWarehouse || error instanceof StatementInvariantError) throw new Error(error.message);
      throw error;
    }
  },
};

/** Reports that are one named query each: the rows as the query gives them, money formatted. */
async function namedReport(name: 'budget' | 'margin', from: string, to: string, by: string, json: boolean): Promise<number> {
  const rows = name === 'budget'
    ? await runNamedQuery(warehousePath(), 'budget_vs_actual', { from, to })
    : await runNamedQuery(warehousePath(), 'margin_by', { from, to, by });
  if (json) {
    console.log(JSON.stringify({ report: name, from, to, ...(name === 'margin' ? { by } : {}), rows }, null, 2));
    return 0;
  }
  const money = (v: unknown) => (v === null || v === undefined ? '' : formatMinor(Number(v)));
  if (name === 'budget') {
    console.log(`Budget against actual, ${from.slice(0, 7)} to ${to.slice(0, 7)} (approved budget; variance = actual − budget)\n`);
    console.log(table(rows.map((r) => ({ month: r.month, account: r.account, name: r.account_name, 'cost centre': r.cost_center ?? '', budget: money(r.budget), actual: money(r.actual), variance: money(r.variance), '%': r.variance_pct ?? '', '': r.favourable ? 'favourable' : 'unfavourable' }))));
  } else {
    console.log(`Gross margin by ${by}, orders placed ${from} to ${to}\n`);
    console.log(table(rows.map((r) => ({ [by]: r.key, name: r.name ?? '', 'net revenue': money(r.net_revenue), 'cost of goods sold': money(r.cost_of_goods_sold), 'gross margin': money(r.gross_margin), 'margin %': r.margin_pct ?? '' }))));
  }
  return 0;
}

async function trialBalanceReport(to: string, json: boolean): Promise<number> {
  const tb = await withDatabase(({ db }) => trialBalance(db, to));
  if (json) {
    console.log(JSON.stringify(tb, null, 2));
    return 0;
  }
  console.log(`Trial balance as of ${to}\n`);
  console.log(table([
    ...tb.rows.map((r) => ({ account: r.account, name: r.name, type: r.type, debit: r.debit ? formatMinor(r.debit) : '', credit: r.credit ? formatMinor(r.credit) : '' })),
    { account: '', name: 'Total', type: '', debit: formatMinor(tb.totalDebit), credit: formatMinor(tb.totalCredit) },
  ]));
  console.log(`\n${tb.balanced ? 'Balanced.' : 'NOT BALANCED.'}`);
  return tb.balanced ? 0 : 1;
}

function comparisons(w: DateWindow, compare: (typeof COMPARE)[number]): { label: string; window: DateWindow }[] {
  const out = [{ label: 'current', window: w }];
  if (compare === 'previous' || compare === 'both') out.push({ label: 'previous', window: previousPeriod(w) });
  if (compare === 'last-year' || compare === 'both') out.push({ label: 'lastYear', window: samePeriodLastYear(w) });
  return out;
}

async function warehouseReport(name: Exclude<ReportName, 'trial-balance'>, w: DateWindow, compare: (typeof COMPARE)[number], json: boolean): Promise<number> {
  const warehouse = warehousePath();
  const print = (value: unknown, human: () => string) => console.log(json ? JSON.stringify(value, null, 2) : human());
  if (name === 'ar-aging' || name === 'ap-aging') {
    const source = await ageingItemsFromWarehouse(warehouse, name === 'ar-aging' ? 'receivables' : 'payables', w.to);
    const report = ageing(source.items, w.to);
    const who = name === 'ar-aging' ? 'customer' : 'supplier';
    print({ report: name, ...report, rows: report.rows.map((r) => ({ ...r, name: source.names.get(r.counterparty) ?? null })) }, () => {
      const cols = ['current', '1-30', '31-60', '61-90', 'over 90', 'unapplied', 'total'];
      const amounts = (r: (typeof report.rows)[number] | typeof report.totals) => [...AGEING_BUCKETS.map((b) => r[b]), r.unapplied, r.total];
      return `${name === 'ar-aging' ? 'Receivables' : 'Payables'} ageing as of ${w.to} (days past due)\n\n` + grid([who, 'name', ...cols], [
        ...report.rows.map((r) => [r.counterparty, source.names.get(r.counterparty) ?? '', ...amounts(r)]),
        ['Total', '', ...amounts(report.totals)],
      ]);
    });
    return 0;
  }
  if (name === 'ratios') {
    const figures = workingCapitalFigures(await ledgerFromWarehouse(warehouse, w.from, w.to));
    const ratios = workingCapitalRatios(figures);
    print({ report: name, from: w.from, to: w.to, figures, ratios }, () => {
      const days = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));
      return `Working-capital ratios ${w.from} to ${w.to} (${figures.days} days, average of opening and closing balances)\n\n` + grid(['measure', 'days', 'basis'], [
        ['DSO', days(ratios.dso), `receivables ${formatMinor(Math.trunc((figures.receivablesOpening + figures.receivablesClosing) / 2))} / revenue ${formatMinor(figures.revenue)}`],
        ['DIO', days(ratios.dio), `inventory ${formatMinor(Math.trunc((figures.inventoryOpening + figures.inventoryClosing) / 2))} / cost of sales ${formatMinor(figures.costOfSales)}`],
        ['DPO', days(ratios.dpo), `payables ${formatMinor(Math.trunc((figures.payablesOpening + figures.payablesClosing) / 2))} / cost of sales ${formatMinor(figures.costOfSales)}`],
        ['Cash-conversion cycle', days(ratios.cashConversionCycle), 'DSO + DIO - DPO'],
      ]);
    });
    return 0;
  }
  if (name === 'cash-flow') {
    const cf = cashFlowStatement(await ledgerFromWarehouse(warehouse, w.from, w.to));
    print({ report: name, ...cf }, () => {
      const lines = (ls: { account: string; name: string; amount: number }[]) => ls.map((l) => [`    ${l.account} ${l.name}`, l.amount]);
      return `Cash-flow statement (indirect method) ${w.from} to ${w.to}\n\n` + grid(['', 'amount'], [
        ['Net income', cf.netIncome],
        ...(cf.nonCashItems.length ? [['  Non-cash items', null], ...lines(cf.nonCashItems)] : []),
        ['  Changes in working capital', null], ...lines(cf.workingCapital),
        ['Cash from operating activities', cf.operating],
        ['Cash from investing activities', cf.investing], ...lines(cf.investingLines),
        ['Cash from financing activities', cf.financing], ...lines(cf.financingLines),
        ['Net change in cash', cf.netChange],
        ['Cash at the start', cf.cashOpening],
        ['Cash at the end', cf.cashClosing],
      ]);
    });
    return 0;
  }
  const periods = comparisons(w, compare);
  const ledgers = await Promise.all(periods.map((p) => ledgerFromWarehouse(warehouse, p.window.from, p.window.to)));
  const heads = periods.map((p) => `${p.window.from}..${p.window.to}`);
  if (name === 'income-statement') {
    const statements = ledgers.map(incomeStatement);
    print({ report: name, ...statements[0], comparatives: Object.fromEntries(periods.slice(1).map((p, i) => [p.label, statements[i + 1]])) }, () => {
      const rows: Cell[][] = [];
      const sections = unionSections(statements.map((s) => s.sections));
      for (const [, s] of sections) {
        rows.push([`${s.code} ${s.name}`, ...statements.map(() => null)]);
        for (const [account, lineName] of s.lines) rows.push([`    ${account} ${lineName}`, ...statements.map((st) => amountIn(st.sections, s.code, account))]);
        rows.push([`  Total ${s.name}`, ...statements.map((st) => st.sections.find((x) => x.code === s.code)?.total ?? 0)]);
        if (statements[0]!.grossProfit !== null && s.code === sections.find(([, x]) => x.kind === 'expense')?.[0]) rows.push(['Gross profit', ...statements.map((st) => st.grossProfit)]);
      }
      rows.push(['Net income', ...statements.map((st) => st.netIncome)]);
      return `Income statement ${w.from} to ${w.to}\n\n${grid(['', ...heads], rows)}`;
    });
    return 0;
  }
  const sheets = ledgers.map(balanceSheet);
  print({ report: name, ...sheets[0], comparatives: Object.fromEntries(periods.slice(1).map((p, i) => [p.label, sheets[i + 1]])) }, () => {
    const rows: Cell[][] = [];
    for (const [title, pick, totalOf] of [
      ['Assets', (b: (typeof sheets)[number]) => b.assets, (b: (typeof sheets)[number]) => b.totalAssets],
      ['Liabilities', (b: (typeof sheets)[number]) => b.liabilities, (b: (typeof sheets)[number]) => b.totalLiabilities],
    ] as const) {
      rows.push([title, ...sheets.map(() => null)]);
      for (const [, s] of unionSections(sheets.map(pick))) {
        for (const [account, lineName] of s.lines) rows.push([`    ${account} ${lineName}`, ...sheets.map((b) => amountIn(pick(b), s.code, account))]);
      }
      rows.push([`Total ${title.toLowerCase()}`, ...sheets.map(totalOf)]);
    }
    rows.push(['Equity', ...sheets.map(() => null)]);
    const equity = sheets.map(equityLines);
    const labels = new Map(equity.flat().map((l) => [`${l.account ? `${l.account} ` : ''}${l.name}`, l]));
    for (const [label, l] of labels) rows.push([`    ${label}`, ...equity.map((e) => e.find((x) => x.account === l.account && x.name === l.name)?.amount ?? 0)]);
    rows.push(['Total equity', ...sheets.map((b) => b.totalEquity)]);
    rows.push(['Total liabilities and equity', ...sheets.map((b) => b.totalLiabilities + b.totalEquity)]);
    return `Balance sheet as of ${w.to} (result since ${w.from} shown apart)\n\n${grid(['', ...periods.map((p) => `at ${p.window.to}`)], rows)}\n\n${sheets.every((b) => b.balanced) ? 'Balanced.' : 'NOT BALANCED.'}`;
  });
  return 0;
}

type Cell = string | number | null;

/** Sections and their lines across the compared periods, so a line present in one period only still gets a row. */
function unionSections(all: StatementSection[][]): [string, { code: string; name: string; kind: string; lines: [string, string][] }][] {
  const out = new Map<string, { code: string; name: string; kind: string; lines: Map<string, string> }>();
  for (const sections of all) {
    for (const s of sections) {
      const u = out.get(s.code) ?? { code: s.code, name: s.name, kind: s.kind, lines: new Map() };
      for (const l of s.lines) u.lines.set(l.account, l.name);
      out.set(s.code, u);
    }
  }
  const ordered = all[0]!.map((s) => s.code);
  return [...out.entries()]
    .sort(([a], [b]) => (ordered.indexOf(a) === -1 ? 1e9 : ordered.indexOf(a)) - (ordered.indexOf(b) === -1 ? 1e9 : ordered.indexOf(b)) || (a < b ? -1 : 1))
    .map(([code, u]) => [code, { ...u, lines: [...u.lines.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) }]);
}

const amountIn = (sections: StatementSection[], code: string, account: string) => sections.find((s) => s.code === code)?.lines.find((l) => l.account === account)?.amount ?? 0;

/** An aligned table: text left, amounts (minor units) formatted and right-aligned. */
function grid(head: string[], rows: Cell[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? formatMinor(c) : c)));
  const numeric = head.map((_, i) => i > 0 && rows.some((r) => typeof r[i] === 'number'));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (vs: string[]) => vs.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((x) => '-'.repeat(x))), ...cells.map(line)].join('\n');
}
