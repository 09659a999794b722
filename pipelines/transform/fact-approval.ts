import { approvalRequestsStage } from '../extract/stages/approvals.js';
import type { FactTable } from './table.js';

/**
 * One row per approval request, whatever the document (quote discounts, contracts, returns,
 * purchase orders, …): its chain, where it stands, and its decisions summarised. A request
 * never changes once decided or superseded, so only pending ones move between loads.
 */
export const factApproval: FactTable = {
  kind: 'fact',
  table: 'fact_approval',
  stages: [approvalRequestsStage],
  replaceKey: ['request_id'],
  dimensionKeys: [],
  dateColumns: ['request_date', 'decided_date'],
  partitionDate: 'request_date',
  sourceRows: 'select count(*) from approvals.requests',
  transform: () => `
    select r.id as request_id, r.document_type, r.document_id, r.summary, r.department, r.amount as amount_functional,
           r.created_by as requested_by, r.request_date, date_key(r.request_date) as request_date_key, r.status, r.reason as status_reason,
           r.rule_id, r.reason is not distinct from 'no rule' as auto_approved, r.steps_required, r.steps_decided, r.steps_approved,
           case r.status when 'approved' then 'approve' when 'rejected' then 'reject' end as final_decision,
           case when r.status in ('approved', 'rejected') then r.closed_date end as decided_date,
           date_key(case when r.status in ('approved', 'rejected') then r.closed_date end) as decided_date_key,
           case when r.status in ('approved', 'rejected') then date_diff('day', r.request_date, r.closed_date) * 24 end as hours_to_decide,
           r.closed_date, r.last_decision, r.last_decision_date, r.last_step_role, r.last_approver_id, r.last_approver_role,
           r.last_comment_present, r.comments > 0 as comment_present, r.comments as comment_count,
           make_timestamptz(r.created_at_us) as recorded_at, make_timestamptz(r.last_decided_at_us) as last_decision_recorded_at
      from stg_approval_requests r`,
};
