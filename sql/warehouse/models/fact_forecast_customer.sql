create table if not exists fact_forecast_customer (
  run_id                          bigint not null,
  model_version                   varchar not null,
  as_of                           date not null,
  customer_id                     integer not null,
  customer_key                    bigint,
  first_purchase_date             date not null,
  last_purchase_date              date not null,
  frequency                       integer not null,
  recency_weeks                   double not null,
  age_weeks                       double not null,
  probability_alive               double not null,
  expected_purchases_13w          double not null,
  expected_purchases_52w          double not null,
  average_order_value_functional  bigint not null,
  expected_order_value_functional bigint not null,
  clv_52w_functional              bigint not null,
  expected_days_between_orders    double,
  days_since_last_purchase        integer not null,
  due_to_reorder                  boolean not null,
  at_risk                         boolean not null
);
comment on table fact_forecast_customer is 'Purchase-frequency forecast per customer and forecast run (BG/NBD for the number of orders, Gamma-Gamma for their value): probability the customer is still active, expected orders and discounted lifetime value. Past runs are kept.';
comment on column fact_forecast_customer.run_id is 'The forecast run (meta_model_run.run_id, model customers).';
comment on column fact_forecast_customer.model_version is 'Model version that produced the row.';
comment on column fact_forecast_customer.as_of is 'End of the observation period: orders through this day were seen.';
comment on column fact_forecast_customer.customer_id is 'The customer (dim_customer.customer_id).';
comment on column fact_forecast_customer.customer_key is 'The customer''s current dim_customer version at the run.';
comment on column fact_forecast_customer.first_purchase_date is 'Date of the customer''s first order (the start of its BG/NBD clock).';
comment on column fact_forecast_customer.last_purchase_date is 'Date of its latest order through as_of.';
comment on column fact_forecast_customer.frequency is 'Repeat orders: order days after the first (BG/NBD x).';
comment on column fact_forecast_customer.recency_weeks is 'Weeks from the first to the last order (BG/NBD t_x).';
comment on column fact_forecast_customer.age_weeks is 'Weeks from the first order to as_of (BG/NBD T).';
comment on column fact_forecast_customer.probability_alive is 'Probability that the customer is still active (has not dropped out), given its history.';
comment on column fact_forecast_customer.expected_purchases_13w is 'Expected number of orders in the 13 weeks after as_of.';
comment on column fact_forecast_customer.expected_purchases_52w is 'Expected number of orders in the 52 weeks after as_of.';
comment on column fact_forecast_customer.average_order_value_functional is 'Observed average net value of its orders, minor units of the functional currency.';
comment on column fact_forecast_customer.expected_order_value_functional is 'Gamma-Gamma expected value of its future orders (shrunk toward the population mean), minor units.';
comment on column fact_forecast_customer.clv_52w_functional is 'Discounted expected net order value over the next 52 weeks (customer lifetime value over one year), minor units.';
comment on column fact_forecast_customer.expected_days_between_orders is 'Days between orders the fitted rate implies for this customer while active; null without a repeat order.';
comment on column fact_forecast_customer.days_since_last_purchase is 'Days from the last order to as_of.';
comment on column fact_forecast_customer.due_to_reorder is 'Active (probability_alive ≥ 0.5) and the time since its last order exceeds its usual gap between orders: a re-engagement follow-up is suggested.';
comment on column fact_forecast_customer.at_risk is 'A repeat customer whose probability of being active has fallen below 0.5.';
