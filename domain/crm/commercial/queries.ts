import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { ContractStatus, InstalmentStatus, InvoicingRequestStatus, QuoteStatus } from './tables.js';

/**
 * Read-only views of quotes, contracts, instalments and invoicing requests. An instalment's
 * status and payments come from the ERP invoice that bills it and that invoice's payment
 * allocations: open (not invoiced), invoiced (nothing settled), partially_paid, paid (nothing
 * left open — settled by payments or credit notes).
 */

export interface QuoteSummary {
  quoteId: number;
  quoteNo: string;
  customerId: number;
  opportunityId: number | null;
  currency: string;
  quoteDate: string;
  /** The latest version's. */
  version: number;
  status: QuoteStatus;
  statusDate: string;
  validUntil: string;
  net: number;
  list: number;
  maxDiscountBp: number;
  needsApproval: boolean;
  salesOrderId: number | null;
}

export interface QuoteLine {
  lineNo: number;
  itemId: number;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  net: number;
}

export interface QuoteVersion {
  versionId: number;
  version: number;
  date: string;
  validUntil: string;
  status: QuoteStatus;
  statusDate: string;
  statusReason: string | null;
  list: number;
  net: number;
  maxDiscountBp: number;
  needsApproval: boolean;
  approvalRequestId: number | null;
  lines: QuoteLine[];
}

const quoteSummaryColumns = sql`
  q.id as "quoteId", q.quote_no as "quoteNo", q.customer_id as "customerId", q.opportunity_id as "opportunityId", q.currency,
  q.quote_date as "quoteDate", v.version_no as version, v.status, v.status_date as "statusDate", v.valid_until as "validUntil",
  v.net_amount as net, v.list_amount as list, v.max_discount_bp as "maxDiscountBp", v.needs_approval as "needsApproval", q.sales_order_id as "salesOrderId"`;

const latestVersion = sql`join lateral (select * from crm.quote_versions v where v.quote_id = q.id order by v.version_no desc limit 1) v on true`;

/** A customer's quotes, newest first, each as its latest version stands. */
export async function quotesForCustomer(db: Kysely<DB>, customerId: number): Promise<QuoteSummary[]> {
  const { rows } = await sql<QuoteSummary>`
    select ${quoteSummaryColumns} from crm.quotes q ${latestVersion}
     where q.customer_id = ${customerId} order by q.quote_date desc, q.id desc`.execute(db);
  return rows;
}

/** A quote with every version (oldest first) and its lines. */
export async function quoteDetail(db: Kysely<DB>, quoteId: number): Promise<(QuoteSummary & { versions: QuoteVersion[] }) | undefined> {
  const { rows } = await sql<QuoteSummary & { versions: QuoteVersion[] }>`
    select ${quoteSummaryColumns},
           (select jsonb_agg(jsonb_build_object(
                     'versionId', w.id, 'version', w.version_no, 'date', w.version_date, 'validUntil', w.valid_until, 'status', w.status,
                     'statusDate', w.status_date, 'statusReason', w.status_reason, 'list', w.list_amount, 'net', w.net_amount,
                     'maxDiscountBp', w.max_discount_bp, 'needsApproval', w.needs_approval, 'approvalRequestId', w.approval_request_id,
                     'lines', (select jsonb_agg(jsonb_build_object('lineNo', l.line_no, 'itemId', l.item_id, 'quantity', l.quantity, 'unitPrice', l.unit_price,
                                                                  'discountBp', l.discount_bp, 'net', l.net_amount) order by l.line_no)
                                 from crm.quote_lines l where l.version_id = w.id)) order by w.version_no)
              from crm.quote_versions w where w.quote_id = q.id) as versions
      from crm.quotes q ${latestVersion} where q.id = ${quoteId}`.execute(db);
  return rows[0];
}

export interface InstalmentView {
  instalmentId: number;
  contractId: number;
  seq: number;
  dueDate: string;
  /** Net, contract currency. */
  amount: number;
  status: InstalmentStatus;
  invoiceId: number | null;
  invoiceNo: string | null;
  invoicedDate: string | null;
  /** Gross of the invoice (net + tax), its open amount and what payments settled, invoice currency. */
  invoiceGross: number | null;
  openAmount: number | null;
  paid: number;
  payments: { paymentId: number; paymentNo: string; date: string; amount: number }[];
}

