import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { ReturnStatus, TicketPriority, TicketStatus, TicketType } from './tables.js';

export interface ReturnRecord {
  returnId: number;
  returnNo: string;
  customerId: number;
  deliveryId: number;
  requestDate: string;
  reason: string;
  status: ReturnStatus;
  /** Net value of the goods at invoice prices, functional minor units. */
  valueFunctional: number;
  currency: string;
  receivedDate: string | null;
  /** Invoice currency, minor units; null until received. */
  creditedAmount: number | null;
  refundedAmount: number | null;
  restockedCost: number | null;
  scrappedCost: number | null;
  lines: { returnLineId: number; lineNo: number; itemId: number; category: string; quantity: number; reason: string; restocked: number | null; scrapped: number | null }[];
}

const returnColumns = sql`
  r.id as "returnId", r.return_no as "returnNo", r.customer_id as "customerId", r.delivery_id as "deliveryId", r.request_date as "requestDate",
  r.reason, r.status, r.value_functional as "valueFunctional", r.currency, r.received_date as "receivedDate",
  r.credited_amount as "creditedAmount", r.refunded_amount as "refundedAmount", r.restocked_cost as "restockedCost", r.scrapped_cost as "scrappedCost",
  coalesce((select jsonb_agg(jsonb_build_object('returnLineId', l.id, 'lineNo', l.line_no, 'itemId', l.item_id, 'category', i.category,
                                                'quantity', l.quantity, 'reason', l.reason, 'restocked', n.restock_qty, 'scrapped', n.scrap_qty) order by l.line_no)
              from crm.return_lines l join erp.items i on i.id = l.item_id
              left join crm.return_inspections n on n.return_line_id = l.id where l.return_id = r.id), '[]') as lines`;

/** Every return of one customer, newest first (for the customer 360). */
export async function returnsForCustomer(db: Kysely<DB>, customerId: number): Promise<ReturnRecord[]> {
  const { rows } = await sql<ReturnRecord>`select ${returnColumns} from crm.returns r where r.customer_id = ${customerId} order by r.request_date desc, r.id desc`.execute(db);
  return rows;
}

/** Returns not yet received or closed: awaiting approval ('requested') or the goods ('approved'), oldest first. */
export async function openReturns(db: Kysely<DB>, status?: 'requested' | 'approved'): Promise<ReturnRecord[]> {
  const { rows } = await sql<ReturnRecord>`
    select ${returnColumns} from crm.returns r
     where r.status in ('requested', 'approved') ${status ? sql`and r.status = ${status}` : sql``}
     order by r.request_date, r.id`.execute(db);
  return rows;
}

export interface TicketRecord {
  ticketId: number;
  ticketNo: string;
  customerId: number;
  type: TicketType;
  priority: TicketPriority;
  itemId: number | null;
  deliveryId: number | null;
  subject: string;
  status: TicketStatus;
  technicianId: number | null;
  openedDate: string;
  responseDue: string;
  resolutionDue: string;
  respondedDate: string | null;
  resolvedDate: string | null;
  closedDate: string | null;
  /** Days from opening to the first start of work; null until then. */
  responseDays: number | null;
  /** As recorded when they became facts (first response, resolution); null before. */
  responseBreached: boolean | null;
  resolutionBreached: boolean | null;
  satisfaction: number | null;
}

export interface TicketSla extends TicketRecord {
  asOf: string;
  /** 'met', 'breached', or for a target still ahead 'due' (on or before its date) — as of `asOf`. */
  responseSla: 'met' | 'breached' | 'due';
  resolutionSla: 'met' | 'breached' | 'due';
  breached: boolean;
}

const ticketColumns = sql`
  t.id as "ticketId", t.ticket_no as "ticketNo", t.customer_id as "customerId", t.ticket_type as type, t.priority, t.item_id as "itemId",
  t.delivery_id as "deliveryId", t.subject, t.status, t.technician_id as "technicianId", t.opened_date as "openedDate",
  t.response_due as "responseDue", t.resolution_due as "resolutionDue", t.responded_date as "respondedDate", t.resolved_date as "resolvedDate",
  t.closed_date as "closedDate", (t.responded_date - t.opened_date) as "responseDays", t.response_breached as "responseBreached",
  t.resolution_breached as "resolutionBreached", t.satisfaction`;

/** Every service ticket of one customer, newest first (for the customer 360). */
export async function ticketsForCustomer(db: Kysely<DB>, customerId: number): Promise<TicketRecord[]> {
  const { rows } = await sql<TicketRecord>`select ${ticketColumns} from crm.service_tickets t where t.customer_id = ${customerId} order by t.opened_date desc, t.id desc`.execute(db);
  return rows;
}

/**
 * Tickets with their SLA standing as of a date: a target is breached when its action came after
 * its due date, or has not come and the date is past it. By default the open tickets (not
 * closed or cancelled); `status` narrows to one status (any, closed included); `breachedOnly`
 * keeps the breached ones.
 */
export async function serviceTickets(db: Kysely<DB>, options: { asOf: string; status?: TicketStatus; breachedOnly?: boolean }): Promise<TicketSla[]> {
  const { rows } = await sql<TicketSla>`
    select * from (
      select ${ticketColumns}, ${options.asOf}::date::text as "asOf",
             case when t.responded_date is not null then case when t.responded_date > t.response_due then 'breached' else 'met' end
                  when ${options.asOf}::date > t.response_due and t.status <> 'cancelled' then 'breached' else 'due' end as "responseSla",
             case when t.resolved_date is not null then case when t.resolved_date > t.resolution_due then 'breached' else 'met' end
                  when ${options.asOf}::date > t.resolution_due and t.status <> 'cancelled' then 'breached' else 'due' end as "resolutionSla"
        from crm.service_tickets t
       where t.opened_date <= ${options.asOf}
         ${options.status ? sql`and t.status = ${options.status}` : sql`and t.status not in ('closed', 'cancelled')`}
    ) x
     where ${options.breachedOnly ? sql`("responseSla" = 'breached' or "resolutionSla" = 'breached')` : sql`true`}
     order by "openedDate", "ticketId"`.execute(db);
  return rows.map((r) => ({ ...r, breached: r.responseSla === 'breached' || r.resolutionSla === 'breached' }));
}

export interface SlaSummary {
  tickets: number;
  closed: number;
  responseBreaches: number;
  resolutionBreaches: number;
  meanResponseDays: number | null;
  meanSatisfaction: number | null;
}

/** Recorded SLA outcomes and satisfaction over tickets opened in [from, to]. */
export async function slaSummary(db: Kysely<DB>, from: string, to: string): Promise<SlaSummary> {
  const { rows } = await sql<SlaSummary>`
    select count(*)::int as tickets, count(*) filter (where status = 'closed')::int as closed,
           count(*) filter (where response_breached)::int as "responseBreaches",
           count(*) filter (where resolution_breached)::int as "resolutionBreaches",
           round(avg(responded_date - opened_date), 2)::float8 as "meanResponseDays",
           round(avg(satisfaction), 2)::float8 as "meanSatisfaction"
      from crm.service_tickets where opened_date between ${from} and ${to}`.execute(db);
  return rows[0]!;
}
