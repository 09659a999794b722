import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { relatedDocument, totalAmount, type Counterparty, type DocumentBase, type ItemRef, type RelatedDocument } from '../kernel/documents.js';
import { functionalCurrency } from '../core/currency.js';
import { postingsOf } from '../finance/references.js';
import { lotNumbers, lotReferences } from '../erp/references.js';

/**
 * Procure-to-pay documents read by number, as a reader opens them from a dashboard row: header,
 * lines, totals (integer minor units of the document's currency; receipts are valued in the
 * functional currency) and the documents related to each. Read-only. Lots are ERP's and
 * journal entries finance's; both come from those areas' reference functions.
 */

const supplierParty = (alias: string) => sql.raw(`jsonb_build_object('role', 'supplier', 'code', ${alias}.code, 'name', ${alias}.legal_name)`);
const billStatus = (alias: string) =>
  sql.raw(`case when ${alias}.match_status = 'blocked' then 'blocked' when ${alias}.open_amount = 0 then 'settled'
                when ${alias}.open_amount < ${alias}.gross_amount then 'partly settled' else 'open' end`);

export interface PurchaseOrderLine {
  lineNo: number;
  item: ItemRef;
  quantity: number;
  unitPrice: number;
  /** Quantity × unit price, order currency. */
  amount: number;
  expectedDate: string | null;
  received: number;
  returned: number;
  billed: number;
  inTransit: number;
}

export interface PurchaseOrderDocument extends DocumentBase<'purchase-order'> {
  expectedDate: string;
  warehouse: { code: string; name: string };
  approvalStatus: string;
  version: number;
  lines: PurchaseOrderLine[];
  /** Change orders, oldest first: each a new version with the net before and after. */
  changes: { version: number; date: string; reason: string; netBefore: number; netAfter: number }[];
  /** Order currency; `billed` is the gross of the bills on the order. */
  totals: { net: number; billed: number };
}

