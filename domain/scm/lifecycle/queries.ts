import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { maskAccount } from './identifiers.js';
import type { SupplierStatus } from './tables.js';

/** Read-only views of suppliers for people: the list, and one supplier's whole profile. */

export interface SupplierSummary {
  supplierId: number;
  code: string;
  legalName: string;
  status: SupplierStatus;
  supplierType: string | null;
  region: string;
  currency: string;
  categories: string[];
  /** Latest audit total, percent. */
  auditScore: number | null;
  openRiskFlags: number;
  /** Mandatory certificates for the supplier's categories that are not valid on asOf. */
  certificateGaps: number;
  /** Certificates running out within 30 days of asOf, not yet renewed. */
  expiringCertificates: number;
}

export async function supplierOverview(db: Kysely<DB>, asOf: string): Promise<SupplierSummary[]> {
  const { rows } = await sql<SupplierSummary>`
    select s.id as "supplierId", s.code, s.legal_name as "legalName", s.status, s.supplier_type as "supplierType", s.region, s.currency::text as currency,
           coalesce((select jsonb_agg(c.category order by c.category) from scm.supplier_categories c where c.supplier_id = s.id), '[]') as categories,
           (select a.total_score::float8 from scm.supplier_audits a where a.supplier_id = s.id order by a.audit_date desc, a.id desc limit 1) as "auditScore",
           (select count(*)::int from scm.supplier_risk_flags f where f.supplier_id = s.id and f.cleared_on is null) as "openRiskFlags",
           (select count(*)::int from scm.certificate_gaps(s.id, array(select c.category from scm.supplier_categories c where c.supplier_id = s.id), ${asOf}::date)) as "certificateGaps",
           (select count(*)::int from (select distinct on (certificate_type) valid_until from scm.supplier_certificates x where x.supplier_id = s.id
                                        order by certificate_type, valid_until desc) l
             where l.valid_until between ${asOf}::date and ${asOf}::date + 30) as "expiringCertificates"
      from scm.suppliers s order by s.code`.execute(db);
  return rows;
}

export interface SupplierProfile {
  supplierId: number;
  code: string;
  legalName: string;
  taxId: string;
  status: SupplierStatus;
  supplierType: string | null;
  region: string;
  currency: string;
  paymentTermsDays: number;
  /** The account number shown by its last four characters. */
  bank: { account: string | null; bankCode: string | null; holder: string | null };
  categories: string[];
  contacts: { name: string; email: string | null; phone: string | null; role: string | null }[];
  statusHistory: { on: string | null; from: SupplierStatus | null; to: SupplierStatus; reason: string; by: string }[];
  riskFlags: { flagId: number; kind: string; severity: string; source: string; description: string; raisedOn: string; clearedOn: string | null }[];
  certificates: { certificateType: string; certificateNo: string; issuedOn: string; validUntil: string; valid: boolean; requiredFor: string[] }[];
  audits: { auditNo: string; date: string; template: string; totalScore: number; findings: number; openActions: number }[];
  pricesInForce: number;
}

/** Everything recorded about one supplier (by code or id), with certificate validity on asOf. */
export async function supplierProfile(db: Kysely<DB>, which: { code: string } | { supplierId: number }, asOf: string): Promise<SupplierProfile | undefined> {
  const { rows } = await sql<Omit<SupplierProfile, 'bank'> & { account: string | null; bankCode: string | null; holder: string | null }>`
    select s.id as "supplierId", s.code, s.legal_name as "legalName", s.tax_id as "taxId", s.status, s.supplier_type as "supplierType", s.region,
           s.currency::text as currency, s.payment_terms_days as "paymentTermsDays", coalesce(s.bank_iban, s.bank_account_no) as account,
           s.bank_code as "bankCode", s.bank_account_holder as holder,
           coalesce((select jsonb_agg(c.category order by c.category) from scm.supplier_categories c where c.supplier_id = s.id), '[]') as categories,
           coalesce((select jsonb_agg(jsonb_build_object('name', k.name, 'email', k.email, 'phone', k.phone, 'role', k.role) order by k.id)
                       from scm.supplier_contacts k where k.supplier_id = s.id), '[]') as contacts,
           coalesce((select jsonb_agg(jsonb_build_object('on', h.changed_on, 'from', h.from_status, 'to', h.to_status, 'reason', h.reason, 'by', h.changed_by) order by h.id)
                       from scm.supplier_status_history h where h.supplier_id = s.id), '[]') as "statusHistory",
           coalesce((select jsonb_agg(jsonb_build_object('flagId', f.id, 'kind', f.kind, 'severity', f.severity, 'source', f.source, 'description', f.description,
                                                         'raisedOn', f.raised_on, 'clearedOn', f.cleared_on) order by f.raised_on, f.id)
                       from scm.supplier_risk_flags f where f.supplier_id = s.id), '[]') as "riskFlags",
           coalesce((select jsonb_agg(jsonb_build_object('certificateType', x.certificate_type, 'certificateNo', x.certificate_no, 'issuedOn', x.issued_on,
                                                         'validUntil', x.valid_until, 'valid', x.issued_on <= ${asOf}::date and x.valid_until >= ${asOf}::date,
                                                         'requiredFor', coalesce((select jsonb_agg(m.category order by m.category) from scm.mandatory_certificates m
                                                                                   where m.certificate_type = x.certificate_type), '[]'))
                                     order by x.certificate_type, x.valid_until desc)
                       from scm.supplier_certificates x where x.supplier_id = s.id), '[]') as certificates,
           coalesce((select jsonb_agg(jsonb_build_object('auditNo', a.audit_no, 'date', a.audit_date, 'template', t.code || ' v' || t.version,
                                                         'totalScore', a.total_score::float8,
                                                         'findings', (select count(*) from scm.audit_findings f where f.audit_id = a.id),
                                                         'openActions', (select count(*) from scm.corrective_actions ca join scm.audit_findings f on f.id = ca.finding_id
                                                                          where f.audit_id = a.id and ca.closed_on is null))
                                     order by a.audit_date desc, a.id desc)
                       from scm.supplier_audits a join scm.audit_templates t on t.id = a.template_id where a.supplier_id = s.id), '[]') as audits,
           (select count(*)::int from scm.supplier_prices p where p.supplier_id = s.id and p.valid_from <= ${asOf}::date
              and (p.valid_to is null or p.valid_to >= ${asOf}::date)) as "pricesInForce"
      from scm.suppliers s
     where ${'code' in which ? sql`s.code = ${which.code}` : sql`s.id = ${which.supplierId}`}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { account, bankCode, holder, ...profile } = row;
  return { ...profile, bank: { account: maskAccount(account), bankCode, holder } };
}
