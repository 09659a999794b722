import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { translatePgError } from '../../kernel/pg-errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { planAssignments, type Candidate } from './assignment.js';
import type { LeadPool, OwnershipReason } from './tables.js';

export const OPEN_LEAD = ['new', 'working', 'nurturing'] as const;
const note = z.string().trim().min(1).max(500);

/** One change of hands: from the owner expected now (null: from a pool) to an owner or a pool. */
export interface Move {
  id: number;
  fromOwner: number | null;
  toOwner: number | null;
  toPool: LeadPool | null;
  /** Only if its owner has not touched it since before this date (recycling). */
  touchedBefore?: string;
  /** This move's own note, over the common one. */
  note?: string;
}

export interface Moved {
  id: number;
  region: string;
  fromOwner: number | null;
  fromPool: string | null;
  toOwner: number | null;
  toPool: string | null;
}

/**
 * Moves open leads between owners and pools in one statement, each only if it is still where
 * the move expects it (a conditional update on locked rows, so two concurrent claims cannot
 * both win). Records each move in the ownership history; open follow-ups go with a lead handed
 * from rep to rep, are cancelled when it returns to a pool, and a lead a rep takes from a pool
 * gets a new follow-up plan at the region's cadence. The owner's clock restarts: `touched_on`
 * is the move's date. Events emitted before the call are written in the same statement.
 * Returns the leads that moved; the database refuses a move past a cap or onto a duplicate.
 */
export async function moveLeads(tx: Tx, moves: Move[], at: { date: string; reason: OwnershipReason; note?: string | undefined }): Promise<Moved[]> {
  if (moves.length === 0) return [];
  const ids = moves.map((m) => m.id);
  const rows = JSON.stringify(moves.map((m) => ({ id: m.id, from_owner: m.fromOwner, to_owner: m.toOwner, to_pool: m.toPool, touched_before: m.touchedBefore ?? null, note: m.note ?? null })));
  const { rows: moved } = await keyErrors(() => sql<{ id: number; region: string; from_owner: number | null; from_pool: string | null; to_owner: number | null; to_pool: string | null }>`
    with m as (
      select * from jsonb_to_recordset(${rows}::jsonb) as m(id int, from_owner int, to_owner int, to_pool text, touched_before date, note text)
    ), o as (
      select l.id, l.owner_id, l.pool from crm.leads l where l.id = any(${ids}::int[]) for update of l
    ), u as (
      update crm.leads l
         set owner_id = m.to_owner, pool = m.to_pool,
             owned_since = case when m.to_owner is null then null when m.to_owner is distinct from o.owner_id then ${at.date}::date else l.owned_since end,
             touched_on = case when m.to_owner is null then null else ${at.date}::date end
        from m, o
       where l.id = m.id and o.id = m.id and l.id = any(${ids}::int[])
         and l.status in ('new', 'working', 'nurturing')
         and o.owner_id is not distinct from m.from_owner and (m.from_owner is not null or o.pool is not null)
         and (m.to_owner is null) <> (m.to_pool is null)
         and (m.touched_before is null or l.touched_on < m.touched_before)
      returning l.id, l.region, o.owner_id as from_owner, o.pool as from_pool, m.to_owner, m.to_pool, m.note
    ), h as (
      insert into crm.ownership_history (lead_id, event_date, reason, from_owner, from_pool, to_owner, to_pool, note, created_by)
      select u.id, ${at.date}, ${at.reason}, u.from_owner, u.from_pool, u.to_owner, u.to_pool, coalesce(u.note, ${at.note ?? null}), ${tx.actor} from u
    ), handed as (
      update crm.follow_ups f set rep_id = u.to_owner from u
       where f.lead_id = u.id and f.status = 'open' and f.lead_id = any(${ids}::int[]) and u.to_owner is not null and u.from_owner is not null
    ), dropped as (
      update crm.follow_ups f set status = 'cancelled', cancelled_reason = ${at.reason} from u
       where f.lead_id = u.id and f.status = 'open' and f.lead_id = any(${ids}::int[]) and u.to_owner is null
    ), planned as (
      insert into crm.follow_ups (lead_id, rep_id, due_date, cadence_days, note, created_by)
      select u.id, u.to_owner, ${at.date}::date + s.follow_up_days, s.follow_up_days, 'follow-up plan', ${tx.actor}
        from u join crm.region_pipeline_settings s on s.region = u.region
       where u.to_owner is not null and u.from_owner is null
    ), events as (${tx.eventsInsert()})
    select u.id, u.region, u.from_owner, u.from_pool, u.to_owner, u.to_pool from u order by id`.execute(tx.db), { name: 'leadId', email: 'leadId', phone: 'leadId' });
  return moved.map((r) => ({ id: r.id, region: r.region, fromOwner: r.from_owner, fromPool: r.from_pool, toOwner: r.to_owner, toPool: r.to_pool }));
}