const instalmentColumns = sql`
  i.id as "instalmentId", i.contract_id as "contractId", i.seq, i.due_date as "dueDate", i.amount,
  case when i.invoice_id is null then 'open' when inv.open_amount = 0 then 'paid'
       when inv.open_amount < inv.gross_amount then 'partially_paid' else 'invoiced' end as status,
  i.invoice_id as "invoiceId", inv.invoice_no as "invoiceNo", i.invoiced_date as "invoicedDate", inv.gross_amount as "invoiceGross",
  inv.open_amount as "openAmount",
  coalesce((select sum(a.amount) from erp.payment_allocations a where a.invoice_id = i.invoice_id), 0)::bigint as paid,
  coalesce((select jsonb_agg(jsonb_build_object('paymentId', p.id, 'paymentNo', p.payment_no, 'date', a.allocation_date, 'amount', a.amount) order by a.id)
              from erp.payment_allocations a join erp.customer_payments p on p.id = a.payment_id where a.invoice_id = i.invoice_id), '[]') as payments`;

export interface ContractView {
  contractId: number;
  contractNo: string;
  customerId: number;
  title: string;
  currency: string;
  value: number;
  valueFunctional: number;
  taxCategory: string | null;
  signedDate: string;
  startDate: string;
  endDate: string;
  status: ContractStatus;
  statusDate: string;
  statusReason: string | null;
  approvalRequestId: number | null;
  orderIds: number[];
  instalments: InstalmentView[];
}

function contractsWhere(where: RawBuilder<unknown>) {
  return sql<ContractView>`
    select k.id as "contractId", k.contract_no as "contractNo", k.customer_id as "customerId", k.title, k.currency, k.value,
           k.value_functional as "valueFunctional", k.tax_category as "taxCategory", k.signed_date as "signedDate", k.start_date as "startDate",
           k.end_date as "endDate", k.status, k.status_date as "statusDate", k.status_reason as "statusReason", k.approval_request_id as "approvalRequestId",
           coalesce((select jsonb_agg(o.order_id order by o.order_id) from crm.contract_orders o where o.contract_id = k.id), '[]') as "orderIds",
           coalesce((select jsonb_agg(to_jsonb(x) order by x.seq) from (
                       select ${instalmentColumns} from crm.contract_instalments i left join erp.customer_invoices inv on inv.id = i.invoice_id
                        where i.contract_id = k.id) x), '[]') as instalments
      from crm.contracts k where ${where}
     order by k.signed_date desc, k.id desc`;
}

/** A customer's contracts, newest first, each with its linked orders and its instalments. */
export async function contractsForCustomer(db: Kysely<DB>, customerId: number): Promise<ContractView[]> {
  return (await contractsWhere(sql`k.customer_id = ${customerId}`).execute(db)).rows;
}

export async function contractDetail(db: Kysely<DB>, contractId: number): Promise<ContractView | undefined> {
  return (await contractsWhere(sql`k.id = ${contractId}`).execute(db)).rows[0];
}

export interface OverdueInstalment extends InstalmentView {
  contractNo: string;
  customerId: number;
  customerName: string;
  currency: string;
  daysOverdue: number;
  /** What is still owed: the invoice's open amount, or the instalment itself while not invoiced. */
  outstanding: number;
}

/**
 * Instalments past their due date and not paid as of `asOf` (due before it), most overdue first:
 * invoiced ones of any contract, and those not yet invoiced of active contracts.
 */
export async function overdueInstalments(db: Kysely<DB>, options: { asOf: string; customerId?: number }): Promise<OverdueInstalment[]> {
  const { rows } = await sql<OverdueInstalment>`
    select ${instalmentColumns}, k.contract_no as "contractNo", k.customer_id as "customerId", c.name as "customerName", k.currency,
           (${options.asOf}::date - i.due_date)::int as "daysOverdue", coalesce(inv.open_amount, i.amount)::bigint as outstanding
      from crm.contract_instalments i join crm.contracts k on k.id = i.contract_id join crm.customers c on c.id = k.customer_id
      left join erp.customer_invoices inv on inv.id = i.invoice_id
     where i.due_date < ${options.asOf}
       and (inv.open_amount > 0 or (i.invoice_id is null and k.status = 'active'))
       ${options.customerId !== undefined ? sql`and k.customer_id = ${options.customerId}` : sql``}
     order by i.due_date, i.id`.execute(db);
  return rows;
}

export interface InstalmentToInvoice {
  instalmentId: number;
  contractId: number;
  contractNo: string;
  customerId: number;
  seq: number;
  dueDate: string;
  amount: number;
  currency: string;
}

