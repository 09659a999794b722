import { changedAggregateIds } from '../changes.js';
import { columns, micros, type StageSpec } from '../stage-spec.js';

/**
 * Approval requests with their decisions summarised, one row per request. A new request for a
 * document supersedes its pending predecessor without an event of the predecessor's own, so a
 * window reads every request of a document one of whose requests changed (index requests_document).
 */
export const approvalRequestsStage: StageSpec = {
  name: 'stg_approval_requests',
  columns: columns({
    id: 'INTEGER', document_type: 'VARCHAR', document_id: 'INTEGER', department: 'VARCHAR', amount: 'BIGINT', summary: 'VARCHAR',
    request_date: 'DATE', rule_id: 'INTEGER', steps_required: 'INTEGER', status: 'VARCHAR', reason: 'VARCHAR', closed_date: 'DATE',
    created_by: 'VARCHAR', created_at_us: 'BIGINT', steps_decided: 'INTEGER', steps_approved: 'INTEGER', comments: 'INTEGER',
    last_decision: 'VARCHAR', last_decision_date: 'DATE', last_step_role: 'VARCHAR', last_approver_id: 'INTEGER',
    last_approver_role: 'VARCHAR', last_comment_present: 'BOOLEAN', last_decided_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'approvals.requests',
  query: (window) => `
    select r.id, r.document_type, r.document_id, r.department, r.amount, r.summary, r.request_date, r.rule_id,
           cardinality(r.steps) as steps_required, r.status, r.reason, r.closed_date, r.created_by, ${micros('r.created_at')} as created_at_us,
           coalesce(s.decided, 0) as steps_decided, coalesce(s.approved, 0) as steps_approved, coalesce(s.comments, 0) as comments,
           l.decision as last_decision, l.decision_date as last_decision_date, l.step_role as last_step_role, l.approver_id as last_approver_id,
           l.approver_role as last_approver_role, l.comment is not null as last_comment_present, ${micros('l.created_at')} as last_decided_at_us
      from approvals.requests r
      left join lateral (
        select count(*)::int as decided, (count(*) filter (where d.decision = 'approve'))::int as approved,
               (count(*) filter (where d.comment is not null))::int as comments
          from approvals.decisions d where d.request_id = r.id
      ) s on true
      left join lateral (select * from approvals.decisions d where d.request_id = r.id order by d.step_no desc limit 1) l on true
     ${window.kind === 'full' ? '' : `where r.id in (select o.id from approvals.requests c join approvals.requests o on o.document_type = c.document_type and o.document_id = c.document_id
                                                   where c.id in (${changedAggregateIds('approval_request', window)}))`}`,
};
