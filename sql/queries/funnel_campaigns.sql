-- Marketing campaigns for the sales funnel model: channel, the lead source their leads come in
-- through, start date and total cost (BIGINT minor units of currency), for cost per lead and
-- per won deal.
select campaign_id,
       code,
       name,
       channel,
       lead_source_code as source_code,
       start_date,
       cost,
       currency
  from dim_campaign
 order by campaign_id
