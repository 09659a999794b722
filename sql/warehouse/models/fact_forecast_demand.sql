create table if not exists fact_forecast_demand (
  run_id             bigint not null,
  model_version      varchar not null,
  as_of              date not null,
  item_id            integer not null,
  warehouse_id       integer not null,
  pattern            varchar not null,
  method             varchar not null,
  backtest_mase      double,
  week_start         date not null,
  week_start_key     integer not null,
  step               integer not null,
  forecast_qty       double not null,
  lower_qty          double not null,
  upper_qty          double not null,
  interval_level     double not null,
  pipeline_qty       double not null
);
comment on table fact_forecast_demand is 'Weekly demand forecast per item, warehouse and forecast run: the method chosen by rolling-origin backtest, the point forecast with its prediction interval, and the demand expected from open opportunities. Past runs are kept, so forecasts can be compared with what happened (sql/queries/demand_forecast_accuracy.sql).';
comment on column fact_forecast_demand.run_id is 'The forecast run (meta_model_run.run_id, model demand).';
comment on column fact_forecast_demand.model_version is 'Model version that produced the row.';
comment on column fact_forecast_demand.as_of is 'Last day of the history used; the first forecast week starts the Monday after.';
comment on column fact_forecast_demand.item_id is 'Item (dim_product.item_id).';
comment on column fact_forecast_demand.warehouse_id is 'Warehouse shipping the demand (dim_warehouse.warehouse_id).';
comment on column fact_forecast_demand.pattern is 'Demand class of the history (Syntetos–Boylan: smooth, erratic, intermittent, lumpy; none for no demand).';
comment on column fact_forecast_demand.method is 'Forecasting method chosen for the series (e.g. croston_sba, tsb, ets_AAdN, seasonal_naive).';
comment on column fact_forecast_demand.backtest_mase is 'Mean absolute scaled error of the chosen method in the rolling-origin backtest (below 1 beats the naive benchmark); null when the history was too short to backtest.';
comment on column fact_forecast_demand.week_start is 'Monday of the forecast week.';
comment on column fact_forecast_demand.week_start_key is 'week_start as YYYYMMDD, joins dim_date.';
comment on column fact_forecast_demand.step is 'Weeks ahead of as_of (1 = the first week after).';
comment on column fact_forecast_demand.forecast_qty is 'Expected quantity ordered that week (point forecast from the order history).';
comment on column fact_forecast_demand.lower_qty is 'Lower end of the prediction interval.';
comment on column fact_forecast_demand.upper_qty is 'Upper end of the prediction interval.';
comment on column fact_forecast_demand.interval_level is 'Coverage of the prediction interval (e.g. 0.9).';
comment on column fact_forecast_demand.pipeline_qty is 'Quantity expected from open opportunities that week: their lines weighted by the win probability calibrated on past outcomes, at their expected close dates; 0 when none.';
