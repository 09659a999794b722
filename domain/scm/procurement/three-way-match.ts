import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { journalEntryCtes } from '../../finance/journal.js';
import { beginPosting } from '../../finance/posting-context.js';
import { postingRules } from '../../finance/posting-rules.js';
import { proportion } from '../../finance/money.js';
import * as approvals from '../../approvals/index.js';

export const BILL_MISMATCH = 'vendor_bill_mismatch';

/** One way a bill line fails to match its order and receipts. */
export type MatchIssue =
  | { lineNo: number; kind: 'quantity'; billedQty: number; openQty: number; allowedQty: number }
  | { lineNo: number; kind: 'price'; billedUnitPrice: number; orderUnitPrice: number; allowedDifference: number };

export interface MatchLine {
  lineNo: number;
  orderUnitPrice: number;
  /** Received, kept and not yet billed. */
  openQty: number;
  billedQty: number;
  billedUnitPrice: number;
}

export interface MatchTolerances {
  quantityToleranceBp: number;
  priceToleranceBp: number;
  priceToleranceUnit: number;
}

/**
 * The three-way match of a bill's lines: a line matches when its quantity is within what was
 * received and kept but not yet billed (plus the quantity tolerance, rounded down) and its unit
 * price is within the larger of the price tolerances of the order price. Billing less than
 * received is a partial bill, not a mismatch. Pure.
 */
export function matchIssues(lines: MatchLine[], t: MatchTolerances): MatchIssue[] {
  const issues: MatchIssue[] = [];
  for (const l of lines) {
    const allowedQty = l.openQty + Math.floor((l.openQty * t.quantityToleranceBp) / 10_000);
    if (l.billedQty > allowedQty) issues.push({ lineNo: l.lineNo, kind: 'quantity', billedQty: l.billedQty, openQty: l.openQty, allowedQty });
    const allowedDifference = Math.max(Math.floor((l.orderUnitPrice * t.priceToleranceBp) / 10_000), t.priceToleranceUnit);
    if (Math.abs(l.billedUnitPrice - l.orderUnitPrice) > allowedDifference) {
      issues.push({ lineNo: l.lineNo, kind: 'price', billedUnitPrice: l.billedUnitPrice, orderUnitPrice: l.orderUnitPrice, allowedDifference });
    }
  }
  return issues;
}

interface BlockedBill {
  id: number; bill_no: string; supplier_id: number; currency: string; match_status: string; open_amount: number; open_functional: number;
  /** Billed beyond the matched quantity at the order price, in the bill currency. */
  mismatch_amount: number; mismatch_functional: number;
}

async function lockBill(db: Kysely<DB>, billId: number): Promise<BlockedBill> {
  const { rows } = await sql<BlockedBill>`
    select b.id, b.bill_no, b.supplier_id, b.currency, b.match_status, b.open_amount, b.open_functional,
           greatest(0, b.gross_amount - coalesce((select sum(l.matched_qty * l.order_unit_price) from scm.vendor_bill_lines l where l.bill_id = b.id), 0))::bigint as mismatch_amount,
           greatest(0, b.gross_functional - coalesce((select sum(l.grni_value) from scm.vendor_bill_lines l where l.bill_id = b.id), 0))::bigint as mismatch_functional
      from scm.vendor_bills b where b.id = ${billId} for update`.execute(db);
  const bill = rows[0];
  if (!bill) throw new DomainError('NOT_FOUND', `bill ${billId} does not exist`, 'billId');
  return bill;
}

/**
 * Accepts a blocked bill's differences: an approval request (documentType 'vendor_bill_mismatch',
 * by the amount billed beyond the matched quantity at the order price). With no rule it is
 * resolved at once; otherwise when the engine approves it. A rejection leaves it blocked: the
 * supplier must credit it.
 */
export const acceptBillMismatch = defineCommand(
  'scm.acceptBillMismatch',
  z.object({ billId: id, date: isoDate, department: z.string().trim().min(1).max(60).optional(), note: z.string().trim().max(500).optional() }),
  async (tx, input) => {
    const bill = await lockBill(tx.db, input.billId);
    if (bill.match_status !== 'blocked') throw new DomainError('NOT_ALLOWED', `bill ${bill.bill_no} is ${bill.match_status}, not blocked`, 'billId');
    const approval = await approvals.requestApproval(tx, {
      documentType: BILL_MISMATCH, documentId: bill.id, amount: bill.mismatch_functional, department: input.department, date: input.date,
      summary: `${bill.bill_no}: ${bill.mismatch_amount} ${bill.currency} beyond the order${input.note ? ` (${input.note})` : ''}`,
    });
    if (approval.status === 'approved') await resolve(tx, bill.id, 'approval', input.date);
    return { billId: bill.id, status: approval.status === 'approved' ? 'resolved' as const : 'blocked' as const, approvalRequestId: approval.requestId, ...(approval.nextRole ? { nextRole: approval.nextRole } : {}) };
  },
);

