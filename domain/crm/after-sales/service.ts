import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { TICKET_PRIORITIES, TICKET_TYPES, type TicketStatus } from './tables.js';

/**
 * Service work orders: installation, on-site test, demonstration and repair tickets, each with
 * response and resolution targets (SLA, in days, by type and priority) copied when it opens,
 * worked by a technician along open → assigned → in_progress → resolved → closed (or
 * cancelled). Every move is a row in the append-only status history; the response time is the
 * first move to in_progress; breaches are recorded when they become facts (on first response
 * and on resolution) and computed for open tickets as of any date (queries.ts).
 */

/** Sets the response and resolution targets (days) of a ticket type and priority. */
export const setSlaTarget = defineCommand(
  'crm.setSlaTarget',
  z
    .object({
      ticketType: z.enum(TICKET_TYPES),
      priority: z.enum(TICKET_PRIORITIES),
      responseDays: z.number().int().min(0).max(365),
      resolutionDays: z.number().int().min(0).max(730),
    })
    .refine((t) => t.resolutionDays >= t.responseDays, { message: 'the resolution target cannot come before the response target', path: ['resolutionDays'] }),
  async (tx, input) => {
    tx.emit({ aggregateType: 'sla_target', aggregateId: `${input.ticketType}:${input.priority}`, type: 'sla_target.set', payload: input });
    await sql`
      with events as (${tx.eventsInsert()})
      insert into crm.sla_targets (ticket_type, priority, response_days, resolution_days, updated_by)
      values (${input.ticketType}, ${input.priority}, ${input.responseDays}, ${input.resolutionDays}, ${tx.actor})
      on conflict (ticket_type, priority) do update set response_days = excluded.response_days, resolution_days = excluded.resolution_days, updated_by = excluded.updated_by`.execute(tx.db);
    return input;
  },
);

/** Opens a ticket for a customer, optionally about an item and the delivery that brought it. */
export const openTicket = defineCommand(
  'crm.openTicket',
  z.object({
    customerId: id,
    type: z.enum(TICKET_TYPES),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    itemId: id.optional(),
    deliveryId: id.optional(),
    subject: z.string().trim().min(1).max(500),
    date: isoDate,
  }),
  async (tx, input) => {
    // The target, and that the delivery (if any) went to this customer, in the insert itself.
    const { rows } = await sql<{ id: number; ticket_no: string; response_due: string; resolution_due: string; customer_ok: boolean; delivery_ok: boolean; has_target: boolean }>`
      with t as (select * from crm.sla_targets where ticket_type = ${input.type} and priority = ${input.priority}),
      ok as (
        select exists (select 1 from crm.customers where id = ${input.customerId}) as customer_ok,
               ${input.deliveryId ?? null}::int is null or exists (
                 select 1 from erp.deliveries d join erp.sales_orders o on o.id = d.order_id
                  where d.id = ${input.deliveryId ?? null}::int and o.customer_id = ${input.customerId}) as delivery_ok,
               exists (select 1 from t) as has_target
      ), ins as (
        insert into crm.service_tickets (ticket_no, customer_id, ticket_type, priority, item_id, delivery_id, subject, status, opened_date, response_due, resolution_due, created_by)
        select 'SRV-' || lpad(nextval('crm.ticket_no')::text, 7, '0'), ${input.customerId}, ${input.type}, ${input.priority}, ${input.itemId ?? null}, ${input.deliveryId ?? null},
               ${input.subject}, 'open', ${input.date}, ${input.date}::date + t.response_days, ${input.date}::date + t.resolution_days, ${tx.actor}
          from t, ok where ok.customer_ok and ok.delivery_ok
        returning id, ticket_no, response_due, resolution_due
      ), h as (
        insert into crm.service_ticket_history (ticket_id, from_status, to_status, event_date, note, created_by)
        select id, null, 'open', ${input.date}, ${input.subject}, ${tx.actor} from ins
      )
      select ins.id, ins.ticket_no, ins.response_due::text as response_due, ins.resolution_due::text as resolution_due, ok.customer_ok, ok.delivery_ok, ok.has_target
        from ok left join ins on true`.execute(tx.db);
    const row = rows[0]!;
    if (!row.customer_ok) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    if (!row.delivery_ok) throw new DomainError('NOT_FOUND', `delivery ${input.deliveryId} does not exist or went to another customer`, 'deliveryId');
    if (!row.has_target) throw new DomainError('NOT_CONFIGURED', `no SLA target is set for ${input.type} tickets of ${input.priority} priority`, 'priority');
    tx.emit({
      aggregateType: 'service_ticket',
      aggregateId: row.id,
      type: 'ticket.opened',
      payload: { ticketNo: row.ticket_no, customerId: input.customerId, type: input.type, priority: input.priority, responseDue: row.response_due, resolutionDue: row.resolution_due },
    });
    return { ticketId: row.id, ticketNo: row.ticket_no, responseDue: row.response_due, resolutionDue: row.resolution_due };
  },
);

interface LockedTicket {
  ticket_no: string;
  status: TicketStatus;
  technician_id: number | null;
  response_due: string;
  resolution_due: string;
  responded_date: string | null;
  last_event: string;
  technician_role: string | null;
  technician_active: boolean | null;
}

