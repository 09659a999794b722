-- The sales pipeline's stages as the funnel model reads them: code, name, position, nominal win
-- probability (basis points) and outcome (open, or won/lost for the stages that close an
-- opportunity). The warehouse has no stage dimension, so they are read off the stage entries:
-- name, position and probability of the latest entry into each stage; a stage is won or lost
-- when the opportunities that ended in it are. A stage no opportunity has entered is absent.
select stage_code as code,
       coalesce(arg_max(stage_name, stage_entry_id), stage_code) as name,
       coalesce(arg_max(stage_position, stage_entry_id), 10000) as position,
       arg_max(win_probability_bp, stage_entry_id) as probability_bp,
       coalesce(any_value(outcome) filter (where is_current_stage and outcome <> 'open'), 'open') as outcome
  from fact_opportunity_stage
 group by stage_code
 order by position, code
