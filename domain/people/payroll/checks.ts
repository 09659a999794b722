import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { Breach } from '../../verify.js';

const role = (r: string) => sql`(select account_code from finance.account_roles where role = ${r})`;

type Row = { subject: string; expected: number; actual: number };
/** Only the rows where the documents and the ledger disagree, as verify's checks return them. */
const breaking = (query: RawBuilder<Row>) => sql<Row>`select q.subject, q.expected, q.actual from (${query}) q where q.expected <> q.actual`;

/**
 * This area's control accounts against their documents, in the shape of `verify` breaches
 * (empty when all agree): net wages, withheld tax and social charges payable equal what the
 * runs owe and have not paid; accrued expenses payable equals the open operating expenses; each
 * run's entry carries its gross pay and employer charges.
 */
export const ORGANISATION_CHECKS: { name: string; description: string; query: RawBuilder<Row> }[] = [
  {
    name: 'wages_payable_control_account',
    description: 'net wages payable equals the net pay of payroll runs whose wages are unpaid',
    query: breaking(sql<Row>`
      select 'net wages payable' as subject,
             (select coalesce(sum(r.net), 0) from people.payroll_runs r
               where not exists (select 1 from people.payroll_payments p where p.run_id = r.id and p.kind = 'wages'))::bigint as expected,
             coalesce(sum(credit - debit), 0)::bigint as actual
        from finance.journal_lines where account_code = ${role('wages_payable')}`),
  },
  {
    name: 'payroll_liabilities_control_accounts',
    description: 'income tax withheld and social charges payable equal what unremitted payroll runs owe',
    query: breaking(sql<Row>`
      with owed as (
        select coalesce(sum(r.income_tax), 0)::bigint as tax, coalesce(sum(r.employer_charges), 0)::bigint as charges from people.payroll_runs r
         where not exists (select 1 from people.payroll_payments p where p.run_id = r.id and p.kind = 'liabilities')
      ), gl as (
        select coalesce(sum(credit - debit) filter (where account_code = ${role('tax_withholding')}), 0)::bigint as tax,
               coalesce(sum(credit - debit) filter (where account_code = ${role('social_charges_payable')}), 0)::bigint as charges
          from finance.journal_lines where account_code in (${role('tax_withholding')}, ${role('social_charges_payable')})
      )
      select k.subject, k.expected, k.actual from owed, gl,
             lateral (values ('income tax withheld', owed.tax, gl.tax), ('social charges payable', owed.charges, gl.charges)) as k(subject, expected, actual)`),
  },
  {
    name: 'expense_payables_control_account',
    description: 'accrued expenses payable equals the open amounts of operating expenses',
    query: breaking(sql<Row>`
      select 'accrued expenses payable' as subject,
             (select coalesce(sum(open_functional), 0) from people.operating_expenses)::bigint as expected,
             coalesce(sum(credit - debit), 0)::bigint as actual
        from finance.journal_lines where account_code = ${role('expense_payables')}`),
  },
  {
    name: 'payroll_runs_match_entries',
    description: 'each payroll run\'s journal entry debits its gross pay and employer charges',
    query: breaking(sql<Row>`
      select 'payroll ' || r.run_no as subject, (r.gross + r.employer_charges)::bigint as expected, coalesce(sum(l.debit), 0)::bigint as actual
        from people.payroll_runs r
        left join finance.journal_lines l on l.entry_id = r.journal_entry_id and l.account_code in (${role('salaries')}, ${role('employer_charges')})
       group by r.id, r.run_no, r.gross, r.employer_charges`),
  },
];

export async function organisationBreaches(db: Kysely<DB>): Promise<Breach[]> {
  const breaches: Breach[] = [];
  for (const check of ORGANISATION_CHECKS) {
    const { rows } = await check.query.execute(db);
    for (const r of rows) breaches.push({ check: check.name, subject: r.subject, expected: Number(r.expected), actual: Number(r.actual) });
  }
  return breaches;
}
