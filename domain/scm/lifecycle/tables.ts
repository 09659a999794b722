import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types of the supplier lifecycle's tables (sql/postgres/0012_scm_supplier_lifecycle.sql),
 * keyed `schema.table`; merged into DB in domain/db/tables.ts. Money is integer minor units,
 * dates 'YYYY-MM-DD' strings, scores numeric strings (the type parsers keep numerics exact).
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Serial = Generated<number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Derived<T> = ColumnType<T, never, never>;

export type SupplierStatus = 'prospective' | 'approved' | 'suspended' | 'blocked';
export type RiskKind = 'financial' | 'legal' | 'delivery';
export type RiskSeverity = 'low' | 'medium' | 'high' | 'critical';
export type AuditScale = 'percent' | 'five_point';
export type FindingSeverity = 'minor' | 'major' | 'critical';
export type RfqStatus = 'open' | 'awarded' | 'cancelled';

export interface ScmSupplierCategories { supplier_id: number; category: string }
export interface ScmSupplierContacts { id: Serial; supplier_id: number; name: string; email: string | null; phone: string | null; role: string | null }
export interface ScmSupplierStatusHistory {
  id: Serial; supplier_id: number; changed_on: string | null; from_status: SupplierStatus | null; to_status: SupplierStatus;
  reason: string; manager_id: number | null; changed_by: string; changed_at: Timestamp;
}
export interface ScmSupplierRiskFlags {
  id: Serial; supplier_id: number; kind: RiskKind; severity: RiskSeverity; source: string; description: string; raised_on: string;
  cleared_on: string | null; cleared_reason: string | null; cleared_by: string | null; created_by: string; created_at: Timestamp;
}
export interface ScmCertificateTypes { code: string; name: string }
export interface ScmMandatoryCertificates { category: string; certificate_type: string }
export interface ScmSupplierCertificates {
  id: Serial; supplier_id: number; certificate_type: string; certificate_no: string; issuer: string | null; issued_on: string;
  expires_on: string; recorded_on: string; revoked_on: string | null; revoked_reason: string | null; reminded_on: string | null;
  /** expires_on, or the day before revoked_on. */
  valid_until: Derived<string>;
  created_by: string; created_at: Timestamp;
}
export interface ScmAuditTemplates {
  id: Serial; code: string; version: number; name: string; supplier_type: string; scale: AuditScale; effective_from: string;
  created_by: string; created_at: Timestamp;
}
export interface ScmAuditTemplateSections { id: Serial; template_id: number; section_no: number; code: string; name: string; weight: number }
export interface ScmAuditTemplateCriteria {
  id: Serial; section_id: number; template_id: number; criterion_no: number; code: string; name: string; guidance: string | null; weight: number;
}
export interface ScmSupplierAudits {
  id: Serial; audit_no: string; supplier_id: number; template_id: number; audit_date: string; auditor_id: number | null;
  /** Weighted total in percent, two decimals. */
  total_score: string; summary: string | null; created_by: string; created_at: Timestamp;
}
export interface ScmSupplierAuditScores { audit_id: number; template_id: number; criterion_id: number; score: number; comment: string | null }
export interface ScmAuditFindings {
  id: Serial; audit_id: number; template_id: number; finding_no: number; criterion_id: number | null; severity: FindingSeverity; description: string;
}
export interface ScmCorrectiveActions {
  id: Serial; finding_id: number; action_no: number; description: string; owner_id: number; due_on: string; closed_on: string | null;
  closed_by: string | null; closing_note: string | null; created_by: string; created_at: Timestamp;
}
export interface ScmRfqs {
  id: Serial; rfq_no: string; title: string; issued_on: string; respond_by: string; buyer_id: number | null; status: Defaulted<RfqStatus>;
  awarded_response_id: number | null; closed_on: string | null; close_reason: string | null; created_by: string; created_at: Timestamp;
}
export interface ScmRfqLines { id: Serial; rfq_id: number; line_no: number; item_id: number; quantity: number; needed_by: string | null }
export interface ScmRfqInvitations { rfq_id: number; supplier_id: number }
export interface ScmRfqResponses {
  id: Serial; rfq_id: number; supplier_id: number; responded_on: string; valid_until: string; currency: string; note: string | null;
  created_by: string; created_at: Timestamp;
}
export interface ScmRfqResponseLines {
  response_id: number; rfq_id: number; rfq_line_id: number; unit_price: number; lead_time_days: number; min_order_qty: Defaulted<number>;
}
export interface ScmSupplierPrices {
  id: Serial; supplier_id: number; item_id: number; valid_from: string; valid_to: string | null; currency: string; unit_price: number;
  min_order_qty: Defaulted<number>; lead_time_days: number; rfq_response_id: number | null; created_by: string; created_at: Timestamp;
}

/** Kysely row types of this area's tables, keyed `schema.table`; merged into DB in domain/db/tables.ts. */
export interface ScmLifecycleTables {
  'scm.supplier_categories': ScmSupplierCategories;
  'scm.supplier_contacts': ScmSupplierContacts;
  'scm.supplier_status_history': ScmSupplierStatusHistory;
  'scm.supplier_risk_flags': ScmSupplierRiskFlags;
  'scm.certificate_types': ScmCertificateTypes;
  'scm.mandatory_certificates': ScmMandatoryCertificates;
  'scm.supplier_certificates': ScmSupplierCertificates;
  'scm.audit_templates': ScmAuditTemplates;
  'scm.audit_template_sections': ScmAuditTemplateSections;
  'scm.audit_template_criteria': ScmAuditTemplateCriteria;
  'scm.supplier_audits': ScmSupplierAudits;
  'scm.supplier_audit_scores': ScmSupplierAuditScores;
  'scm.audit_findings': ScmAuditFindings;
  'scm.corrective_actions': ScmCorrectiveActions;
  'scm.rfqs': ScmRfqs;
  'scm.rfq_lines': ScmRfqLines;
  'scm.rfq_invitations': ScmRfqInvitations;
  'scm.rfq_responses': ScmRfqResponses;
  'scm.rfq_response_lines': ScmRfqResponseLines;
  'scm.supplier_prices': ScmSupplierPrices;
}