export async function purchaseOrderDocument(db: Kysely<DB>, poNo: string): Promise<PurchaseOrderDocument | null> {
  const { rows } = await sql<{
    id: number; po_no: string; order_date: string; expected_date: string; status: string; currency: string; net: number; approval_status: string; version: number;
    supplier: Counterparty; warehouse: { code: string; name: string }; lines: PurchaseOrderLine[]; changes: PurchaseOrderDocument['changes'];
  }>`
    select p.id, p.po_no, p.order_date, p.expected_date, p.status, p.currency, p.net_amount as net, p.approval_status, p.version,
           ${supplierParty('s')} as supplier, jsonb_build_object('code', w.code, 'name', w.name) as warehouse,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'lineNo', l.line_no, 'item', jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit), 'quantity', l.quantity,
                       'unitPrice', l.unit_price, 'amount', l.quantity * l.unit_price, 'expectedDate', l.expected_date, 'received', l.received_qty,
                       'returned', l.returned_qty, 'billed', l.billed_qty, 'inTransit', l.in_transit_qty) order by l.line_no)
                       from scm.purchase_order_lines l join erp.items i on i.id = l.item_id where l.po_id = p.id), '[]') as lines,
           coalesce((select jsonb_agg(jsonb_build_object('version', v.version, 'date', v.change_date, 'reason', v.reason,
                                                         'netBefore', v.net_before, 'netAfter', v.net_after) order by v.version)
                       from scm.purchase_order_versions v where v.po_id = p.id), '[]') as changes
      from scm.purchase_orders p join scm.suppliers s on s.id = p.supplier_id join erp.warehouses w on w.id = p.warehouse_id
     where p.po_no = ${poNo}`.execute(db);
  const p = rows[0];
  if (!p) return null;
  const functional = await functionalCurrency(db);
  const own = await sql<RelatedDocument & { id: number; source_type: string | null }>`
    select 'requisition' as relation, 'requisition' as kind, r.requisition_no as number, r.request_date as date, r.status, r.amount,
           ${functional}::text as currency, r.id, null as source_type
      from scm.requisitions r where r.po_line_id in (select id from scm.purchase_order_lines where po_id = ${p.id})
    union all
    select 'shipping notice', 'asn', a.asn_no, a.ship_date, a.status, null, null, a.id, null from scm.asns a where a.po_id = ${p.id}
    union all
    select 'receipt', 'receipt', g.receipt_no, g.receipt_date, null, g.value, ${functional}::text, g.id, 'goods_receipt'
      from scm.goods_receipts g where g.po_id = ${p.id}
    union all
    select 'vendor bill', 'vendor-bill', b.bill_no, b.bill_date, ${billStatus('b')}, b.gross_amount, b.currency::text, b.id, 'vendor_bill'
      from scm.vendor_bills b where b.po_id = ${p.id}
    union all
    select 'return to supplier', 'supplier-return', x.return_no, x.return_date, null, x.stock_value, ${functional}::text, x.id, 'supplier_return'
      from scm.supplier_returns x where x.po_id = ${p.id}
    union all
    select 'supplier credit', 'supplier-credit', c.credit_no, c.credit_date, null, c.amount, c.currency::text, c.id, 'supplier_credit'
      from scm.supplier_credits c join scm.vendor_bills b on b.id = c.bill_id where b.po_id = ${p.id}
    union all
    select distinct on (sp.id) 'payment', 'supplier-payment', sp.payment_no, sp.payment_date, null, sp.amount, sp.currency::text, sp.id, null
      from scm.supplier_payments sp join scm.supplier_payment_allocations a on a.payment_id = sp.id join scm.vendor_bills b on b.id = a.bill_id
     where b.po_id = ${p.id}
    order by 4, 3`.execute(db);
  const postings = await postingsOf(db, ['goods_receipt', 'vendor_bill', 'supplier_return', 'supplier_credit'].map((t) => ({ sourceType: t, sourceIds: own.rows.filter((r) => r.source_type === t).map((r) => r.id) })));
  return {
    kind: 'purchase-order',
    number: p.po_no,
    date: p.order_date,
    status: p.status,
    counterparty: p.supplier,
    currency: p.currency,
    expectedDate: p.expected_date,
    warehouse: p.warehouse,
    approvalStatus: p.approval_status,
    version: p.version,
    lines: p.lines,
    changes: p.changes,
    totals: { net: p.net, billed: totalAmount(own.rows.filter((r) => r.kind === 'vendor-bill')) },
    related: [...own.rows.map(relatedDocument), ...postings],
  };
}

export interface ReceiptInspection {
  inspectionNo: string;
  date: string;
  sampled: number;
  inspected: number;
  accepted: number;
  rejected: number;
  defects: { code: string; quantity: number }[];
  note: string | null;
}

export interface ReceiptLine {
  poLineNo: number;
  item: ItemRef;
  quantity: number;
  /** Functional minor units, at the receipt date's rate. */
  value: number;
  lotNo: string | null;
  /** The quality inspection of this line; null when it was not inspected. */
  inspection: ReceiptInspection | null;
}

export interface ReceiptDocument extends DocumentBase<'receipt'> {
  poNo: string;
  warehouse: { code: string; name: string };
  lines: ReceiptLine[];
  /** Functional minor units; quantities in units, accepted and rejected by inspection. */
  totals: { value: number; quantity: number; accepted: number; rejected: number };
}

