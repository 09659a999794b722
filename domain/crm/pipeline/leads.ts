import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { SEGMENTS } from '../customers.js';
import { sourceCode } from './campaigns.js';
import { planAssignments } from './assignment.js';
import { keyErrors, leadWhereabouts, refuseLead } from './ownership.js';
import { LOST_REASONS } from './opportunities.js';

export const email = z.string().trim().email().max(200);
export const phone = z.string().regex(/^[+0-9 ()./-]{5,30}$/, 'a phone number');

/**
 * Opens a lead. With `ownerId` the rep who found it holds it; otherwise the region's assignment
 * method hands it to a rep (round-robin, capacity or rules, within caps) or, with none or no rep
 * with room, it waits in the region's lead pool. An owned lead gets a follow-up plan at the
 * region's cadence. Refused (DUPLICATE, naming the owner) when its company, e-mail or phone
 * matches a lead or account another rep holds.
 */
export const createLead = defineCommand(
  'crm.createLead',
  z.object({
    companyName: z.string().trim().min(1).max(200),
    contactName: z.string().trim().min(1).max(120).optional(),
    email: email.optional(),
    phone: phone.optional(),
    region: z.string().min(1),
    segment: z.enum(SEGMENTS),
    score: z.number().int().min(0).max(100).default(0),
    /** Default: the campaign's source. */
    source: sourceCode.optional(),
    campaignId: id.optional(),
    /** The lead's id in the system it came from (web form, event list); unique. */
    externalRef: z.string().trim().min(1).max(100).optional(),
    date: isoDate,
    ownerId: id.optional(),
    /** Without an owner: hand it out by the region's method (default) or leave it in the lead pool. */
    assign: z.boolean().default(true),
  }).refine((v) => v.source !== undefined || v.campaignId !== undefined, { message: 'name the source or the campaign it came from', path: ['source'] }),
  async (tx, input) => {
    const assigning = input.ownerId === undefined && input.assign;
    const { rows } = await sql<{
      id: number; lead_no: string; method: string; follow_up_days: number; cursor: number | null; source: string | null; campaign: boolean;
      owner_active: boolean | null; ref_taken: boolean; candidates: { rep_id: number; open_leads: number; cap: number | null; accepts: boolean }[];
      rules: { priority: number; source: string | null; segment: string | null; rep_id: number }[];
    }>`
      select nextval(pg_get_serial_sequence('crm.leads', 'id'))::int as id,
             'L' || lpad(nextval('crm.lead_no')::text, 7, '0') as lead_no,
             s.assignment as method, s.follow_up_days, s.last_assigned_rep as cursor,
             (select code from crm.lead_sources where code = coalesce(${input.source ?? null}::text, (select c.source_code from crm.campaigns c where c.id = ${input.campaignId ?? null}::int))) as source,
             exists (select 1 from crm.campaigns c where c.id = ${input.campaignId ?? null}::int) as campaign,
             (select e.active from people.employees e where e.id = ${input.ownerId ?? null}::int) as owner_active,
             exists (select 1 from crm.leads l where l.external_ref = ${input.externalRef ?? null}::text) as ref_taken,
             ${assigning ? sql`
             coalesce((select jsonb_agg(jsonb_build_object('rep_id', c.rep_id, 'open_leads', c.open_leads, 'cap', coalesce(c.lead_cap, s.lead_cap), 'accepts', c.region = s.region and c.accepts_leads) order by c.rep_id)
                         from (select p.* from crm.rep_pools p join people.employees e on e.id = p.rep_id and e.active
                                where s.assignment <> 'none'
                                  and ((p.region = s.region and p.accepts_leads) or p.rep_id in (select r.rep_id from crm.assignment_rules r where r.region = s.region))
                                order by p.rep_id for no key update of p) c), '[]')` : sql`'[]'::jsonb`} as candidates,
             coalesce((select jsonb_agg(jsonb_build_object('priority', r.priority, 'source', r.source_code, 'segment', r.segment, 'rep_id', r.rep_id) order by r.priority)
                         from crm.assignment_rules r where r.region = s.region and s.assignment = 'rules'), '[]') as rules
        from crm.region_pipeline_settings s where s.region = ${input.region}`.execute(tx.db);
    const c = rows[0];
    if (!c) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    if (input.campaignId !== undefined && !c.campaign) throw new DomainError('NOT_FOUND', `campaign ${input.campaignId} does not exist`, 'campaignId');
    if (!c.source) throw new DomainError('NOT_FOUND', `lead source ${input.source} does not exist`, 'source');
    if (input.ownerId !== undefined && !c.owner_active) throw new DomainError('NOT_FOUND', `employee ${input.ownerId} does not exist or has left`, 'ownerId');
    if (c.ref_taken) throw new DomainError('DUPLICATE', `a lead with external reference ${input.externalRef} already exists`, 'externalRef');

    let ownerId = input.ownerId ?? null;
    let cursor: number | null | undefined;
    if (assigning && c.method !== 'none') {
      const plan = planAssignments(c.method as 'round_robin' | 'capacity' | 'rules', [{ leadId: c.id, source: c.source, segment: input.segment }],
        c.candidates.map((x) => ({ repId: x.rep_id, openLeads: x.open_leads, cap: x.cap, acceptsLeads: x.accepts })),
        c.rules.map((r) => ({ priority: r.priority, source: r.source, segment: r.segment, repId: r.rep_id })), c.cursor);
      ownerId = plan.assignments[0]?.repId ?? null;
      if (c.method === 'round_robin' && plan.cursor !== c.cursor) cursor = plan.cursor;
    }
    const pool = ownerId === null ? 'lead' : null;
    const reason = input.ownerId !== undefined || ownerId === null ? 'created' : 'assigned';
    tx.emit({
      aggregateType: 'lead', aggregateId: c.id, type: 'lead.created',
      payload: { leadNo: c.lead_no, region: input.region, segment: input.segment, source: c.source, campaignId: input.campaignId, ownerId, pool, assigned: reason === 'assigned' ? c.method : undefined },
    });
    await keyErrors(() => sql`
      with l as (
        insert into crm.leads (id, lead_no, external_ref, company_name, contact_name, email, phone, region, segment, score, source_code, campaign_id,
                               owner_id, pool, created_on, owned_since, touched_on, created_by)
        values (${c.id}, ${c.lead_no}, ${input.externalRef ?? null}, ${input.companyName}, ${input.contactName ?? null}, ${input.email ?? null}, ${input.phone ?? null},
                ${input.region}, ${input.segment}, ${input.score}, ${c.source}, ${input.campaignId ?? null}, ${ownerId}::int, ${pool}::text,
                ${input.date}, ${ownerId === null ? null : input.date}::date, ${ownerId === null ? null : input.date}::date, ${tx.actor})
        returning id
      ), h as (
        insert into crm.ownership_history (lead_id, event_date, reason, to_owner, to_pool, note, created_by)
        select l.id, ${input.date}, ${reason}, ${ownerId}::int, ${pool}::text, ${reason === 'assigned' ? `${c.method} at creation` : null}::text, ${tx.actor} from l
      ), f as (
        insert into crm.follow_ups (lead_id, rep_id, due_date, cadence_days, note, created_by)
        select l.id, ${ownerId}::int, ${input.date}::date + ${c.follow_up_days}::int, ${c.follow_up_days}::int, 'follow-up plan', ${tx.actor} from l where ${ownerId}::int is not null
      ), r as (
        update crm.region_settings set last_assigned_rep = ${cursor ?? null}::int where region = ${input.region} and ${cursor !== undefined}
      ), events as (${tx.eventsInsert()})
      select id from l`.execute(tx.db), { name: 'companyName', email: 'email', phone: 'phone' });
    return { leadId: c.id, leadNo: c.lead_no, ownerId, pool, source: c.source };
  },
);

