create table if not exists fact_sales_line (
  sales_order_line_id     integer not null,
  order_id                integer not null,
  order_no                varchar not null,
  line_no                 integer not null,
  order_date              date not null,
  order_date_key          integer not null,
  order_status            varchar not null,
  customer_key            bigint,
  customer_id             integer not null,
  product_key             bigint,
  item_id                 integer not null,
  warehouse_id            integer not null,
  currency                varchar not null,
  order_rate              decimal(18, 8) not null,
  ordered_qty             bigint not null,
  unit_price              bigint not null,
  discount_bp             integer not null,
  tax_bp                  integer not null,
  ordered_net             bigint not null,
  ordered_tax             bigint not null,
  ordered_net_functional  bigint not null,
  cancelled_qty           bigint not null,
  reserved_qty            bigint not null,
  open_qty                bigint not null,
  delivered_qty           bigint not null,
  delivered_cost_functional bigint not null,
  first_delivery_date     date,
  last_delivery_date      date,
  invoiced_qty            bigint not null,
  invoiced_net            bigint not null,
  invoiced_tax            bigint not null,
  invoiced_net_functional bigint not null,
  invoiced_tax_functional bigint not null,
  first_invoice_date      date,
  last_invoice_date       date,
  credited_net            bigint not null,
  credited_tax            bigint not null,
  credited_net_functional bigint not null,
  credited_tax_functional bigint not null,
  refunded_net            bigint not null,
  refunded_tax            bigint not null,
  refunded_net_functional bigint not null,
  refunded_tax_functional bigint not null,
  returned_qty            bigint not null,
  returned_net            bigint not null,
  returned_net_functional bigint not null,
  returned_cost_functional bigint not null,
  net_revenue_functional  bigint not null,
  gross_margin_functional bigint not null,
  recorded_at             timestamptz not null
);
comment on table fact_sales_line is 'One row per sales order line with what happened to it: ordered, delivered (quantity and cost), invoiced (net and tax), credited or refunded, returned, and the margin. Money is BIGINT minor units: columns without suffix are in the order''s currency, *_functional in the functional currency. Invoice functional amounts are the invoice''s own conversion split over its lines in proportion to their net (tax: to their tax), the last line taking the remainder; credit notes, which credit a whole invoice, are split the same way over that invoice''s lines, except a return''s credit notes and refunds, which go to the lines returned. So the column sums equal what the books posted.';
comment on column fact_sales_line.sales_order_line_id is 'Business key: erp.sales_order_lines.id.';
comment on column fact_sales_line.order_id is 'The sales order (erp.sales_orders.id); a re-extracted order replaces all its lines.';
comment on column fact_sales_line.order_no is 'Sales order number (SO-0000123).';
comment on column fact_sales_line.line_no is 'Line number within the order.';
comment on column fact_sales_line.order_date is 'Order date.';
comment on column fact_sales_line.order_date_key is 'Order date as YYYYMMDD, joins dim_date.';
comment on column fact_sales_line.order_status is 'held, open, closed or cancelled at the last load.';
comment on column fact_sales_line.customer_key is 'dim_customer version in force when the order was recorded.';
comment on column fact_sales_line.customer_id is 'Durable customer id (dim_customer.customer_id).';
comment on column fact_sales_line.product_key is 'dim_product version in force when the order was recorded.';
comment on column fact_sales_line.item_id is 'Durable item id (dim_product.item_id).';
comment on column fact_sales_line.warehouse_id is 'Warehouse the order ships from (dim_warehouse).';
comment on column fact_sales_line.currency is 'The order''s (and its invoices'') currency.';
comment on column fact_sales_line.order_rate is 'Functional units per unit of currency on the order date.';
comment on column fact_sales_line.ordered_qty is 'Quantity ordered, whole units.';
comment on column fact_sales_line.unit_price is 'Unit price before discount, minor units of currency.';
comment on column fact_sales_line.discount_bp is 'Discount in basis points (1/100 of a percent).';
comment on column fact_sales_line.tax_bp is 'Sales tax rate in basis points.';
comment on column fact_sales_line.ordered_net is 'Net amount ordered, minor units of currency.';
comment on column fact_sales_line.ordered_tax is 'Tax on the ordered net, minor units of currency.';
comment on column fact_sales_line.ordered_net_functional is 'Ordered net converted at the order rate, minor units of the functional currency.';
comment on column fact_sales_line.cancelled_qty is 'Quantity cancelled (never to be delivered).';
comment on column fact_sales_line.reserved_qty is 'Quantity reserved in stock and not yet delivered, at the last load.';
comment on column fact_sales_line.open_qty is 'Quantity still to deliver: ordered − delivered − cancelled (backorder when not reserved).';
comment on column fact_sales_line.delivered_qty is 'Quantity delivered.';
comment on column fact_sales_line.delivered_cost_functional is 'Cost of the goods delivered at moving average, minor units of the functional currency (the COGS posted).';
comment on column fact_sales_line.first_delivery_date is 'Date of the first delivery of this line; null when none.';
comment on column fact_sales_line.last_delivery_date is 'Date of the latest delivery of this line; null when none.';
comment on column fact_sales_line.invoiced_qty is 'Quantity invoiced.';
comment on column fact_sales_line.invoiced_net is 'Net amount invoiced, minor units of currency.';
comment on column fact_sales_line.invoiced_tax is 'Tax invoiced, minor units of currency.';
comment on column fact_sales_line.invoiced_net_functional is 'This line''s share of its invoices'' functional net (revenue posted), minor units of the functional currency.';
comment on column fact_sales_line.invoiced_tax_functional is 'This line''s share of its invoices'' functional tax, minor units of the functional currency.';
comment on column fact_sales_line.first_invoice_date is 'Date of the first invoice of this line; null when none.';
comment on column fact_sales_line.last_invoice_date is 'Date of the latest invoice of this line; null when none.';
comment on column fact_sales_line.credited_net is 'Net credited by credit notes on this line''s invoices, allocated to the line in proportion to its invoiced net, minor units of currency.';
comment on column fact_sales_line.credited_tax is 'Tax credited, allocated in proportion to the line''s invoiced tax, minor units of currency.';
comment on column fact_sales_line.credited_net_functional is 'Functional net credited (revenue reversed), allocated like credited_net, minor units of the functional currency.';
comment on column fact_sales_line.credited_tax_functional is 'Functional tax credited, allocated like credited_tax, minor units of the functional currency.';
comment on column fact_sales_line.refunded_net is 'Net paid back by refunds on this line''s invoices (returned goods on an invoice already paid, which a credit note cannot take off), allocated like a return''s credit note, minor units of currency.';
comment on column fact_sales_line.refunded_tax is 'Tax paid back by those refunds, minor units of currency.';
comment on column fact_sales_line.refunded_net_functional is 'Revenue those refunds reversed (at the invoice''s rate, as posted), minor units of the functional currency.';
comment on column fact_sales_line.refunded_tax_functional is 'Sales tax those refunds reversed (at the invoice''s rate), minor units of the functional currency.';
comment on column fact_sales_line.returned_qty is 'Units of this line received back on returns (fact_return_line.received_qty).';
comment on column fact_sales_line.returned_net is 'Net taken back for returned goods of this line, minor units of currency: the part of credited_net + refunded_net that returns account for (their credit notes and refunds go to the lines returned, in proportion to the returned value). Already in those columns: not to be subtracted again.';
comment on column fact_sales_line.returned_net_functional is 'Revenue reversed for returned goods of this line, minor units of the functional currency: the part of credited_net_functional + refunded_net_functional that returns account for. Already in those columns: not to be subtracted again.';
comment on column fact_sales_line.returned_cost_functional is 'Cost of the returned units (the cost they left at, restocked or scrapped), taken back off cost of goods sold, minor units of the functional currency.';
comment on column fact_sales_line.net_revenue_functional is 'invoiced_net_functional − credited_net_functional − refunded_net_functional: the revenue this line brought, minor units of the functional currency.';
comment on column fact_sales_line.gross_margin_functional is 'net_revenue_functional − (delivered_cost_functional − returned_cost_functional), minor units of the functional currency.';
comment on column fact_sales_line.recorded_at is 'When the order was recorded in the operational database; picks the dimension versions.';
