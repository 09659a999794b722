-- Win rate by lead source from the latest funnel model run, for the Sales funnel page: each
-- source's opportunities, won and lost, won ÷ (won + lost) (null with none closed) and the mean
-- days to close; source '(none)' for opportunities without a lead (fact_funnel_win_rate).
-- @param min_closed integer = 0  Leave out sources with fewer closed opportunities.
select coalesce(w.key, '(none)') as source,
       coalesce((select any_value(s.name) from dim_lead_source s where s.lead_source_code = w.key), w.key, '(no lead source)') as source_name,
       w.opportunities, w.open, w.won, w.lost, w.win_rate, w.mean_cycle_days,
       w.as_of::varchar as as_of
  from fact_funnel_win_rate w
 where w.dimension = 'source'
   and w.run_id = (select max(run_id) from meta_model_run where model = 'funnel' and status = 'succeeded')
   and w.won + w.lost >= $min_closed
 order by w.win_rate desc nulls last, source