/** Instalments of active contracts due within `leadDays` of `asOf` (or earlier), not invoiced and with no live request. */
export async function instalmentsToInvoice(db: Kysely<DB>, options: { asOf: string; leadDays?: number }): Promise<InstalmentToInvoice[]> {
  const { rows } = await sql<InstalmentToInvoice>`
    select i.id as "instalmentId", k.id as "contractId", k.contract_no as "contractNo", k.customer_id as "customerId", i.seq,
           i.due_date as "dueDate", i.amount, k.currency
      from crm.contract_instalments i join crm.contracts k on k.id = i.contract_id
     where i.invoice_id is null and k.status = 'active' and i.due_date <= ${options.asOf}::date + ${options.leadDays ?? 0}::int
       and not exists (select 1 from crm.invoicing_requests r where r.instalment_id = i.id and r.status in ('pending_approval', 'invoiced'))
     order by i.due_date, i.id`.execute(db);
  return rows;
}

export interface InvoicingRequestView {
  requestId: number;
  requestNo: string;
  customerId: number;
  kind: 'instalment' | 'order';
  instalmentId: number | null;
  orderId: number | null;
  currency: string;
  amount: number;
  amountFunctional: number;
  requestDate: string;
  status: InvoicingRequestStatus;
  statusDate: string;
  approvalRequestId: number;
  invoiceId: number | null;
}

export async function invoicingRequests(db: Kysely<DB>, filter: { status?: InvoicingRequestStatus; customerId?: number } = {}): Promise<InvoicingRequestView[]> {
  const { rows } = await sql<InvoicingRequestView>`
    select id as "requestId", request_no as "requestNo", customer_id as "customerId", case when instalment_id is null then 'order' else 'instalment' end as kind,
           instalment_id as "instalmentId", order_id as "orderId", currency, amount, amount_functional as "amountFunctional", request_date as "requestDate",
           status, status_date as "statusDate", approval_request_id as "approvalRequestId", invoice_id as "invoiceId"
      from crm.invoicing_requests
     where true ${filter.status ? sql`and status = ${filter.status}` : sql``} ${filter.customerId !== undefined ? sql`and customer_id = ${filter.customerId}` : sql``}
     order by request_date, id`.execute(db);
  return rows;
}

/** Active contracts whose term has ended by `date` and whose every instalment is invoiced and settled. */
export async function contractsToComplete(db: Kysely<DB>, date: string): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select k.id from crm.contracts k
     where k.status = 'active' and k.end_date <= ${date}
       and not exists (select 1 from crm.contract_instalments i left join erp.customer_invoices inv on inv.id = i.invoice_id
                        where i.contract_id = k.id and (i.invoice_id is null or inv.open_amount > 0))
     order by k.id`.execute(db);
  return rows.map((r) => r.id);
}

export interface InstalmentAwaitingPayment {
  instalmentId: number;
  contractId: number;
  customerId: number;
  seq: number;
  dueDate: string;
  invoiceId: number;
  invoiceDueDate: string;
  currency: string;
  openAmount: number;
}

/** Invoiced instalments whose invoice is still open, by due date (for collections). */
export async function instalmentsAwaitingPayment(db: Kysely<DB>): Promise<InstalmentAwaitingPayment[]> {
  const { rows } = await sql<InstalmentAwaitingPayment>`
    select i.id as "instalmentId", i.contract_id as "contractId", inv.customer_id as "customerId", i.seq, i.due_date as "dueDate",
           inv.id as "invoiceId", inv.due_date as "invoiceDueDate", inv.currency, inv.open_amount as "openAmount"
      from crm.contract_instalments i join erp.customer_invoices inv on inv.id = i.invoice_id
     where inv.open_amount > 0
     order by i.due_date, i.id`.execute(db);
  return rows;
}

/** Ids of the invoices that bill contract instalments (so a collector can leave them to the contract's plan). */
export async function instalmentInvoiceIds(db: Kysely<DB>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select invoice_id as id from crm.contract_instalments where invoice_id is not null order by 1`.execute(db);
  return rows.map((r) => r.id);
}

/** How many live quote versions expireQuotes would expire as of a date. */
export async function quotesToExpire(db: Kysely<DB>, asOf: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from crm.quote_versions where status in ('draft', 'pending_approval', 'approved', 'sent') and valid_until < ${asOf}`.execute(db);
  return rows[0]!.n;
}
