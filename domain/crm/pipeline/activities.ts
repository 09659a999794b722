import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { advanceStage, stageCode } from './opportunities.js';

export const ACTIVITY_METHODS = ['call', 'visit', 'email', 'meeting', 'message'] as const;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'a time as HH:MM');

const activityFields = z.object({
  method: z.enum(ACTIVITY_METHODS),
  content: z.string().trim().min(1).max(4000),
  date: isoDate,
  time: time.optional(),
  /** The opportunity it advanced (of the same lead or account). */
  opportunityId: id.optional(),
  /** Moves that opportunity to this open stage. */
  stage: stageCode.optional(),
  /** The next follow-up: a date, or false for none. Default: the completed plan's cadence. */
  nextFollowUp: z.union([isoDate, z.literal(false)]).optional(),
  /** A lead's working status afterwards; a new lead becomes working by default. */
  leadStatus: z.enum(['working', 'nurturing']).optional(),
});

export interface ActivityTarget {
  repId: number;
  leadId?: number | undefined;
  customerId?: number | undefined;
  /** The follow-up it completes; default the rep's earliest open one of the lead or account. */
  followUpId?: number | undefined;
}
type ActivityInput = z.output<typeof activityFields> & ActivityTarget;

export interface ActivityResult {
  activityId: number;
  followUpDone: number | null;
  nextFollowUp: { followUpId: number; dueDate: string } | null;
  stage: string | null;
}

/**
 * Records what a rep did with a lead or account they own: the activity, the follow-up it
 * completes, the next follow-up by the plan's cadence (or as told), the owner's clock restarted
 * (recycling counts from here) and, optionally, the opportunity moved on a stage.
 */
