/**
 * Supplier standings from the supplier scorecard: recorded in batches, queried per supplier, and
 * acted on by purchase-order creation (../purchase-orders.ts).
 */
export { recordSupplierStandings, type RecordedStandings, type StandingRow } from './record.js';
export { supplierStanding, type StandingRecord, type SupplierStandingView } from './queries.js';
export type { SupplierStanding, ScorecardGrade } from './tables.js';
