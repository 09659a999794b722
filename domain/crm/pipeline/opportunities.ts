import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { currency, id, isoDate, money, quantity } from '../../kernel/inputs.js';
import { extendedAmount, MAX_AMOUNT } from '../../finance/money.js';

export const LOST_REASONS = ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'product_fit', 'disqualified', 'other'] as const;
export type LostReason = (typeof LOST_REASONS)[number];
export const stageCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, at most 40');

export const opportunityLine = z.object({
  itemId: id,
  quantity,
  /** Default: the expected close date. */
  expectedDate: isoDate.optional(),
  /** Minor units of the opportunity's currency. */
  unitPrice: money.optional(),
});

export const opportunityFields = z.object({
  name: z.string().trim().min(1).max(200),
  /** Default: the first open stage. */
  stage: stageCode.optional(),
  /** Minor units; default Σ quantity × unit price of the lines (all must be priced). */
  amount: money.optional(),
  /** Default: the account's currency (a lead's: its region's). */
  currency: currency.optional(),
  expectedCloseDate: isoDate,
  competitor: z.string().trim().min(1).max(120).optional(),
  lines: z.array(opportunityLine).max(100).default([]),
});
export type OpportunityFields = z.output<typeof opportunityFields>;

/** What an opportunity hangs on: an account, or a lead before it converts. */
export interface OpportunityParent {
  customerId: number | null;
  leadId: number | null;
  ownerId: number;
  currency: string;
  source: string | null;
  campaignId: number | null;
}

/**
 * Inserts an opportunity with its lines and the first row of its stage history, in one
 * statement with the events emitted so far. Used by createOpportunity and convertLead.
 */
