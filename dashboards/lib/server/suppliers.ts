import { core, scm } from '../../../domain/index.js';
import { dashboardContext } from './context.js';

/** How far ahead a certificate's expiry is flagged on a supplier's page, in days. */
export const CERTIFICATE_WARNING_DAYS = 60;

export interface SupplierCertificateView {
  certificateType: string;
  certificateNo: string;
  issuedOn: string;
  validUntil: string;
  /** Valid on the company's day. */
  valid: boolean;
  /** Days from the company's day to validUntil; negative once lapsed. */
  daysLeft: number;
  /** The supplier's latest certificate of its type (older ones were superseded by it). */
  latest: boolean;
  /** The latest of its type, running out within CERTIFICATE_WARNING_DAYS (or lapsed) with no renewal on file. */
  expiring: boolean;
  requiredFor: string[];
}

export interface SupplierRecord {
  /** The day validity is judged on: the simulated company's last day, else today (as `ledgerloop suppliers show`). */
  asOf: string;
  profile: Omit<scm.SupplierProfile, 'certificates' | 'bank'>;
  certificates: SupplierCertificateView[];
  /** The scorecard standing recorded in the operational database (blocked refuses new orders, watch warns); null when none was recorded. */
  standing: { standing: string; score: number; grade: string; reason: string; period: string; asOf: string; recordedAt: string; previous: string | null } | null;
}

/**
 * One supplier as the operational database records it, through the domain's public scm
 * functions (those behind `ledgerloop suppliers show` and `certificates --expiring`): its
 * registration, status history and risk flags, its certificates with their expiry, and the
 * standing purchasing acts on. Null when there is no supplier with that code.
 */
export async function supplierRecord(code: string): Promise<SupplierRecord | null> {
  const { db } = dashboardContext().database;
  const asOf = (await core.simulationState(db))?.lastDate ?? new Date().toISOString().slice(0, 10);
  const profile = await scm.supplierProfile(db, { code }, asOf);
  if (!profile) return null;
  const [expiring, standing] = await Promise.all([
    scm.expiringCertificates(db, { asOf, withinDays: CERTIFICATE_WARNING_DAYS, includeLapsed: true, supplierId: profile.supplierId }),
    scm.supplierStanding(db, profile.supplierId),
  ]);
  const { certificates, bank: _bank, ...rest } = profile;
  const seen = new Set<string>();
  return {
    asOf,
    profile: rest,
    // certificates come newest first within each type, so the first of a type is its latest.
    certificates: certificates.map((c) => {
      const latest = !seen.has(c.certificateType);
      seen.add(c.certificateType);
      return {
        ...c,
        daysLeft: daysBetween(asOf, c.validUntil),
        latest,
        expiring: latest && expiring.some((e) => e.certificateType === c.certificateType && e.certificateNo === c.certificateNo),
      };
    }),
    standing: standing && {
      standing: standing.standing, score: standing.score, grade: standing.grade, reason: standing.reason, period: standing.period, asOf: standing.asOf, recordedAt: standing.recordedAt,
      previous: standing.history.find((h) => h.asOf < standing.asOf)?.standing ?? null,
    },
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
