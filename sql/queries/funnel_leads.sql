-- Leads for the sales funnel model, one row per lead as it stands now: source, campaign,
-- region, segment, owner, status, the day it was opened and the day it was converted or
-- disqualified (null while open).
select lead_id,
       lead_source_code as source_code,
       campaign_id,
       region,
       segment,
       owner_id,
       status,
       created_date,
       closed_date
  from fact_lead
 order by lead_id
