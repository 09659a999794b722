import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { Counterparty, DocumentBase, ItemRef, RelatedDocument } from '../../kernel/documents.js';
import { postingsOf } from '../../finance/references.js';
import { deliveryReferences, invoiceReferencesOfLines, returnCreditReferences } from '../../erp/references.js';
import type { TicketPriority, TicketType } from './tables.js';

/**
 * After-sales documents read by number: a customer return with its lines and what inspection
 * found, and a service ticket with its SLA standing and status history. Read-only. The
 * delivery, order, invoices, credit notes and refunds they relate to are ERP's, and come from
 * ERP's reference functions; journal entries from finance's.
 */

export interface ReturnLine {
  lineNo: number;
  item: ItemRef;
  quantity: number;
  reason: string;
  /** What inspection found once the goods arrived; null before. Costs functional, net and tax in the return's (invoice) currency. */
  inspection: { date: string; restocked: number; scrapped: number; restockCost: number; scrapCost: number; net: number; tax: number; note: string | null } | null;
}

export interface ReturnDocument extends DocumentBase<'return'> {
  reason: string;
  receivedDate: string | null;
  closedDate: string | null;
  lines: ReturnLine[];
  /**
   * `value` is the goods' net at invoice prices in functional units (what was approved);
   * `credited` and `refunded` are the return's currency, null until received; the costs are
   * functional.
   */
  totals: { value: number; net: number; tax: number; credited: number | null; refunded: number | null; restockedCost: number | null; scrappedCost: number | null };
}

export async function returnDocument(db: Kysely<DB>, returnNo: string): Promise<ReturnDocument | null> {
  const { rows } = await sql<{
    id: number; return_no: string; request_date: string; status: string; reason: string; currency: string; value: number; received_date: string | null;
    closed_date: string | null; credited: number | null; refunded: number | null; restocked_cost: number | null; scrapped_cost: number | null; delivery_id: number;
    customer: Counterparty; lines: (ReturnLine & { invoiceLineId: number })[];
  }>`
    select r.id, r.return_no, r.request_date, r.status, r.reason, r.currency, r.value_functional as value, r.received_date, r.closed_date,
           r.credited_amount as credited, r.refunded_amount as refunded, r.restocked_cost, r.scrapped_cost, r.delivery_id,
           jsonb_build_object('role', 'customer', 'code', c.code, 'name', c.name) as customer,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'lineNo', l.line_no, 'item', jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit), 'quantity', l.quantity, 'reason', l.reason,
                       'invoiceLineId', l.invoice_line_id,
                       'inspection', case when n.return_line_id is null then null else jsonb_build_object(
                         'date', n.inspected_date, 'restocked', n.restock_qty, 'scrapped', n.scrap_qty, 'restockCost', n.restock_cost,
                         'scrapCost', n.scrap_cost, 'net', n.net_amount, 'tax', n.tax_amount, 'note', n.note) end) order by l.line_no)
                       from crm.return_lines l join erp.items i on i.id = l.item_id left join crm.return_inspections n on n.return_line_id = l.id
                      where l.return_id = r.id), '[]') as lines
      from crm.returns r join crm.customers c on c.id = r.customer_id
     where r.return_no = ${returnNo}`.execute(db);
  const r = rows[0];
  if (!r) return null;
  const invoiceLineIds = r.lines.map((l) => l.invoiceLineId);
  const [delivery, invoices, credits, postings] = await Promise.all([
    deliveryReferences(db, [r.delivery_id]),
    invoiceReferencesOfLines(db, invoiceLineIds),
    returnCreditReferences(db, { returnId: r.id, returnNo: r.return_no, invoiceLineIds }),
    postingsOf(db, [{ sourceType: 'customer_return', sourceIds: [r.id] }]),
  ]);
  const lines = r.lines.map(({ invoiceLineId: _id, ...l }) => l);
  return {
    kind: 'return',
    number: r.return_no,
    date: r.request_date,
    status: r.status,
    counterparty: r.customer,
    currency: r.currency,
    reason: r.reason,
    receivedDate: r.received_date,
    closedDate: r.closed_date,
    lines,
    totals: {
      value: r.value,
      net: lines.reduce((s, l) => s + (l.inspection?.net ?? 0), 0),
      tax: lines.reduce((s, l) => s + (l.inspection?.tax ?? 0), 0),
      credited: r.credited,
      refunded: r.refunded,
      restockedCost: r.restocked_cost,
      scrappedCost: r.scrapped_cost,
    },
    related: [...delivery.map((d) => ({ ...d, relation: d.kind === 'delivery' ? 'returned from delivery' : d.relation })), ...invoices, ...credits, ...postings],
  };
}

