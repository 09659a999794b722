import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { DomainError } from '../../kernel/errors.js';
import { monthBounds } from './calculation.js';

export interface BudgetVsActualRow {
  account: string;
  accountName: string;
  type: 'revenue' | 'expense';
  /** null: lines not allocated to a cost centre. */
  costCenter: string | null;
  /** Functional minor units on the account's natural side (expenses as debits, revenue as credits). */
  budget: number;
  actual: number;
  /** actual − budget. */
  variance: number;
  /** variance ÷ budget × 100, one decimal; null without a budget. */
  variancePct: number | null;
  /** Revenue above budget or expense below it (or on budget). */
  favourable: boolean;
}

export interface BudgetVsActual {
  from: string;
  to: string;
  costCenter: string | null;
  rows: BudgetVsActualRow[];
  totals: { revenue: { budget: number; actual: number }; expense: { budget: number; actual: number }; result: { budget: number; actual: number; variance: number } };
}

export type BudgetVsActualOptions = ({ period: string; from?: undefined; to?: undefined } | { period?: undefined; from: string; to: string }) & { costCenter?: string | undefined };

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Budget against actual for each revenue and expense account and cost centre over a month or
 * a range of months: the budget from each year's approved version, the actual from the journal
 * lines dated in those months. Rows with neither are left out.
 */
export async function budgetVsActual(db: Kysely<DB>, options: BudgetVsActualOptions): Promise<BudgetVsActual> {
  const from = options.period ?? options.from;
  const to = options.period ?? options.to;
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (!value || !PERIOD.test(value)) throw new DomainError('INVALID_INPUT', `${options.period !== undefined ? 'period' : field}: a month as YYYY-MM`, options.period !== undefined ? 'period' : field);
  }
  if (from! > to!) throw new DomainError('INVALID_INPUT', `from ${from} is after to ${to}`, 'to');
  const costCenter = options.costCenter ?? null;
  const { rows } = await sql<{ account: string; name: string; type: 'revenue' | 'expense'; cost_center: string | null; budget: number; actual: number }>`
    with actual as (
      select l.account_code, l.cost_center, sum(l.debit - l.credit)::bigint as debit_balance
        from finance.journal_entries e
        join finance.journal_lines l on l.entry_id = e.id
       where e.entry_date between ${monthBounds(from!).first}::date and ${monthBounds(to!).last}::date
         and (${costCenter}::text is null or l.cost_center = ${costCenter}::text)
       group by 1, 2
    ), budget as (
      select b.account_code, b.cost_center, sum(b.amount)::bigint as amount
        from people.budget_lines b
        join people.budget_versions v on v.id = b.version_id and v.status = 'approved'
       where b.period between ${from!} and ${to!}
         and (${costCenter}::text is null or b.cost_center = ${costCenter}::text)
       group by 1, 2
    ), keys as (
      select account_code, cost_center from actual union select account_code, cost_center from budget
    )
    select a.code as account, a.name, a.type, k.cost_center,
           coalesce(bu.amount, 0)::bigint as budget,
           (case when a.type = 'expense' then 1 else -1 end * coalesce(ac.debit_balance, 0))::bigint as actual
      from keys k
      join finance.accounts a on a.code = k.account_code and a.type in ('revenue', 'expense')
      left join actual ac on ac.account_code = k.account_code and ac.cost_center is not distinct from k.cost_center
      left join budget bu on bu.account_code = k.account_code and bu.cost_center is not distinct from k.cost_center
     where coalesce(bu.amount, 0) <> 0 or coalesce(ac.debit_balance, 0) <> 0
     order by case a.type when 'revenue' then 0 else 1 end, a.code, k.cost_center nulls first`.execute(db);
  const result = rows.map((r): BudgetVsActualRow => {
    const variance = r.actual - r.budget;
    return {
      account: r.account,
      accountName: r.name,
      type: r.type,
      costCenter: r.cost_center,
      budget: r.budget,
      actual: r.actual,
      variance,
      variancePct: r.budget === 0 ? null : Math.round((variance / Math.abs(r.budget)) * 1000) / 10,
      favourable: r.type === 'revenue' ? variance >= 0 : variance <= 0,
    };
  });
  const total = (type: 'revenue' | 'expense', f: (r: BudgetVsActualRow) => number) => result.filter((r) => r.type === type).reduce((s, r) => s + f(r), 0);
  const revenue = { budget: total('revenue', (r) => r.budget), actual: total('revenue', (r) => r.actual) };
  const expense = { budget: total('expense', (r) => r.budget), actual: total('expense', (r) => r.actual) };
  const net = { budget: revenue.budget - expense.budget, actual: revenue.actual - expense.actual };
  return { from: from!, to: to!, costCenter, rows: result, totals: { revenue, expense, result: { ...net, variance: net.actual - net.budget } } };
}
