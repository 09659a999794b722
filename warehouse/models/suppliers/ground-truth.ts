import { spearman } from './spearman.js';
import type { SupplierScore } from './scorecard.js';

/**
 * How well the scorecard's ranking recovers the demo company's true supplier qualities
 * (`truthManifest` in domain/simulate/truth.ts). Kept structural so the model imports nothing
 * from the domain: pass the manifest, or rows of the same shape from elsewhere.
 */
export interface SupplierTruth {
  supplierId: number;
  /** True capability, 0–100 (what audits measure, with noise). */
  capability: number;
  /** Probability a received unit is defective. */
  defectRate: number;
  /** Mean days deliveries arrive after the promised lead time. */
  lateBiasDays: number;
  /** Probability a delivery arrives on or before the promised date. */
  onTimeProbability: number;
  qualityIssue: 'none' | 'recovers' | 'persists';
}

/** The manifest's parts this needs: `suppliers` (by position) and `supplierLifecycle.suppliers` (by index). */
export interface TruthManifestLike {
  suppliers: readonly { supplierId: number; onTimeProbability: number }[];
  supplierLifecycle: { suppliers: readonly { index: number; capability: number; defectRate: number; lateBiasDays: number; qualityIssue: SupplierTruth['qualityIssue'] }[] };
}

/** One row per supplier from the manifest (its two supplier lists join on position = index). */
export function supplierTruthFromManifest(manifest: TruthManifestLike): SupplierTruth[] {
  return manifest.supplierLifecycle.suppliers.map((q) => {
    const s = manifest.suppliers[q.index];
    if (!s) throw new RangeError(`the manifest has no supplier at index ${q.index}`);
    return { supplierId: s.supplierId, capability: q.capability, defectRate: q.defectRate, lateBiasDays: q.lateBiasDays, onTimeProbability: s.onTimeProbability, qualityIssue: q.qualityIssue };
  });
}

export interface TruthComparison {
  /** Suppliers both scored and in the truth. */
  suppliers: number;
  /**
   * Spearman's ρ between the overall score and each truth, oriented so that +1 means the
   * scorecard ranks suppliers exactly as the truth does (defect rate and lateness are negated:
   * lower is better). Null when fewer than two suppliers or a constant side.
   */
  spearman: { capability: number | null; defectRate: number | null; lateBias: number | null; onTimeProbability: number | null };
  /** The suppliers drawn with a quality issue, where the scorecard put them (rank 1 = best). */
  qualityIssues: { supplierId: number; qualityIssue: 'recovers' | 'persists'; rank: number; of: number; score: number; standing: string | null }[];
}

export function compareWithTruth(scores: readonly SupplierScore[], truth: readonly SupplierTruth[]): TruthComparison {
  const byId = new Map(truth.map((t) => [t.supplierId, t]));
  const pairs = scores.filter((s) => s.score !== null && byId.has(s.supplierId)).map((s) => ({ s, t: byId.get(s.supplierId)! }));
  const score = pairs.map((p) => p.s.score!);
  const rho = (truthValue: (t: SupplierTruth) => number) => spearman(score, pairs.map((p) => truthValue(p.t)));
  const ranked = [...pairs].sort((a, b) => b.s.score! - a.s.score! || a.s.supplierId - b.s.supplierId);
  return {
    suppliers: pairs.length,
    spearman: {
      capability: rho((t) => t.capability),
      defectRate: rho((t) => -t.defectRate),
      lateBias: rho((t) => -t.lateBiasDays),
      onTimeProbability: rho((t) => t.onTimeProbability),
    },
    qualityIssues: ranked.flatMap((p, i) => (p.t.qualityIssue === 'none' ? [] : [{ supplierId: p.s.supplierId, qualityIssue: p.t.qualityIssue, rank: i + 1, of: ranked.length, score: p.s.score!, standing: p.s.standing }])),
  };
}
