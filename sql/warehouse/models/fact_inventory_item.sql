create table if not exists fact_inventory_item (
  run_id                  bigint not null,
  model_version           varchar not null,
  as_of                   date not null,
  item_id                 integer not null,
  sku                     varchar not null,
  consumption_functional  bigint not null,
  consumption_share       double not null,
  abc                     varchar not null,
  xyz                     varchar,
  demand_cv               double,
  abc_xyz                 varchar,
  lead_time_lines         integer,
  lead_time_mean_days     double,
  lead_time_sd_days       double,
  lead_time_on_time_share double,
  mean_weekly_demand      double,
  sd_weekly_demand        double,
  service_level           double not null,
  safety_stock            double,
  reorder_point           double,
  eoq                     double,
  unit_fill_rate          double,
  line_fill_rate          double
);
comment on table fact_inventory_item is 'Inventory policy and classes per item and forecast run: ABC by consumption value crossed with XYZ by demand variability, supplier lead time learned from receipts, safety stock, reorder point and economic order quantity at the service level, and the fill rate customers saw.';
comment on column fact_inventory_item.run_id is 'The forecast run (meta_model_run.run_id, model inventory).';
comment on column fact_inventory_item.model_version is 'Model version that produced the row.';
comment on column fact_inventory_item.as_of is 'Last stock day analysed.';
comment on column fact_inventory_item.item_id is 'Item (dim_product.item_id).';
comment on column fact_inventory_item.sku is 'Item SKU.';
comment on column fact_inventory_item.consumption_functional is 'Consumption value over the window (cost of goods sold of the item), minor units.';
comment on column fact_inventory_item.consumption_share is 'The item''s share of all consumption value.';
comment on column fact_inventory_item.abc is 'A (the items making up the first 80% of consumption value), B (to 95%), C (the rest).';
comment on column fact_inventory_item.xyz is 'X (weekly demand CV ≤ 0.5), Y (≤ 1.0), Z (more variable); null without demand or with too few weeks.';
comment on column fact_inventory_item.demand_cv is 'Coefficient of variation of weekly demand (sample SD ÷ mean).';
comment on column fact_inventory_item.abc_xyz is 'The two classes together, e.g. AX; null without an XYZ class.';
comment on column fact_inventory_item.lead_time_lines is 'Fully received purchase lines the lead time was learned from; null with none.';
comment on column fact_inventory_item.lead_time_mean_days is 'Mean days from purchase order to full receipt (learned from receipts, not the price list).';
comment on column fact_inventory_item.lead_time_sd_days is 'Standard deviation of those days; null with one line.';
comment on column fact_inventory_item.lead_time_on_time_share is 'Share of the lines received complete by the promised date.';
comment on column fact_inventory_item.mean_weekly_demand is 'Mean weekly demand over the window.';
comment on column fact_inventory_item.sd_weekly_demand is 'Standard deviation of weekly demand.';
comment on column fact_inventory_item.service_level is 'Cycle service level the safety stock is set for.';
comment on column fact_inventory_item.safety_stock is 'z × sqrt(L σd² + d̄² σL²) with demand and lead time in weeks; null without a lead time or demand.';
comment on column fact_inventory_item.reorder_point is 'd̄ × L + safety stock.';
comment on column fact_inventory_item.eoq is 'Economic order quantity sqrt(2 D S ÷ H), order cost and holding rate as configured; null without demand.';
comment on column fact_inventory_item.unit_fill_rate is 'Quantity delivered within the promise days ÷ quantity ordered; null without orders.';
comment on column fact_inventory_item.line_fill_rate is 'Order lines shipped complete within the promise days ÷ lines; null without orders.';
