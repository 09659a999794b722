import { evaluateExpression, parseExpression, type Expr } from './expression.js';
import { isScorecardVariable, UNAVAILABLE_VARIABLES, VARIABLES, type SupplierPeriodVariables } from './variables.js';

/**
 * A supplier scorecard in the manner of ERPNext's: criteria, each a formula over the documented
 * variables scoring 0–100 (results outside are clamped), with weights summing to 1; a score per
 * period; an overall score that weighs recent periods more; a grade; and a standing that purchasing
 * acts on (preferred, approved, watch — orders warned — or blocked — orders refused).
 */
export interface Criterion {
  /** Identifier, lower case: quality, on_time_in_full, … */
  name: string;
  /** The formula (see expression.ts); its variables are those of variables.ts. */
  formula: string;
  /** Share of the score; the weights of a scorecard sum to 1. */
  weight: number;
  description?: string;
}

export type Grade = 'A' | 'B' | 'C' | 'D';
export type Standing = 'preferred' | 'approved' | 'watch' | 'blocked';
export const STANDINGS: readonly Standing[] = ['preferred', 'approved', 'watch', 'blocked'];

export interface ScorecardConfig {
  name: string;
  criteria: readonly Criterion[];
  /**
   * Periods after which a period's weight in the overall score halves: the period holding the
   * scoring date weighs 1, the one `halfLifePeriods` before it 0.5, twice as far 0.25.
   */
  halfLifePeriods: number;
  /** Lowest overall score of each grade; below C's is D. */
  grades: { A: number; B: number; C: number };
  /** Lowest overall score of each standing; below watch's is blocked. */
  standings: { preferred: number; approved: number; watch: number };
  /** A supplier with fewer periods scored gets no score, grade or standing (not enough evidence). */
  minScoredPeriods: number;
}

/**
 * The default scorecard. Quality and delivery dominate, as in most purchasing scorecards; the
 * formulas turn each variable into points so that an ordinary good supplier scores 80–100:
 * 1% of units rejected costs 10 quality points, each day late on average 10 lateness points,
 * 5% over the price list 25 price points, a quarter of statement lines disputed 50 points.
 */
export const DEFAULT_SCORECARD: ScorecardConfig = {
  name: 'Ledgerloop default supplier scorecard',
  criteria: [
    { name: 'quality', weight: 0.25, formula: 'clamp(100 - defects_ppm / 1000, 0, 100)', description: 'Units rejected at receipt inspection: 100 at none, 0 at 10% or more.' },
    { name: 'lot_acceptance', weight: 0.05, formula: '100 * acceptance_rate', description: 'Share of inspected receipt lines accepted whole.' },
    { name: 'on_time_in_full', weight: 0.2, formula: '100 * otif_rate', description: 'Share of order lines delivered in full by the promised date.' },
    { name: 'lateness', weight: 0.1, formula: 'max(0, 100 - 10 * mean_lateness_days)', description: 'Mean days late: 10 points a day.' },
    { name: 'lead_time_consistency', weight: 0.05, formula: 'clamp(100 - 10 * lead_time_sd_days, 0, 100)', description: 'Spread of lead times: 10 points a day of standard deviation.' },
    { name: 'price', weight: 0.1, formula: 'clamp(100 - price_vs_list_bp / 20, 0, 100)', description: 'Paying over the price list: 5 points per 1% over, 100 at or under the list.' },
    { name: 'asn_discipline', weight: 0.05, formula: '100 * asn_timeliness_rate', description: 'Share of receipts announced by an advance shipping notice before they arrived.' },
    { name: 'statement_accuracy', weight: 0.05, formula: 'clamp(100 - 200 * statement_discrepancy_rate, 0, 100)', description: 'Statement lines the supplier disputes: 2 points per 1% disputed.' },
    { name: 'audit', weight: 0.15, formula: 'audit_score', description: 'The latest on-site audit\'s weighted score.' },
  ],
  halfLifePeriods: 3,
  grades: { A: 85, B: 70, C: 55 },
  standings: { preferred: 85, approved: 65, watch: 50 },
  minScoredPeriods: 1,
};

export type ScorecardErrorKind = 'criteria' | 'weights' | 'thresholds' | 'half_life';

