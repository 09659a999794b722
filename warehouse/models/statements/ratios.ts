import { daysIn } from './periods.js';
import { checkLedger, closing, hasRole, negate, total, type PeriodLedger } from './types.js';

/** Working-capital figures for one period, minor units of the functional currency. */
export interface WorkingCapitalFigures {
  days: number;
  /** Sales on credit (the revenue account's net movement). */
  revenue: number;
  /** Cost of goods sold: the base of DIO and, for lack of purchases on the same basis, of DPO. */
  costOfSales: number;
  receivablesOpening: number;
  receivablesClosing: number;
  payablesOpening: number;
  payablesClosing: number;
  inventoryOpening: number;
  inventoryClosing: number;
}

export interface WorkingCapitalRatios {
  /** Days sales outstanding: average receivables ÷ revenue × days. */
  dso: number | null;
  /** Days payables outstanding: average payables ÷ cost of sales × days. */
  dpo: number | null;
  /** Days inventory outstanding: average inventory ÷ cost of sales × days. */
  dio: number | null;
  /** DSO + DIO − DPO; null when any part is undefined. */
  cashConversionCycle: number | null;
}

/** Days, to one decimal; null when the base is not positive (no sales, no cost of sales). */
const daysOf = (opening: number, closingBalance: number, base: number, days: number) =>
  base > 0 ? Math.round((((opening + closingBalance) / 2 / base) * days) * 10) / 10 : null;

export function workingCapitalRatios(f: WorkingCapitalFigures): WorkingCapitalRatios {
  const dso = daysOf(f.receivablesOpening, f.receivablesClosing, f.revenue, f.days);
  const dpo = daysOf(f.payablesOpening, f.payablesClosing, f.costOfSales, f.days);
  const dio = daysOf(f.inventoryOpening, f.inventoryClosing, f.costOfSales, f.days);
  const cashConversionCycle = dso === null || dpo === null || dio === null ? null : Math.round((dso + dio - dpo) * 10) / 10;
  return { dso, dpo, dio, cashConversionCycle };
}

/**
 * The figures from the ledger by posting role: receivables, payables, and stock as inventory,
 * work in progress and goods in transit; revenue is the revenue account(s), cost of sales the
 * cogs account(s) (an income statement's gross profit section would mix in variances).
 */
export function workingCapitalFigures(ledger: PeriodLedger): WorkingCapitalFigures {
  const accounts = checkLedger(ledger);
  const withRole = (roles: string[]) => ledger.movements.filter((m) => roles.some((r) => hasRole(accounts.get(m.account)!, r)));
  const balances = (roles: string[], sign: 1 | -1) => {
    const ms = withRole(roles);
    const o = total(ms.map((m) => m.opening));
    const c = total(ms.map(closing));
    return sign === 1 ? ([o, c] as const) : ([negate(o), negate(c)] as const);
  };
  const [receivablesOpening, receivablesClosing] = balances(['receivables'], 1);
  const [payablesOpening, payablesClosing] = balances(['payables'], -1);
  const [inventoryOpening, inventoryClosing] = balances(['inventory', 'work_in_progress', 'inventory_in_transit'], 1);
  return {
    days: daysIn(ledger),
    revenue: total(withRole(['revenue']).map((m) => m.credit - m.debit)),
    costOfSales: total(withRole(['cogs']).map((m) => m.debit - m.credit)),
    receivablesOpening, receivablesClosing, payablesOpening, payablesClosing, inventoryOpening, inventoryClosing,
  };
}
