-- Opportunity lines open at a date: created by then and not yet won or lost, with the stage
-- each opportunity was in on that day and that stage's nominal win probability. The demand
-- forecast turns them into expected item demand at a calibrated probability.
-- @param as_of date = 9999-12-31  The day the pipeline is looked at.
with stage_then as (
  select opportunity_id, arg_max(stage_code, entry_no) as stage_code, arg_max(win_probability_bp, entry_no) as win_probability_bp
    from fact_opportunity_stage
   where entered_date <= $as_of
   group by opportunity_id
)
select l.opportunity_id, l.opportunity_no, l.line_no, l.item_id, l.quantity, l.expected_date,
       s.stage_code, s.win_probability_bp, l.status as status_now, l.closed_date
  from fact_opportunity_line l
  join stage_then s using (opportunity_id)
 where l.opportunity_created_date <= $as_of
   and (l.closed_date is null or l.closed_date > $as_of)
 order by l.opportunity_id, l.line_no
