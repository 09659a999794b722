import { DomainError } from '../../../domain/kernel/errors.js';
import { isIsoDate } from '../statements/periods.js';

/**
 * Input checks shared by the inventory models. A bad value is a DomainError('INVALID_INPUT')
 * naming the field (a dotted path such as `rows.3.cogs`), never a NaN further down.
 */
export const badInput = (field: string, message: string) => new DomainError('INVALID_INPUT', message, field);

export function finiteAtLeast(value: number, min: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw badInput(field, `${field} must be a finite number ≥ ${min}, got ${String(value)}`);
  return value;
}

export function finite(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(field, `${field} must be a finite number, got ${String(value)}`);
  return value;
}

/** A whole number of minor units (or units) within the exact integer range; negative allowed. */
export function wholeNumber(value: number, field: string): number {
  if (!Number.isSafeInteger(value)) throw badInput(field, `${field} must be a whole number within the exact integer range, got ${String(value)}`);
  return value;
}

export function isoDay(value: string, field: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw badInput(field, `${field} must be a date as YYYY-MM-DD, got ${String(value)}`);
  return value;
}

/** Adds whole numbers, refusing a total beyond the exact integer range. */
export function sumExact(a: number, b: number, what: string): number {
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw badInput(what, `${what}: total ${a} + ${b} is beyond the exact integer range`);
  return s;
}

/** Two thresholds that must satisfy 0 < lower < upper (≤ max when given). */
export function orderedThresholds(lower: number, upper: number, field: string, max = Number.POSITIVE_INFINITY): void {
  if (!(Number.isFinite(lower) && Number.isFinite(upper) && lower > 0 && lower < upper && upper <= max)) {
    throw badInput(field, `${field} must satisfy 0 < first < second${Number.isFinite(max) ? ` ≤ ${max}` : ''}, got ${lower} and ${upper}`);
  }
}
