import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import * as approvals from '../../approvals/index.js';
import type { StatementDocKind, StatementStatus } from './tables.js';

export const SUPPLIER_STATEMENT = 'supplier_statement';
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const signedAmount = z.number().int().min(-9e15).max(9e15);

const lastDayOf = (p: string) => {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/**
 * Generates a supplier's statement for a month from everything not yet on a live statement and
 * dated up to the month's end, in the supplier's currency: bills (+), payments, discounts taken
 * and credits (−), and returns of unbilled goods (for information, 0). The opening balance is the
 * previous statement's closing balance, so the closing balance is what the books say we owe the
 * supplier at the month's end (supplierLedgerBalance).
 */
export const generateSupplierStatement = defineCommand(
  'scm.generateSupplierStatement',
  z.object({ supplierId: id, period, date: isoDate }),
  async (tx, input) => {
    const periodEnd = lastDayOf(input.period);
    const { rows } = await sql<{ currency: string | null; opening: number; id: number; number: string; live: boolean }>`
      select s.currency,
             coalesce((select t.closing_balance from scm.supplier_statements t where t.supplier_id = s.id and t.status <> 'rejected'
                        order by t.period_end desc, t.id desc limit 1), 0)::bigint as opening,
             exists (select 1 from scm.supplier_statements t where t.supplier_id = s.id and t.status <> 'rejected' and t.period >= ${input.period}) as live,
             nextval(pg_get_serial_sequence('scm.supplier_statements', 'id'))::int as id,
             'STM-' || lpad(nextval('scm.statement_no')::text, 6, '0') as number
        from scm.suppliers s where s.id = ${input.supplierId}
         for update of s`.execute(tx.db);
    const head = rows[0];
    if (!head) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (head.live) throw new DomainError('DUPLICATE', `supplier ${input.supplierId} already has a statement for ${input.period} or later`, 'period');
    tx.emit({ aggregateType: 'supplier_statement', aggregateId: head.id, type: 'supplier_statement.generated', payload: { statementNo: head.number, supplierId: input.supplierId, period: input.period } });
    const { rows: made } = await sql<{ lines: number; closing: number }>`
      with docs as (
        select 'bill' as kind, b.id, b.bill_no as no, b.bill_date as d, b.gross_amount as amount from scm.vendor_bills b
         where b.supplier_id = ${input.supplierId} and b.currency = ${head.currency} and b.bill_date <= ${periodEnd}
        union all
        select 'payment', p.id, p.payment_no, p.payment_date, -p.amount from scm.supplier_payments p
         where p.supplier_id = ${input.supplierId} and p.currency = ${head.currency} and p.payment_date <= ${periodEnd}
        union all
        select 'discount', p.id, p.payment_no, p.payment_date, -sum(a.discount) from scm.supplier_payments p join scm.supplier_payment_allocations a on a.payment_id = p.id
         where p.supplier_id = ${input.supplierId} and p.currency = ${head.currency} and p.payment_date <= ${periodEnd} and a.discount > 0
         group by p.id
        union all
        select 'credit', c.id, c.credit_no, c.credit_date, -c.amount from scm.supplier_credits c
         where c.supplier_id = ${input.supplierId} and c.currency = ${head.currency} and c.credit_date <= ${periodEnd}
        union all
        select 'return', r.id, r.return_no, r.return_date, 0 from scm.supplier_returns r
         where r.supplier_id = ${input.supplierId} and r.return_date <= ${periodEnd}
      ), open_docs as (
        select d.*, row_number() over (order by d.d, d.kind, d.id)::int as line_no from docs d
         where not exists (select 1 from scm.supplier_statement_lines l where l.doc_kind = d.kind and l.doc_id = d.id and not l.released)
      ), st as (
        insert into scm.supplier_statements (id, statement_no, supplier_id, period, period_end, currency, opening_balance, closing_balance, status, generated_date, created_by)
        select ${head.id}, ${head.number}, ${input.supplierId}, ${input.period}, ${periodEnd}, ${head.currency}, ${head.opening},
               ${head.opening} + coalesce((select sum(amount) from open_docs), 0), 'generated', ${input.date}, ${tx.actor}
        returning id, closing_balance
      ), ln as (
        insert into scm.supplier_statement_lines (statement_id, line_no, doc_kind, doc_id, doc_no, doc_date, amount)
        select st.id, o.line_no, o.kind, o.id, o.no, o.d, o.amount from st, open_docs o
        returning id
      ), events as (${tx.eventsInsert()})
      select (select count(*) from ln)::int as lines, (select closing_balance from st) as closing`.execute(tx.db);
    return { statementId: head.id, statementNo: head.number, openingBalance: head.opening, closingBalance: made[0]!.closing, lines: made[0]!.lines };
  },
);

/**
 * The supplier's answer: its closing balance, the lines whose amount it disputes (with its
 * amount), our lines missing from its statement, and its documents we do not have. Every other
 * line is confirmed. Each discrepancy is recorded, and the balance difference if there is one.
 */
export const recordSupplierResponse = defineCommand(
  'scm.recordSupplierResponse',
  z.object({
    statementId: id,
    date: isoDate,
    supplierBalance: signedAmount,
    disputes: z.array(z.object({ lineId: id, supplierAmount: signedAmount, note: z.string().trim().max(500).optional() })).max(500).default([]),
    missing: z.array(z.object({ lineId: id, note: z.string().trim().max(500).optional() })).max(500).default([]),
    unknownToUs: z.array(z.object({ supplierRef: z.string().trim().min(1).max(60), amount: signedAmount, note: z.string().trim().max(500).optional() })).max(500).default([]),
  }),
  async (tx, input) => {
    const st = await lockStatement(tx, input.statementId);
    if (st.status !== 'generated') throw new DomainError('NOT_ALLOWED', `statement ${st.statement_no} is ${st.status}; the supplier has answered it`, 'statementId');
    const { rows: lines } = await sql<{ id: number; amount: number }>`select id, amount from scm.supplier_statement_lines where statement_id = ${st.id}`.execute(tx.db);
    const amountOf = (lineId: number, field: string) => {
      const l = lines.find((x) => x.id === lineId);
      if (!l) throw new DomainError('NOT_FOUND', `line ${lineId} is not on statement ${st.statement_no}`, field);
      return l.amount;
    };
    const flagged = new Set<number>();
    type Discrepancy = { line_id: number | null; kind: string; our_amount: number; supplier_amount: number; difference: number; supplier_ref: string | null; note: string | null };
    const discrepancies: Discrepancy[] = [
      ...input.disputes.map((d, i) => {
        const ours = amountOf(d.lineId, `disputes.${i}.lineId`);
        if (flagged.has(d.lineId)) throw new DomainError('INVALID_INPUT', `line ${d.lineId} is answered twice`, `disputes.${i}.lineId`);
        flagged.add(d.lineId);
        return { line_id: d.lineId, kind: 'amount', our_amount: ours, supplier_amount: d.supplierAmount, difference: d.supplierAmount - ours, supplier_ref: null, note: d.note ?? null };
      }),
      ...input.missing.map((m, i) => {
        const ours = amountOf(m.lineId, `missing.${i}.lineId`);
        if (flagged.has(m.lineId)) throw new DomainError('INVALID_INPUT', `line ${m.lineId} is answered twice`, `missing.${i}.lineId`);
        flagged.add(m.lineId);
        return { line_id: m.lineId, kind: 'not_on_supplier_statement', our_amount: ours, supplier_amount: 0, difference: -ours, supplier_ref: null, note: m.note ?? null };
      }),
      ...input.unknownToUs.map((u) => ({ line_id: null, kind: 'unknown_to_us', our_amount: 0, supplier_amount: u.amount, difference: u.amount, supplier_ref: u.supplierRef, note: u.note ?? null })),
    ];
    const balanceDifference = input.supplierBalance - st.closing_balance;
    if (balanceDifference !== 0) {
      discrepancies.push({ line_id: null, kind: 'balance', our_amount: st.closing_balance, supplier_amount: input.supplierBalance, difference: balanceDifference, supplier_ref: null, note: null });
    }
    tx.emit({ aggregateType: 'supplier_statement', aggregateId: st.id, type: 'supplier_statement.responded', payload: { statementNo: st.statement_no, supplierBalance: input.supplierBalance, discrepancies: discrepancies.length } });
    await sql`
      with x as (select * from jsonb_to_recordset(${JSON.stringify(discrepancies)}::jsonb) as x(line_id int, kind text, our_amount bigint, supplier_amount bigint, difference bigint, supplier_ref text, note text)),
      d as (
        insert into scm.supplier_statement_discrepancies (statement_id, line_id, kind, our_amount, supplier_amount, difference, supplier_ref, note)
        select ${st.id}, x.line_id, x.kind, x.our_amount, x.supplier_amount, x.difference, x.supplier_ref, x.note from x
      ), l as (
        update scm.supplier_statement_lines l
           set status = case when x.line_id is null then 'confirmed' else 'disputed' end,
               supplier_amount = case when x.kind = 'amount' then x.supplier_amount when x.kind = 'not_on_supplier_statement' then 0 else l.amount end,
               note = x.note
          from scm.supplier_statement_lines l2 left join x on x.line_id = l2.id
         where l.id = l2.id and l2.statement_id = ${st.id}
      ), events as (${tx.eventsInsert()})
      update scm.supplier_statements set status = 'responded', responded_date = ${input.date}, supplier_balance = ${input.supplierBalance},
             discrepancy_total = ${balanceDifference} where id = ${st.id}`.execute(tx.db);
    return { statementId: st.id, status: 'responded' as const, discrepancies: discrepancies.length, balanceDifference };
  },
);

/**
 * The internal first review of an answered statement (by an active employee), which sends it to
 * final approval (documentType 'supplier_statement', by the size of the balance difference):
 * reconciled when approved (at once with no rule), rejected otherwise, when its documents become
 * unreconciled again.
 */
export const reviewSupplierStatement = defineCommand(
  'scm.reviewSupplierStatement',
  z.object({ statementId: id, reviewerId: id, date: isoDate, note: z.string().trim().max(1000).optional(), department: z.string().trim().min(1).max(60).optional() }),
  async (tx, input) => {
    const st = await lockStatement(tx, input.statementId);
    if (st.status !== 'responded') throw new DomainError('NOT_ALLOWED', `statement ${st.statement_no} is ${st.status}; only an answered statement is reviewed`, 'statementId');
    const reviewer = await tx.db.selectFrom('people.employees').select(['id', 'active']).where('id', '=', input.reviewerId).executeTakeFirst();
    if (!reviewer) throw new DomainError('NOT_FOUND', `employee ${input.reviewerId} does not exist`, 'reviewerId');
    if (!reviewer.active) throw new DomainError('NOT_ALLOWED', `employee ${input.reviewerId} is not active`, 'reviewerId');
    const approval = await approvals.requestApproval(tx, {
      documentType: SUPPLIER_STATEMENT, documentId: st.id, amount: Math.abs(st.discrepancy_total ?? 0), department: input.department, date: input.date,
      summary: `${st.statement_no}: supplier ${st.supplier_id}, ${st.period}, difference ${st.discrepancy_total ?? 0}`,
    });
    tx.emit({ aggregateType: 'supplier_statement', aggregateId: st.id, type: 'supplier_statement.reviewed', payload: { reviewerId: input.reviewerId, approval: approval.status } });
    await sql`with events as (${tx.eventsInsert()})
              update scm.supplier_statements set status = 'reviewed', reviewer_id = ${input.reviewerId}, reviewed_date = ${input.date},
                     review_note = ${input.note ?? null}, approval_request_id = ${approval.requestId} where id = ${st.id}`.execute(tx.db);
    if (approval.status === 'approved') await conclude(tx, st.id, 'approved', input.date);
    return { statementId: st.id, status: approval.status === 'approved' ? 'reconciled' as const : 'reviewed' as const, approvalRequestId: approval.requestId, ...(approval.nextRole ? { nextRole: approval.nextRole } : {}) };
  },
);

approvals.onApprovalDecided(SUPPLIER_STATEMENT, async (tx, e) => conclude(tx, e.documentId, e.status, e.date));

async function conclude(tx: Tx, statementId: number, decision: 'approved' | 'rejected', date: string) {
  const status: StatementStatus = decision === 'approved' ? 'reconciled' : 'rejected';
  tx.emit({ aggregateType: 'supplier_statement', aggregateId: statementId, type: `supplier_statement.${status}`, payload: {} });
  await sql`
    with l as (update scm.supplier_statement_lines set released = true where statement_id = ${statementId} and ${status === 'rejected'}),
    events as (${tx.eventsInsert()})
    update scm.supplier_statements set status = ${status}, closed_date = ${date} where id = ${statementId} and status = 'reviewed'`.execute(tx.db);
}

async function lockStatement(tx: Tx, statementId: number) {
  const st = await tx.db.selectFrom('scm.supplier_statements').selectAll().where('id', '=', statementId).forUpdate().executeTakeFirst();
  if (!st) throw new DomainError('NOT_FOUND', `statement ${statementId} does not exist`, 'statementId');
  return st;
}

/** What the books say we owe a supplier in its currency at a date: its payables postings in that currency. */
export async function supplierLedgerBalance(db: Kysely<DB>, supplierId: number, asOf: string): Promise<number> {
  const { rows } = await sql<{ b: number }>`
    select coalesce(-sum(l.amount_txn), 0)::bigint as b
      from finance.journal_lines l join finance.journal_entries e on e.id = l.entry_id
      join scm.suppliers s on s.id = l.supplier_id
     where l.account_code = (select account_code from finance.account_roles where role = 'payables')
       and l.supplier_id = ${supplierId} and l.currency = s.currency and e.entry_date <= ${asOf}`.execute(db);
  return Number(rows[0]!.b);
}

export interface SupplierStatement {
  statementId: number;
  statementNo: string;
  supplierId: number;
  supplierCode: string;
  period: string;
  periodEnd: string;
  currency: string;
  status: StatementStatus;
  openingBalance: number;
  closingBalance: number;
  supplierBalance: number | null;
  /** The books at the period end, for the tie-out: equals closingBalance. */
  ledgerBalance: number;
  reviewerId: number | null;
  approvalRequestId: number | null;
  lines: { lineId: number; lineNo: number; kind: StatementDocKind; docNo: string; date: string; amount: number; status: string; supplierAmount: number | null; note: string | null }[];
  discrepancies: { kind: string; lineId: number | null; ourAmount: number; supplierAmount: number; difference: number; supplierRef: string | null; note: string | null }[];
}

/** A supplier's statement for a month (the live one, else the latest rejected), with its lines and discrepancies. */
export async function supplierStatement(db: Kysely<DB>, filter: { supplierId?: number; supplierCode?: string; period: string }): Promise<SupplierStatement | undefined> {
  const { rows } = await sql<Omit<SupplierStatement, 'ledgerBalance'>>`
    select t.id as "statementId", t.statement_no as "statementNo", t.supplier_id as "supplierId", s.code as "supplierCode", t.period,
           t.period_end as "periodEnd", t.currency, t.status, t.opening_balance as "openingBalance", t.closing_balance as "closingBalance",
           t.supplier_balance as "supplierBalance", t.reviewer_id as "reviewerId", t.approval_request_id as "approvalRequestId",
           coalesce((select jsonb_agg(jsonb_build_object('lineId', l.id, 'lineNo', l.line_no, 'kind', l.doc_kind, 'docNo', l.doc_no, 'date', l.doc_date,
                       'amount', l.amount, 'status', l.status, 'supplierAmount', l.supplier_amount, 'note', l.note) order by l.line_no)
                       from scm.supplier_statement_lines l where l.statement_id = t.id), '[]') as lines,
           coalesce((select jsonb_agg(jsonb_build_object('kind', d.kind, 'lineId', d.line_id, 'ourAmount', d.our_amount, 'supplierAmount', d.supplier_amount,
                       'difference', d.difference, 'supplierRef', d.supplier_ref, 'note', d.note) order by d.id)
                       from scm.supplier_statement_discrepancies d where d.statement_id = t.id), '[]') as discrepancies
      from scm.supplier_statements t join scm.suppliers s on s.id = t.supplier_id
     where t.period = ${filter.period}
       ${filter.supplierId !== undefined ? sql`and t.supplier_id = ${filter.supplierId}` : sql``}
       ${filter.supplierCode !== undefined ? sql`and s.code = ${filter.supplierCode}` : sql``}
     order by (t.status = 'rejected'), t.id desc limit 1`.execute(db);
  const st = rows[0];
  if (!st) return undefined;
  return { ...st, ledgerBalance: await supplierLedgerBalance(db, st.supplierId, st.periodEnd) };
}