async function recordActivity(tx: Tx, input: ActivityInput): Promise<ActivityResult> {
  if ((input.leadId === undefined) === (input.customerId === undefined)) throw new DomainError('INVALID_INPUT', 'name either the lead or the account', 'leadId');
  if (input.stage !== undefined && input.opportunityId === undefined) throw new DomainError('INVALID_INPUT', 'a stage move needs the opportunity', 'opportunityId');
  const leadId = input.leadId ?? null;
  const customerId = input.customerId ?? null;
  const { rows } = await sql<{
    activity_id: number; target: { label: string; owner_id: number | null; owner: string | null; status: string; pool: string | null } | null;
    opportunity: { no: string; lead_id: number | null; customer_id: number | null; status: string } | null;
    follow_up: { id: number; rep_id: number; status: string; lead_id: number | null; customer_id: number | null } | null;
  }>`
    select nextval(pg_get_serial_sequence('crm.activities', 'id'))::int as activity_id,
           coalesce(
             (select jsonb_build_object('label', 'lead ' || l.lead_no, 'owner_id', l.owner_id, 'status', l.status, 'pool', l.pool,
                                        'owner', (select e.code || ' ' || e.name from people.employees e where e.id = l.owner_id))
                from crm.leads l where l.id = ${leadId}::int),
             (select jsonb_build_object('label', 'account ' || c.code, 'owner_id', c.owner_id, 'status', 'open', 'pool', case when c.owner_id is null then 'public' end,
                                        'owner', (select e.code || ' ' || e.name from people.employees e where e.id = c.owner_id))
                from crm.customers c where c.id = ${customerId}::int)) as target,
           (select jsonb_build_object('no', p.opportunity_no, 'lead_id', p.lead_id, 'customer_id', p.customer_id, 'status', p.status)
              from crm.opportunities p where p.id = ${input.opportunityId ?? null}::int) as opportunity,
           (select jsonb_build_object('id', f.id, 'rep_id', f.rep_id, 'status', f.status, 'lead_id', f.lead_id, 'customer_id', f.customer_id)
              from crm.follow_ups f where f.id = ${input.followUpId ?? null}::int) as follow_up`.execute(tx.db);
  const r = rows[0]!;
  const field = leadId !== null ? 'leadId' : 'customerId';
  const t = r.target;
  if (!t) throw new DomainError('NOT_FOUND', `${leadId !== null ? 'lead' : 'customer'} ${leadId ?? customerId} does not exist`, field);
  if (t.status === 'converted' || t.status === 'disqualified') throw new DomainError('NOT_ALLOWED', `${t.label} is ${t.status}`, field);
  if (t.owner_id !== input.repId) {
    throw new DomainError('NOT_ALLOWED', t.owner_id === null
      ? `${t.label} sits in the ${t.pool} pool; rep ${input.repId} claims it first`
      : `${t.label} is owned by ${t.owner} (id ${t.owner_id}), not rep ${input.repId}`, field);
  }
  if (input.opportunityId !== undefined) {
    const o = r.opportunity;
    if (!o) throw new DomainError('NOT_FOUND', `opportunity ${input.opportunityId} does not exist`, 'opportunityId');
    if ((leadId !== null && o.lead_id !== leadId) || (customerId !== null && o.customer_id !== customerId)) {
      throw new DomainError('INVALID_INPUT', `opportunity ${o.no} is not of ${t.label}`, 'opportunityId');
    }
  }
  if (input.followUpId !== undefined) {
    const f = r.follow_up;
    if (!f) throw new DomainError('NOT_FOUND', `follow-up ${input.followUpId} does not exist`, 'followUpId');
    if (f.status !== 'open') throw new DomainError('CONFLICT', `follow-up ${input.followUpId} is already ${f.status}`, 'followUpId');
    if (f.rep_id !== input.repId || f.lead_id !== leadId || f.customer_id !== customerId) {
      throw new DomainError('INVALID_INPUT', `follow-up ${input.followUpId} is not rep ${input.repId}'s with ${t.label}`, 'followUpId');
    }
  }

  const next = input.nextFollowUp === false ? null : input.nextFollowUp ?? null;
  if (next !== null && next < input.date) throw new DomainError('INVALID_INPUT', 'the next follow-up cannot precede the activity', 'nextFollowUp');
  tx.emit({
    aggregateType: leadId !== null ? 'lead' : 'customer', aggregateId: (leadId ?? customerId)!, type: 'activity.logged',
    payload: { activityId: r.activity_id, repId: input.repId, method: input.method, date: input.date, opportunityId: input.opportunityId },
  });
  const { rows: done } = await sql<{ touched: boolean; follow_up: number | null; next_id: number | null; next_due: string | null }>`
    with t as (
      ${leadId !== null
        ? sql`update crm.leads set touched_on = greatest(touched_on, ${input.date}::date),
                     status = coalesce(${input.leadStatus ?? null}::text, case when status = 'new' then 'working' else status end)
               where id = ${leadId} and owner_id = ${input.repId} and status in ('new', 'working', 'nurturing') returning id`
        : sql`update crm.customers set touched_on = greatest(touched_on, ${input.date}::date)
               where id = ${customerId} and owner_id = ${input.repId} returning id`}
    ), a as (
      insert into crm.activities (id, lead_id, customer_id, opportunity_id, rep_id, method, content, activity_date, activity_time, created_by)
      select ${r.activity_id}, ${leadId}::int, ${customerId}::int, ${input.opportunityId ?? null}::int, ${input.repId}, ${input.method}, ${input.content},
             ${input.date}, ${input.time ?? null}::time, ${tx.actor}
       where exists (select 1 from t)
      returning id
    ), f as (
      select id, cadence_days, opportunity_id from crm.follow_ups
       where status = 'open' and exists (select 1 from t)
         and ${input.followUpId !== undefined
           ? sql`id = ${input.followUpId ?? null}::int`
           : sql`rep_id = ${input.repId} and ${leadId !== null ? sql`lead_id = ${leadId}` : sql`customer_id = ${customerId}`}`}
       order by due_date, id limit 1 for update
    ), d as (
      update crm.follow_ups u set status = 'done', done_on = ${input.date}, activity_id = (select id from a)
        from f where u.id = f.id and exists (select 1 from a)
      returning u.id, f.cadence_days, f.opportunity_id
    ), n as (
      insert into crm.follow_ups (lead_id, customer_id, opportunity_id, rep_id, due_date, cadence_days, note, created_by)
      select ${leadId}::int, ${customerId}::int, d.opportunity_id, ${input.repId}, coalesce(${next}::date, ${input.date}::date + d.cadence_days), d.cadence_days, 'follow-up plan', ${tx.actor}
        from (select 1) one left join d on true
       where exists (select 1 from a) and ${input.nextFollowUp !== false}
         and (${next}::date is not null or d.cadence_days is not null)
      returning id, due_date
    ), events as (${tx.eventsInsert()})
    select exists (select 1 from a) as touched, (select id from d) as follow_up, (select id from n) as next_id, (select due_date from n) as next_due`.execute(tx.db);
  const result = done[0]!;
  if (!result.touched) throw new DomainError('CONFLICT', `${t.label} changed hands meanwhile; try again`, field);
  let stage: string | null = null;
  if (input.stage !== undefined) {
    stage = (await advanceStage(tx, { opportunityId: input.opportunityId!, stage: input.stage, date: input.date, note: `${input.method}: ${input.content.slice(0, 200)}`, activityId: r.activity_id })).stage;
  }
  return {
    activityId: r.activity_id,
    followUpDone: result.follow_up,
    nextFollowUp: result.next_id === null ? null : { followUpId: result.next_id, dueDate: result.next_due! },
    stage,
  };
}

