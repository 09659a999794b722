import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { currency, id, isoDate, money } from '../../kernel/inputs.js';
import { createCustomer, SEGMENTS } from '../customers.js';
import { insertOpportunity, markOpportunityWon, opportunityFields } from './opportunities.js';

/**
 * Converts an owned lead into a customer account (through crm.createCustomer), its contact and,
 * optionally, a new opportunity, in one transaction; the account keeps the lead's source and
 * campaign and stays with the lead's owner, who keeps the lead's open follow-ups. Opportunities
 * opened on the lead move to the account. `winOpportunity` closes the deal at once: it wins the
 * opportunity opened here, or else the lead's one open opportunity. Refused for a lead in a pool
 * (NOT_ALLOWED: a rep claims it first), another rep's, or one already converted (CONFLICT).
 */
export const convertLead = defineCommand(
  'crm.convertLead',
  z.object({
    leadId: id,
    date: isoDate,
    /** When given, the lead must be this rep's. */
    repId: id.optional(),
    account: z.object({
      name: z.string().trim().min(1).max(200).optional(),
      segment: z.enum(SEGMENTS).optional(),
      currency: currency.optional(),
      paymentTermsDays: z.number().int().min(0).max(365).optional(),
      creditLimit: money.optional(),
      priceListCode: z.string().optional(),
    }).default({}),
    contactRole: z.string().max(80).optional(),
    opportunity: opportunityFields.optional(),
    winOpportunity: z.boolean().default(false),
    note: z.string().trim().min(1).max(500).optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{
      lead_no: string; company_name: string; contact_name: string | null; email: string | null; phone: string | null; region: string; segment: string;
      source_code: string; campaign_id: number | null; status: string; owner_id: number | null; pool: string | null; customer_code: string | null; open_opportunities: number[];
    }>`
      select l.lead_no, l.company_name, l.contact_name, l.email, l.phone, l.region, l.segment, l.source_code, l.campaign_id, l.status, l.owner_id, l.pool,
             (select c.code from crm.customers c where c.id = l.customer_id) as customer_code,
             array(select p.id from crm.opportunities p where p.lead_id = l.id and p.status = 'open' order by p.id) as open_opportunities
        from crm.leads l where l.id = ${input.leadId} for update`.execute(tx.db);
    const lead = rows[0];
    if (!lead) throw new DomainError('NOT_FOUND', `lead ${input.leadId} does not exist`, 'leadId');
    if (lead.status === 'converted') throw new DomainError('CONFLICT', `lead ${lead.lead_no} is already converted, to account ${lead.customer_code}`, 'leadId');
    if (lead.status === 'disqualified') throw new DomainError('NOT_ALLOWED', `lead ${lead.lead_no} is disqualified`, 'leadId');
    if (lead.owner_id === null) throw new DomainError('NOT_ALLOWED', `lead ${lead.lead_no} sits in the ${lead.pool} pool; a rep claims it before converting it`, 'leadId');
    if (input.repId !== undefined && input.repId !== lead.owner_id) throw new DomainError('NOT_ALLOWED', `lead ${lead.lead_no} is owned by employee ${lead.owner_id}, not ${input.repId}`, 'repId');
    if (input.winOpportunity && !input.opportunity && lead.open_opportunities.length !== 1) {
      throw new DomainError('INVALID_INPUT', `lead ${lead.lead_no} has ${lead.open_opportunities.length} open opportunities: open one here to win it`, 'winOpportunity');
    }

    const account = await createCustomer(tx.context, {
      name: input.account.name ?? lead.company_name,
      region: lead.region,
      segment: input.account.segment ?? (lead.segment as (typeof SEGMENTS)[number]),
      ownerId: lead.owner_id,
      ...(input.account.currency ? { currency: input.account.currency } : {}),
      ...(input.account.paymentTermsDays !== undefined ? { paymentTermsDays: input.account.paymentTermsDays } : {}),
      ...(input.account.creditLimit !== undefined ? { creditLimit: input.account.creditLimit } : {}),
      ...(input.account.priceListCode ? { priceListCode: input.account.priceListCode } : {}),
      contacts: lead.contact_name || lead.email || lead.phone
        ? [{ name: lead.contact_name ?? lead.company_name, ...(lead.email ? { email: lead.email } : {}), ...(lead.phone ? { phone: lead.phone } : {}), ...(input.contactRole ? { role: input.contactRole } : {}) }]
        : [],
      source: lead.source_code,
      ...(lead.campaign_id !== null ? { campaignId: lead.campaign_id } : {}),
      leadId: input.leadId,
      date: input.date,
    });

    tx.emit({ aggregateType: 'lead', aggregateId: input.leadId, type: 'lead.converted', payload: { customerId: account.customerId, ownerId: lead.owner_id, opportunities: lead.open_opportunities, note: input.note } });
    await sql`
      with l as (
        update crm.leads set status = 'converted', customer_id = ${account.customerId}, closed_on = ${input.date} where id = ${input.leadId}
      ), o as (
        update crm.opportunities set customer_id = ${account.customerId} where lead_id = ${input.leadId} and customer_id is null
      ), f as (
        update crm.follow_ups set lead_id = null, customer_id = ${account.customerId} where lead_id = ${input.leadId} and status = 'open'
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);

    let opportunityId = lead.open_opportunities.length === 1 ? lead.open_opportunities[0]! : null;
    if (input.opportunity) {
      const opened = await insertOpportunity(tx, {
        customerId: account.customerId, leadId: input.leadId, ownerId: lead.owner_id, currency: account.currency,
        source: lead.source_code, campaignId: lead.campaign_id,
      }, input.opportunity, input.date, `opened on converting lead ${lead.lead_no}`);
      opportunityId = opened.opportunityId;
    }
    if (input.winOpportunity) await markOpportunityWon(tx, { opportunityId: opportunityId!, date: input.date, reason: input.note ?? `lead ${lead.lead_no} converted` });
    return { leadId: input.leadId, customerId: account.customerId, customerCode: account.code, contactId: account.contactIds[0] ?? null, ownerId: lead.owner_id, opportunityId, won: input.winOpportunity };
  },
);

