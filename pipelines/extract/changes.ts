/**
 * The outbox window: which aggregates changed since the previous run's watermark.
 *
 * Every command writes its events to core.outbox in its own transaction, stamped with that
 * transaction's id (tx_id, an xid8). A run reads in one repeatable-read snapshot and keeps that
 * snapshot's xmin as the next watermark: every transaction below xmin had finished, while those
 * at or above it may have been in progress and invisible. So a run reads the events with
 * tx_id ≥ the previous xmin that its snapshot can see; a transaction still running at the
 * previous snapshot has an id ≥ that xmin, so it is read by the first run that sees it committed,
 * however late it commits. Events of transactions that were visible but ≥ xmin are read again by
 * the next run, which is harmless: every fact is replaced by its business key.
 */
const IDENTIFIER = /^[a-z_]+$/;

/** The watermark as an xid8 literal; it is a bigint we wrote ourselves, never user input. */
const xid8 = (since: bigint) => `'${since.toString()}'::xid8`;

/** Ids of the aggregates of `aggregateType` that have events in the window. */
export function changedAggregateIds(aggregateType: string, since: bigint): string {
  if (!IDENTIFIER.test(aggregateType)) throw new Error(`not an aggregate type: ${aggregateType}`);
  return `select e.aggregate_id::int from core.outbox e
           where e.tx_id >= ${xid8(since)} and e.aggregate_type = '${aggregateType}' and e.aggregate_id ~ '^[0-9]{1,9}$'`;
}

/** Sales orders touched in the window: their own events, and those of their invoices (credit notes, …). */
export function changedSalesOrders(since: bigint): string {
  return `${changedAggregateIds('sales_order', since)}
          union
          select i.order_id from erp.customer_invoices i
           where i.order_id is not null and i.id in (${changedAggregateIds('customer_invoice', since)})`;
}

/** Purchase orders touched in the window: their own events (receipts) and those of their bills. */
export function changedPurchaseOrders(since: bigint): string {
  return `${changedAggregateIds('purchase_order', since)}
          union
          select b.po_id from scm.vendor_bills b where b.po_id is not null and b.id in (${changedAggregateIds('vendor_bill', since)})`;
}

/**
 * A condition selecting ledger rows (journal entries, stock moves) written by a transaction in
 * the window. Such rows are never updated, and their `created_at` is `now()` — the start time
 * of the writing transaction — exactly like the `occurred_at` of the events that transaction
 * wrote. Matching the two finds them whatever document posted them, so a new kind of document
 * needs no change here. (Two transactions starting in the same microsecond only make a run read
 * a few rows twice.)
 */
export function recordedInWindow(createdAt: string, since: bigint): string {
  return `${createdAt} in (select e.occurred_at from core.outbox e where e.tx_id >= ${xid8(since)})`;
}
