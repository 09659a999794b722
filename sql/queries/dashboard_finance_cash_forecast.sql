-- The 13-week cash forecast of the latest successful cash model run (fact_forecast_cash): per
-- week, expected receipts (open invoices at each customer's observed paying delay, plus
-- contract instalments not yet invoiced), payments (open supplier bills at the company's own
-- delay), the net and the cash balance it leads to; beside it the naive balance (everything
-- settled on its due date). The interval around the closing balance comes from the model's own
-- backtest (meta_model_run.summary.backtest.maeDelay: the mean absolute error per week of its
-- receipts forecast, 13 weeks from a point 91 days before the run): taking weekly errors as
-- independent and normal (standard deviation ≈ 1.25 × MAE), the error of the balance after k
-- weeks has standard deviation 1.25 × MAE × √k, and the band is its central 80% (± 1.2816 of
-- it). Only the receipts are backtested: payments add uncertainty the band leaves out. The
-- global filters do not apply: the forecast is company-wide and looks from the run's date.
-- Money in minor units of the functional currency.
with run as (
  select run_id, as_of, try_cast(json_extract(summary, '$.backtest.maeDelay') as double) as mae
    from meta_model_run
   where model = 'cash' and status = 'succeeded'
   order by run_id desc
   limit 1
), naive as (
  select c.week_start, sum(c.naive_receipts_functional + c.instalments_functional - c.naive_payments_functional)
           over (order by c.step) as naive_net_to_date
    from fact_forecast_cash c join run using (run_id)
)
select c.as_of,
       c.week_start,
       c.step,
       c.receipts_functional as receipts,
       c.instalments_functional as instalments,
       c.payments_functional as payments,
       c.net_functional as net,
       c.opening_cash_functional as opening_cash,
       c.closing_cash_functional as closing_cash,
       (first_value(c.opening_cash_functional) over (order by c.step) + n.naive_net_to_date)::bigint as naive_closing_cash,
       0.8 as interval_level,
       round(c.closing_cash_functional - 1.2816 * 1.25 * r.mae * sqrt(c.step))::bigint as closing_cash_lower,
       round(c.closing_cash_functional + 1.2816 * 1.25 * r.mae * sqrt(c.step))::bigint as closing_cash_upper,
       round(r.mae)::bigint as backtest_mae
  from fact_forecast_cash c
  join run r using (run_id)
  join naive n using (week_start)
 order by c.step