/** A scorecard configuration that cannot be used; `field` names the part (criteria.2.weight, …). */
export class ScorecardError extends Error {
  override readonly name = 'ScorecardError';
  constructor(readonly kind: ScorecardErrorKind, readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

export interface CompiledScorecard {
  config: ScorecardConfig;
  criteria: { criterion: Criterion; expr: Expr }[];
}

const WEIGHT_TOLERANCE = 1e-9;

/** Validates a scorecard and parses its formulas; throws ScorecardError or ExpressionError. */
export function compileScorecard(config: ScorecardConfig): CompiledScorecard {
  if (!Array.isArray(config.criteria) || config.criteria.length === 0) throw new ScorecardError('criteria', 'criteria', 'a scorecard needs at least one criterion');
  const names = new Set<string>();
  config.criteria.forEach((c, i) => {
    if (typeof c.name !== 'string' || !/^[a-z][a-z0-9_]{0,39}$/.test(c.name)) throw new ScorecardError('criteria', `criteria.${i}.name`, `'${String(c.name)}' is not a criterion name (lower case letters, digits and _, starting with a letter)`);
    if (names.has(c.name)) throw new ScorecardError('criteria', `criteria.${i}.name`, `criterion '${c.name}' is defined twice`);
    names.add(c.name);
    if (!(Number.isFinite(c.weight) && c.weight > 0)) throw new ScorecardError('weights', `criteria.${i}.weight`, `the weight of '${c.name}' must be a positive number, not ${String(c.weight)}`);
  });
  const total = config.criteria.reduce((s, c) => s + c.weight, 0);
  if (Math.abs(total - 1) > WEIGHT_TOLERANCE) throw new ScorecardError('weights', 'criteria', `the weights sum to ${total}, not 1`);
  if (!(Number.isFinite(config.halfLifePeriods) && config.halfLifePeriods > 0)) throw new ScorecardError('half_life', 'halfLifePeriods', `must be a positive number of periods, not ${String(config.halfLifePeriods)}`);
  if (!(Number.isInteger(config.minScoredPeriods) && config.minScoredPeriods >= 1)) throw new ScorecardError('thresholds', 'minScoredPeriods', `must be a whole number of at least 1, not ${String(config.minScoredPeriods)}`);
  ordered('grades', [['C', config.grades?.C], ['B', config.grades?.B], ['A', config.grades?.A]]);
  ordered('standings', [['watch', config.standings?.watch], ['approved', config.standings?.approved], ['preferred', config.standings?.preferred]]);

  const known = VARIABLES.map((v) => v.name).join(', ');
  const unknownHint = (name: string) => (Object.hasOwn(UNAVAILABLE_VARIABLES, name) ? ` (documented but unavailable: ${UNAVAILABLE_VARIABLES[name]})` : ` (variables: ${known})`);
  const criteria = config.criteria.map((criterion) => ({ criterion, expr: parseExpression(criterion.formula, criterion.name, { isVariable: isScorecardVariable, unknownHint }) }));
  return { config, criteria };
}

function ordered(field: string, thresholds: [string, number | undefined][]) {
  let last = 0;
  for (const [name, value] of thresholds) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100)) throw new ScorecardError('thresholds', `${field}.${name}`, `must be a score from 0 to 100, not ${String(value)}`);
    if (value < last) throw new ScorecardError('thresholds', `${field}.${name}`, `${value} is below the threshold under it (${last}); thresholds must rise with the ${field === 'grades' ? 'grade' : 'standing'}`);
    last = value;
  }
}

// ---- scoring ------------------------------------------------------------------------------------

export interface PeriodScore {
  period: string;
  /** Weighted mean of the criteria with a score this period (weights renormalised over them); null when none had data. */
  score: number | null;
  criteria: Record<string, number | null>;
}

export interface CriterionSummary {
  name: string;
  weight: number;
  /** Decay-weighted mean of the criterion's period scores; null when it never had data. */
  score: number | null;
}

export interface SupplierScore {
  supplierId: number;
  /** 0–100: decay-weighted mean of the period scores; null below minScoredPeriods. */
  score: number | null;
  grade: Grade | null;
  standing: Standing | null;
  /** Why: the standing, the score and the weakest criteria (or why there is no score). */
  reason: string;
  /** Latest scored period's score minus the one before it; null with fewer than two. */
  trend: number | null;
  scoredPeriods: number;
  /** The last period of the run (holding the scoring date). */
  period: string;
  criteria: CriterionSummary[];
  history: PeriodScore[];
}

/** Weight of a period `age` periods before the newest: 0.5^(age / halfLife). */
export function decayWeight(age: number, halfLifePeriods: number): number {
  return 0.5 ** (age / halfLifePeriods);
}

/** Decay-weighted mean of (age, value) pairs with a value; null when none has one. */
export function decayedMean(values: readonly { age: number; value: number | null }[], halfLifePeriods: number): number | null {
  let num = 0;
  let den = 0;
  for (const { age, value } of values) {
    if (value === null) continue;
    const w = decayWeight(age, halfLifePeriods);
    num += w * value;
    den += w;
  }
  return den > 0 ? num / den : null;
}

