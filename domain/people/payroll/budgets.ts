import { z } from 'zod';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { period } from './payroll.js';

/**
 * Budgets per account, cost centre and month. A fiscal year (the calendar year) has numbered
 * versions: a draft is entered by command, approved as a whole, and approving it supersedes the
 * year's previous approved version — the latest approved version is the budget. Amounts are
 * functional minor units on the account's natural side (expenses as debits, revenue as credits).
 */
const budgetLine = z.object({
  account: z.string().min(1).max(20),
  /** Absent or null: not allocated to a cost centre. */
  costCenter: z.string().min(1).max(20).nullable().optional(),
  period,
  amount: z.number().int().min(-1e15).max(1e15),
});
export type BudgetLineInput = z.input<typeof budgetLine>;

const fiscalYear = z.number().int().min(1900).max(9999);
const MAX_LINES = 20_000;

export const createBudgetVersion = defineCommand(
  'people.createBudgetVersion',
  z.object({ fiscalYear, name: z.string().trim().min(1).max(200), lines: z.array(budgetLine).max(MAX_LINES).default([]) }),
  async (tx, input) => {
    await assertLinesValid(tx.db, input.fiscalYear, input.lines);
    const { rows } = await sql<{ id: number; version: number }>`
      insert into people.budget_versions (fiscal_year, version, name, created_by)
      values (${input.fiscalYear}, (select coalesce(max(version), 0) + 1 from people.budget_versions where fiscal_year = ${input.fiscalYear}), ${input.name}, ${tx.actor})
      returning id, version`.execute(tx.db);
    const version = rows[0]!;
    tx.emit({ aggregateType: 'budget_version', aggregateId: version.id, type: 'budget.version_created', payload: { fiscalYear: input.fiscalYear, version: version.version, name: input.name, ...summary(input.lines) } });
    await writeLines(tx.db, version.id, input.lines, tx.eventsInsert());
    return { versionId: version.id, fiscalYear: input.fiscalYear, version: version.version, status: 'draft' as const, ...summary(input.lines) };
  },
);

/** Sets lines of a draft version: new lines are added, lines for the same account, cost centre and month take the new amount. */
export const setBudgetLines = defineCommand(
  'people.setBudgetLines',
  z.object({ versionId: id, lines: z.array(budgetLine).min(1).max(MAX_LINES) }),
  async (tx, input) => {
    const version = await tx.db.selectFrom('people.budget_versions').select(['fiscal_year', 'version', 'status']).where('id', '=', input.versionId).forUpdate().executeTakeFirst();
    if (!version) throw new DomainError('NOT_FOUND', `budget version ${input.versionId} does not exist`, 'versionId');
    if (version.status !== 'draft') throw new DomainError('IMMUTABLE', `budget version ${version.version} of ${version.fiscal_year} is ${version.status}; enter changes in a new version`, 'versionId');
    await assertLinesValid(tx.db, version.fiscal_year, input.lines);
    tx.emit({ aggregateType: 'budget_version', aggregateId: input.versionId, type: 'budget.lines_set', payload: { fiscalYear: version.fiscal_year, version: version.version, ...summary(input.lines) } });
    await writeLines(tx.db, input.versionId, input.lines, tx.eventsInsert());
    return { versionId: input.versionId, ...summary(input.lines) };
  },
);

