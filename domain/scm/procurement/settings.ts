import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { basisPoints, id, money } from '../../kernel/inputs.js';

/** How far documents may differ before procure to pay refuses or blocks them. */
export interface ProcurementTolerances {
  /** Receipts may exceed the ordered quantity by this share (copied onto each new order line). */
  receiptToleranceBp: number;
  /** A bill may exceed the accepted, unbilled quantity by this share and still match. */
  quantityToleranceBp: number;
  /** A billed unit price may differ from the order price by this share… */
  priceToleranceBp: number;
  /** …or by this much per unit (order currency minor units), whichever is larger. */
  priceToleranceUnit: number;
}

export const setProcurementTolerances = defineCommand(
  'scm.setProcurementTolerances',
  z.object({ receiptToleranceBp: basisPoints, quantityToleranceBp: basisPoints, priceToleranceBp: basisPoints, priceToleranceUnit: money }),
  async (tx, input) => {
    tx.emit({ aggregateType: 'procurement_settings', aggregateId: 1, type: 'procurement.tolerances_set', payload: { ...input } });
    await sql`
      with events as (${tx.eventsInsert()})
      update scm.procurement_settings set receipt_tolerance_bp = ${input.receiptToleranceBp}, quantity_tolerance_bp = ${input.quantityToleranceBp},
             price_tolerance_bp = ${input.priceToleranceBp}, price_tolerance_unit = ${input.priceToleranceUnit}`.execute(tx.db);
    return input;
  },
);

export async function procurementTolerances(db: Kysely<DB>): Promise<ProcurementTolerances> {
  const { rows } = await sql<ProcurementTolerances>`
    select receipt_tolerance_bp as "receiptToleranceBp", quantity_tolerance_bp as "quantityToleranceBp",
           price_tolerance_bp as "priceToleranceBp", price_tolerance_unit as "priceToleranceUnit" from scm.procurement_settings`.execute(db);
  return rows[0] ?? { receiptToleranceBp: 0, quantityToleranceBp: 0, priceToleranceBp: 0, priceToleranceUnit: 0 };
}

/**
 * Early-payment terms of a supplier: `discountBp` off a bill paid within `discountDays` of its
 * date (2/10 net 30 is 200 and 10; the net days are the supplier's payment terms). Bills take the
 * terms in force when they are recorded. `discountBp` 0 removes them.
 */
export const setEarlyPaymentTerms = defineCommand(
  'scm.setEarlyPaymentTerms',
  z.object({ supplierId: id, discountBp: z.number().int().min(0).max(5000), discountDays: z.number().int().min(1).max(365) }),
  async (tx, input) => {
    const supplier = await tx.db.selectFrom('scm.suppliers').select(['id', 'payment_terms_days']).where('id', '=', input.supplierId).executeTakeFirst();
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (input.discountBp > 0 && input.discountDays > supplier.payment_terms_days) {
      throw new DomainError('INVALID_INPUT', `the discount window (${input.discountDays} days) cannot outlast the payment terms (${supplier.payment_terms_days} days)`, 'discountDays');
    }
    tx.emit({ aggregateType: 'supplier', aggregateId: input.supplierId, type: 'supplier.early_payment_terms_set', payload: { discountBp: input.discountBp, discountDays: input.discountDays } });
    await sql`
      with events as (${tx.eventsInsert()}),
      del as (delete from scm.early_payment_terms where supplier_id = ${input.supplierId} and ${input.discountBp} = 0)
      insert into scm.early_payment_terms (supplier_id, discount_bp, discount_days)
      select ${input.supplierId}, ${input.discountBp}, ${input.discountDays} where ${input.discountBp} > 0
      on conflict (supplier_id) do update set discount_bp = excluded.discount_bp, discount_days = excluded.discount_days`.execute(tx.db);
    return { supplierId: input.supplierId, discountBp: input.discountBp, discountDays: input.discountDays };
  },
);

/**
 * How much of an order line may still be received: the ordered quantity plus the line's
 * tolerance, less what was received and kept (received − returned). The database enforces the
 * same bound (po_line_received_within_tolerance).
 */
export function receivableQuantity(line: { quantity: number; received_qty: number; returned_qty?: number; receipt_tolerance_bp?: number }): number {
  const allowance = Math.floor((line.quantity * (line.receipt_tolerance_bp ?? 0)) / 10_000);
  return Math.max(0, line.quantity + allowance - (line.received_qty - (line.returned_qty ?? 0)));
}
