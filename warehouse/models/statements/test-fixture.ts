import type { LedgerLine } from './ledger.js';
import type { StatementAccount } from './types.js';

/** A small company for hand-computed tests (amounts are minor units). */
export const ACCOUNTS: StatementAccount[] = [
  { code: '1000', name: 'Assets', type: 'asset', parent: null },
  { code: '1100', name: 'Bank', type: 'asset', parent: '1000', roles: ['bank'] },
  { code: '1200', name: 'Accounts receivable', type: 'asset', parent: '1000', roles: ['receivables'] },
  { code: '1300', name: 'Inventory', type: 'asset', parent: '1000', roles: ['inventory'] },
  { code: '1500', name: 'Equipment', type: 'asset', parent: '1000' },
  { code: '2000', name: 'Liabilities', type: 'liability', parent: null },
  { code: '2100', name: 'Accounts payable', type: 'liability', parent: '2000', roles: ['payables'] },
  { code: '2500', name: 'Bank loan', type: 'liability', parent: '2000' },
  { code: '3000', name: 'Equity', type: 'equity', parent: null },
  { code: '3100', name: 'Share capital', type: 'equity', parent: '3000', roles: ['share_capital'] },
  { code: '3200', name: 'Retained earnings', type: 'equity', parent: '3000', roles: ['retained_earnings'] },
  { code: '4000', name: 'Revenue', type: 'revenue', parent: null },
  { code: '4100', name: 'Sales', type: 'revenue', parent: '4000', roles: ['revenue'] },
  { code: '5000', name: 'Cost of sales', type: 'expense', parent: null },
  { code: '5100', name: 'Cost of goods sold', type: 'expense', parent: '5000', roles: ['cogs'] },
  { code: '6000', name: 'Operating expenses', type: 'expense', parent: null },
  { code: '6100', name: 'Rent', type: 'expense', parent: '6000' },
];

const entry = (date: string, debit: string, credit: string, amount: number): LedgerLine[] => [
  { date, account: debit, debit: amount, credit: 0 },
  { date, account: credit, debit: 0, credit: amount },
];

/** January sets the company up; February is the period the tests report on. */
export const LINES: LedgerLine[] = [
  ...entry('2024-01-02', '1100', '3100', 1000),
  ...entry('2024-01-10', '1300', '2100', 400),
  ...entry('2024-01-20', '1200', '4100', 300),
  ...entry('2024-01-20', '5100', '1300', 200),
  ...entry('2024-02-05', '1200', '4100', 500),
  ...entry('2024-02-05', '5100', '1300', 150),
  ...entry('2024-02-10', '1100', '1200', 600),
  ...entry('2024-02-12', '2100', '1100', 300),
  ...entry('2024-02-15', '6100', '1100', 100),
  ...entry('2024-02-20', '1500', '1100', 200),
  ...entry('2024-02-21', '1100', '2500', 150),
  ...entry('2024-02-28', '3200', '1100', 50),
  ...entry('2024-03-05', '1200', '4100', 999),
];
