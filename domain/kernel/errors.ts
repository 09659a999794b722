/**
 * The one error type business commands throw. `code` is stable and machine-readable,
 * `field` names the input that is wrong (a dotted path such as `lines.2.quantity`).
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'CONFLICT'
  | 'INSUFFICIENT_STOCK'
  | 'EXCEEDS_OPEN_QUANTITY'
  | 'EXCEEDS_OPEN_AMOUNT'
  | 'PERIOD_CLOSED'
  | 'UNBALANCED_ENTRY'
  | 'IMMUTABLE'
  | 'IDEMPOTENCY_MISMATCH'
  | 'CONSTRAINT_VIOLATION'
  | 'DATABASE_IN_USE'
  | 'MIGRATION_CHANGED'
  | 'NOT_ALLOWED'
  | (string & {});

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** Shorthand for the most common refusal: a value the caller sent is not acceptable. */
export function invalid(field: string, message: string): DomainError {
  return new DomainError('INVALID_INPUT', message, field);
}

export function notFound(what: string, field: string, id: unknown): DomainError {
  return new DomainError('NOT_FOUND', `${what} ${String(id)} does not exist`, field);
}