/** Locks a ticket (with the technician named by the move, if any) and checks the move's date. */
async function lockTicket(tx: Tx, ticketId: number, date: string, technicianId?: number): Promise<LockedTicket> {
  const { rows } = await sql<LockedTicket>`
    select t.ticket_no, t.status, t.technician_id, t.response_due::text as response_due, t.resolution_due::text as resolution_due,
           t.responded_date::text as responded_date,
           (select max(h.event_date)::text from crm.service_ticket_history h where h.ticket_id = t.id) as last_event,
           e.role as technician_role, e.active as technician_active
      from crm.service_tickets t left join people.employees e on e.id = ${technicianId ?? null}::int
     where t.id = ${ticketId}
       for update of t`.execute(tx.db);
  const t = rows[0];
  if (!t) throw new DomainError('NOT_FOUND', `service ticket ${ticketId} does not exist`, 'ticketId');
  if (date < t.last_event) throw new DomainError('INVALID_INPUT', `ticket ${t.ticket_no} last moved on ${t.last_event}; a later move cannot be dated before it`, 'date');
  return t;
}

const MOVES: Record<string, { from: TicketStatus[]; to: TicketStatus }> = {
  assign: { from: ['open', 'assigned', 'in_progress'], to: 'assigned' },
  start: { from: ['assigned', 'resolved'], to: 'in_progress' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  cancel: { from: ['open', 'assigned', 'in_progress'], to: 'cancelled' },
};

/**
 * Moves a ticket: the row, its history row and the event in one statement. `set` holds the
 * columns the move changes besides the status.
 */
async function moveTicket(tx: Tx, ticketId: number, move: keyof typeof MOVES, t: LockedTicket, date: string, note: string | null, set: Record<string, unknown>, technicianId: number | null) {
  const { from, to } = MOVES[move]!;
  if (!from.includes(t.status)) throw new DomainError('NOT_ALLOWED', `ticket ${t.ticket_no} is ${t.status}; it cannot be moved to ${to}`, 'ticketId');
  tx.emit({ aggregateType: 'service_ticket', aggregateId: ticketId, type: `ticket.${to}`, payload: { ticketNo: t.ticket_no, from: t.status, technicianId, note, ...set } });
  const s = { status: to, ...set };
  await sql`
    with h as (
      insert into crm.service_ticket_history (ticket_id, from_status, to_status, event_date, technician_id, note, created_by)
      values (${ticketId}, ${t.status}, ${to}, ${date}, ${technicianId}, ${note}, ${tx.actor})
    ), events as (${tx.eventsInsert()})
    update crm.service_tickets set ${sql.join(Object.entries(s).map(([k, v]) => sql`${sql.ref(k)} = ${v}`))} where id = ${ticketId}`.execute(tx.db);
}

const note = z.string().trim().min(1).max(1000).optional();

/** Assigns (or reassigns) a ticket to an active technician. */
export const assignTicket = defineCommand(
  'crm.assignTicket',
  z.object({ ticketId: id, technicianId: id, date: isoDate, note }),
  async (tx, input) => {
    const t = await lockTicket(tx, input.ticketId, input.date, input.technicianId);
    if (t.technician_role === null) throw new DomainError('NOT_FOUND', `employee ${input.technicianId} does not exist`, 'technicianId');
    if (t.technician_role !== 'technician' || !t.technician_active) {
      throw new DomainError('NOT_ALLOWED', `employee ${input.technicianId} is not an active technician`, 'technicianId');
    }
    await moveTicket(tx, input.ticketId, 'assign', t, input.date, input.note ?? null, { technician_id: input.technicianId }, input.technicianId);
    return { ticketId: input.ticketId, status: 'assigned' as const, technicianId: input.technicianId };
  },
);

/** The technician starts work (or reopens a resolved ticket); the first start is the response. */
export const startTicketWork = defineCommand(
  'crm.startTicketWork',
  z.object({ ticketId: id, date: isoDate, note }),
  async (tx, input) => {
    const t = await lockTicket(tx, input.ticketId, input.date);
    const first = t.responded_date === null;
    const set = first
      ? { responded_date: input.date, response_breached: input.date > t.response_due }
      : { resolved_date: null, resolution_breached: null }; // a reopened ticket is resolved again later
    await moveTicket(tx, input.ticketId, 'start', t, input.date, input.note ?? null, set, t.technician_id);
    return { ticketId: input.ticketId, status: 'in_progress' as const, responseBreached: first ? input.date > t.response_due : undefined };
  },
);

/** Work is done; the resolution breach, if any, is recorded now. */
export const resolveTicket = defineCommand(
  'crm.resolveTicket',
  z.object({ ticketId: id, date: isoDate, resolution: z.string().trim().min(1).max(1000) }),
  async (tx, input) => {
    const t = await lockTicket(tx, input.ticketId, input.date);
    const breached = input.date > t.resolution_due;
    await moveTicket(tx, input.ticketId, 'resolve', t, input.date, input.resolution, { resolved_date: input.date, resolution_breached: breached, resolution: input.resolution }, t.technician_id);
    return { ticketId: input.ticketId, status: 'resolved' as const, resolutionBreached: breached };
  },
);

/** The customer confirms: the ticket closes with their satisfaction score (1–5). */
export const closeTicket = defineCommand(
  'crm.closeTicket',
  z.object({ ticketId: id, date: isoDate, satisfaction: z.number().int().min(1).max(5), comment: note }),
  async (tx, input) => {
    const t = await lockTicket(tx, input.ticketId, input.date);
    await moveTicket(tx, input.ticketId, 'close', t, input.date, input.comment ?? `satisfaction ${input.satisfaction}`, { closed_date: input.date, satisfaction: input.satisfaction }, t.technician_id);
    return { ticketId: input.ticketId, status: 'closed' as const, satisfaction: input.satisfaction };
  },
);

/** Cancels a ticket that is not yet resolved. */
export const cancelTicket = defineCommand(
  'crm.cancelTicket',
  z.object({ ticketId: id, date: isoDate, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const t = await lockTicket(tx, input.ticketId, input.date);
    await moveTicket(tx, input.ticketId, 'cancel', t, input.date, input.reason, { closed_date: input.date }, t.technician_id);
    return { ticketId: input.ticketId, status: 'cancelled' as const };
  },
);
