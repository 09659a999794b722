import type { ChangeWindow } from './stage-spec.js';

/**
 * The outbox window: which aggregates changed since the previous run.
 *
 * Every command writes its events to core.outbox in its own transaction, stamped with that
 * transaction's id (tx_id, an xid8). A run reads in one repeatable-read snapshot and keeps that
 * snapshot — its xmin, and the whole snapshot as text — as the next watermark. Every transaction
 * below xmin had finished; one at or above it was either visible to the snapshot (committed
 * before it was taken) or not (still running, or not yet started). So the next run reads the
 * events with tx_id ≥ xmin that the previous snapshot could not see: a transaction still running
 * then is read by the first run that sees it committed, however late it commits, and an event
 * already read is not read again. (Reading one twice would be harmless anyway: every fact is
 * replaced by its business key.) Without the previous snapshot, every event ≥ xmin is read.
 */
const IDENTIFIER = /^[a-z_]+$/;
/** pg_snapshot text, `xmin:xmax:xip,…`. */
const SNAPSHOT = /^\d+:\d+:(\d+(,\d+)*)?$/;

/** The condition on outbox rows `e` that puts them in the window. Both values are ones the pipeline wrote itself, checked here. */
export function eventsInWindow(window: ChangeWindow, alias = 'e'): string {
  const since = `${alias}.tx_id >= '${window.since.toString()}'::xid8`;
  if (window.seen === null) return since;
  if (!SNAPSHOT.test(window.seen)) throw new Error(`not a pg_snapshot: ${window.seen}`);
  return `${since} and not pg_visible_in_snapshot(${alias}.tx_id, '${window.seen}'::pg_snapshot)`;
}

/** Ids of the aggregates of `aggregateType` that have events in the window. */
export function changedAggregateIds(aggregateType: string, window: ChangeWindow): string {
  if (!IDENTIFIER.test(aggregateType)) throw new Error(`not an aggregate type: ${aggregateType}`);
  return `select e.aggregate_id::int from core.outbox e
           where ${eventsInWindow(window)} and e.aggregate_type = '${aggregateType}' and e.aggregate_id ~ '^[0-9]{1,9}$'`;
}

/**
 * Sales orders touched in the window: their own events, those of their invoices (credit notes,
 * refunds, …), and those of returns of their deliveries (a return's goods come back to its lines).
 */
export function changedSalesOrders(window: ChangeWindow): string {
  return `${changedAggregateIds('sales_order', window)}
          union
          select i.order_id from erp.customer_invoices i
           where i.order_id is not null and i.id in (${changedAggregateIds('customer_invoice', window)})
          union
          select d.order_id from crm.returns r join erp.deliveries d on d.id = r.delivery_id
           where r.id in (${changedAggregateIds('customer_return', window)})`;
}

/**
 * Purchase orders touched in the window: their own events (receipts, ASNs, returns), those of
 * their bills and of their receipts (an inspection is a goods_receipt event), and the orders a
 * new supplier price changes the list price of: the supplier's orders from its first valid day.
 */
export function changedPurchaseOrders(window: ChangeWindow): string {
  return `${changedAggregateIds('purchase_order', window)}
          union
          select b.po_id from scm.vendor_bills b where b.po_id is not null and b.id in (${changedAggregateIds('vendor_bill', window)})
          union
          select g.po_id from scm.goods_receipts g where g.id in (${changedAggregateIds('goods_receipt', window)})
          union
          select p.id from core.outbox e join scm.purchase_orders p
                 on p.supplier_id = e.aggregate_id::int and p.order_date >= (e.payload->>'validFrom')::date
           where ${eventsInWindow(window)} and e.aggregate_type = 'supplier' and e.event_type = 'supplier.prices_set'
             and e.aggregate_id ~ '^[0-9]{1,9}$'`;
}

/**
 * A condition selecting ledger rows (journal entries, stock moves) written by a transaction in
 * the window. Such rows are never updated, and their `created_at` is `now()` — the start time
 * of the writing transaction — exactly like the `occurred_at` of the events that transaction
 * wrote. Matching the two finds them whatever document posted them, so a new kind of document
 * needs no change here. (Two transactions starting in the same microsecond only make a run read
 * a few rows twice.) Needs an index on `created_at` (sql/postgres/0014).
 */
export function recordedInWindow(createdAt: string, window: ChangeWindow): string {
  return `${createdAt} in (select e.occurred_at from core.outbox e where ${eventsInWindow(window)})`;
}