export async function receiptDocument(db: Kysely<DB>, receiptNo: string): Promise<ReceiptDocument | null> {
  const { rows } = await sql<{
    id: number; receipt_no: string; receipt_date: string; value: number; po_id: number; po_no: string; supplier: Counterparty; warehouse: { code: string; name: string };
    lines: (Omit<ReceiptLine, 'lotNo'> & { lotId: number | null })[];
  }>`
    select g.id, g.receipt_no, g.receipt_date, g.value, p.id as po_id, p.po_no, ${supplierParty('s')} as supplier,
           jsonb_build_object('code', w.code, 'name', w.name) as warehouse,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'poLineNo', pl.line_no, 'item', jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit), 'quantity', l.quantity,
                       'value', l.value, 'lotId', l.lot_id,
                       'inspection', case when n.id is null then null else jsonb_build_object(
                         'inspectionNo', n.inspection_no, 'date', n.inspection_date, 'sampled', n.sampled_qty, 'inspected', n.inspected_qty,
                         'accepted', n.accepted_qty, 'rejected', n.rejected_qty, 'note', n.note,
                         'defects', coalesce((select jsonb_agg(jsonb_build_object('code', d.defect_code, 'quantity', d.quantity) order by d.defect_code)
                                                from scm.inspection_defects d where d.inspection_id = n.id), '[]')) end) order by pl.line_no, l.id)
                       from scm.goods_receipt_lines l join scm.purchase_order_lines pl on pl.id = l.po_line_id join erp.items i on i.id = l.item_id
                       left join scm.inspections n on n.receipt_line_id = l.id
                      where l.receipt_id = g.id), '[]') as lines
      from scm.goods_receipts g join scm.purchase_orders p on p.id = g.po_id join scm.suppliers s on s.id = p.supplier_id
      join erp.warehouses w on w.id = g.warehouse_id
     where g.receipt_no = ${receiptNo}`.execute(db);
  const g = rows[0];
  if (!g) return null;
  const functional = await functionalCurrency(db);
  const lotIds = g.lines.flatMap((l) => (l.lotId === null ? [] : [l.lotId]));
  const [lotNos, lots, own] = await Promise.all([
    lotNumbers(db, lotIds),
    lotReferences(db, lotIds),
    sql<RelatedDocument & { id: number; source_type: string | null }>`
      select 'purchase order' as relation, 'purchase-order' as kind, p.po_no as number, p.order_date as date, p.status, p.net_amount as amount,
             p.currency::text as currency, p.id, null as source_type
        from scm.purchase_orders p where p.id = ${g.po_id}
      union all
      select 'shipping notice', 'asn', a.asn_no, a.ship_date, a.status, null, null, a.id, null from scm.asns a where a.receipt_id = ${g.id}
      union all
      select 'inspection', 'inspection', n.inspection_no, n.inspection_date,
             case when n.rejected_qty = 0 then 'accepted' when n.accepted_qty = 0 then 'rejected' else 'partly accepted' end, null, null, n.id, null
        from scm.inspections n where n.receipt_id = ${g.id}
      union all
      select 'return to supplier', 'supplier-return', x.return_no, x.return_date, null, x.stock_value, ${functional}::text, x.id, 'supplier_return'
        from scm.supplier_returns x where x.receipt_id = ${g.id}
      union all
      select 'bill on the order', 'vendor-bill', b.bill_no, b.bill_date, ${billStatus('b')}, b.gross_amount, b.currency::text, b.id, null
        from scm.vendor_bills b where b.po_id = ${g.po_id}
      order by 4, 3`.execute(db),
  ]);
  const postings = await postingsOf(db, [
    { sourceType: 'goods_receipt', sourceIds: [g.id] },
    { sourceType: 'supplier_return', sourceIds: own.rows.filter((r) => r.source_type === 'supplier_return').map((r) => r.id) },
  ]);
  const lines = g.lines.map(({ lotId, ...l }) => ({ ...l, lotNo: lotId === null ? null : (lotNos.get(lotId) ?? null) }));
  return {
    kind: 'receipt',
    number: g.receipt_no,
    date: g.receipt_date,
    status: null,
    counterparty: g.supplier,
    currency: functional,
    poNo: g.po_no,
    warehouse: g.warehouse,
    lines,
    totals: {
      value: g.value,
      quantity: lines.reduce((s, l) => s + l.quantity, 0),
      accepted: lines.reduce((s, l) => s + (l.inspection?.accepted ?? 0), 0),
      rejected: lines.reduce((s, l) => s + (l.inspection?.rejected ?? 0), 0),
    },
    related: [...own.rows.map(relatedDocument), ...lots, ...postings],
  };
}

