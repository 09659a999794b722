import type { AccountType } from '../db/tables.js';

/**
 * The default chart of accounts, as data. A company may add, rename or renumber accounts;
 * posting rules never name an account code, only a role (see `DEFAULT_ROLES`).
 */
export interface AccountSpec {
  code: string;
  name: string;
  type: AccountType;
  parent?: string;
  postable?: boolean;
}

const header = (code: string, name: string, type: AccountType): AccountSpec => ({ code, name, type, postable: false });

export const DEFAULT_CHART: readonly AccountSpec[] = [
  header('1000', 'Assets', 'asset'),
  { code: '1100', name: 'Bank', type: 'asset', parent: '1000' },
  { code: '1200', name: 'Accounts receivable', type: 'asset', parent: '1000' },
  { code: '1300', name: 'Inventory', type: 'asset', parent: '1000' },
  { code: '1310', name: 'Work in progress', type: 'asset', parent: '1000' },
  { code: '1320', name: 'Inventory in transit', type: 'asset', parent: '1000' },
  header('2000', 'Liabilities', 'liability'),
  { code: '2100', name: 'Accounts payable', type: 'liability', parent: '2000' },
  { code: '2150', name: 'Goods received not invoiced', type: 'liability', parent: '2000' },
  { code: '2160', name: 'Accrued expenses payable', type: 'liability', parent: '2000' },
  { code: '2200', name: 'Sales tax payable', type: 'liability', parent: '2000' },
  { code: '2300', name: 'Payroll liabilities', type: 'liability', parent: '2000' },
  { code: '2310', name: 'Net wages payable', type: 'liability', parent: '2000' },
  { code: '2320', name: 'Income tax withheld', type: 'liability', parent: '2000' },
  { code: '2330', name: 'Social charges payable', type: 'liability', parent: '2000' },
  header('3000', 'Equity', 'equity'),
  { code: '3100', name: 'Share capital', type: 'equity', parent: '3000' },
  { code: '3200', name: 'Retained earnings', type: 'equity', parent: '3000' },
  { code: '3300', name: 'Opening balances', type: 'equity', parent: '3000' },
  header('4000', 'Revenue', 'revenue'),
  { code: '4100', name: 'Sales revenue', type: 'revenue', parent: '4000' },
  { code: '4900', name: 'Foreign exchange gains', type: 'revenue', parent: '4000' },
  header('5000', 'Cost of sales', 'expense'),
  { code: '5100', name: 'Cost of goods sold', type: 'expense', parent: '5000' },
  { code: '5200', name: 'Purchase price variance', type: 'expense', parent: '5000' },
  { code: '5250', name: 'Purchase discounts received', type: 'expense', parent: '5000' },
  { code: '5300', name: 'Inventory adjustments', type: 'expense', parent: '5000' },
  { code: '5310', name: 'Stocktake variances', type: 'expense', parent: '5000' },
  { code: '5400', name: 'Production variances', type: 'expense', parent: '5000' },
  { code: '5410', name: 'Labour and overhead absorbed', type: 'expense', parent: '5000' },
  header('6000', 'Operating expenses', 'expense'),
  { code: '6100', name: 'Salaries', type: 'expense', parent: '6000' },
  { code: '6110', name: 'Employer social charges', type: 'expense', parent: '6000' },
  { code: '6200', name: 'Rent and facilities', type: 'expense', parent: '6000' },
  { code: '6250', name: 'Utilities', type: 'expense', parent: '6000' },
  { code: '6300', name: 'Marketing', type: 'expense', parent: '6000' },
  { code: '6400', name: 'Other operating expenses', type: 'expense', parent: '6000' },
  { code: '6500', name: 'Travel', type: 'expense', parent: '6000' },
  { code: '6900', name: 'Foreign exchange losses', type: 'expense', parent: '6000' },
];

/** Which account plays each role in the posting rules. */
export const DEFAULT_ROLES = {
  bank: '1100',
  receivables: '1200',
  inventory: '1300',
  work_in_progress: '1310',
  payables: '2100',
  grni: '2150',
  sales_tax: '2200',
  payroll_liabilities: '2300',
  share_capital: '3100',
  retained_earnings: '3200',
  opening_balances: '3300',
  revenue: '4100',
  fx_gain: '4900',
  cogs: '5100',
  price_variance: '5200',
  inventory_adjustment: '5300',
  fx_loss: '6900',
  // People and organisation (sql/postgres/0013 maps these for companies set up before it).
  salaries: '6100',
  employer_charges: '6110',
  wages_payable: '2310',
  tax_withholding: '2320',
  social_charges_payable: '2330',
  expense_payables: '2160',
  // Production and stock operations (sql/postgres/0015 maps these for companies set up before it).
  inventory_in_transit: '1320',
  stocktake_variance: '5310',
  production_variance: '5400',
  production_absorption: '5410',
  // Procure to pay (sql/postgres/0016 maps it for companies set up before it).
  purchase_discount: '5250',
} as const;

export type AccountRole = keyof typeof DEFAULT_ROLES;
