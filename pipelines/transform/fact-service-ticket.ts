import { serviceTicketsStage } from '../extract/stages/after-sales.js';
import type { FactTable } from './table.js';

/**
 * One row per service ticket. The books keep dates, not times, and SLA targets in days: hours
 * are whole days × 24. Breach flags are the ones the domain recorded when they became facts (on
 * first response, on resolution); an open ticket's breach as of a given day follows from its due
 * dates, which are stored rather than a flag that would go stale between loads.
 */
export const factServiceTicket: FactTable = {
  kind: 'fact',
  table: 'fact_service_ticket',
  stages: [serviceTicketsStage],
  replaceKey: ['ticket_id'],
  dimensionKeys: [
    { column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' },
    { column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' },
  ],
  dateColumns: ['opened_date', 'responded_date', 'resolved_date', 'closed_date', 'response_due_date', 'resolution_due_date'],
  partitionDate: 'opened_date',
  sourceRows: 'select count(*) from crm.service_tickets',
  transform: () => `
    select t.id as ticket_id, t.ticket_no, t.ticket_type, t.priority, t.status, t.customer_id, t.item_id, t.delivery_id, t.technician_id,
           t.opened_date, date_key(t.opened_date) as opened_date_key, t.first_assigned_date, t.responded_date, t.resolved_date,
           date_key(t.resolved_date) as resolved_date_key, case when t.status = 'closed' then t.closed_date end as closed_date,
           case when t.status = 'cancelled' then t.closed_date end as cancelled_date,
           t.response_due as response_due_date, t.resolution_due as resolution_due_date,
           date_diff('day', t.opened_date, t.response_due) * 24 as response_target_hours,
           date_diff('day', t.opened_date, t.resolution_due) * 24 as resolution_target_hours,
           date_diff('day', t.opened_date, t.responded_date) * 24 as response_hours,
           date_diff('day', t.opened_date, t.resolved_date) * 24 as resolution_hours,
           t.response_breached, t.resolution_breached, t.satisfaction as satisfaction_score,
           t.assignments, greatest(t.assignments - 1, 0) as reassignments, t.reopened as times_reopened, t.moves as status_moves,
           make_timestamptz(t.created_at_us) as recorded_at
      from stg_service_tickets t`,
};