/**
 * The same for customer accounts; an account without an owner sits in its region's public pool.
 * A rep taking an account from the pool gets a follow-up plan at the region's cadence.
 */
export async function moveAccounts(tx: Tx, moves: Move[], at: { date: string; reason: OwnershipReason; note?: string | undefined }): Promise<Moved[]> {
  if (moves.length === 0) return [];
  const ids = moves.map((m) => m.id);
  const rows = JSON.stringify(moves.map((m) => ({ id: m.id, from_owner: m.fromOwner, to_owner: m.toOwner, touched_before: m.touchedBefore ?? null, note: m.note ?? null })));
  const { rows: moved } = await keyErrors(() => sql<{ id: number; region: string; from_owner: number | null; to_owner: number | null }>`
    with m as (
      select * from jsonb_to_recordset(${rows}::jsonb) as m(id int, from_owner int, to_owner int, touched_before date, note text)
    ), o as (
      select c.id, c.owner_id from crm.customers c where c.id = any(${ids}::int[]) for no key update of c
    ), u as (
      update crm.customers c
         set owner_id = m.to_owner,
             owned_since = case when m.to_owner is null then null when m.to_owner is distinct from o.owner_id then ${at.date}::date else c.owned_since end,
             touched_on = case when m.to_owner is null then null else ${at.date}::date end
        from m, o
       where c.id = m.id and o.id = m.id and c.id = any(${ids}::int[])
         and o.owner_id is not distinct from m.from_owner and m.to_owner is distinct from m.from_owner
         and (m.touched_before is null or c.touched_on < m.touched_before)
      returning c.id, c.region, o.owner_id as from_owner, m.to_owner, m.note
    ), h as (
      insert into crm.ownership_history (customer_id, event_date, reason, from_owner, from_pool, to_owner, to_pool, note, created_by)
      select u.id, ${at.date}, ${at.reason}, u.from_owner, case when u.from_owner is null then 'public' end,
             u.to_owner, case when u.to_owner is null then 'public' end, coalesce(u.note, ${at.note ?? null}), ${tx.actor} from u
    ), handed as (
      update crm.follow_ups f set rep_id = u.to_owner from u
       where f.customer_id = u.id and f.status = 'open' and f.customer_id = any(${ids}::int[]) and u.to_owner is not null and u.from_owner is not null
    ), dropped as (
      update crm.follow_ups f set status = 'cancelled', cancelled_reason = ${at.reason} from u
       where f.customer_id = u.id and f.status = 'open' and f.customer_id = any(${ids}::int[]) and u.to_owner is null
    ), planned as (
      insert into crm.follow_ups (customer_id, rep_id, due_date, cadence_days, note, created_by)
      select u.id, u.to_owner, ${at.date}::date + s.follow_up_days, s.follow_up_days, 'follow-up plan', ${tx.actor}
        from u join crm.region_pipeline_settings s on s.region = u.region
       where u.to_owner is not null and u.from_owner is null
    ), events as (${tx.eventsInsert()})
    select u.id, u.region, u.from_owner, u.to_owner from u order by id`.execute(tx.db), { name: 'customerId', email: 'customerId', phone: 'customerId' });
  return moved.map((r) => ({ id: r.id, region: r.region, fromOwner: r.from_owner, fromPool: r.from_owner === null ? 'public' : null, toOwner: r.to_owner, toPool: r.to_owner === null ? 'public' : null }));
}