/** Approves a draft: from now on it is the year's budget, and the version approved before is superseded. */
export const approveBudgetVersion = defineCommand(
  'people.approveBudgetVersion',
  z.object({ versionId: id, date: isoDate }),
  async (tx, input) => {
    // Every version of the year, locked, so two approvals of the same year take turns.
    const { rows } = await sql<{ id: number; fiscal_year: number; version: number; status: string; lines: number }>`
      select v.id, v.fiscal_year, v.version, v.status,
             case when v.id = ${input.versionId} then (select count(*)::int from people.budget_lines l where l.version_id = v.id) else 0 end as lines
        from people.budget_versions v
       where v.fiscal_year = (select fiscal_year from people.budget_versions where id = ${input.versionId})
       order by v.id for update`.execute(tx.db);
    const version = rows.find((r) => r.id === input.versionId);
    if (!version) throw new DomainError('NOT_FOUND', `budget version ${input.versionId} does not exist`, 'versionId');
    if (version.status !== 'draft') throw new DomainError('CONFLICT', `budget version ${version.version} of ${version.fiscal_year} is already ${version.status}`, 'versionId');
    if (version.lines === 0) throw new DomainError('INVALID_INPUT', `budget version ${version.version} of ${version.fiscal_year} has no lines`, 'versionId');
    const superseded = rows.find((r) => r.status === 'approved');
    if (superseded) {
      await sql`update people.budget_versions set status = 'superseded' where id = ${superseded.id} and status = 'approved'`.execute(tx.db);
    }
    tx.emit({ aggregateType: 'budget_version', aggregateId: version.id, type: 'budget.approved', payload: { fiscalYear: version.fiscal_year, version: version.version, supersedes: superseded?.version ?? null, date: input.date } });
    await sql`
      with events as (${tx.eventsInsert()})
      update people.budget_versions set status = 'approved', approved_date = ${input.date}::date, approved_by = ${tx.actor}
       where id = ${version.id}`.execute(tx.db);
    return { versionId: version.id, fiscalYear: version.fiscal_year, version: version.version, status: 'approved' as const, superseded: superseded?.id ?? null };
  },
);

type Line = z.output<typeof budgetLine>;

const summary = (lines: Line[]) => ({ lines: lines.length, total: lines.reduce((s, l) => s + l.amount, 0) });

/** Accounts are postable revenue or expense accounts, cost centres exist, months are in the year, no line twice. */
async function assertLinesValid(db: Kysely<DB>, year: number, lines: Line[]): Promise<void> {
  if (lines.length === 0) return;
  const accounts = [...new Set(lines.map((l) => l.account))];
  const costCenters = [...new Set(lines.flatMap((l) => (l.costCenter ? [l.costCenter] : [])))];
  const { rows } = await sql<{ accounts: Record<string, { type: string; postable: boolean }>; cost_centers: string[] }>`
    select (select coalesce(jsonb_object_agg(code, jsonb_build_object('type', type, 'postable', postable)), '{}') from finance.accounts where code = any(${accounts}::text[])) as accounts,
           (select coalesce(jsonb_agg(code), '[]') from finance.cost_centers where code = any(${costCenters}::text[])) as cost_centers`.execute(db);
  const known = rows[0]!;
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    const account = known.accounts[l.account];
    if (!account) throw new DomainError('NOT_FOUND', `account ${l.account} does not exist`, `lines.${i}.account`);
    if (!account.postable || (account.type !== 'expense' && account.type !== 'revenue')) {
      throw new DomainError('INVALID_INPUT', `account ${l.account} is not a postable revenue or expense account`, `lines.${i}.account`);
    }
    if (l.costCenter && !known.cost_centers.includes(l.costCenter)) throw new DomainError('NOT_FOUND', `cost centre ${l.costCenter} does not exist`, `lines.${i}.costCenter`);
    if (Number(l.period.slice(0, 4)) !== year) throw new DomainError('INVALID_INPUT', `${l.period} is not in fiscal year ${year}`, `lines.${i}.period`);
    const key = `${l.account}|${l.costCenter ?? ''}|${l.period}`;
    if (seen.has(key)) throw new DomainError('DUPLICATE', `account ${l.account}, cost centre ${l.costCenter ?? '(none)'}, ${l.period} appears twice`, `lines.${i}`);
    seen.add(key);
  });
}

async function writeLines(db: Kysely<DB>, versionId: number, lines: Line[], events: RawBuilder<unknown>): Promise<void> {
  const rows = lines.map((l) => ({ a: l.account, c: l.costCenter ?? null, p: l.period, m: l.amount }));
  await sql`
    with events as (${events}), x as (
      insert into people.budget_lines (version_id, account_code, cost_center, period, amount)
      select ${versionId}, x.a, x.c, x.p, x.m from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(a text, c text, p text, m bigint)
      on conflict on constraint budget_line_unique do update set amount = excluded.amount
    )
    select 1`.execute(db);
}
