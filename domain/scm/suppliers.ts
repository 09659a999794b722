import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency } from '../kernel/inputs.js';

export const registerSupplier = defineCommand(
  'scm.registerSupplier',
  z.object({
    legalName: z.string().trim().min(1).max(200),
    taxId: z.string().trim().regex(/^[A-Z0-9-]{4,30}$/, 'capitals, digits and dashes, 4 to 30'),
    region: z.string().min(1),
    currency: currency.optional(),
    paymentTermsDays: z.number().int().min(0).max(365).default(30),
    status: z.enum(['prospective', 'approved']).default('prospective'),
  }),
  async (tx, input) => {
    const region = await tx.db.selectFrom('core.regions').select(['currency']).where('code', '=', input.region).executeTakeFirst();
    if (!region) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    const taken = await tx.db.selectFrom('scm.suppliers').select('code').where('tax_id', '=', input.taxId).executeTakeFirst();
    if (taken) throw new DomainError('DUPLICATE', `tax id ${input.taxId} is already registered to supplier ${taken.code}`, 'taxId');
    const { rows } = await sql<{ id: number; code: string }>`
      insert into scm.suppliers (code, legal_name, tax_id, region, currency, payment_terms_days, status, created_by)
      values ('S' || lpad(nextval('scm.supplier_no')::text, 5, '0'), ${input.legalName}, ${input.taxId}, ${input.region},
              ${input.currency ?? region.currency}, ${input.paymentTermsDays}, ${input.status}, ${tx.actor})
      returning id, code`.execute(tx.db);
    const supplier = rows[0]!;
    tx.emit({ aggregateType: 'supplier', aggregateId: supplier.id, type: 'supplier.registered', payload: { code: supplier.code, status: input.status } });
    return { supplierId: supplier.id, code: supplier.code };
  },
);

/** Refuses a supplier who may not receive a purchase order, saying why. */
export async function assertSupplierCanReceiveOrders(db: Kysely<DB>, supplierId: number, field = 'supplierId') {
  const supplier = await db.selectFrom('scm.suppliers').select(['id', 'code', 'status', 'currency', 'payment_terms_days']).where('id', '=', supplierId).executeTakeFirst();
  if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${supplierId} does not exist`, field);
  if (supplier.status !== 'approved') throw new DomainError('SUPPLIER_NOT_APPROVED', `supplier ${supplier.code} is ${supplier.status} and cannot receive purchase orders`, field);
  return supplier;
}

/** Moves a supplier through its lifecycle (prospective → approved → suspended or blocked), with the reason. */
export const changeSupplierStatus = defineCommand(
  'scm.changeSupplierStatus',
  z.object({ supplierId: z.number().int().positive(), status: z.enum(['prospective', 'approved', 'suspended', 'blocked']), reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const supplier = await tx.db.selectFrom('scm.suppliers').select(['status', 'code']).where('id', '=', input.supplierId).forUpdate().executeTakeFirst();
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (supplier.status === input.status) throw new DomainError('CONFLICT', `supplier ${supplier.code} is already ${input.status}`, 'status');
    await tx.db.updateTable('scm.suppliers').set({ status: input.status }).where('id', '=', input.supplierId).execute();
    tx.emit({ aggregateType: 'supplier', aggregateId: input.supplierId, type: 'supplier.status_changed', payload: { from: supplier.status, to: input.status, reason: input.reason } });
    return { supplierId: input.supplierId, status: input.status };
  },
);