/**
 * Runs a statement and names the input field of a duplicate the database refused (its key
 * triggers say which key matched: company name, e-mail or phone).
 */
export async function keyErrors<T>(run: () => Promise<T>, fields: { name: string; email: string; phone: string }): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const e = translatePgError(error);
    if (e instanceof DomainError && e.code === 'DUPLICATE' && e.field === undefined) {
      const field = e.message.startsWith('company name') ? fields.name : e.message.startsWith('e-mail') ? fields.email : e.message.startsWith('phone') ? fields.phone : undefined;
      throw new DomainError('DUPLICATE', e.message, field);
    }
    throw e;
  }
}

interface LeadWhere {
  id: number;
  lead_no: string;
  status: string;
  owner_id: number | null;
  owner: string | null;
  pool: string | null;
  customer_id: number | null;
}

/** A lead's whereabouts, for a refusal that names its owner or pool. */
export async function leadWhereabouts(db: Kysely<DB>, leadId: number): Promise<LeadWhere | undefined> {
  const { rows } = await sql<LeadWhere>`
    select l.id, l.lead_no, l.status, l.owner_id, l.pool, l.customer_id,
           (select e.code || ' ' || e.name from people.employees e where e.id = l.owner_id) as owner
      from crm.leads l where l.id = ${leadId}`.execute(db);
  return rows[0];
}

/** Throws the error that says why a lead is not where a move expected it. */
export function refuseLead(lead: LeadWhere | undefined, leadId: number, expected: 'pool' | { owner: number }, field = 'leadId'): never {
  if (!lead) throw new DomainError('NOT_FOUND', `lead ${leadId} does not exist`, field);
  if (lead.status === 'converted' || lead.status === 'disqualified') throw new DomainError('NOT_ALLOWED', `lead ${lead.lead_no} is ${lead.status}`, field);
  if (lead.owner_id !== null) {
    const self = expected !== 'pool' && expected.owner === lead.owner_id;
    if (expected === 'pool' || !self) {
      throw new DomainError('ALREADY_OWNED', `lead ${lead.lead_no} is owned by ${lead.owner} (id ${lead.owner_id})`, field, { ownerId: lead.owner_id });
    }
  }
  if (lead.pool !== null && expected !== 'pool') throw new DomainError('NOT_ALLOWED', `lead ${lead.lead_no} sits in the ${lead.pool} pool, not with rep ${expected.owner}`, field);
  throw new DomainError('CONFLICT', `lead ${lead.lead_no} changed hands meanwhile; try again`, field);
}

/**
 * A rep claims a lead from its region's lead pool or public pool. Exclusive: of several
 * concurrent claims exactly one wins; the others are refused ALREADY_OWNED naming the winner.
 * Refused past the rep's cap (CAP_EXCEEDED) and when another rep already holds a lead or
 * account with the same company, e-mail or phone (DUPLICATE).
 */
export const claimLead = defineCommand(
  'crm.claimLead',
  z.object({ leadId: id, repId: id, date: isoDate }),
  async (tx, input) => {
    tx.emit({ aggregateType: 'lead', aggregateId: input.leadId, type: 'lead.claimed', payload: { repId: input.repId, date: input.date } });
    const [moved] = await moveLeads(tx, [{ id: input.leadId, fromOwner: null, toOwner: input.repId, toPool: null }], { date: input.date, reason: 'claimed' });
    if (!moved) refuseLead(await leadWhereabouts(tx.db, input.leadId), input.leadId, 'pool');
    return { leadId: moved.id, ownerId: input.repId, fromPool: moved.fromPool };
  },
);

