import type { BalanceSheet, CashFlowStatement, IncomeStatement, StatementLine, StatementSection } from '../../warehouse/models/statements/index.js';

/**
 * The financial statements as table rows with a comparative column, laid out as
 * `ledgerloop report income-statement|balance-sheet|cash-flow` prints them: headings, account
 * lines (a line present in one period only still gets a row, 0 in the other), totals and
 * results. Amounts in minor units as presented (revenue and expenses positive in their own
 * sections; assets debit-positive; liabilities and equity credit-positive).
 */
export interface StatementRow {
  key: string;
  label: string;
  kind: 'heading' | 'line' | 'total' | 'result';
  /** One amount per compared column; null on a heading. */
  amounts: (number | null)[];
}

type SectionUnion = { code: string; name: string; kind: string; lines: [string, string][] };

/** Sections and their lines across the compared periods, in the first period's order (others after). */
function unionSections(all: readonly (readonly StatementSection[])[]): SectionUnion[] {
  const out = new Map<string, { code: string; name: string; kind: string; lines: Map<string, string> }>();
  for (const sections of all) {
    for (const s of sections) {
      const u = out.get(s.code) ?? { code: s.code, name: s.name, kind: s.kind, lines: new Map<string, string>() };
      for (const l of s.lines) u.lines.set(l.account, l.name);
      out.set(s.code, u);
    }
  }
  const order = (all[0] ?? []).map((s) => s.code);
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  return [...out.values()]
    .sort((a, b) => rank(a.code) - rank(b.code) || (a.code < b.code ? -1 : 1))
    .map((u) => ({ ...u, lines: [...u.lines.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) }));
}

const amountIn = (sections: readonly StatementSection[], code: string, account: string) => sections.find((s) => s.code === code)?.lines.find((l) => l.account === account)?.amount ?? 0;
const sectionTotal = (sections: readonly StatementSection[], code: string) => sections.find((s) => s.code === code)?.total ?? 0;

export function incomeStatementRows(statements: readonly IncomeStatement[]): StatementRow[] {
  const rows: StatementRow[] = [];
  const sections = unionSections(statements.map((s) => s.sections));
  const firstExpense = sections.find((s) => s.kind === 'expense')?.code;
  for (const s of sections) {
    rows.push({ key: `h:${s.code}`, label: `${s.code} ${s.name}`, kind: 'heading', amounts: statements.map(() => null) });
    for (const [account, name] of s.lines) rows.push({ key: `l:${account}`, label: `${account} ${name}`, kind: 'line', amounts: statements.map((st) => amountIn(st.sections, s.code, account)) });
    rows.push({ key: `t:${s.code}`, label: `Total ${s.name.toLowerCase()}`, kind: 'total', amounts: statements.map((st) => sectionTotal(st.sections, s.code)) });
    if (s.code === firstExpense && statements.every((st) => st.grossProfit !== null)) rows.push({ key: 'gross-profit', label: 'Gross profit', kind: 'result', amounts: statements.map((st) => st.grossProfit) });
  }
  rows.push({ key: 'net-income', label: 'Net income', kind: 'result', amounts: statements.map((st) => st.netIncome) });
  return rows;
}

export function balanceSheetRows(sheets: readonly (BalanceSheet & { equityLines: StatementLine[] })[]): StatementRow[] {
  const rows: StatementRow[] = [];
  const none = () => sheets.map(() => null);
  for (const [title, pick, totalOf] of [
    ['Assets', (b: BalanceSheet) => b.assets, (b: BalanceSheet) => b.totalAssets],
    ['Liabilities', (b: BalanceSheet) => b.liabilities, (b: BalanceSheet) => b.totalLiabilities],
  ] as const) {
    rows.push({ key: `h:${title}`, label: title, kind: 'heading', amounts: none() });
    for (const s of unionSections(sheets.map(pick))) {
      for (const [account, name] of s.lines) rows.push({ key: `l:${account}`, label: `${account} ${name}`, kind: 'line', amounts: sheets.map((b) => amountIn(pick(b), s.code, account)) });
    }
    rows.push({ key: `t:${title}`, label: `Total ${title.toLowerCase()}`, kind: 'total', amounts: sheets.map(totalOf) });
  }
  rows.push({ key: 'h:Equity', label: 'Equity', kind: 'heading', amounts: none() });
  const labels = new Map<string, StatementLine>();
  for (const lines of sheets.map((b) => b.equityLines)) for (const l of lines) labels.set(`${l.account ? `${l.account} ` : ''}${l.name}`, l);
  for (const [label, l] of labels) rows.push({ key: `e:${label}`, label, kind: 'line', amounts: sheets.map((b) => b.equityLines.find((x) => x.account === l.account && x.name === l.name)?.amount ?? 0) });
  rows.push({ key: 't:Equity', label: 'Total equity', kind: 'total', amounts: sheets.map((b) => b.totalEquity) });
  rows.push({ key: 'liabilities-and-equity', label: 'Total liabilities and equity', kind: 'result', amounts: sheets.map((b) => b.totalLiabilities + b.totalEquity) });
  return rows;
}

export function cashFlowRows(statements: readonly CashFlowStatement[]): StatementRow[] {
  const rows: StatementRow[] = [];
  const lines = (prefix: string, pick: (c: CashFlowStatement) => CashFlowStatement['workingCapital']) => {
    const names = new Map<string, string>();
    for (const c of statements) for (const l of pick(c)) names.set(l.account, l.name);
    for (const [account, name] of [...names.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      rows.push({ key: `${prefix}:${account}`, label: `${account} ${name}`, kind: 'line', amounts: statements.map((c) => pick(c).find((l) => l.account === account)?.amount ?? 0) });
    }
  };
  const row = (key: string, label: string, kind: StatementRow['kind'], pick: (c: CashFlowStatement) => number | null) => rows.push({ key, label, kind, amounts: statements.map(pick) });
  row('net-income', 'Net income', 'line', (c) => c.netIncome);
  if (statements.some((c) => c.nonCashItems.length > 0)) {
    row('h:non-cash', 'Non-cash items', 'heading', () => null);
    lines('n', (c) => c.nonCashItems);
  }
  row('h:working-capital', 'Changes in working capital', 'heading', () => null);
  lines('w', (c) => c.workingCapital);
  row('operating', 'Cash from operating activities', 'total', (c) => c.operating);
  lines('i', (c) => c.investingLines);
  row('investing', 'Cash from investing activities', 'total', (c) => c.investing);
  lines('f', (c) => c.financingLines);
  row('financing', 'Cash from financing activities', 'total', (c) => c.financing);
  row('net-change', 'Net change in cash', 'result', (c) => c.netChange);
  row('cash-opening', 'Cash at the start', 'line', (c) => c.cashOpening);
  row('cash-closing', 'Cash at the end', 'result', (c) => c.cashClosing);
  return rows;
}