/** Corrects a lead's details, score or working status (working, nurturing); the owner's call. */
export const updateLead = defineCommand(
  'crm.updateLead',
  z.object({
    leadId: id,
    /** When given, the lead must be this rep's. */
    repId: id.optional(),
    score: z.number().int().min(0).max(100).optional(),
    status: z.enum(['new', 'working', 'nurturing']).optional(),
    contactName: z.string().trim().min(1).max(120).optional(),
    email: email.optional(),
    phone: phone.optional(),
    segment: z.enum(SEGMENTS).optional(),
  }),
  async (tx, input) => {
    const lead = await leadWhereabouts(tx.db, input.leadId);
    if (!lead || lead.status === 'converted' || lead.status === 'disqualified') refuseLead(lead, input.leadId, 'pool');
    if (input.repId !== undefined && lead.owner_id !== input.repId) refuseLead(lead, input.leadId, { owner: input.repId });
    const changes = Object.fromEntries(Object.entries({ score: input.score, status: input.status, contact_name: input.contactName, email: input.email, phone: input.phone, segment: input.segment }).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) throw new DomainError('INVALID_INPUT', 'nothing to change', 'leadId');
    tx.emit({ aggregateType: 'lead', aggregateId: input.leadId, type: 'lead.updated', payload: changes });
    await keyErrors(() => tx.db.updateTable('crm.leads').set(changes).where('id', '=', input.leadId).where('status', 'in', ['new', 'working', 'nurturing']).execute(),
      { name: 'companyName', email: 'email', phone: 'phone' });
    return { leadId: input.leadId, ...changes };
  },
);

