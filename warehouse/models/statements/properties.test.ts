import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageing, AGEING_BUCKETS } from './ageing.js';
import { balanceSheet } from './balance-sheet.js';
import { cashFlowStatement } from './cash-flow.js';
import { incomeStatement } from './income-statement.js';
import { periodLedger, type LedgerLine } from './ledger.js';
import { addDays } from './periods.js';
import { statementTrialBalance } from './trial-balance.js';
import { ACCOUNTS } from './test-fixture.js';

const POSTABLE = ACCOUNTS.filter((a) => a.parent !== null).map((a) => a.code);

/** Random balanced entries: each splits an amount over one debit and one or more credits. */
const entries = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: 120 }),
    debit: fc.constantFrom(...POSTABLE),
    credits: fc.array(fc.record({ account: fc.constantFrom(...POSTABLE), amount: fc.integer({ min: 1, max: 1e12 }) }), { minLength: 1, maxLength: 3 }),
  }),
  { maxLength: 40 },
);

const toLines = (es: { day: number; debit: string; credits: { account: string; amount: number }[] }[]): LedgerLine[] =>
  es.flatMap((e) => {
    const date = addDays('2024-01-01', e.day);
    const sum = e.credits.reduce((s, c) => s + c.amount, 0);
    return [{ date, account: e.debit, debit: sum, credit: 0 }, ...e.credits.map((c) => ({ date, account: c.account, debit: 0, credit: c.amount }))];
  });

const windows = fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 60 })).map(([start, length]) => ({ from: addDays('2024-01-01', start), to: addDays('2024-01-01', start + length) }));

describe('statement invariants on random balanced journals', () => {
  it('the balance sheet balances, retained earnings roll forward, the cash flow explains cash', () => {
    fc.assert(
      fc.property(entries, windows, (es, w) => {
        const ledger = periodLedger(toLines(es), ACCOUNTS, w.from, w.to);
        const tb = statementTrialBalance(ledger);
        expect(tb.balanced).toBe(true);
        const bs = balanceSheet(ledger);
        expect(bs.totalAssets).toBe(bs.totalLiabilities + bs.totalEquity);
        expect(bs.retainedEarnings.netIncome).toBe(incomeStatement(ledger).netIncome);
        const cf = cashFlowStatement(ledger);
        const bank = ledger.movements.find((m) => m.account === '1100')!;
        expect(cf.netChange).toBe(bank.debit - bank.credit);
        expect(cf.cashClosing).toBe(bs.assets.flatMap((s) => s.lines).find((l) => l.account === '1100')?.amount ?? 0);
      }),
      { seed: 20240601, numRuns: 300 },
    );
  });

  it('consecutive periods chain: closing retained earnings open the next period', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 119 }), (es, split) => {
        const lines = toLines(es);
        const first = balanceSheet(periodLedger(lines, ACCOUNTS, '2024-01-01', addDays('2024-01-01', split - 1)));
        const second = balanceSheet(periodLedger(lines, ACCOUNTS, addDays('2024-01-01', split), '2024-04-30'));
        expect(second.retainedEarnings.opening).toBe(first.retainedEarnings.closing);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('ageing always ties to the balance, whatever the order of documents and settlements', () => {
    const item = fc.record({
      counterparty: fc.constantFrom('A', 'B', 'C'),
      day: fc.integer({ min: 0, max: 200 }),
      terms: fc.integer({ min: 0, max: 90 }),
      amount: fc.integer({ min: -1e9, max: 1e9 }),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 50 }), fc.integer({ min: 0, max: 250 }), (raw, asOfDay) => {
        const items = raw.map((i) => ({ counterparty: i.counterparty, date: addDays('2024-01-01', i.day), dueDate: addDays('2024-01-01', i.day + i.terms), amount: i.amount }));
        const asOf = addDays('2024-01-01', asOfDay);
        const report = ageing(items, asOf);
        for (const row of report.rows) {
          const expected = items.filter((i) => i.counterparty === row.counterparty && i.date <= asOf).reduce((s, i) => s + i.amount, 0);
          expect(row.total).toBe(expected);
          for (const b of AGEING_BUCKETS) expect(row[b]).toBeGreaterThanOrEqual(0);
          expect(row.unapplied).toBeLessThanOrEqual(0);
          // Open documents and unapplied cash never coexist: settlements go to open documents first.
          if (row.unapplied < 0) expect(AGEING_BUCKETS.every((b) => row[b] === 0)).toBe(true);
        }
      }),
      { seed: 99, numRuns: 300 },
    );
  });
});