approvals.onApprovalDecided(BILL_MISMATCH, async (tx, e) => {
  if (e.status === 'approved') await resolve(tx, e.documentId, 'approval', e.date);
});

async function resolve(tx: import('../../kernel/command.js').Tx, billId: number, resolution: 'approval' | 'credit', date: string) {
  tx.emit({ aggregateType: 'vendor_bill', aggregateId: billId, type: 'vendor_bill.match_resolved', payload: { resolution } });
  await sql`with events as (${tx.eventsInsert()})
            update scm.vendor_bills set match_status = 'resolved', resolution = ${resolution}, resolved_date = ${date}
             where id = ${billId} and match_status = 'blocked'`.execute(tx.db);
}

/**
 * A credit from the supplier against one of its bills (an overcharge or excess quantity credited
 * back): the bill's open amount goes down (Dr payables / Cr price variance, at the bill's rate).
 * A blocked bill credited at least its mismatch amount is resolved.
 */
export const recordSupplierCredit = defineCommand(
  'scm.recordSupplierCredit',
  z.object({ billId: id, supplierRef: z.string().trim().min(1).max(60), date: isoDate, amount: z.number().int().positive(), reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const bill = await lockBill(tx.db, input.billId);
    if (input.amount > bill.open_amount) throw new DomainError('EXCEEDS_OPEN_AMOUNT', `bill ${bill.bill_no} has ${bill.open_amount} open; a credit cannot exceed it`, 'amount');
    const posting = await beginPosting(tx.db, { table: 'scm.supplier_credits', sequence: 'scm.supplier_credit_no', prefix: 'SCR', date: input.date });
    const functional = proportion(bill.open_functional, input.amount, bill.open_amount);
    const entry = await journalEntryCtes(
      tx.db, tx.actor,
      { date: input.date, sourceType: 'supplier_credit', sourceId: posting.id, memo: `${posting.number} (${input.supplierRef}) on ${bill.bill_no}`, lines: postingRules.supplierCredit({ supplierId: bill.supplier_id, currency: bill.currency, amount: input.amount, amountFunctional: functional }) },
      posting.conversion.functionalCurrency,
    );
    const resolves = bill.match_status === 'blocked' && input.amount >= bill.mismatch_amount;
    tx.emit({ aggregateType: 'vendor_bill', aggregateId: bill.id, type: 'supplier_credit.posted', payload: { creditNo: posting.number, supplierId: bill.supplier_id, amount: input.amount, amountFunctional: functional, resolves } });
    if (resolves) tx.emit({ aggregateType: 'vendor_bill', aggregateId: bill.id, type: 'vendor_bill.match_resolved', payload: { resolution: 'credit' } });
    await sql`
      with ${entry.ctes}, c as (
        insert into scm.supplier_credits (id, credit_no, supplier_ref, supplier_id, bill_id, credit_date, currency, amount, amount_functional, reason, journal_entry_id, created_by)
        values (${posting.id}, ${posting.number}, ${input.supplierRef}, ${bill.supplier_id}, ${bill.id}, ${input.date}, ${bill.currency}, ${input.amount}, ${functional}, ${input.reason}, ${entry.id}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      update scm.vendor_bills set open_amount = open_amount - ${input.amount}, open_functional = open_functional - ${functional},
             match_status = case when ${resolves} then 'resolved' else match_status end,
             resolution = case when ${resolves} then 'credit' else resolution end,
             resolved_date = case when ${resolves} then ${input.date}::date else resolved_date end
       where id = ${bill.id}`.execute(tx.db);
    return { creditId: posting.id, creditNo: posting.number, amountFunctional: functional, billStatus: resolves ? 'resolved' : bill.match_status };
  },
);

export interface BlockedBillRecord {
  billId: number;
  billNo: string;
  supplierId: number;
  billDate: string;
  openAmount: number;
  issues: MatchIssue[];
  mismatchAmount: number;
}

/** Bills the three-way match blocked and nobody has resolved yet, oldest first. */
export async function blockedBills(db: Kysely<DB>, filter: { supplierId?: number } = {}): Promise<BlockedBillRecord[]> {
  const { rows } = await sql<BlockedBillRecord>`
    select b.id as "billId", b.bill_no as "billNo", b.supplier_id as "supplierId", b.bill_date as "billDate", b.open_amount as "openAmount",
           b.match_issues as issues,
           greatest(0, b.gross_amount - coalesce((select sum(l.matched_qty * l.order_unit_price) from scm.vendor_bill_lines l where l.bill_id = b.id), 0))::bigint as "mismatchAmount"
      from scm.vendor_bills b
     where b.match_status = 'blocked' ${filter.supplierId !== undefined ? sql`and b.supplier_id = ${filter.supplierId}` : sql``}
     order by b.bill_date, b.id`.execute(db);
  return rows;
}
