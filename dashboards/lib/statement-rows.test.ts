import { describe, expect, it } from 'vitest';
import { balanceSheet, cashFlowStatement, equityLines, incomeStatement, periodLedger } from '../../warehouse/models/statements/index.js';
import { ACCOUNTS, LINES } from '../../warehouse/models/statements/test-fixture.js';
import { balanceSheetRows, cashFlowRows, incomeStatementRows, type StatementRow } from './statement-rows.js';

const february = periodLedger(LINES, ACCOUNTS, '2024-02-01', '2024-02-29');
const january = periodLedger(LINES, ACCOUNTS, '2024-01-01', '2024-01-31');
const row = (rows: StatementRow[], key: string) => rows.find((r) => r.key === key)!;
const sheet = (l: typeof february) => {
  const b = balanceSheet(l);
  return { ...b, equityLines: equityLines(b) };
};

describe('statement rows', () => {
  it('lays out the income statement with a comparative: every line, section totals that add up, gross profit and net income', () => {
    const rows = incomeStatementRows([incomeStatement(february), incomeStatement(january)]);
    expect(rows.map((r) => r.label)).toEqual([
      '4000 Revenue', '4100 Sales', 'Total revenue',
      '5000 Cost of sales', '5100 Cost of goods sold', 'Total cost of sales', 'Gross profit',
      '6000 Operating expenses', '6100 Rent', 'Total operating expenses',
      'Net income',
    ]);
    expect(row(rows, 'l:4100').amounts).toEqual([500, 300]);
    // January had no rent: the line shows 0 there rather than going missing.
    expect(row(rows, 'l:6100').amounts).toEqual([100, 0]);
    expect(row(rows, 'gross-profit').amounts).toEqual([350, 100]);
    expect(row(rows, 'net-income').amounts).toEqual([250, 100]);
  });

  it('lays out a balance sheet that balances in every column', () => {
    const rows = balanceSheetRows([sheet(february), sheet(january)]);
    const assets = row(rows, 't:Assets').amounts;
    expect(row(rows, 'liabilities-and-equity').amounts).toEqual(assets);
    const lines = (from: string, to: string) => rows.slice(rows.findIndex((r) => r.key === from) + 1, rows.findIndex((r) => r.key === to)).filter((r) => r.kind === 'line');
    for (const col of [0, 1]) {
      expect(lines('h:Assets', 't:Assets').reduce((s, r) => s + r.amounts[col]!, 0)).toBe(assets[col]);
      expect(lines('h:Equity', 't:Equity').reduce((s, r) => s + r.amounts[col]!, 0)).toBe(row(rows, 't:Equity').amounts[col]);
    }
    expect(row(rows, 'e:Result for the period').amounts).toEqual([250, 100]);
  });

  it('lays out the cash flow from net income to the change in cash', () => {
    const rows = cashFlowRows([cashFlowStatement(february)]);
    const amount = (key: string) => row(rows, key).amounts[0]!;
    expect(amount('operating') + amount('investing') + amount('financing')).toBe(amount('net-change'));
    expect(amount('cash-opening') + amount('net-change')).toBe(amount('cash-closing'));
    expect(amount('net-income')).toBe(250);
    expect(amount('investing')).toBe(-200);
  });
});
