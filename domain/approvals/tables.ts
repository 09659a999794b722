import type { ColumnType, Generated } from 'kysely';

/** Kysely row types of this area's tables, keyed `schema.table`; merged into DB in domain/db/tables.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'superseded';
export type ApprovalDecision = 'approve' | 'reject';

/** A chain of approver roles for a document type, an amount band and optionally a department. */
export interface ApprovalsRules {
  id: Generated<number>;
  document_type: string;
  department: string | null;
  /** Functional minor units, inclusive. */
  min_amount: number;
  /** Functional minor units, exclusive; null = no upper bound. */
  max_amount: number | null;
  /** Approver roles, in order (1 to 5). */
  steps: string[];
  /** The rule that replaced this one; null while it is active. */
  superseded_by: number | null;
  created_at: Timestamp;
  created_by: string;
}

/** One submission of a document for approval; walks its chain one decision at a time. */
export interface ApprovalsRequests {
  id: Generated<number>;
  document_type: string;
  document_id: number;
  department: string | null;
  amount: number;
  summary: string | null;
  request_date: string;
  rule_id: number | null;
  /** The rule's chain as it was when requested. */
  steps: string[];
  /** 0-based index of the next step to decide; equals steps.length once approved. */
  current_step: ColumnType<number, number | undefined, number>;
  status: ApprovalStatus;
  /** 'no rule' for requests approved without a chain. */
  reason: string | null;
  closed_date: string | null;
  created_at: Timestamp;
  created_by: string;
}

/** The audit trail: one append-only row per decision. */
export interface ApprovalsDecisions {
  id: Generated<number>;
  request_id: number;
  step_no: number;
  step_role: string;
  approver_id: number;
  approver_role: string;
  decision: ApprovalDecision;
  comment: string | null;
  decision_date: string;
  created_at: Timestamp;
  created_by: string;
}

export interface ApprovalTables {
  'approvals.rules': ApprovalsRules;
  'approvals.requests': ApprovalsRequests;
  'approvals.decisions': ApprovalsDecisions;
}
