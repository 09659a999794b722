import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id } from '../../kernel/inputs.js';
import { SEGMENTS } from '../customers.js';
import { sourceCode } from './campaigns.js';

export const ASSIGNMENT_METHODS = ['none', 'round_robin', 'capacity', 'rules'] as const;

/** Refuses an id that is not an active employee. */
export async function assertActiveEmployee(db: Kysely<DB>, employeeId: number, field: string): Promise<void> {
  const e = await db.selectFrom('people.employees').select('active').where('id', '=', employeeId).executeTakeFirst();
  if (!e?.active) throw new DomainError('NOT_FOUND', `employee ${employeeId} does not exist or has left`, field);
}

/**
 * A region's pipeline policy: days without a follow-up before a lead (an account) falls back to
 * the public pool, the caps on what one rep holds, how new leads are handed out and the cadence
 * of a newly owned lead's follow-up plan. Omitted fields keep their value (or the default).
 */
export const setRegionPipelineSettings = defineCommand(
  'crm.setRegionPipelineSettings',
  z.object({
    region: z.string().min(1),
    leadRecycleDays: z.number().int().min(1).max(365).optional(),
    /** null: accounts are never recycled. */
    accountRecycleDays: z.number().int().min(1).max(3650).nullable().optional(),
    leadCap: z.number().int().min(0).max(1_000_000).optional(),
    /** null: no cap on accounts. */
    accountCap: z.number().int().min(0).max(1_000_000).nullable().optional(),
    assignment: z.enum(ASSIGNMENT_METHODS).optional(),
    followUpDays: z.number().int().min(1).max(365).optional(),
  }),
  async (tx, input) => {
    const keep = (v: unknown) => v === undefined;
    const { rows } = await sql<{ region: string }>`
      insert into crm.region_settings (region, lead_recycle_days, account_recycle_days, lead_cap, account_cap, assignment, follow_up_days)
      select s.region,
             coalesce(${input.leadRecycleDays ?? null}::int, s.lead_recycle_days),
             case when ${keep(input.accountRecycleDays)} then s.account_recycle_days else ${input.accountRecycleDays ?? null}::int end,
             coalesce(${input.leadCap ?? null}::int, s.lead_cap),
             case when ${keep(input.accountCap)} then s.account_cap else ${input.accountCap ?? null}::int end,
             coalesce(${input.assignment ?? null}::text, s.assignment),
             coalesce(${input.followUpDays ?? null}::int, s.follow_up_days)
        from crm.region_pipeline_settings s where s.region = ${input.region}
      on conflict (region) do update set
        lead_recycle_days = excluded.lead_recycle_days, account_recycle_days = excluded.account_recycle_days,
        lead_cap = excluded.lead_cap, account_cap = excluded.account_cap, assignment = excluded.assignment, follow_up_days = excluded.follow_up_days
      returning region`.execute(tx.db);
    if (rows.length === 0) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    const settings = await regionPipelineSettings(tx.db, input.region);
    tx.emit({ aggregateType: 'region', aggregateId: input.region, type: 'pipeline_settings.set', payload: { ...settings } });
    return settings!;
  },
);

export interface RegionPipelineSettings {
  region: string;
  leadRecycleDays: number;
  accountRecycleDays: number | null;
  leadCap: number;
  accountCap: number | null;
  assignment: (typeof ASSIGNMENT_METHODS)[number];
  followUpDays: number;
}

export async function regionPipelineSettings(db: Kysely<DB>, region: string): Promise<RegionPipelineSettings | undefined> {
  const s = await db.selectFrom('crm.region_pipeline_settings').selectAll().where('region', '=', region).executeTakeFirst();
  return s && { region: s.region, leadRecycleDays: s.lead_recycle_days, accountRecycleDays: s.account_recycle_days, leadCap: s.lead_cap, accountCap: s.account_cap, assignment: s.assignment, followUpDays: s.follow_up_days };
}

/**
 * Enrols a rep in the pipeline: the region whose new leads they may be assigned, whether they
 * take part in automatic assignment, and caps of their own over the region's.
 */
export const setRepPool = defineCommand(
  'crm.setRepPool',
  z.object({
    repId: id,
    region: z.string().min(1).optional(),
    acceptsLeads: z.boolean().optional(),
    /** null: the region's cap. */
    leadCap: z.number().int().min(0).max(1_000_000).nullable().optional(),
    accountCap: z.number().int().min(0).max(1_000_000).nullable().optional(),
  }),
  async (tx, input) => {
    await assertActiveEmployee(tx.db, input.repId, 'repId');
    if (input.region !== undefined) {
      const region = await tx.db.selectFrom('core.regions').select('code').where('code', '=', input.region).executeTakeFirst();
      if (!region) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    }
    const keep = (v: unknown) => v === undefined;
    await sql`
      insert into crm.rep_pools as p (rep_id, region, accepts_leads, lead_cap, account_cap)
      values (${input.repId}, coalesce(${input.region ?? null}::text, (select region from people.employees where id = ${input.repId})),
              ${input.acceptsLeads ?? true}, ${input.leadCap ?? null}::int, ${input.accountCap ?? null}::int)
      on conflict (rep_id) do update set
        region = coalesce(${input.region ?? null}::text, p.region),
        accepts_leads = coalesce(${input.acceptsLeads ?? null}::boolean, p.accepts_leads),
        lead_cap = case when ${keep(input.leadCap)} then p.lead_cap else excluded.lead_cap end,
        account_cap = case when ${keep(input.accountCap)} then p.account_cap else excluded.account_cap end`.execute(tx.db);
    const pool = await tx.db.selectFrom('crm.rep_pools').selectAll().where('rep_id', '=', input.repId).executeTakeFirstOrThrow();
    tx.emit({ aggregateType: 'employee', aggregateId: input.repId, type: 'rep_pool.set', payload: { region: pool.region, acceptsLeads: pool.accepts_leads, leadCap: pool.lead_cap, accountCap: pool.account_cap } });
    return { repId: pool.rep_id, region: pool.region, acceptsLeads: pool.accepts_leads, leadCap: pool.lead_cap, accountCap: pool.account_cap, openLeads: pool.open_leads, accounts: pool.accounts };
  },
);

/** Replaces a region's source and segment assignment rules; the first listed has priority. */
export const setAssignmentRules = defineCommand(
  'crm.setAssignmentRules',
  z.object({
    region: z.string().min(1),
    rules: z.array(z.object({ source: sourceCode.optional(), segment: z.enum(SEGMENTS).optional(), repId: id })).max(500),
  }),
  async (tx, input) => {
    const region = await tx.db.selectFrom('core.regions').select('code').where('code', '=', input.region).executeTakeFirst();
    if (!region) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    for (const [i, r] of input.rules.entries()) await assertActiveEmployee(tx.db, r.repId, `rules.${i}.repId`);
    await tx.db.deleteFrom('crm.assignment_rules').where('region', '=', input.region).execute();
    if (input.rules.length > 0) {
      await tx.db.insertInto('crm.assignment_rules')
        .values(input.rules.map((r, i) => ({ region: input.region, priority: i + 1, source_code: r.source ?? null, segment: r.segment ?? null, rep_id: r.repId })))
        .execute();
    }
    tx.emit({ aggregateType: 'region', aggregateId: input.region, type: 'assignment_rules.set', payload: { rules: input.rules } });
    return { region: input.region, rules: input.rules.length };
  },
);