/**
 * Closes a lead that will not buy, with the reason: it leaves its owner's private pool (or its
 * pool), its open follow-ups are cancelled and its open opportunities are lost with `lostReason`.
 */
export const disqualifyLead = defineCommand(
  'crm.disqualifyLead',
  z.object({
    leadId: id,
    date: isoDate,
    reason: z.string().trim().min(1).max(500),
    lostReason: z.enum(LOST_REASONS).default('disqualified'),
    /** When given, the lead must be this rep's. */
    repId: id.optional(),
  }),
  async (tx, input) => {
    const lead = await leadWhereabouts(tx.db, input.leadId);
    if (!lead || lead.status === 'converted' || lead.status === 'disqualified') refuseLead(lead, input.leadId, 'pool');
    if (input.repId !== undefined && lead.owner_id !== input.repId) refuseLead(lead, input.leadId, { owner: input.repId });
    tx.emit({ aggregateType: 'lead', aggregateId: input.leadId, type: 'lead.disqualified', payload: { reason: input.reason, ownerId: lead.owner_id } });
    const { rows } = await sql<{ id: number; lost: number[] }>`
      with o as (
        select l.id, l.owner_id, l.pool from crm.leads l where l.id = ${input.leadId} and l.status in ('new', 'working', 'nurturing') for update
      ), u as (
        update crm.leads l set status = 'disqualified', pool = null, closed_on = ${input.date}, disqualified_reason = ${input.reason}
          from o where l.id = o.id returning l.id, o.owner_id, o.pool
      ), h as (
        insert into crm.ownership_history (lead_id, event_date, reason, from_owner, from_pool, to_owner, to_pool, note, created_by)
        select u.id, ${input.date}, 'disqualified', u.owner_id, u.pool, u.owner_id, null, ${input.reason}, ${tx.actor} from u
      ), f as (
        update crm.follow_ups set status = 'cancelled', cancelled_reason = 'disqualified' where lead_id = ${input.leadId} and status = 'open' and exists (select 1 from u)
      ), op as (
        select p.id, p.stage_code, p.amount from crm.opportunities p where p.lead_id = ${input.leadId} and p.status = 'open' for update
      ), lost as (
        update crm.opportunities p set stage_code = s.code, status = 'lost', lost_reason = ${input.lostReason}, close_note = ${input.reason},
               closed_on = ${input.date}, stage_changed_on = ${input.date}
          from op, (select code from crm.pipeline_stages where outcome = 'lost') s
         where p.id = op.id and p.id in (select id from op) and exists (select 1 from u)
        returning p.id, op.stage_code as from_stage, s.code as to_stage, p.amount
      ), sh as (
        insert into crm.opportunity_stage_history (opportunity_id, from_stage, to_stage, changed_on, probability_bp, amount, note, created_by)
        select id, from_stage, to_stage, ${input.date}, 0, amount, ${`lead disqualified: ${input.reason}`}, ${tx.actor} from lost
      ), events as (${tx.eventsInsert()})
      select u.id, coalesce((select jsonb_agg(lost.id) from lost), '[]') as lost from u`.execute(tx.db);
    if (!rows[0]) throw new DomainError('CONFLICT', `lead ${lead.lead_no} changed meanwhile; try again`, 'leadId');
    for (const opportunityId of rows[0].lost) {
      tx.emit({ aggregateType: 'opportunity', aggregateId: opportunityId, type: 'opportunity.lost', payload: { reason: input.lostReason, note: input.reason, leadId: input.leadId } });
    }
    return { leadId: input.leadId, status: 'disqualified' as const, opportunitiesLost: rows[0].lost };
  },
);
