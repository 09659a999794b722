import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { applyBasisPoints } from '../../finance/money.js';
import { paySupplier } from '../supplier-payments.js';

export interface DueBill {
  billId: number;
  billNo: string;
  supplierId: number;
  currency: string;
  dueDate: string;
  openAmount: number;
  /** The early-payment discount still to be had on the run date (0 when none). */
  discount: number;
}

/**
 * The bills a payment run on `date` would pay: open, not blocked by the three-way match, and
 * due by `dueBy`, or (taking discounts) still inside their discount window. Due date order.
 */
export async function billsDue(db: Kysely<DB>, input: { date: string; dueBy: string; takeDiscounts?: boolean; supplierIds?: number[] }): Promise<DueBill[]> {
  const takeDiscounts = input.takeDiscounts ?? true;
  const { rows } = await sql<DueBill & { discountBp: number; discountUntil: string | null; gross: number; discounted: boolean }>`
    select b.id as "billId", b.bill_no as "billNo", b.supplier_id as "supplierId", b.currency, b.due_date as "dueDate", b.open_amount as "openAmount",
           b.discount_bp as "discountBp", b.discount_until as "discountUntil", b.gross_amount as gross,
           exists (select 1 from scm.supplier_payment_allocations a where a.bill_id = b.id and a.discount > 0) as discounted, 0 as discount
      from scm.vendor_bills b join scm.suppliers s on s.id = b.supplier_id
     where b.open_amount > 0 and b.match_status <> 'blocked' and b.currency = s.currency
       and (b.due_date <= ${input.dueBy} ${takeDiscounts ? sql`or (b.discount_bp > 0 and b.discount_until >= ${input.date})` : sql``})
       ${input.supplierIds ? sql`and b.supplier_id = any(${input.supplierIds}::int[])` : sql``}
     order by b.due_date, b.id`.execute(db);
  return rows.map(({ discountBp, discountUntil, gross, discounted, ...b }) => {
    const d = takeDiscounts && discountBp > 0 && discountUntil !== null && input.date <= discountUntil && !discounted ? applyBasisPoints(gross, discountBp) : 0;
    return { ...b, discount: d < b.openAmount ? d : 0 };
  });
}

/**
 * A payment run: every supplier with bills due by `dueBy` (or inside their discount window) is
 * paid what those bills need, less the early-payment discounts it earns, in one payment per
 * supplier allocated to those bills; `maxPerSupplier` caps a payment (a partial payment,
 * allocated earliest due first). One transaction for the whole run.
 */
export const runSupplierPayments = defineCommand(
  'scm.runSupplierPayments',
  z.object({
    date: isoDate,
    dueBy: isoDate,
    takeDiscounts: z.boolean().default(true),
    supplierIds: z.array(id).max(1000).optional(),
    maxPerSupplier: z.number().int().positive().optional(),
  }),
  async (tx, input) => {
    if (input.dueBy < input.date) throw new DomainError('INVALID_INPUT', 'a run pays bills due on or after its date', 'dueBy');
    const due = await billsDue(tx.db, input);
    const bySupplier = new Map<number, DueBill[]>();
    for (const b of due) bySupplier.set(b.supplierId, [...(bySupplier.get(b.supplierId) ?? []), b]);
    const { rows } = await sql<{ id: number; number: string }>`
      select nextval(pg_get_serial_sequence('scm.payment_runs', 'id'))::int as id, 'RUN-' || lpad(nextval('scm.payment_run_no')::text, 6, '0') as number`.execute(tx.db);
    const run = rows[0]!;
    // The run row first, so each payment can name it.
    await sql`insert into scm.payment_runs (id, run_no, run_date, due_by, take_discounts, payments, total_functional, discount_functional, created_by)
              values (${run.id}, ${run.number}, ${input.date}, ${input.dueBy}, ${input.takeDiscounts}, 0, 0, 0, ${tx.actor})`.execute(tx.db);
    const payments: { supplierId: number; paymentNo: string; amount: number; discount: number; bills: number }[] = [];
    let total = 0;
    let discountTotal = 0;
    for (const [supplierId, bills] of bySupplier) {
      const needed = bills.reduce((s, b) => s + b.openAmount - b.discount, 0);
      const amount = input.maxPerSupplier === undefined ? needed : Math.min(needed, input.maxPerSupplier);
      if (amount <= 0) continue;
      // A capped payment pays the earliest due bills first; a discount is kept only for bills it clears in full.
      const allocations: { billId: number; amount: number }[] = [];
      let left = amount;
      for (const b of bills) {
        if (left <= 0) break;
        const part = Math.min(left, b.openAmount - b.discount);
        allocations.push({ billId: b.billId, amount: part });
        left -= part;
      }
      const paid = await paySupplier(tx.context, { supplierId, date: input.date, amount, allocations, takeDiscounts: input.takeDiscounts, paymentRunId: run.id });
      payments.push({ supplierId, paymentNo: paid.paymentNo, amount, discount: paid.discount, bills: allocations.length });
      total += paid.amountFunctional;
      discountTotal += paid.discountFunctional;
    }
    tx.emit({ aggregateType: 'payment_run', aggregateId: run.id, type: 'payment_run.completed', payload: { runNo: run.number, payments: payments.length, totalFunctional: total, discountFunctional: discountTotal } });
    await sql`with events as (${tx.eventsInsert()})
              update scm.payment_runs set payments = ${payments.length}, total_functional = ${total}, discount_functional = ${discountTotal} where id = ${run.id}`.execute(tx.db);
    return { runId: run.id, runNo: run.number, payments, totalFunctional: total, discountFunctional: discountTotal };
  },
);
