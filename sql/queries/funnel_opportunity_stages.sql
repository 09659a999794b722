-- Stage entries for the sales funnel model: every stage each opportunity entered, when it entered
-- and left it, the nominal probability and amount on entry, and the opportunity's outcome,
-- owner, source and campaign. Region and segment are the lead's when it came from one, else
-- the account's as it was when the opportunity was opened (fact_opportunity_stage carries
-- neither). Amounts are BIGINT minor units of currency.
with opened as (
  select opportunity_id, customer_key from fact_opportunity_stage where entry_no = 1
)
select f.opportunity_id,
       f.entry_no,
       f.stage_code,
       f.win_probability_bp,
       f.entered_date,
       f.left_date,
       f.outcome,
       f.lost_reason,
       f.amount,
       f.currency,
       f.owner_id,
       f.lead_id,
       f.lead_source_code as source_code,
       f.campaign_id,
       coalesce(l.region, c.region) as region,
       coalesce(l.segment, c.segment) as segment,
       f.opportunity_created_date,
       f.closed_date
  from fact_opportunity_stage f
  left join opened o on o.opportunity_id = f.opportunity_id
  left join fact_lead l on l.lead_id = f.lead_id
  left join dim_customer c on c.customer_key = o.customer_key
 order by f.opportunity_id, f.entry_no
