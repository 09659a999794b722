/**
 * The approval engine every area uses: rules by document type, amount band and department give
 * a chain of approver roles; a document's command calls `requestApproval` inside its own
 * transaction, the gate command calls `assertApproved`, approvers call `decide`, and the owning
 * area reacts to final outcomes through `onApprovalDecided`.
 */
export { setApprovalRule } from './rules.js';
export { requestApproval, assertApproved, withdrawApproval, type ApprovalRequestInput, type ApprovalRequestResult } from './requests.js';
export { decide, onApprovalDecided, OVERRIDE_ROLE, type ApprovalHandler, type ApprovalOutcome } from './decisions.js';
export * from './queries.js';
export type { ApprovalStatus, ApprovalDecision } from './tables.js';
