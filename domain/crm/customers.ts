import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency, isoDate, money } from '../kernel/inputs.js';
import { keyErrors } from './pipeline/ownership.js';

export const SEGMENTS = ['enterprise', 'mid_market', 'small_business', 'consumer'] as const;

const contact = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.string().email().optional(),
  phone: z.string().regex(/^[+0-9 ()./-]{5,30}$/, 'a phone number').optional(),
  role: z.string().max(80).optional(),
});

/**
 * Opens a customer account, with its contacts. The account keeps the campaign and lead source it
 * came from and, when converted from a lead, that lead. With an owner it sits in the owner's
 * private pool (from `date`, when given, for recycling); without one, in its region's public
 * pool. Refused (DUPLICATE, naming the owner) when its company name or a contact's e-mail or
 * phone matches a lead or account a rep holds — unless it is the lead it was converted from.
 */
export const createCustomer = defineCommand(
  'crm.createCustomer',
  z.object({
    name: z.string().trim().min(1).max(200),
    region: z.string().min(1),
    segment: z.enum(SEGMENTS),
    ownerId: z.number().int().positive().optional(),
    currency: currency.optional(),
    paymentTermsDays: z.number().int().min(0).max(365).default(30),
    /** Functional minor units; absent = no limit. */
    creditLimit: money.optional(),
    priceListCode: z.string().optional(),
    contacts: z.array(contact).max(20).default([]),
    /** Lead source and campaign it came from. */
    source: z.string().min(1).max(40).optional(),
    campaignId: z.number().int().positive().optional(),
    /** The lead this account was converted from (convertLead sets it). */
    leadId: z.number().int().positive().optional(),
    /** When the account was opened: the owner's follow-up clock starts here. */
    date: isoDate.optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{ id: number; code: string; currency: string | null; owner_active: boolean | null; source: boolean; campaign: boolean; lead: boolean }>`
      select nextval(pg_get_serial_sequence('crm.customers', 'id'))::int as id,
             'C' || lpad(nextval('crm.customer_no')::text, 6, '0') as code,
             (select r.currency from core.regions r where r.code = ${input.region}) as currency,
             (select e.active from people.employees e where e.id = ${input.ownerId ?? null}::int) as owner_active,
             exists (select 1 from crm.lead_sources s where s.code = ${input.source ?? null}::text) as source,
             exists (select 1 from crm.campaigns c where c.id = ${input.campaignId ?? null}::int) as campaign,
             exists (select 1 from crm.leads l where l.id = ${input.leadId ?? null}::int) as lead`.execute(tx.db);
    const c = rows[0]!;
    if (c.currency === null) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    if (input.ownerId !== undefined && !c.owner_active) throw new DomainError('NOT_FOUND', `employee ${input.ownerId} does not exist or has left`, 'ownerId');
    if (input.source !== undefined && !c.source) throw new DomainError('NOT_FOUND', `lead source ${input.source} does not exist`, 'source');
    if (input.campaignId !== undefined && !c.campaign) throw new DomainError('NOT_FOUND', `campaign ${input.campaignId} does not exist`, 'campaignId');
    if (input.leadId !== undefined && !c.lead) throw new DomainError('NOT_FOUND', `lead ${input.leadId} does not exist`, 'leadId');
    const owned = input.ownerId !== undefined ? input.date ?? null : null;
    tx.emit({
      aggregateType: 'customer', aggregateId: c.id, type: 'customer.created',
      payload: { code: c.code, region: input.region, segment: input.segment, ownerId: input.ownerId, source: input.source, campaignId: input.campaignId, leadId: input.leadId },
    });
    const { rows: contacts } = await keyErrors(() => sql<{ id: number }>`
      with c as (
        insert into crm.customers (id, code, name, region, segment, owner_id, currency, payment_terms_days, credit_limit, price_list_code,
                                   source_code, campaign_id, lead_id, owned_since, touched_on, created_by)
        values (${c.id}, ${c.code}, ${input.name}, ${input.region}, ${input.segment}, ${input.ownerId ?? null}::int,
                ${input.currency ?? c.currency}, ${input.paymentTermsDays}, ${input.creditLimit ?? null}::bigint, ${input.priceListCode ?? null}::text,
                ${input.source ?? null}::text, ${input.campaignId ?? null}::int, ${input.leadId ?? null}::int, ${owned}::date, ${owned}::date, ${tx.actor})
        returning id
      ), h as (
        insert into crm.ownership_history (customer_id, event_date, reason, to_owner, to_pool, created_by)
        select c.id, ${input.date ?? null}::date, ${input.leadId !== undefined ? 'converted' : 'created'}, ${input.ownerId ?? null}::int,
               ${input.ownerId === undefined ? 'public' : null}::text, ${tx.actor}
          from c where ${input.date ?? null}::date is not null
      ), events as (${tx.eventsInsert()})
      insert into crm.contacts (customer_id, name, email, phone, role)
      select c.id, x.name, x.email, x.phone, x.role
        from c, jsonb_to_recordset(${JSON.stringify(input.contacts.map((x, n) => ({ ...x, n })))}::jsonb) as x(name text, email text, phone text, role text, n int)
       order by x.n
      returning id`.execute(tx.db), { name: 'name', email: 'contacts', phone: 'contacts' });
    return { customerId: c.id, code: c.code, currency: input.currency ?? c.currency, contactIds: contacts.map((r) => r.id) };
  },
);

export const addContact = defineCommand(
  'crm.addContact',
  contact.extend({ customerId: z.number().int().positive() }),
  async (tx, input) => {
    const customer = await tx.db.selectFrom('crm.customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    const row = await keyErrors(() => tx.db.insertInto('crm.contacts')
      .values({ customer_id: input.customerId, name: input.name, email: input.email ?? null, phone: input.phone ?? null, role: input.role ?? null })
      .returning('id').executeTakeFirstOrThrow(), { name: 'name', email: 'email', phone: 'phone' });
    tx.emit({ aggregateType: 'customer', aggregateId: input.customerId, type: 'customer.contact_added', payload: { contactId: row.id } });
    return { contactId: row.id };
  },
);