export interface VendorBillLine {
  poLineNo: number;
  item: ItemRef;
  quantity: number;
  unitPrice: number;
  /** The order's price, for the price match; null on bills from before it was kept. */
  orderUnitPrice: number | null;
  /** Bill currency. */
  amount: number;
  /** Functional: the received value taken off GRNI, and the price variance. */
  grniValue: number;
  variance: number;
}

export interface VendorBillDocument extends DocumentBase<'vendor-bill'> {
  supplierRef: string;
  poNo: string | null;
  dueDate: string;
  rate: string;
  matchStatus: string;
  discountBp: number;
  discountUntil: string | null;
  lines: VendorBillLine[];
  /** Bill currency: `paid` by allocations (their discounts in `discounted`), `credited` by supplier credits. */
  totals: { gross: number; grossFunctional: number; open: number; paid: number; discounted: number; credited: number };
}

export async function vendorBillDocument(db: Kysely<DB>, billNo: string): Promise<VendorBillDocument | null> {
  const { rows } = await sql<{
    id: number; bill_no: string; supplier_ref: string; bill_date: string; due_date: string; status: string; currency: string; rate: string; gross: number;
    gross_functional: number; open: number; match_status: string; discount_bp: number; discount_until: string | null; po_id: number | null; po_no: string | null;
    supplier: Counterparty; lines: VendorBillLine[]; paid: number; discounted: number; credited: number;
  }>`
    select b.id, b.bill_no, b.supplier_ref, b.bill_date, b.due_date, ${billStatus('b')} as status, b.currency, b.rate::text as rate, b.gross_amount as gross,
           b.gross_functional, b.open_amount as open, b.match_status, b.discount_bp, b.discount_until, b.po_id, p.po_no, ${supplierParty('s')} as supplier,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'poLineNo', pl.line_no, 'item', jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit), 'quantity', l.quantity,
                       'unitPrice', l.unit_price, 'orderUnitPrice', l.order_unit_price, 'amount', l.amount, 'grniValue', l.grni_value, 'variance', l.variance)
                       order by pl.line_no, l.id)
                       from scm.vendor_bill_lines l join scm.purchase_order_lines pl on pl.id = l.po_line_id join erp.items i on i.id = pl.item_id
                      where l.bill_id = b.id), '[]') as lines,
           coalesce((select sum(a.amount) from scm.supplier_payment_allocations a where a.bill_id = b.id), 0)::bigint as paid,
           coalesce((select sum(a.discount) from scm.supplier_payment_allocations a where a.bill_id = b.id), 0)::bigint as discounted,
           coalesce((select sum(c.amount) from scm.supplier_credits c where c.bill_id = b.id), 0)::bigint as credited
      from scm.vendor_bills b join scm.suppliers s on s.id = b.supplier_id left join scm.purchase_orders p on p.id = b.po_id
     where b.bill_no = ${billNo}`.execute(db);
  const b = rows[0];
  if (!b) return null;
  const functional = await functionalCurrency(db);
  const own = await sql<RelatedDocument & { id: number; source_type: string | null }>`
    select 'purchase order' as relation, 'purchase-order' as kind, p.po_no as number, p.order_date as date, p.status, p.net_amount as amount,
           p.currency::text as currency, p.id, null as source_type
      from scm.purchase_orders p where p.id = ${b.po_id}
    union all
    select 'receipt on the order', 'receipt', g.receipt_no, g.receipt_date, null, g.value, ${functional}::text, g.id, null
      from scm.goods_receipts g where g.po_id = ${b.po_id}
    union all
    select 'payment', 'supplier-payment', sp.payment_no, sp.payment_date, null, a.amount, sp.currency::text, sp.id, 'supplier_payment'
      from scm.supplier_payment_allocations a join scm.supplier_payments sp on sp.id = a.payment_id where a.bill_id = ${b.id}
    union all
    select 'supplier credit', 'supplier-credit', c.credit_no, c.credit_date, null, c.amount, c.currency::text, c.id, 'supplier_credit'
      from scm.supplier_credits c where c.bill_id = ${b.id}
    order by 4, 3`.execute(db);
  const postings = await postingsOf(db, [
    { sourceType: 'vendor_bill', sourceIds: [b.id] },
    { sourceType: 'supplier_credit', sourceIds: own.rows.filter((r) => r.source_type === 'supplier_credit').map((r) => r.id) },
  ]);
  return {
    kind: 'vendor-bill',
    number: b.bill_no,
    date: b.bill_date,
    status: b.status,
    counterparty: b.supplier,
    currency: b.currency,
    supplierRef: b.supplier_ref,
    poNo: b.po_no,
    dueDate: b.due_date,
    rate: b.rate,
    matchStatus: b.match_status,
    discountBp: b.discount_bp,
    discountUntil: b.discount_until,
    lines: b.lines,
    totals: { gross: b.gross, grossFunctional: b.gross_functional, open: b.open, paid: b.paid, discounted: b.discounted, credited: b.credited },
    related: [...own.rows.map(relatedDocument), ...postings],
  };
}

