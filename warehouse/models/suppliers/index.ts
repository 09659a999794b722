/**
 * Supplier capability profile: variables per supplier and period from the warehouse facts, a
 * configurable scorecard of formula criteria with weights, an overall score weighing recent
 * periods more, grade and standing, and the ranking checked against a ground truth.
 */
export { parseExpression, evaluateExpression, variablesOf, ExpressionError, FUNCTIONS, type Expr, type ExpressionErrorKind, type FunctionName } from './expression.js';
export { periodOf, periodEnd, periodsBetween, type Grain } from './periods.js';
export {
  computeVariables,
  isScorecardVariable,
  sectionVariable,
  ScorecardInputError,
  UNAVAILABLE_VARIABLES,
  VARIABLES,
  type AuditSectionRow,
  type PurchaseLineRow,
  type ReceiptLineRow,
  type ScorecardInputs,
  type StatementLineRow,
  type SupplierPeriodVariables,
  type VariableDoc,
  type VariableGroup,
  type VariableOptions,
} from './variables.js';
export {
  compileScorecard,
  decayedMean,
  decayWeight,
  DEFAULT_SCORECARD,
  gradeOf,
  reasonFor,
  scorePeriod,
  scoreSuppliers,
  ScorecardError,
  standingOf,
  STANDINGS,
  type CompiledScorecard,
  type Criterion,
  type CriterionSummary,
  type Grade,
  type PeriodScore,
  type ScorecardConfig,
  type ScorecardErrorKind,
  type Standing,
  type SupplierScore,
} from './scorecard.js';
export { averageRanks, pearson, spearman } from './spearman.js';
export { compareWithTruth, supplierTruthFromManifest, type SupplierTruth, type TruthComparison, type TruthManifestLike } from './ground-truth.js';
