/**
 * Input checks shared by fitting and scoring. Errors name the row index and field so a
 * bad record in a 100k-customer extract can be found without bisecting the input.
 */
import type { CustomerSummary } from './units.js';

export function validateSummary(row: CustomerSummary, index: number, context = 'rows'): void {
  const where = `${context}[${index}]`;
  for (const field of ['frequency', 'recency', 'T'] as const) {
    const value = row[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${where}.${field} must be a finite number, got ${String(value)}`);
    }
    if (value < 0) throw new Error(`${where}.${field} must be non-negative, got ${value}`);
  }
  if (!Number.isInteger(row.frequency)) {
    throw new Error(`${where}.frequency must be an integer count of repeat purchases, got ${row.frequency}`);
  }
  if (row.recency > row.T) {
    throw new Error(`${where}.recency must not exceed T (recency=${row.recency}, T=${row.T})`);
  }
  if (row.frequency === 0 && row.recency !== 0) {
    throw new Error(`${where}.recency must be 0 when frequency is 0 (no repeat purchase), got ${row.recency}`);
  }
}

/** Positive finite number check for model parameters. */
export function validatePositive(values: Record<string, number>, context: string): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`${context}: parameter ${name} must be a positive finite number, got ${String(value)}`);
    }
  }
}
