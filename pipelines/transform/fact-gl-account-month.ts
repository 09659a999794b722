import type { Duck } from '../warehouse/duck.js';

/**
 * fact_gl_account_month, derived inside the warehouse from fact_gl_line: the ledger summed per
 * account and calendar month, so month-end balances (a running sum over a few hundred rows)
 * never rescan the ledger's lines — what the Overview and the Finance page read.
 *
 * Journal lines are only ever added, so a run changes the months from the first month of its new
 * lines onwards: those months are summed again from fact_gl_line (whose row groups of earlier
 * days DuckDB skips by their min/max statistics), earlier months stay as they are. That gives the
 * same table as summing everything. Expects `new_fact_gl_line` (this run's lines), after the load.
 */
export const GL_ACCOUNT_MONTH = 'fact_gl_account_month';

/** Brings fact_gl_account_month up to date with the lines loaded by this run; returns the rows written. */
export async function refreshGlAccountMonth(duck: Duck): Promise<number> {
  const [first] = await duck.all<{ month: string | null }>(`select date_trunc('month', min(entry_date))::date::varchar as month from new_fact_gl_line`);
  const from = first!.month;
  if (from === null) return 0;
  await duck.run(`delete from ${GL_ACCOUNT_MONTH} where month >= date '${from}'`);
  return duck.run(`insert into ${GL_ACCOUNT_MONTH}
    select date_trunc('month', entry_date)::date as month, account_code,
           sum(debit_functional)::bigint, sum(credit_functional)::bigint, sum(amount_functional)::bigint,
           count(*), min(entry_date), max(entry_date)
      from fact_gl_line
     where entry_date >= date '${from}'
     group by all
     order by 1, 2`);
}
