/**
 * Maximum-likelihood fit of the BG/NBD model.
 *
 * The search runs over eta = ln(r, alpha, a, b) so Nelder–Mead is unconstrained and its
 * steps are relative; several starts and a polish (see multistart.ts) protect against the
 * flat r–alpha ridge; identical customers are grouped (see prepareBgNbdData) so the cost
 * of one evaluation scales with distinct (frequency, recency, T) triples, not customers.
 */
import type { BgNbdModel, BgNbdParams } from './bgnbd-params.js';
import { bgNbdTotalLogLikelihood, prepareBgNbdData } from './bgnbd-likelihood.js';
import { minimiseFromStarts } from './multistart.js';
import { logScaleStandardErrors } from './standard-errors.js';
import type { CustomerSummaries, CustomerSummary, TimeUnit } from './units.js';
import { isTimeUnit } from './units.js';

export interface BgNbdFitOptions {
  /** Time unit of recency and T, when the rows are passed without their collection. */
  unit?: TimeUnit;
  /** Extra or replacement starting points, as natural parameters. */
  starts?: readonly BgNbdParams[];
}

export interface BgNbdFit extends BgNbdParams {
  /** Maximised log-likelihood (sum over customers). */
  readonly logLikelihood: number;
  /** Asymptotic standard errors (NaN when the Hessian is not positive definite). */
  readonly standardErrors: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  /** True when the final polishing run met its tolerance and stopped improving. */
  readonly converged: boolean;
  readonly customers: number;
  /** Distinct (frequency, recency, T) triples actually evaluated. */
  readonly groups: number;
  /** Likelihood evaluations spent by the optimiser. */
  readonly evaluations: number;
  readonly unit?: TimeUnit;
}

/** A fit that knows its unit and can be passed straight to the scoring functions. */
export type BgNbdFitWithUnit = BgNbdFit & BgNbdModel;

/**
 * Fits BG/NBD by maximum likelihood. Pass a CustomerSummaries collection (or rows plus
 * options.unit) to get a fit that records its unit and can be scored; plain rows give a
 * unit-less fit. Throws, naming the row index and field, on invalid input.
 */
export function fitBgNbd(data: CustomerSummaries, options?: BgNbdFitOptions): BgNbdFitWithUnit;
export function fitBgNbd(rows: readonly CustomerSummary[], options: BgNbdFitOptions & { unit: TimeUnit }): BgNbdFitWithUnit;
export function fitBgNbd(rows: readonly CustomerSummary[], options?: BgNbdFitOptions): BgNbdFit;
export function fitBgNbd(input: CustomerSummaries | readonly CustomerSummary[], options: BgNbdFitOptions = {}): BgNbdFit {
  const rows = isCollection(input) ? input.rows : input;
  const unit = isCollection(input) ? input.unit : options.unit;
  if (isCollection(input) && options.unit !== undefined && options.unit !== input.unit) {
    throw new Error(`fitBgNbd: options.unit (${options.unit}) disagrees with the summaries' unit (${input.unit})`);
  }
  if (unit !== undefined && !isTimeUnit(unit)) throw new Error(`fitBgNbd: unknown time unit ${String(unit)}`);
  const data = prepareBgNbdData(rows);

  const negLogLik = (eta: readonly number[]) =>
    -bgNbdTotalLogLikelihood({ r: Math.exp(eta[0]!), alpha: Math.exp(eta[1]!), a: Math.exp(eta[2]!), b: Math.exp(eta[3]!) }, data);

  // With continuous recency nearly every repeat customer is its own group, so the
  // exploratory multi-start runs on a coarsened copy (times rounded to a fine grid) of at
  // most EXPLORE_ROWS evenly spaced customers, and only the final polish pays for the exact
  // likelihood of everyone: the starts only have to find the basin.
  const coarse = data.groups > COARSEN_ABOVE_GROUPS ? prepareBgNbdData(coarsen(evenlySpaced(rows, EXPLORE_ROWS))) : undefined;
  const explore =
    coarse === undefined
      ? undefined
      : (eta: readonly number[]) =>
          -bgNbdTotalLogLikelihood({ r: Math.exp(eta[0]!), alpha: Math.exp(eta[1]!), a: Math.exp(eta[2]!), b: Math.exp(eta[3]!) }, coarse);

  const starts = (options.starts ?? defaultStarts(rows)).map((p) => [Math.log(p.r), Math.log(p.alpha), Math.log(p.a), Math.log(p.b)]);
  const best = minimiseFromStarts(negLogLik, starts, explore === undefined ? {} : { explore });
  const [r, alpha, a, b] = best.x.map(Math.exp) as [number, number, number, number];
  const se = logScaleStandardErrors(negLogLik, best.x);
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: -best.value,
    standardErrors: { r: se[0]!, alpha: se[1]!, a: se[2]!, b: se[3]! },
    converged: best.converged,
    customers: data.customers,
    groups: data.groups,
    evaluations: best.evaluations,
    ...(unit === undefined ? {} : { unit }),
  };
}

const COARSEN_ABOVE_GROUPS = 5000;
/** Customers the exploratory starts look at, at most. */
const EXPLORE_ROWS = 20_000;

/** Every k-th row, k chosen so at most `limit` remain: deterministic, and spread over the input. */
function evenlySpaced<T>(rows: readonly T[], limit: number): readonly T[] {
  if (rows.length <= limit) return rows;
  const step = rows.length / limit;
  return Array.from({ length: limit }, (_, i) => rows[Math.floor(i * step)]!);
}
/** Grid cells across the longest T when coarsening for exploration. */
const COARSEN_CELLS = 1000;

/**
 * Rounds recency and T to a grid of 1/COARSEN_CELLS of the longest T, keeping
 * recency <= T, so that the rows collapse into few groups. Only ever used to pick a
 * starting basin: at this resolution the optimum moves by a small fraction of a
 * standard error, and the polish removes even that.
 */
function coarsen(rows: readonly CustomerSummary[]): CustomerSummary[] {
  let maxT = 0;
  for (const row of rows) maxT = Math.max(maxT, row.T);
  const cell = maxT > 0 ? maxT / COARSEN_CELLS : 1;
  return rows.map((row) => {
    const T = Math.round(row.T / cell) * cell;
    const recency = row.frequency === 0 ? 0 : Math.min(Math.round(row.recency / cell) * cell, T);
    return { frequency: row.frequency, recency, T };
  });
}

function isCollection(input: CustomerSummaries | readonly CustomerSummary[]): input is CustomerSummaries {
  return !Array.isArray(input);
}

/**
 * Starting points spanning the shapes seen in practice: heavy-tailed rates (r < 1) with
 * early dropout, and more homogeneous, loyal populations. alpha is set so the implied
 * mean rate r/alpha matches the observed repeat rate, which puts every start on the
 * r–alpha ridge instead of making the simplex find it.
 */
function defaultStarts(rows: readonly CustomerSummary[]): BgNbdParams[] {
  let purchases = 0;
  let exposure = 0;
  for (const row of rows) {
    purchases += row.frequency;
    exposure += row.T;
  }
  const rate = Math.max(purchases, 1) / Math.max(exposure, 1e-9);
  const shapes: [number, number, number][] = [
    [0.25, 0.8, 2.5],
    [1, 1, 1],
    [3, 2, 8],
    [0.5, 0.3, 0.6],
  ];
  return shapes.map(([r, a, b]) => ({ r, alpha: r / rate, a, b }));
}
