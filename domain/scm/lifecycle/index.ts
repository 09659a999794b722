/**
 * The supplier lifecycle: certificates and the categories that require them, risk flags, audit
 * templates and scored audits with corrective actions, supplier price lists, requests for
 * quotation, and whether a supplier may receive a purchase order. Registration and status
 * changes live in ../suppliers.ts; the order check in ../purchase-orders.ts.
 */
export {
  defineCertificateType,
  setCertificateRequirements,
  recordSupplierCertificate,
  revokeSupplierCertificate,
  remindExpiringCertificates,
  expiringCertificates,
  supplierCertificates,
  certificateRequirements,
  type ExpiringCertificate,
  type SupplierCertificate,
} from './certificates.js';
export { orderableSuppliers, canOrderFrom, type OrderableSupplier, type CertificateGap } from './compliance.js';
export { raiseSupplierRiskFlag, clearSupplierRiskFlag, openRiskFlags, type RiskFlag } from './risk-flags.js';
export {
  defineAuditTemplate,
  recordSupplierAudit,
  closeCorrectiveAction,
  auditTemplate,
  supplierAuditScores,
  openCorrectiveActions,
  type AuditTemplate,
  type SupplierAuditScore,
  type OpenCorrectiveAction,
} from './audits.js';
export { scoreAudit, weightProblem, SCALE_MAX } from './scoring.js';
export { setSupplierPrices, supplierPrice, supplierPriceList, type SupplierPrice, type PriceEntry } from './price-lists.js';
export { issueRfq, recordRfqResponse, awardRfq, cancelRfq, openRfqs, rfqComparison, type OpenRfq, type RfqComparison, type RfqQuote, type RfqSupplierSummary } from './rfqs.js';
export { supplierOverview, supplierProfile, type SupplierSummary, type SupplierProfile } from './queries.js';
export { isValidIban, normaliseIban, normaliseTaxId } from './identifiers.js';
export type { SupplierStatus, RiskKind, RiskSeverity, AuditScale, FindingSeverity, RfqStatus } from './tables.js';
