create table if not exists fact_inventory_turnover (
  run_id                       bigint not null,
  model_version                varchar not null,
  as_of                        date not null,
  grain                        varchar not null,
  dimension                    varchar not null,
  period                       varchar not null,
  key                          varchar not null,
  days                         integer not null,
  cogs_functional              bigint not null,
  net_revenue_functional       bigint not null,
  gross_margin_functional      bigint not null,
  average_inventory_functional bigint not null,
  turnover                     double,
  annual_turnover              double,
  days_of_inventory            double,
  gmroi                        double
);
comment on table fact_inventory_turnover is 'Inventory turnover per forecast run, by month, quarter and year, for each item, category, warehouse and the company: cost of goods sold over average stock value, days of inventory and GMROI.';
comment on column fact_inventory_turnover.run_id is 'The forecast run (meta_model_run.run_id, model inventory).';
comment on column fact_inventory_turnover.model_version is 'Model version that produced the row.';
comment on column fact_inventory_turnover.as_of is 'Last stock day analysed.';
comment on column fact_inventory_turnover.grain is 'month, quarter or year.';
comment on column fact_inventory_turnover.dimension is 'item, category, warehouse or company.';
comment on column fact_inventory_turnover.period is 'YYYY-MM, YYYY-Qn or YYYY.';
comment on column fact_inventory_turnover.key is 'Item id, category code or warehouse id as text; all for the company.';
comment on column fact_inventory_turnover.days is 'Days of the period the stock data covers.';
comment on column fact_inventory_turnover.cogs_functional is 'Cost of goods sold: deliveries at cost less returned cost, minor units.';
comment on column fact_inventory_turnover.net_revenue_functional is 'Net revenue of the lines first invoiced in the period, minor units.';
comment on column fact_inventory_turnover.gross_margin_functional is 'net revenue − cost of goods sold, minor units.';
comment on column fact_inventory_turnover.average_inventory_functional is 'Mean daily closing stock value over the days covered, minor units.';
comment on column fact_inventory_turnover.turnover is 'COGS ÷ average inventory for the period (not annualised); null without stock.';
comment on column fact_inventory_turnover.annual_turnover is 'turnover × 365 ÷ days.';
comment on column fact_inventory_turnover.days_of_inventory is 'Average inventory ÷ COGS × days: how many days of sales the stock covers; null without COGS.';
comment on column fact_inventory_turnover.gmroi is 'Gross margin return on inventory: gross margin ÷ average inventory; null without stock.';
