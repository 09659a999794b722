-- Follow-ups of a lead or an account whatever their status: an incremental warehouse run reads
-- every follow-up of the leads and accounts changed since the previous one (pipelines/extract/
-- stages/crm.ts), done and cancelled ones included, which the open-only indexes of 0009 miss.
create index if not exists follow_ups_lead on crm.follow_ups (lead_id) where lead_id is not null;
create index if not exists follow_ups_customer on crm.follow_ups (customer_id) where customer_id is not null;