/** The owner gives a lead back to the public pool (or the lead pool), with a reason. */
export const releaseLead = defineCommand(
  'crm.releaseLead',
  z.object({ leadId: id, repId: id, date: isoDate, to: z.enum(['public', 'lead']).default('public'), note: note.optional() }),
  async (tx, input) => {
    tx.emit({ aggregateType: 'lead', aggregateId: input.leadId, type: 'lead.released', payload: { repId: input.repId, pool: input.to, note: input.note } });
    const [moved] = await moveLeads(tx, [{ id: input.leadId, fromOwner: input.repId, toOwner: null, toPool: input.to }], { date: input.date, reason: 'released', note: input.note });
    if (!moved) refuseLead(await leadWhereabouts(tx.db, input.leadId), input.leadId, { owner: input.repId });
    return { leadId: moved.id, pool: input.to };
  },
);

/** A rep claims a customer account from the public pool (an account without an owner). */
export const claimAccount = defineCommand(
  'crm.claimAccount',
  z.object({ customerId: id, repId: id, date: isoDate }),
  async (tx, input) => {
    tx.emit({ aggregateType: 'customer', aggregateId: input.customerId, type: 'customer.claimed', payload: { repId: input.repId, date: input.date } });
    const [moved] = await moveAccounts(tx, [{ id: input.customerId, fromOwner: null, toOwner: input.repId, toPool: null }], { date: input.date, reason: 'claimed' });
    if (!moved) await refuseAccount(tx.db, input.customerId, 'pool');
    return { customerId: input.customerId, ownerId: input.repId };
  },
);

/** The owner gives an account back to the public pool. */
export const releaseAccount = defineCommand(
  'crm.releaseAccount',
  z.object({ customerId: id, repId: id, date: isoDate, note: note.optional() }),
  async (tx, input) => {
    tx.emit({ aggregateType: 'customer', aggregateId: input.customerId, type: 'customer.released', payload: { repId: input.repId, note: input.note } });
    const [moved] = await moveAccounts(tx, [{ id: input.customerId, fromOwner: input.repId, toOwner: null, toPool: 'public' }], { date: input.date, reason: 'released', note: input.note });
    if (!moved) await refuseAccount(tx.db, input.customerId, { owner: input.repId });
    return { customerId: input.customerId, pool: 'public' as const };
  },
);

async function refuseAccount(db: Kysely<DB>, customerId: number, expected: 'pool' | { owner: number }, field = 'customerId'): Promise<never> {
  const { rows } = await sql<{ code: string; owner_id: number | null; owner: string | null }>`
    select c.code, c.owner_id, (select e.code || ' ' || e.name from people.employees e where e.id = c.owner_id) as owner
      from crm.customers c where c.id = ${customerId}`.execute(db);
  const c = rows[0];
  if (!c) throw new DomainError('NOT_FOUND', `customer ${customerId} does not exist`, field);
  if (c.owner_id !== null && (expected === 'pool' || expected.owner !== c.owner_id)) {
    throw new DomainError('ALREADY_OWNED', `account ${c.code} is owned by ${c.owner} (id ${c.owner_id})`, field, { ownerId: c.owner_id });
  }
  if (c.owner_id === null && expected !== 'pool') throw new DomainError('NOT_ALLOWED', `account ${c.code} sits in the public pool, not with rep ${expected.owner}`, field);
  throw new DomainError('CONFLICT', `account ${c.code} changed hands meanwhile; try again`, field);
}

/**
 * Hands leads and accounts from one rep to another (a rep leaves, territories change): their
 * open follow-ups and open opportunities go along, and the history keeps both owners.
 * All or nothing: refused when any of them is not the `fromRepId`'s.
 */
