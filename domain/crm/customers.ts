import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency, money } from '../kernel/inputs.js';

export const SEGMENTS = ['enterprise', 'mid_market', 'small_business', 'consumer'] as const;

const contact = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.string().email().optional(),
  phone: z.string().regex(/^[+0-9 ()-]{5,30}$/, 'a phone number').optional(),
  role: z.string().max(80).optional(),
});

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
  }),
  async (tx, input) => {
    const region = await tx.db.selectFrom('core.regions').select(['code', 'currency']).where('code', '=', input.region).executeTakeFirst();
    if (!region) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    if (input.ownerId !== undefined) {
      const owner = await tx.db.selectFrom('people.employees').select(['active']).where('id', '=', input.ownerId).executeTakeFirst();
      if (!owner?.active) throw new DomainError('NOT_FOUND', `employee ${input.ownerId} does not exist or has left`, 'ownerId');
    }
    const { rows } = await sql<{ id: number; code: string }>`
      insert into crm.customers (code, name, region, segment, owner_id, currency, payment_terms_days, credit_limit, price_list_code, created_by)
      values ('C' || lpad(nextval('crm.customer_no')::text, 6, '0'), ${input.name}, ${input.region}, ${input.segment}, ${input.ownerId ?? null},
              ${input.currency ?? region.currency}, ${input.paymentTermsDays}, ${input.creditLimit ?? null}, ${input.priceListCode ?? null}, ${tx.actor})
      returning id, code`.execute(tx.db);
    const customer = rows[0]!;
    if (input.contacts.length > 0) {
      await tx.db
        .insertInto('crm.contacts')
        .values(input.contacts.map((c) => ({ customer_id: customer.id, name: c.name, email: c.email ?? null, phone: c.phone ?? null, role: c.role ?? null })))
        .execute();
    }
    tx.emit({ aggregateType: 'customer', aggregateId: customer.id, type: 'customer.created', payload: { code: customer.code, region: input.region, segment: input.segment, ownerId: input.ownerId } });
    return { customerId: customer.id, code: customer.code };
  },
);

export const addContact = defineCommand(
  'crm.addContact',
  contact.extend({ customerId: z.number().int().positive() }),
  async (tx, input) => {
    const customer = await tx.db.selectFrom('crm.customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    const row = await tx.db.insertInto('crm.contacts')
      .values({ customer_id: input.customerId, name: input.name, email: input.email ?? null, phone: input.phone ?? null, role: input.role ?? null })
      .returning('id').executeTakeFirstOrThrow();
    tx.emit({ aggregateType: 'customer', aggregateId: input.customerId, type: 'customer.contact_added', payload: { contactId: row.id } });
    return { contactId: row.id };
  },
);