export interface SupplierPaymentLine {
  billNo: string;
  /** Payment currency: the amount paid against the bill and the early-payment discount it took. */
  amount: number;
  discount: number;
  /** Functional value cleared from payables, and the exchange difference. */
  clearedFunctional: number;
  fxDifference: number;
}

export interface SupplierPaymentDocument extends DocumentBase<'supplier-payment'> {
  rate: string;
  paymentRunNo: string | null;
  lines: SupplierPaymentLine[];
  totals: { amount: number; amountFunctional: number; allocated: number; unallocated: number; discounts: number };
}

export async function supplierPaymentDocument(db: Kysely<DB>, paymentNo: string): Promise<SupplierPaymentDocument | null> {
  const { rows } = await sql<{
    id: number; payment_no: string; payment_date: string; currency: string; rate: string; amount: number; amount_functional: number; unallocated: number;
    run_no: string | null; supplier: Counterparty; lines: SupplierPaymentLine[];
  }>`
    select sp.id, sp.payment_no, sp.payment_date, sp.currency, sp.rate::text as rate, sp.amount, sp.amount_functional, sp.unallocated, r.run_no,
           ${supplierParty('s')} as supplier,
           coalesce((select jsonb_agg(jsonb_build_object('billNo', b.bill_no, 'amount', a.amount, 'discount', a.discount,
                                                         'clearedFunctional', a.cleared_functional, 'fxDifference', a.fx_difference) order by a.id)
                       from scm.supplier_payment_allocations a join scm.vendor_bills b on b.id = a.bill_id where a.payment_id = sp.id), '[]') as lines
      from scm.supplier_payments sp join scm.suppliers s on s.id = sp.supplier_id left join scm.payment_runs r on r.id = sp.payment_run_id
     where sp.payment_no = ${paymentNo}`.execute(db);
  const p = rows[0];
  if (!p) return null;
  const [bills, postings] = await Promise.all([
    sql<RelatedDocument>`select 'settles bill' as relation, 'vendor-bill' as kind, b.bill_no as number, b.bill_date as date, ${billStatus('b')} as status,
                                b.gross_amount as amount, b.currency::text as currency
                           from scm.vendor_bills b where b.id in (select bill_id from scm.supplier_payment_allocations where payment_id = ${p.id})
                          order by b.bill_date, b.id`.execute(db),
    postingsOf(db, [{ sourceType: 'supplier_payment', sourceIds: [p.id] }]),
  ]);
  const allocated = p.lines.reduce((s, l) => s + l.amount, 0);
  return {
    kind: 'supplier-payment',
    number: p.payment_no,
    date: p.payment_date,
    status: p.unallocated === 0 ? 'allocated' : allocated === 0 ? 'unallocated' : 'partly allocated',
    counterparty: p.supplier,
    currency: p.currency,
    rate: p.rate,
    paymentRunNo: p.run_no,
    lines: p.lines,
    totals: { amount: p.amount, amountFunctional: p.amount_functional, allocated, unallocated: p.unallocated, discounts: p.lines.reduce((s, l) => s + l.discount, 0) },
    related: [
      ...(p.run_no ? [{ relation: 'payment run', kind: 'payment-run', number: p.run_no, date: p.payment_date, status: null, amount: null, currency: null } satisfies RelatedDocument] : []),
      ...bills.rows,
      ...postings,
    ],
  };
}