export const handOver = defineCommand(
  'crm.handOver',
  z.object({
    fromRepId: id,
    toRepId: id,
    date: isoDate,
    leadIds: z.array(id).max(10_000).default([]),
    customerIds: z.array(id).max(10_000).default([]),
    note: note.optional(),
  }).refine((v) => v.leadIds.length + v.customerIds.length > 0, { message: 'name at least one lead or account', path: ['leadIds'] })
    .refine((v) => v.fromRepId !== v.toRepId, { message: 'a handover goes to another rep', path: ['toRepId'] }),
  async (tx, input) => {
    const to = await tx.db.selectFrom('people.employees').select('active').where('id', '=', input.toRepId).executeTakeFirst();
    if (!to?.active) throw new DomainError('NOT_FOUND', `employee ${input.toRepId} does not exist or has left`, 'toRepId');
    const leadIds = [...new Set(input.leadIds)];
    const customerIds = [...new Set(input.customerIds)];
    for (const leadId of leadIds) tx.emit({ aggregateType: 'lead', aggregateId: leadId, type: 'lead.handed_over', payload: { fromRepId: input.fromRepId, toRepId: input.toRepId, note: input.note } });
    const leads = await moveLeads(tx, leadIds.map((l) => ({ id: l, fromOwner: input.fromRepId, toOwner: input.toRepId, toPool: null })), { date: input.date, reason: 'handover', note: input.note });
    if (leads.length < leadIds.length) {
      const missing = leadIds.find((l) => !leads.some((m) => m.id === l))!;
      refuseLead(await leadWhereabouts(tx.db, missing), missing, { owner: input.fromRepId }, `leadIds.${leadIds.indexOf(missing)}`);
    }
    for (const customerId of customerIds) tx.emit({ aggregateType: 'customer', aggregateId: customerId, type: 'customer.handed_over', payload: { fromRepId: input.fromRepId, toRepId: input.toRepId, note: input.note } });
    const accounts = await moveAccounts(tx, customerIds.map((c) => ({ id: c, fromOwner: input.fromRepId, toOwner: input.toRepId, toPool: null })), { date: input.date, reason: 'handover', note: input.note });
    if (accounts.length < customerIds.length) {
      const missing = customerIds.find((c) => !accounts.some((m) => m.id === c))!;
      await refuseAccount(tx.db, missing, { owner: input.fromRepId }, `customerIds.${customerIds.indexOf(missing)}`);
    }
    // Their open opportunities follow them.
    await sql`
      update crm.opportunities set owner_id = ${input.toRepId}
       where status = 'open' and owner_id = ${input.fromRepId}
         and (lead_id = any(${leadIds}::int[]) or customer_id = any(${customerIds}::int[]))`.execute(tx.db);
    return { leads: leads.length, accounts: accounts.length };
  },
);

/**
 * Hands out the leads waiting in a region's pool by the region's assignment method (or the one
 * given): round-robin, by capacity or by source and segment rules, never past a rep's cap.
 * Leads no rep can take stay in the pool. Returns who got what.
 */
export const assignLeads = defineCommand(
  'crm.assignLeads',
  z.object({
    region: z.string().min(1),
    date: isoDate,
    pool: z.enum(['lead', 'public']).default('lead'),
    method: z.enum(['round_robin', 'capacity', 'rules']).optional(),
    /** Only these leads (they must be in the pool); default: the pool's oldest first. */
    leadIds: z.array(id).max(10_000).optional(),
    limit: z.number().int().min(1).max(10_000).default(1_000),
  }),
  async (tx, input) => {
    const plan = await assignmentContext(tx.db, input.region, { pool: input.pool, leadIds: input.leadIds, limit: input.limit });
    const method = input.method ?? plan.method;
    if (method === 'none') throw new DomainError('NOT_ALLOWED', `region ${input.region} assigns no leads automatically; name a method`, 'method');
    const decided = planAssignments(method, plan.leads, plan.candidates, plan.rules, plan.cursor);
    for (const a of decided.assignments) tx.emit({ aggregateType: 'lead', aggregateId: a.leadId, type: 'lead.assigned', payload: { repId: a.repId, method, pool: input.pool } });
    const moved = await moveLeads(tx, decided.assignments.map((a) => ({ id: a.leadId, fromOwner: null, toOwner: a.repId, toPool: null })), { date: input.date, reason: 'assigned', note: `${method} from the ${input.pool} pool` });
    if (moved.length < decided.assignments.length) throw new DomainError('CONFLICT', 'leads of the pool changed hands meanwhile; try again', 'leadIds');
    if (method === 'round_robin' && decided.cursor !== plan.cursor) await saveCursor(tx.db, input.region, decided.cursor);
    return { assigned: decided.assignments, unassigned: plan.leads.length - decided.assignments.length };
  },
);

