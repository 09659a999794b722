/**
 * Planning: suggestions the forecast writes — replenishment, production, re-engagement of quiet
 * customers, next quarter's budget — each with its rationale and value at stake, and the
 * planners' decisions on them. Accepting one creates the real document in its owning area
 * (purchase requisition or order, production order, follow-up, budget lines) exactly once.
 */
export {
  SUGGESTION_KINDS, quarterMonths, naturalKey,
  type Proposal, type ReplenishmentProposal, type ProductionProposal, type ReEngagementProposal, type BudgetProposal, type ProposalChanges, type FieldChange,
} from './kinds.js';
export { upsertSuggestions, expireSuggestions, SUGGESTION, DECISION, type SuggestionInput, type UpsertResult } from './proposals.js';
export { acceptSuggestion, modifySuggestion, rejectSuggestion, type DecisionResult } from './decisions.js';
export { recordOutcome } from './outcomes.js';
export type { CreatedDocument } from './documents.js';
export {
  listSuggestions, suggestion, suggestionsToMeasure, acceptanceStats, regionOfSuggestion, SUGGESTION_SORTS,
  type SuggestionRecord, type SuggestionDecision, type OutcomeRecord, type AcceptanceStats, type SuggestionSort,
} from './queries.js';
export type * from './tables.js';