export interface RequisitionLine {
  item: ItemRef;
  quantity: number;
  /** Functional minor units: the requester's estimate per unit and in total. */
  unitEstimate: number;
  amount: number;
}

/** A purchase requisition: one item for one department, approved, and ordered on a purchase order line. */
export interface RequisitionDocument extends DocumentBase<'requisition'> {
  requester: { code: string; name: string };
  neededBy: string;
  decidedDate: string | null;
  note: string | null;
  /** The purchase order and line that ordered it; null until ordered. */
  ordered: { poNo: string; lineNo: number; quantity: number; unitPrice: number; currency: string } | null;
  lines: RequisitionLine[];
  totals: { amount: number };
}

export async function requisitionDocument(db: Kysely<DB>, requisitionNo: string): Promise<RequisitionDocument | null> {
  const { rows } = await sql<{
    id: number; requisition_no: string; request_date: string; needed_by: string; status: string; decided_date: string | null; note: string | null;
    quantity: number; unit_estimate: number; amount: number; department: Counterparty; requester: { code: string; name: string }; item: ItemRef;
    ordered: RequisitionDocument['ordered']; po: RelatedDocument | null;
  }>`
    select r.id, r.requisition_no, r.request_date, r.needed_by, r.status, r.decided_date, r.note, r.quantity, r.unit_estimate, r.amount,
           jsonb_build_object('role', 'department', 'code', d.code, 'name', d.name) as department,
           jsonb_build_object('code', e.code, 'name', e.name) as requester,
           jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit) as item,
           case when pl.id is null then null else
             jsonb_build_object('poNo', p.po_no, 'lineNo', pl.line_no, 'quantity', pl.quantity, 'unitPrice', pl.unit_price, 'currency', p.currency) end as ordered,
           case when p.id is null then null else
             jsonb_build_object('relation', 'ordered on', 'kind', 'purchase-order', 'number', p.po_no, 'date', p.order_date, 'status', p.status,
                                'amount', p.net_amount, 'currency', p.currency) end as po
      from scm.requisitions r join people.departments d on d.id = r.department_id join people.employees e on e.id = r.requester_id
      join erp.items i on i.id = r.item_id
      left join scm.purchase_order_lines pl on pl.id = r.po_line_id left join scm.purchase_orders p on p.id = pl.po_id
     where r.requisition_no = ${requisitionNo}`.execute(db);
  const r = rows[0];
  if (!r) return null;
  return {
    kind: 'requisition',
    number: r.requisition_no,
    date: r.request_date,
    status: r.status,
    counterparty: r.department,
    currency: await functionalCurrency(db),
    requester: r.requester,
    neededBy: r.needed_by,
    decidedDate: r.decided_date,
    note: r.note,
    ordered: r.ordered,
    lines: [{ item: r.item, quantity: r.quantity, unitEstimate: r.unit_estimate, amount: r.amount }],
    totals: { amount: r.amount },
    // A requisition posts nothing: its cost reaches the books through its order's receipts and bills.
    related: r.po ? [r.po] : [],
  };
}
