import { describe, expect, it } from 'vitest';
import { journalAccountName, journalAmount, journalText } from './journal-text.js';
import { ACCOUNTS } from './test-fixture.js';

describe('journalText', () => {
  const accounts = new Map(ACCOUNTS.map((a) => [a.code, a]));

  it('names accounts by their path of "code name"', () => {
    expect(journalAccountName('1100', accounts)).toBe('1000 Assets:1100 Bank');
    expect(journalAccountName('X', accounts)).toBe('X');
    const odd = new Map([['9', { code: '9', name: 'Fees: (bank)  ; misc', type: 'expense' as const, parent: null }]]);
    expect(journalAccountName('9', odd)).toBe('9 Fees bank misc');
  });

  it('writes amounts with the currency decimals', () => {
    expect([journalAmount(123456, 2), journalAmount(-5, 2), journalAmount(0, 2), journalAmount(1200, 0), journalAmount(7, 3)]).toEqual(['1234.56', '-0.05', '0.00', '1200', '0.007']);
  });

  it('writes one transaction per entry', () => {
    const text = journalText([{ entryNo: 'JE-1', date: '2024-01-02', memo: 'Opening capital', lines: [{ account: '1100', debit: 150000, credit: 0 }, { account: '3100', debit: 0, credit: 150000 }] }], ACCOUNTS, { code: 'EUR', minorUnits: 2 });
    expect(text.split('\n').slice(2)).toEqual([
      '2024-01-02 JE-1 Opening capital',
      '    1000 Assets:1100 Bank  1500.00 EUR',
      '    3000 Equity:3100 Share capital  -1500.00 EUR',
      '',
    ]);
  });

  it('refuses an entry that does not balance', () => {
    expect(() => journalText([{ entryNo: 'JE-2', date: '2024-01-02', memo: '', lines: [{ account: '1100', debit: 1, credit: 0 }] }], ACCOUNTS, { code: 'EUR', minorUnits: 2 })).toThrow(/does not balance/);
  });
});