export async function insertOpportunity(tx: Tx, parent: OpportunityParent, fields: OpportunityFields, date: string, note?: string): Promise<{ opportunityId: number; opportunityNo: string; stage: string; amount: number; currency: string }> {
  if (fields.expectedCloseDate < date) throw new DomainError('INVALID_INPUT', `the expected close date cannot precede ${date}`, 'expectedCloseDate');
  let amount = fields.amount;
  if (amount === undefined) {
    if (fields.lines.length === 0 || fields.lines.some((l) => l.unitPrice === undefined)) throw new DomainError('INVALID_INPUT', 'give the amount, or unit prices on every line', 'amount');
    amount = fields.lines.reduce((s, l, i) => s + extendedAmount(l.quantity, l.unitPrice!, `lines.${i}.quantity`), 0);
    if (amount > MAX_AMOUNT) throw new DomainError('INVALID_INPUT', `the amount exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, 'lines');
  }
  const itemIds = [...new Set(fields.lines.map((l) => l.itemId))];
  const { rows } = await sql<{ id: number; no: string; stage: string | null; probability_bp: number; items: number[]; currency: boolean }>`
    select nextval(pg_get_serial_sequence('crm.opportunities', 'id'))::int as id,
           'OPP-' || lpad(nextval('crm.opportunity_no')::text, 6, '0') as no,
           s.code as stage, s.probability_bp,
           array(select i.id from erp.items i where i.id = any(${itemIds}::int[]) and i.active) as items,
           exists (select 1 from core.currencies where code = ${fields.currency ?? parent.currency}) as currency
      from (select 1) one
      left join lateral (select code, probability_bp from crm.pipeline_stages
                          where outcome = 'open' and active and (${fields.stage ?? null}::text is null or code = ${fields.stage ?? null}::text)
                          order by position, code limit 1) s on true`.execute(tx.db);
  const r = rows[0]!;
  if (!r.stage) throw new DomainError('NOT_FOUND', fields.stage ? `${fields.stage} is not an active open stage of the pipeline` : 'the pipeline has no active open stage', 'stage');
  const missing = fields.lines.findIndex((l) => !r.items.includes(l.itemId));
  if (missing >= 0) throw new DomainError('NOT_FOUND', `item ${fields.lines[missing]!.itemId} does not exist or is inactive`, `lines.${missing}.itemId`);
  const cur = fields.currency ?? parent.currency;
  if (!r.currency) throw new DomainError('NOT_FOUND', `currency ${cur} does not exist`, 'currency');
  const lines = fields.lines.map((l, i) => ({ line_no: i + 1, item_id: l.itemId, quantity: l.quantity, unit_price: l.unitPrice ?? null, expected_date: l.expectedDate ?? fields.expectedCloseDate }));
  tx.emit({
    aggregateType: 'opportunity', aggregateId: r.id, type: 'opportunity.created',
    payload: { opportunityNo: r.no, customerId: parent.customerId, leadId: parent.leadId, ownerId: parent.ownerId, stage: r.stage, amount, currency: cur, expectedCloseDate: fields.expectedCloseDate, lines: lines.length },
  });
  await sql`
    with o as (
      insert into crm.opportunities (id, opportunity_no, name, customer_id, lead_id, owner_id, stage_code, amount, currency, expected_close_date,
                                     competitor, source_code, campaign_id, created_on, stage_changed_on, created_by)
      values (${r.id}, ${r.no}, ${fields.name}, ${parent.customerId}::int, ${parent.leadId}::int, ${parent.ownerId}, ${r.stage}, ${amount}, ${cur},
              ${fields.expectedCloseDate}, ${fields.competitor ?? null}, ${parent.source}::text, ${parent.campaignId}::int, ${date}, ${date}, ${tx.actor})
      returning id
    ), l as (
      insert into crm.opportunity_lines (opportunity_id, line_no, item_id, quantity, unit_price, expected_date)
      select o.id, x.line_no, x.item_id, x.quantity, x.unit_price, x.expected_date
        from o, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_no int, item_id int, quantity bigint, unit_price bigint, expected_date date)
    ), h as (
      insert into crm.opportunity_stage_history (opportunity_id, from_stage, to_stage, changed_on, probability_bp, amount, note, created_by)
      select o.id, null, ${r.stage}, ${date}, ${r.probability_bp}, ${amount}, ${note ?? 'opened'}, ${tx.actor} from o
    ), events as (${tx.eventsInsert()})
    select id from o`.execute(tx.db);
  return { opportunityId: r.id, opportunityNo: r.no, stage: r.stage, amount, currency: cur };
}

/**
 * Opens an opportunity on an account or on a lead (before it converts) for its owner, at the
 * first open stage unless told; it keeps the lead's or account's source and campaign.
 */
export const createOpportunity = defineCommand(
  'crm.createOpportunity',
  opportunityFields.extend({
    customerId: id.optional(),
    leadId: id.optional(),
    /** When given, must be the owner of the lead or account. */
    ownerId: id.optional(),
    date: isoDate,
  }).refine((v) => (v.customerId === undefined) !== (v.leadId === undefined), { message: 'name either the account or the lead', path: ['customerId'] }),
  async (tx, input) => {
    const { rows } = input.customerId !== undefined
      ? await sql<{ owner_id: number | null; currency: string; source: string | null; campaign_id: number | null; label: string; status: string }>`
          select c.owner_id, c.currency, c.source_code as source, c.campaign_id, 'account ' || c.code as label, 'open' as status
            from crm.customers c where c.id = ${input.customerId} for key share`.execute(tx.db)
      : await sql<{ owner_id: number | null; currency: string; source: string | null; campaign_id: number | null; label: string; status: string }>`
          select l.owner_id, r.currency, l.source_code as source, l.campaign_id, 'lead ' || l.lead_no as label, l.status
            from crm.leads l join core.regions r on r.code = l.region where l.id = ${input.leadId!} for key share of l`.execute(tx.db);
    const field = input.customerId !== undefined ? 'customerId' : 'leadId';
    const p = rows[0];
    if (!p) throw new DomainError('NOT_FOUND', `${field === 'customerId' ? 'customer' : 'lead'} ${input.customerId ?? input.leadId} does not exist`, field);
    if (p.status === 'converted' || p.status === 'disqualified') throw new DomainError('NOT_ALLOWED', `${p.label} is ${p.status}`, field);
    if (p.owner_id === null) throw new DomainError('NOT_ALLOWED', `${p.label} has no owner; a rep claims it first`, field);
    if (input.ownerId !== undefined && input.ownerId !== p.owner_id) throw new DomainError('NOT_ALLOWED', `${p.label} is owned by employee ${p.owner_id}, not ${input.ownerId}`, 'ownerId');
    return insertOpportunity(tx, { customerId: input.customerId ?? null, leadId: input.leadId ?? null, ownerId: p.owner_id, currency: p.currency, source: p.source, campaignId: p.campaign_id }, input, input.date);
  },
);

export interface StageMove {
  opportunityId: number;
  stage: string;
  date: string;
  note?: string | undefined;
  amount?: number | undefined;
  expectedCloseDate?: string | undefined;
  activityId?: number | undefined;
}

/**
 * Moves an open opportunity to another open stage (forward or back), optionally revising its
 * amount and expected close date, and appends the move to its stage history.
 */
export async function advanceStage(tx: Tx, move: StageMove, field = 'stage'): Promise<{ opportunityId: number; fromStage: string; stage: string; probabilityBp: number }> {
  tx.emit({ aggregateType: 'opportunity', aggregateId: move.opportunityId, type: 'opportunity.stage_changed', payload: { stage: move.stage, amount: move.amount, expectedCloseDate: move.expectedCloseDate, note: move.note } });
  const { rows } = await sql<{ id: number; from_stage: string; probability_bp: number }>`
    with o as (
      select id, stage_code, status from crm.opportunities where id = ${move.opportunityId} for update
    ), s as (
      select code, probability_bp from crm.pipeline_stages where code = ${move.stage} and outcome = 'open' and active
    ), u as (
      update crm.opportunities p
         set stage_code = s.code, stage_changed_on = ${move.date},
             amount = coalesce(${move.amount ?? null}::bigint, p.amount),
             expected_close_date = coalesce(${move.expectedCloseDate ?? null}::date, p.expected_close_date)
        from o, s
       where p.id = o.id and p.id = ${move.opportunityId} and o.status = 'open' and o.stage_code <> s.code
      returning p.id, o.stage_code as from_stage, s.probability_bp, p.amount
    ), h as (
      insert into crm.opportunity_stage_history (opportunity_id, from_stage, to_stage, changed_on, probability_bp, amount, activity_id, note, created_by)
      select u.id, u.from_stage, ${move.stage}, ${move.date}, u.probability_bp, u.amount, ${move.activityId ?? null}::int, ${move.note ?? null}::text, ${tx.actor} from u
    ), events as (${tx.eventsInsert()})
    select id, from_stage, probability_bp from u`.execute(tx.db);
  const moved = rows[0];
  if (moved) return { opportunityId: moved.id, fromStage: moved.from_stage, stage: move.stage, probabilityBp: moved.probability_bp };
  const { rows: why } = await sql<{ no: string; status: string; stage_code: string; outcome: string | null; active: boolean | null }>`
    select p.opportunity_no as no, p.status, p.stage_code, s.outcome, s.active
      from crm.opportunities p left join crm.pipeline_stages s on s.code = ${move.stage} where p.id = ${move.opportunityId}`.execute(tx.db);
  const w = why[0];
  if (!w) throw new DomainError('NOT_FOUND', `opportunity ${move.opportunityId} does not exist`, 'opportunityId');
  if (w.status !== 'open') throw new DomainError('CONFLICT', `opportunity ${w.no} is already ${w.status}; its stage cannot change`, 'opportunityId');
  if (w.outcome === null) throw new DomainError('NOT_FOUND', `stage ${move.stage} does not exist`, field);
  if (w.outcome !== 'open') throw new DomainError('NOT_ALLOWED', `stage ${move.stage} closes the opportunity: win or lose it instead`, field);
  if (!w.active) throw new DomainError('NOT_ALLOWED', `stage ${move.stage} is no longer in use`, field);
  throw new DomainError('CONFLICT', `opportunity ${w.no} is already in stage ${move.stage}`, field);
}

export const moveOpportunityStage = defineCommand(
  'crm.moveOpportunityStage',
  z.object({ opportunityId: id, stage: stageCode, date: isoDate, note: z.string().trim().min(1).max(500).optional(), amount: money.optional(), expectedCloseDate: isoDate.optional() }),
  async (tx, input) => advanceStage(tx, input),
);

export interface CloseResult {
  opportunityId: number;
  opportunityNo: string;
  status: 'won' | 'lost';
  customerId: number | null;
  amount: number;
  currency: string;
}

/**
 * Closes an open opportunity as won or lost, in the won or lost stage, with the history row.
 * A won opportunity needs an account (a lead's converts first).
 */
async function closeOpportunity(tx: Tx, input: { opportunityId: number; date: string; outcome: 'won' | 'lost'; lostReason?: LostReason | undefined; note?: string | undefined; competitor?: string | undefined }): Promise<CloseResult> {
  tx.emit({
    aggregateType: 'opportunity', aggregateId: input.opportunityId, type: `opportunity.${input.outcome}`,
    payload: { date: input.date, reason: input.lostReason, note: input.note, competitor: input.competitor },
  });
  const { rows } = await sql<{ id: number; no: string; customer_id: number | null; amount: number; currency: string }>`
    with o as (
      select id, stage_code, status, customer_id from crm.opportunities where id = ${input.opportunityId} for update
    ), s as (
      select code from crm.pipeline_stages where outcome = ${input.outcome}
    ), u as (
      update crm.opportunities p
         set stage_code = s.code, status = ${input.outcome}, lost_reason = ${input.lostReason ?? null}::text, close_note = ${input.note ?? null}::text,
             competitor = coalesce(${input.competitor ?? null}::text, p.competitor), closed_on = ${input.date}, stage_changed_on = ${input.date}
        from o, s
       where p.id = o.id and p.id = ${input.opportunityId} and o.status = 'open' and (${input.outcome} = 'lost' or o.customer_id is not null)
      returning p.id, p.opportunity_no as no, p.customer_id, p.amount, p.currency, o.stage_code as from_stage, s.code as to_stage
    ), h as (
      insert into crm.opportunity_stage_history (opportunity_id, from_stage, to_stage, changed_on, probability_bp, amount, note, created_by)
      select u.id, u.from_stage, u.to_stage, ${input.date}, ${input.outcome === 'won' ? 10_000 : 0}, u.amount,
             coalesce(${input.note ?? null}::text, ${input.lostReason ?? null}::text), ${tx.actor} from u
    ), events as (${tx.eventsInsert()})
    select id, no, customer_id, amount, currency from u`.execute(tx.db);
  const r = rows[0];
  if (r) return { opportunityId: r.id, opportunityNo: r.no, status: input.outcome, customerId: r.customer_id, amount: r.amount, currency: r.currency };
  const p = await tx.db.selectFrom('crm.opportunities').select(['opportunity_no', 'status', 'customer_id']).where('id', '=', input.opportunityId).executeTakeFirst();
  if (!p) throw new DomainError('NOT_FOUND', `opportunity ${input.opportunityId} does not exist`, 'opportunityId');
  if (p.status !== 'open') throw new DomainError('CONFLICT', `opportunity ${p.opportunity_no} is already ${p.status}`, 'opportunityId');
  throw new DomainError('NOT_ALLOWED', `opportunity ${p.opportunity_no} is on a lead: convert the lead to an account before winning it`, 'opportunityId');
}

/**
 * Marks an open opportunity won, inside the caller's transaction (a quote's acceptance calls it
 * from its own command). Refused when it is already won or lost (CONFLICT) or still on a lead.
 */
export async function markOpportunityWon(tx: Tx, input: { opportunityId: number; date: string; reason?: string | undefined }): Promise<CloseResult> {
  return closeOpportunity(tx, { opportunityId: input.opportunityId, date: input.date, outcome: 'won', note: input.reason });
}

/** Marks an open opportunity lost with its reason, inside the caller's transaction. */
export async function markOpportunityLost(tx: Tx, input: { opportunityId: number; date: string; reason: LostReason; note?: string | undefined; competitor?: string | undefined }): Promise<CloseResult> {
  return closeOpportunity(tx, { opportunityId: input.opportunityId, date: input.date, outcome: 'lost', lostReason: input.reason, note: input.note, competitor: input.competitor });
}

export const winOpportunity = defineCommand(
  'crm.winOpportunity',
  z.object({ opportunityId: id, date: isoDate, reason: z.string().trim().min(1).max(500).optional() }),
  async (tx, input) => markOpportunityWon(tx, input),
);

export const loseOpportunity = defineCommand(
  'crm.loseOpportunity',
  z.object({
    opportunityId: id,
    date: isoDate,
    reason: z.enum(LOST_REASONS),
    /** Who won it, when a competitor did. */
    competitor: z.string().trim().min(1).max(120).optional(),
    note: z.string().trim().min(1).max(500).optional(),
  }),
  async (tx, input) => markOpportunityLost(tx, input),
);
