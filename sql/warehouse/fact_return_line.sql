create table if not exists fact_return_line (
  return_line_id             integer not null,
  return_id                  integer not null,
  return_no                  varchar not null,
  line_no                    integer not null,
  return_status              varchar not null,
  customer_key               bigint,
  customer_id                integer not null,
  product_key                bigint,
  item_id                    integer not null,
  warehouse_id               integer not null,
  delivery_id                integer not null,
  delivery_no                varchar not null,
  delivery_line_id           integer not null,
  sales_order_id             integer not null,
  sales_order_no             varchar not null,
  sales_order_line_id        integer not null,
  invoice_id                 integer not null,
  invoice_no                 varchar not null,
  invoice_line_id            integer not null,
  return_reason              varchar not null,
  line_reason                varchar not null,
  request_date               date not null,
  request_date_key           integer not null,
  received_date              date,
  received_date_key          integer,
  closed_date                date,
  approval_request_id        integer,
  requested_qty              bigint not null,
  approved_qty               bigint not null,
  received_qty               bigint not null,
  restocked_qty              bigint not null,
  scrapped_qty               bigint not null,
  disposition                varchar,
  restocked_cost_functional  bigint not null,
  scrapped_cost_functional   bigint not null,
  currency                   varchar not null,
  returned_net               bigint not null,
  returned_tax               bigint not null,
  credited_amount            bigint not null,
  credited_amount_functional bigint not null,
  refunded_amount            bigint not null,
  refunded_amount_functional bigint not null,
  uncredited_amount          bigint not null,
  recorded_at                timestamptz not null
);
comment on table fact_return_line is 'One row per return (RMA) line (crm.return_lines): goods a customer sends back from one delivery, approved through the approval engine, then received, inspected (restocked or scrapped) and credited. A completed return credits each invoice its lines bill by a credit note (up to what the invoice still had open) and refunds what the customer had already paid; each document is split over the return''s lines on that invoice in proportion to their value (net + tax), the last line taking the remainder, so the lines sum to the documents. Money is BIGINT minor units: without suffix in the invoice''s currency, *_functional in the functional currency. The same credit notes and refunds are on fact_sales_line (credited_*, refunded_*, returned_*): do not add the two facts together.';
comment on column fact_return_line.return_line_id is 'Business key: crm.return_lines.id.';
comment on column fact_return_line.return_id is 'The return (crm.returns.id); a re-extracted return replaces all its lines.';
comment on column fact_return_line.return_no is 'Return number (RMA-0000123).';
comment on column fact_return_line.line_no is 'Line number within the return.';
comment on column fact_return_line.return_status is 'requested (awaiting approval), approved, rejected, cancelled or completed (received and credited) at the last load.';
comment on column fact_return_line.customer_key is 'dim_customer version in force when the return was recorded.';
comment on column fact_return_line.customer_id is 'Durable customer id (dim_customer.customer_id).';
comment on column fact_return_line.product_key is 'dim_product version in force when the return was recorded.';
comment on column fact_return_line.item_id is 'Durable item id (dim_product.item_id).';
comment on column fact_return_line.warehouse_id is 'Warehouse the goods were delivered from and are restocked into (dim_warehouse).';
comment on column fact_return_line.delivery_id is 'The delivery the goods came on (erp.deliveries.id).';
comment on column fact_return_line.delivery_no is 'That delivery''s number.';
comment on column fact_return_line.delivery_line_id is 'The delivery line returned (erp.delivery_lines.id).';
comment on column fact_return_line.sales_order_id is 'The sales order delivered (fact_sales_line.order_id).';
comment on column fact_return_line.sales_order_no is 'That order''s number.';
comment on column fact_return_line.sales_order_line_id is 'The sales order line returned (fact_sales_line.sales_order_line_id).';
comment on column fact_return_line.invoice_id is 'The invoice credited for the goods (erp.customer_invoices.id).';
comment on column fact_return_line.invoice_no is 'That invoice''s number.';
comment on column fact_return_line.invoice_line_id is 'The invoice line that billed the goods (erp.customer_invoice_lines.id).';
comment on column fact_return_line.return_reason is 'The reason given for the whole return.';
comment on column fact_return_line.line_reason is 'The reason given for this line.';
comment on column fact_return_line.request_date is 'Date the return was requested.';
comment on column fact_return_line.request_date_key is 'Request date as YYYYMMDD, joins dim_date.';
comment on column fact_return_line.received_date is 'Date the goods were received and inspected; null until then.';
comment on column fact_return_line.received_date_key is 'Received date as YYYYMMDD; null until received.';
comment on column fact_return_line.closed_date is 'Date the return was completed, rejected or cancelled; null while open.';
comment on column fact_return_line.approval_request_id is 'The approval request of the return (fact_approval.request_id).';
comment on column fact_return_line.requested_qty is 'Units the customer asked to return.';
comment on column fact_return_line.approved_qty is 'Units approved for return: requested_qty once the return is approved or completed, else 0 (approval is for the whole return).';
comment on column fact_return_line.received_qty is 'Units received back and inspected (restocked_qty + scrapped_qty); 0 until received.';
comment on column fact_return_line.restocked_qty is 'Units put back into stock after inspection.';
comment on column fact_return_line.scrapped_qty is 'Units written off after inspection.';
comment on column fact_return_line.disposition is 'restock, scrap or mixed (some of each); null until received.';
comment on column fact_return_line.restocked_cost_functional is 'Cost of the units restocked (the cost they left at), taken back off cost of goods sold into inventory, minor units of the functional currency.';
comment on column fact_return_line.scrapped_cost_functional is 'Cost of the units scrapped, moved off cost of goods sold to the inventory write-off account, minor units of the functional currency.';
comment on column fact_return_line.currency is 'The invoice''s currency.';
comment on column fact_return_line.returned_net is 'Net value of the units received at the invoice line''s prices, minor units of currency; 0 until received.';
comment on column fact_return_line.returned_tax is 'Sales tax on those units as invoiced, minor units of currency; 0 until received.';
comment on column fact_return_line.credited_amount is 'This line''s share of the return''s credit notes (gross: net + tax, taken off the invoice''s open amount), minor units of currency.';
comment on column fact_return_line.credited_amount_functional is 'This line''s share of those credit notes'' functional gross (taken off receivables), minor units of the functional currency.';
comment on column fact_return_line.refunded_amount is 'This line''s share of the return''s refunds (money paid back because the invoice was already paid), minor units of currency.';
comment on column fact_return_line.refunded_amount_functional is 'This line''s share of what the bank paid for those refunds (at the refund date''s rate), minor units of the functional currency.';
comment on column fact_return_line.uncredited_amount is 'returned_net + returned_tax − credited_amount − refunded_amount: value neither credited nor refunded because earlier credit notes on the invoice had already given it, minor units of currency.';
comment on column fact_return_line.recorded_at is 'When the return was recorded in the operational database; picks the dimension versions.';