export function gradeOf(score: number, grades: ScorecardConfig['grades']): Grade {
  return score >= grades.A ? 'A' : score >= grades.B ? 'B' : score >= grades.C ? 'C' : 'D';
}

export function standingOf(score: number, standings: ScorecardConfig['standings']): Standing {
  return score >= standings.preferred ? 'preferred' : score >= standings.approved ? 'approved' : score >= standings.watch ? 'watch' : 'blocked';
}

/** Scores one period's variables by each criterion (clamped to 0–100), and their weighted mean. */
export function scorePeriod(scorecard: CompiledScorecard, v: SupplierPeriodVariables): PeriodScore {
  const criteria: Record<string, number | null> = {};
  let num = 0;
  let den = 0;
  for (const { criterion, expr } of scorecard.criteria) {
    const raw = evaluateExpression(expr, v.values);
    const s = raw === null ? null : Math.min(100, Math.max(0, raw));
    criteria[criterion.name] = s;
    if (s !== null) {
      num += criterion.weight * s;
      den += criterion.weight;
    }
  }
  return { period: v.period, score: den > 0 ? num / den : null, criteria };
}

/**
 * Scores every supplier over its periods. `variables` come from computeVariables (any order);
 * the newest period among them is the reference for the decay (age 0). One result per supplier,
 * ordered by supplier id.
 */
export function scoreSuppliers(variables: readonly SupplierPeriodVariables[], config: ScorecardConfig = DEFAULT_SCORECARD): SupplierScore[] {
  const scorecard = compileScorecard(config);
  const order = [...new Set(variables.map((v) => v.period))].sort();
  if (order.length === 0) return [];
  const rank = new Map(order.map((p, i) => [p, i]));
  const newest = order.length - 1;
  const bySupplier = new Map<number, SupplierPeriodVariables[]>();
  for (const v of variables) bySupplier.set(v.supplierId, [...(bySupplier.get(v.supplierId) ?? []), v]);
  return [...bySupplier.entries()].sort(([a], [b]) => a - b).map(([supplierId, rows]) => {
    const history = rows.sort((a, b) => (a.period < b.period ? -1 : 1)).map((v) => scorePeriod(scorecard, v));
    const ageOf = (p: string) => newest - rank.get(p)!;
    const scored = history.filter((h) => h.score !== null);
    const criteria = scorecard.criteria.map(({ criterion }) => ({
      name: criterion.name,
      weight: criterion.weight,
      score: decayedMean(history.map((h) => ({ age: ageOf(h.period), value: h.criteria[criterion.name] ?? null })), config.halfLifePeriods),
    }));
    const trend = scored.length >= 2 ? scored.at(-1)!.score! - scored.at(-2)!.score! : null;
    const base = { supplierId, trend, scoredPeriods: scored.length, period: order[newest]!, criteria, history };
    if (scored.length < config.minScoredPeriods) {
      const why = scored.length === 0 ? 'no period had data for any criterion' : `only ${scored.length} period${scored.length === 1 ? '' : 's'} scored, ${config.minScoredPeriods} needed`;
      return { ...base, score: null, grade: null, standing: null, reason: `not scored: ${why}` };
    }
    const score = decayedMean(history.map((h) => ({ age: ageOf(h.period), value: h.score })), config.halfLifePeriods)!;
    const standing = standingOf(score, config.standings);
    return { ...base, score, grade: gradeOf(score, config.grades), standing, reason: reasonFor(standing, score, gradeOf(score, config.grades), criteria) };
  });
}

/** 'watch (score 58.3, grade C): weakest criteria quality 21.4, on_time_in_full 48.0; no data for audit' */
export function reasonFor(standing: Standing, score: number, grade: Grade, criteria: readonly CriterionSummary[]): string {
  const withData = criteria.filter((c) => c.score !== null).sort((a, b) => a.score! - b.score! || b.weight - a.weight || (a.name < b.name ? -1 : 1));
  const weak = withData.filter((c) => c.score! < 100).slice(0, 2);
  const missing = criteria.filter((c) => c.score === null).map((c) => c.name);
  let text = `${standing} (score ${score.toFixed(1)}, grade ${grade}): ${weak.length > 0 ? `weakest criteria ${weak.map((c) => `${c.name} ${c.score!.toFixed(1)}`).join(', ')}` : 'every criterion with data at 100'}`;
  if (missing.length > 0) text += `; no data for ${missing.join(', ')}`;
  return text;
}
