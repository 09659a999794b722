create table if not exists fact_sales_month (
  order_month             date not null,
  invoice_month           date,
  currency                varchar not null,
  region                  varchar,
  category                varchar,
  warehouse_id            integer not null,
  lines                   bigint not null,
  order_rate_sum          decimal(38, 8) not null,
  invoiced_net_functional bigint not null,
  net_revenue_functional  bigint not null,
  gross_margin_functional bigint not null
);
comment on table fact_sales_month is 'Sales order lines summed per month of order, month of first invoice, currency, customer region, item category and warehouse, derived from fact_sales_line by the pipeline: what the Overview reads for revenue, margin and currency rates without scanning every line. Region and category are those of the customer and item versions the lines point at (in force when the line was recorded). Amounts are BIGINT minor units of the functional currency.';
comment on column fact_sales_month.order_month is 'First day of the month of the order date.';
comment on column fact_sales_month.invoice_month is 'First day of the month of the line''s first invoice; null while not invoiced.';
comment on column fact_sales_month.currency is 'Currency of the orders.';
comment on column fact_sales_month.region is 'Customer region (dim_customer.region of the lines'' customer_key).';
comment on column fact_sales_month.category is 'Item category (dim_product.category of the lines'' product_key).';
comment on column fact_sales_month.warehouse_id is 'Shipping warehouse (dim_warehouse).';
comment on column fact_sales_month.lines is 'Sales order lines.';
comment on column fact_sales_month.order_rate_sum is 'Sum of the lines'' order rates (document currency to functional): order_rate_sum / lines is their mean.';
comment on column fact_sales_month.invoiced_net_functional is 'Net amount invoiced, minor units of the functional currency.';
comment on column fact_sales_month.net_revenue_functional is 'Net revenue (invoiced less credited), minor units of the functional currency.';
comment on column fact_sales_month.gross_margin_functional is 'Gross margin, minor units of the functional currency.';