export type SlaStanding = 'met' | 'breached' | 'due';

export interface TicketHistoryLine {
  date: string;
  from: string | null;
  to: string;
  technician: { code: string; name: string } | null;
  note: string | null;
}

export interface ServiceTicketDocument extends DocumentBase<'service-ticket'> {
  ticketType: TicketType;
  priority: TicketPriority;
  subject: string;
  item: ItemRef | null;
  technician: { code: string; name: string } | null;
  /**
   * The SLA as of `asOf`: a target is met or breached once its action happened (first start of
   * work, resolution), and before that breached when `asOf` is past its due date, else due.
   */
  sla: {
    asOf: string; responseDue: string; resolutionDue: string; respondedDate: string | null; resolvedDate: string | null; closedDate: string | null;
    response: SlaStanding; resolution: SlaStanding;
  };
  satisfaction: number | null;
  resolution: string | null;
  /** The status history, oldest first. */
  lines: TicketHistoryLine[];
  totals: Record<string, never>;
}

/** A service ticket by number; `asOf` (default today) dates the SLA standing of targets still open. */
export async function serviceTicketDocument(db: Kysely<DB>, ticketNo: string, options: { asOf?: string } = {}): Promise<ServiceTicketDocument | null> {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const { rows } = await sql<{
    id: number; ticket_no: string; opened_date: string; status: string; ticket_type: TicketType; priority: TicketPriority; subject: string;
    currency: string; delivery_id: number | null; response_due: string; resolution_due: string; responded_date: string | null; resolved_date: string | null;
    closed_date: string | null; response: SlaStanding; resolution_sla: SlaStanding; satisfaction: number | null; resolution: string | null;
    customer: Counterparty; item: ItemRef | null; technician: { code: string; name: string } | null; lines: TicketHistoryLine[];
  }>`
    select t.id, t.ticket_no, t.opened_date, t.status, t.ticket_type, t.priority, t.subject, c.currency, t.delivery_id, t.response_due, t.resolution_due,
           t.responded_date, t.resolved_date, t.closed_date, t.satisfaction, t.resolution,
           case when t.responded_date is not null then case when t.responded_date > t.response_due then 'breached' else 'met' end
                when ${asOf}::date > t.response_due and t.status <> 'cancelled' then 'breached' else 'due' end as response,
           case when t.resolved_date is not null then case when t.resolved_date > t.resolution_due then 'breached' else 'met' end
                when ${asOf}::date > t.resolution_due and t.status <> 'cancelled' then 'breached' else 'due' end as resolution_sla,
           jsonb_build_object('role', 'customer', 'code', c.code, 'name', c.name) as customer,
           case when i.id is null then null else jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit) end as item,
           case when e.id is null then null else jsonb_build_object('code', e.code, 'name', e.name) end as technician,
           coalesce((select jsonb_agg(jsonb_build_object('date', h.event_date, 'from', h.from_status, 'to', h.to_status, 'note', h.note,
                                                         'technician', case when he.id is null then null else jsonb_build_object('code', he.code, 'name', he.name) end)
                                      order by h.id)
                       from crm.service_ticket_history h left join people.employees he on he.id = h.technician_id where h.ticket_id = t.id), '[]') as lines
      from crm.service_tickets t join crm.customers c on c.id = t.customer_id
      left join erp.items i on i.id = t.item_id left join people.employees e on e.id = t.technician_id
     where t.ticket_no = ${ticketNo}`.execute(db);
  const t = rows[0];
  if (!t) return null;
  const delivery = await deliveryReferences(db, t.delivery_id === null ? [] : [t.delivery_id]);
  return {
    kind: 'service-ticket',
    number: t.ticket_no,
    date: t.opened_date,
    status: t.status,
    counterparty: t.customer,
    currency: t.currency,
    ticketType: t.ticket_type,
    priority: t.priority,
    subject: t.subject,
    item: t.item,
    technician: t.technician,
    sla: {
      asOf, responseDue: t.response_due, resolutionDue: t.resolution_due, respondedDate: t.responded_date, resolvedDate: t.resolved_date,
      closedDate: t.closed_date, response: t.response, resolution: t.resolution_sla,
    },
    satisfaction: t.satisfaction,
    resolution: t.resolution,
    lines: t.lines,
    totals: {},
    related: delivery.map((d) => ({ ...d, relation: d.kind === 'delivery' ? 'for delivery' : d.relation })),
  };
}
