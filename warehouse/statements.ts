import { minor, periodLedgerFromRows, type AgeingItem, type PeriodLedger } from './models/statements/index.js';
import { runNamedQuery as named } from './read-only-query.js';

// The statements' inputs come through the named queries in sql/queries, so
// `ledgerloop sql --file gl_account_movements` shows exactly what a report was built from.
export async function ledgerFromWarehouse(warehouse: string, from: string, to: string): Promise<PeriodLedger> {
  return periodLedgerFromRows(await named(warehouse, 'gl_account_movements', { from, to }), from, to);
}

export interface AgeingSource {
  items: AgeingItem[];
  names: Map<string, string>;
}

export async function ageingItemsFromWarehouse(warehouse: string, side: 'receivables' | 'payables', asOf: string): Promise<AgeingSource> {
  const rows = await named(warehouse, side === 'receivables' ? 'ar_aging_items' : 'ap_aging_items', { as_of: asOf });
  const names = new Map<string, string>();
  const items = rows.map((r) => {
    if (r.name) names.set(String(r.counterparty), String(r.name));
    return { counterparty: String(r.counterparty), date: isoDay(r.date), dueDate: isoDay(r.due_date), amount: minor(r.amount as number, `${String(r.entry_no)} amount`) };
  });
  return { items, names };
}

const isoDay = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
