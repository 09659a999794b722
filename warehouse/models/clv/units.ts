/**
 * Time units for purchase-frequency models.
 *
 * BG/NBD parameters are not unit-free: alpha is a time scale (its unit is the unit of
 * recency and T), so a model fitted on weeks silently gives wrong answers when read with
 * durations in days. Every collection of summaries and every fitted model therefore
 * carries its unit, and scoring functions take durations that carry a unit too; a
 * mismatch is a thrown Error, never a silent conversion.
 */
export type TimeUnit = 'day' | 'week' | 'month';

/** A length of time in an explicit unit, e.g. `{ value: 39, unit: 'week' }`. */
export interface Duration {
  readonly value: number;
  readonly unit: TimeUnit;
}

/** One customer's calibration-period summary, in the unit of its collection or model. */
export interface CustomerSummary {
  /** Number of repeat purchases (purchases after the first), an integer >= 0. */
  readonly frequency: number;
  /** Time of the last purchase minus time of the first purchase. */
  readonly recency: number;
  /** Observation end minus time of the first purchase. */
  readonly T: number;
}

/** Summaries that share one time unit; the unit lives on the collection, not on each row. */
export interface CustomerSummaries<Row extends CustomerSummary = CustomerSummary> {
  readonly unit: TimeUnit;
  readonly rows: readonly Row[];
}

/**
 * Days per unit. A month is the mean Gregorian month (365.2425 / 12 days) so that
 * month-denominated recency is a smooth function of elapsed days rather than depending
 * on which calendar months a customer happened to span.
 */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = {
  day: 1,
  week: 7,
  month: 365.2425 / 12,
};

export function isTimeUnit(value: unknown): value is TimeUnit {
  return value === 'day' || value === 'week' || value === 'month';
}

/** Convenience constructor: `duration(13, 'week')`. */
export function duration(value: number, unit: TimeUnit): Duration {
  return { value, unit };
}

/**
 * Throws unless `actual` equals `expected`. `context` names what is being checked so the
 * message tells the caller which argument to fix.
 */
export function assertSameUnit(expected: TimeUnit, actual: TimeUnit, context: string): void {
  if (expected !== actual) {
    throw new Error(
      `${context}: time unit mismatch — the model is in ${expected}s but the value is in ${actual}s; ` +
        `refit the model on ${actual}-denominated summaries or express the value in ${expected}s`,
    );
  }
}

/** Reads a Duration's value after checking it is in `unit`, finite and non-negative. */
export function durationValueIn(d: Duration, unit: TimeUnit, context: string): number {
  if (!isTimeUnit(d.unit)) throw new Error(`${context}: unknown time unit ${String(d.unit)}`);
  assertSameUnit(unit, d.unit, context);
  if (!Number.isFinite(d.value) || d.value < 0) {
    throw new Error(`${context}: duration must be a finite non-negative number, got ${d.value}`);
  }
  return d.value;
}
