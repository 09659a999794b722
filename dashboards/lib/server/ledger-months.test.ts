import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balanceSheet, incomeStatement, periodLedger, type LedgerLine, type StatementAccount } from '../../../warehouse/models/statements/index.js';
import { booksBegin, ledgerFromMonths, monthsBetween, type AccountMonthRow } from './ledger-months.js';

const ACCOUNTS: StatementAccount[] = [
  { code: '1100', name: 'Bank', type: 'asset', parent: null, roles: ['bank'] },
  { code: '1200', name: 'Receivables', type: 'asset', parent: null, roles: ['receivables'] },
  { code: '2100', name: 'Payables', type: 'liability', parent: null, roles: ['payables'] },
  { code: '3100', name: 'Share capital', type: 'equity', parent: null, roles: ['share_capital'] },
  { code: '4100', name: 'Sales', type: 'revenue', parent: null, roles: ['revenue'] },
  { code: '5100', name: 'Cost of goods sold', type: 'expense', parent: null, roles: ['cogs'] },
];

/** What the SQL query does, written out plainly: per account and month, the balance before it and its movements in it. */
function monthRows(lines: readonly LedgerLine[], first: string, last: string): AccountMonthRow[] {
  const rows: AccountMonthRow[] = [];
  for (const month of monthsBetween(first, last)) {
    for (const a of ACCOUNTS) {
      const mine = lines.filter((l) => l.account === a.code);
      const before = mine.filter((l) => l.date.slice(0, 7) < month);
      const inMonth = mine.filter((l) => l.date.slice(0, 7) === month);
      rows.push({
        month, account_code: a.code, name: a.name, type: a.type, parent_code: a.parent, roles: a.roles,
        opening: before.reduce((s, l) => s + l.debit - l.credit, 0),
        debit: inMonth.reduce((s, l) => s + l.debit, 0),
        credit: inMonth.reduce((s, l) => s + l.credit, 0),
        postings: before.length + inMonth.length,
      });
    }
  }
  return rows;
}

/** Balanced journal entries: each moves an amount from one account to another on a day of 2023–2024. */
const entries = fc.array(
  fc.record({ day: fc.integer({ min: 0, max: 729 }), from: fc.integer({ min: 0, max: ACCOUNTS.length - 1 }), to: fc.integer({ min: 0, max: ACCOUNTS.length - 1 }), amount: fc.integer({ min: 1, max: 1_000_000 }) }),
  { maxLength: 60 },
);

const dayOf = (n: number) => new Date(Date.UTC(2023, 0, 1 + n)).toISOString().slice(0, 10);
const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

function linesOf(list: { day: number; from: number; to: number; amount: number }[]): LedgerLine[] {
  return list.flatMap((e) => [
    { date: dayOf(e.day), account: ACCOUNTS[e.to]!.code, debit: e.amount, credit: 0 },
    { date: dayOf(e.day), account: ACCOUNTS[e.from]!.code, debit: 0, credit: e.amount },
  ]);
}

describe('ledgerFromMonths', () => {
  it('equals the ledger summarised straight from the lines, for any run of whole months', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 23 }), (list, a, b) => {
        const lines = linesOf(list);
        const months = monthsBetween('2023-01', '2024-12');
        const [first, last] = [months[Math.min(a, b)]!, months[Math.max(a, b)]!];
        const window = { from: `${first}-01`, to: lastDay(last) };
        const rows = monthRows(lines, '2023-01', '2024-12');
        const ledger = ledgerFromMonths(rows, window);
        const direct = periodLedger(lines, ACCOUNTS, window.from, window.to);
        expect(ledger.movements).toEqual(direct.movements);
        expect(incomeStatement(ledger)).toEqual(incomeStatement(direct));
        expect(balanceSheet(ledger).balanced).toBe(true);
      }),
    );
  });

  it('ends inside its last month where the data ends', () => {
    const lines = linesOf([{ day: 10, from: 3, to: 0, amount: 500 }, { day: 40, from: 4, to: 1, amount: 120 }]);
    const ledger = ledgerFromMonths(monthRows(lines, '2023-01', '2023-02'), { from: '2023-01-01', to: '2023-02-10' });
    expect(ledger).toEqual(periodLedger(lines, ACCOUNTS, '2023-01-01', '2023-02-10'));
  });

  it('refuses a window its rows do not cover', () => {
    const rows = monthRows([], '2023-03', '2023-04');
    expect(() => ledgerFromMonths(rows, { from: '2023-02-01', to: '2023-04-30' })).toThrow(/do not cover 2023-02/);
  });
});

describe('monthsBetween', () => {
  it('crosses year ends and includes both ends', () => {
    expect(monthsBetween('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(monthsBetween('2024-02', '2024-01')).toEqual([]);
  });
});

describe('booksBegin', () => {
  const lines = linesOf([{ day: 70, from: 3, to: 0, amount: 500 }, { day: 100, from: 4, to: 1, amount: 120 }]);
  it('is the first month with a posting when nothing was posted before the rows', () => {
    expect(booksBegin(monthRows(lines, '2023-01', '2023-06'))).toBe('2023-03');
  });
  it('is null when the rows open with balances, or nothing was posted', () => {
    expect(booksBegin(monthRows(lines, '2023-04', '2023-06'))).toBeNull();
    expect(booksBegin(monthRows([], '2023-01', '2023-06'))).toBeNull();
  });
});