export interface AssignmentContext {
  method: 'none' | 'round_robin' | 'capacity' | 'rules';
  followUpDays: number;
  cursor: number | null;
  candidates: Candidate[];
  rules: { priority: number; source: string | null; segment: string | null; repId: number }[];
  leads: { leadId: number; source: string; segment: string }[];
}

/**
 * What assignment in a region needs, in one statement: its method and cursor, the reps who may
 * receive leads with what they hold (their pool rows locked, so caps hold while leads are handed
 * out), the rules, and the pool's leads (locked).
 */
export async function assignmentContext(db: Kysely<DB>, region: string, pool?: { pool: LeadPool; leadIds?: number[] | undefined; limit: number }): Promise<AssignmentContext> {
  const { rows } = await sql<{ method: AssignmentContext['method']; follow_up_days: number; cursor: number | null; candidates: { rep_id: number; open_leads: number; cap: number | null; accepts: boolean }[]; rules: { priority: number; source: string | null; segment: string | null; rep_id: number }[]; leads: { id: number; source: string; segment: string }[] | null }>`
    select s.assignment as method, s.follow_up_days, s.last_assigned_rep as cursor,
           coalesce((select jsonb_agg(jsonb_build_object('rep_id', c.rep_id, 'open_leads', c.open_leads, 'cap', coalesce(c.lead_cap, s.lead_cap), 'accepts', c.region = s.region and c.accepts_leads) order by c.rep_id)
                       from (select p.* from crm.rep_pools p join people.employees e on e.id = p.rep_id and e.active
                              where (p.region = s.region and p.accepts_leads) or p.rep_id in (select r.rep_id from crm.assignment_rules r where r.region = s.region)
                              order by p.rep_id for no key update of p) c), '[]') as candidates,
           coalesce((select jsonb_agg(jsonb_build_object('priority', r.priority, 'source', r.source_code, 'segment', r.segment, 'rep_id', r.rep_id) order by r.priority)
                       from crm.assignment_rules r where r.region = s.region), '[]') as rules,
           ${pool ? sql`coalesce((select jsonb_agg(jsonb_build_object('id', l.id, 'source', l.source_code, 'segment', l.segment) order by l.id)
                       from (select l.id, l.source_code, l.segment from crm.leads l
                              where l.region = s.region and l.pool = ${pool.pool} and l.status in ('new', 'working', 'nurturing')
                                ${pool.leadIds ? sql`and l.id = any(${pool.leadIds}::int[])` : sql``}
                              order by l.id limit ${pool.limit} for update of l) l), '[]')` : sql`null`} as leads
      from crm.region_pipeline_settings s where s.region = ${region}`.execute(db);
  const r = rows[0];
  if (!r) throw new DomainError('NOT_FOUND', `region ${region} does not exist`, 'region');
  return {
    method: r.method,
    followUpDays: r.follow_up_days,
    cursor: r.cursor,
    candidates: r.candidates.map((c) => ({ repId: c.rep_id, openLeads: c.open_leads, cap: c.cap, acceptsLeads: c.accepts })),
    rules: r.rules.map((x) => ({ priority: x.priority, source: x.source, segment: x.segment, repId: x.rep_id })),
    leads: (r.leads ?? []).map((l) => ({ leadId: l.id, source: l.source, segment: l.segment })),
  };
}

