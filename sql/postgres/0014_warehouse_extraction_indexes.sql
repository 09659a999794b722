-- Indexes the warehouse pipeline's incremental extraction needs (pipelines/extract/). An
-- incremental run finds what changed through core.outbox (tx_id ≥ the previous watermark) and
-- reaches the changed rows from there; without these, each of those lookups is a full scan of a
-- table that only grows, and an incremental run costs as much as a full one.

-- Ledger rows written in the window: created_at = the occurred_at of the window's events
-- (pipelines/extract/changes.ts, recordedInWindow).
create index if not exists journal_entries_created_at on finance.journal_entries (created_at);
create index if not exists stock_moves_created_at on erp.stock_moves (created_at);

-- A changed sales order's invoices and credit notes; an invoice event's order.
create index if not exists customer_invoices_order on erp.customer_invoices (order_id);
create index if not exists credit_notes_invoice on erp.credit_notes (invoice_id);

-- A changed payment's allocations.
create index if not exists payment_allocations_payment on erp.payment_allocations (payment_id);
create index if not exists supplier_payment_allocations_payment on scm.supplier_payment_allocations (payment_id);

-- A changed purchase order's bill lines.
create index if not exists vendor_bill_lines_po_line on scm.vendor_bill_lines (po_line_id);
