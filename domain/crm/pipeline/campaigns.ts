import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { currency, isoDate, money } from '../../kernel/inputs.js';

export const CAMPAIGN_CHANNELS = ['email', 'paid_search', 'social', 'event', 'trade_show', 'webinar', 'content', 'direct_mail', 'partner', 'referral', 'outbound'] as const;
export const sourceCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, at most 40');

/** Adds a lead source (web, referral, trade_show, … are there from the start). */
export const addLeadSource = defineCommand(
  'crm.addLeadSource',
  z.object({ code: sourceCode, name: z.string().trim().min(1).max(120) }),
  async (tx, input) => {
    const { rows } = await sql<{ code: string }>`
      insert into crm.lead_sources (code, name) values (${input.code}, ${input.name}) on conflict (code) do nothing returning code`.execute(tx.db);
    if (rows.length === 0) throw new DomainError('DUPLICATE', `lead source ${input.code} already exists`, 'code');
    tx.emit({ aggregateType: 'lead_source', aggregateId: input.code, type: 'lead_source.added', payload: { name: input.name } });
    return { code: input.code };
  },
);

/**
 * A marketing campaign: its channel, dates and cost, and the lead source its leads come in
 * through. Leads, accounts and opportunities name the campaign they came from.
 */
export const createCampaign = defineCommand(
  'crm.createCampaign',
  z.object({
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, at most 40'),
    name: z.string().trim().min(1).max(200),
    channel: z.enum(CAMPAIGN_CHANNELS),
    source: sourceCode,
    startDate: isoDate,
    endDate: isoDate.optional(),
    /** Minor units of `currency`. */
    cost: money.default(0),
    /** Default: the functional currency. */
    currency: currency.optional(),
  }),
  async (tx, input) => {
    if (input.endDate && input.endDate < input.startDate) throw new DomainError('INVALID_INPUT', 'a campaign cannot end before it starts', 'endDate');
    const { rows } = await sql<{ id: number | null; source: boolean; currency: string | null; taken: boolean }>`
      with x as (
        select exists (select 1 from crm.lead_sources where code = ${input.source}) as source,
               coalesce(${input.currency ?? null}::text, (select value #>> '{}' from core.settings where key = 'functional_currency')) as currency,
               exists (select 1 from crm.campaigns where code = ${input.code}) as taken
      ), c as (
        insert into crm.campaigns (code, name, channel, source_code, start_date, end_date, cost, currency, created_by)
        select ${input.code}, ${input.name}, ${input.channel}, ${input.source}, ${input.startDate}, ${input.endDate ?? null}, ${input.cost}, x.currency, ${tx.actor}
          from x where x.source and not x.taken and x.currency in (select code from core.currencies)
        returning id
      )
      select (select id from c) as id, x.source, x.currency, x.taken from x`.execute(tx.db);
    const r = rows[0]!;
    if (r.taken) throw new DomainError('DUPLICATE', `campaign ${input.code} already exists`, 'code');
    if (!r.source) throw new DomainError('NOT_FOUND', `lead source ${input.source} does not exist`, 'source');
    if (r.id === null) throw new DomainError('NOT_FOUND', `currency ${r.currency ?? '(none: the company is not set up)'} does not exist`, 'currency');
    tx.emit({ aggregateType: 'campaign', aggregateId: r.id, type: 'campaign.created', payload: { code: input.code, channel: input.channel, source: input.source, cost: input.cost, currency: r.currency } });
    return { campaignId: r.id, code: input.code };
  },
);