export async function saveCursor(db: Kysely<DB>, region: string, repId: number | null): Promise<void> {
  await sql`
    insert into crm.region_settings (region, lead_recycle_days, account_recycle_days, lead_cap, account_cap, assignment, follow_up_days, last_assigned_rep)
    select region, lead_recycle_days, account_recycle_days, lead_cap, account_cap, assignment, follow_up_days, ${repId}::int
      from crm.region_pipeline_settings where region = ${region}
    on conflict (region) do update set last_assigned_rep = excluded.last_assigned_rep`.execute(db);
}

/**
 * Sends every lead and account whose owner has not followed it up for more than its region's
 * days back to the public pool, recording the reason and the previous owner. A lead last touched
 * exactly N days before `date` stays; N + 1 days and it goes. Accounts only where the region
 * recycles accounts. The simulator and a scheduler call it daily (`ledgerloop crm recycle`).
 */
export const recycleStaleOwnership = defineCommand(
  'crm.recycleStaleOwnership',
  z.object({ date: isoDate, region: z.string().min(1).optional() }),
  async (tx, input) => {
    const { rows } = await sql<{ kind: 'lead' | 'account'; id: number; owner_id: number; touched_on: string; days: number; threshold: string }>`
      select 'lead' as kind, l.id, l.owner_id, l.touched_on, s.lead_recycle_days as days, ${input.date}::date - s.lead_recycle_days as threshold
        from crm.leads l join crm.region_pipeline_settings s on s.region = l.region
       where l.owner_id is not null and l.status in ('new', 'working', 'nurturing')
         and l.touched_on < ${input.date}::date - s.lead_recycle_days
         ${input.region ? sql`and l.region = ${input.region}` : sql``}
      union all
      select 'account', c.id, c.owner_id, c.touched_on, s.account_recycle_days, ${input.date}::date - s.account_recycle_days
        from crm.customers c join crm.region_pipeline_settings s on s.region = c.region
       where c.owner_id is not null and s.account_recycle_days is not null
         and c.touched_on < ${input.date}::date - s.account_recycle_days
         ${input.region ? sql`and c.region = ${input.region}` : sql``}
      order by 1, 2`.execute(tx.db);
    const why = (r: (typeof rows)[number]) => `no follow-up since ${r.touched_on}, more than ${r.days} days`;
    const move = (r: (typeof rows)[number]): Move => ({ id: r.id, fromOwner: r.owner_id, toOwner: null, toPool: 'public', touchedBefore: r.threshold, note: why(r) });
    const stale = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r]));
    // Each goes only if still untouched and still its owner's when the update locks it.
    const leads = await moveLeads(tx, rows.filter((r) => r.kind === 'lead').map(move), { date: input.date, reason: 'recycled' });
    const accounts = await moveAccounts(tx, rows.filter((r) => r.kind === 'account').map(move), { date: input.date, reason: 'recycled' });
    const report = (kind: 'lead' | 'account', m: Moved) => {
      const r = stale.get(`${kind}:${m.id}`)!;
      return { previousOwnerId: r.owner_id, lastTouched: r.touched_on, reason: why(r) };
    };
    for (const m of leads) tx.emit({ aggregateType: 'lead', aggregateId: m.id, type: 'lead.recycled', payload: report('lead', m) });
    for (const m of accounts) tx.emit({ aggregateType: 'customer', aggregateId: m.id, type: 'customer.recycled', payload: report('account', m) });
    return {
      date: input.date,
      leads: leads.map((m) => ({ leadId: m.id, ...report('lead', m) })),
      accounts: accounts.map((m) => ({ customerId: m.id, ...report('account', m) })),
    };
  },
);