/**
 * A rep records a call, visit, e-mail, meeting or message with a lead or account they own. It
 * completes their due follow-up of it and schedules the next by the plan's cadence, restarts the
 * recycling clock and can move the opportunity it advanced to its next stage.
 */
export const logActivity = defineCommand(
  'crm.logActivity',
  activityFields.extend({ repId: id, leadId: id.optional(), customerId: id.optional(), followUpId: id.optional() }),
  async (tx, input) => recordActivity(tx, input),
);

/** Completes a follow-up: records its activity and schedules the next one by its cadence. */
export const completeFollowUp = defineCommand(
  'crm.completeFollowUp',
  activityFields.extend({ followUpId: id }),
  async (tx, input) => {
    const f = await tx.db.selectFrom('crm.follow_ups').select(['rep_id', 'lead_id', 'customer_id', 'status']).where('id', '=', input.followUpId).executeTakeFirst();
    if (!f) throw new DomainError('NOT_FOUND', `follow-up ${input.followUpId} does not exist`, 'followUpId');
    if (f.status !== 'open') throw new DomainError('CONFLICT', `follow-up ${input.followUpId} is already ${f.status}`, 'followUpId');
    return recordActivity(tx, { ...input, repId: f.rep_id, leadId: f.lead_id ?? undefined, customerId: f.customer_id ?? undefined });
  },
);

/**
 * Plans a follow-up of a lead or account the rep owns: due on `dueDate`, then every
 * `cadenceDays` as each is completed.
 */
export const scheduleFollowUp = defineCommand(
  'crm.scheduleFollowUp',
  z.object({
    repId: id,
    leadId: id.optional(),
    customerId: id.optional(),
    opportunityId: id.optional(),
    dueDate: isoDate,
    cadenceDays: z.number().int().min(1).max(365).optional(),
    note: z.string().trim().min(1).max(500).optional(),
  }).refine((v) => (v.leadId === undefined) !== (v.customerId === undefined), { message: 'name either the lead or the account', path: ['leadId'] }),
  async (tx, input) => {
    const leadId = input.leadId ?? null;
    const customerId = input.customerId ?? null;
    const { rows } = await sql<{ id: number | null; owner_id: number | null; label: string | null; open: boolean | null }>`
      with t as (
        ${leadId !== null
          ? sql`select l.owner_id, 'lead ' || l.lead_no as label, l.status in ('new', 'working', 'nurturing') as open from crm.leads l where l.id = ${leadId} for key share`
          : sql`select c.owner_id, 'account ' || c.code as label, true as open from crm.customers c where c.id = ${customerId} for key share`}
      ), f as (
        insert into crm.follow_ups (lead_id, customer_id, opportunity_id, rep_id, due_date, cadence_days, note, created_by)
        select ${leadId}::int, ${customerId}::int, ${input.opportunityId ?? null}::int, ${input.repId}, ${input.dueDate}, ${input.cadenceDays ?? null}::int, ${input.note ?? null}::text, ${tx.actor}
          from t where t.owner_id = ${input.repId} and t.open
        returning id
      )
      select (select id from f) as id, t.owner_id, t.label, t.open from (select 1) one left join t on true`.execute(tx.db);
    const r = rows[0]!;
    const field = leadId !== null ? 'leadId' : 'customerId';
    if (r.label === null) throw new DomainError('NOT_FOUND', `${leadId !== null ? 'lead' : 'customer'} ${leadId ?? customerId} does not exist`, field);
    if (!r.open) throw new DomainError('NOT_ALLOWED', `${r.label} is closed`, field);
    if (r.id === null) throw new DomainError('NOT_ALLOWED', `${r.label} is not rep ${input.repId}'s${r.owner_id === null ? ' (it sits in a pool)' : ` (owner: ${r.owner_id})`}`, 'repId');
    tx.emit({ aggregateType: leadId !== null ? 'lead' : 'customer', aggregateId: (leadId ?? customerId)!, type: 'follow_up.scheduled', payload: { followUpId: r.id, repId: input.repId, dueDate: input.dueDate, cadenceDays: input.cadenceDays } });
    return { followUpId: r.id, dueDate: input.dueDate, cadenceDays: input.cadenceDays ?? null };
  },
);
