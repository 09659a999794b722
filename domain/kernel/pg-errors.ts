import { DomainError } from './errors.js';

/**
 * Invariants are enforced by the database as well as by the commands. When a constraint
 * fires first (a race, or a bug in a command), its name is translated here into the same
 * typed error the command would have thrown, so callers never see a raw driver error.
 */
const CONSTRAINT_MESSAGES: Record<string, { code: string; message: string; field?: string }> = {
  stock_on_hand_nonnegative: { code: 'INSUFFICIENT_STOCK', message: 'not enough stock on hand' },
  stock_reserved_within_on_hand: { code: 'INSUFFICIENT_STOCK', message: 'reservations would exceed stock on hand' },
  so_line_delivered_within_ordered: { code: 'EXCEEDS_OPEN_QUANTITY', message: 'delivery exceeds the ordered quantity' },
  so_line_invoiced_within_delivered: { code: 'EXCEEDS_OPEN_QUANTITY', message: 'invoice exceeds the delivered quantity' },
  invoice_open_within_gross: { code: 'EXCEEDS_OPEN_AMOUNT', message: 'allocation exceeds the invoice open amount' },
  payment_unallocated_nonnegative: { code: 'EXCEEDS_OPEN_AMOUNT', message: 'allocations exceed the payment amount' },
  lot_stock_nonnegative: { code: 'INSUFFICIENT_STOCK', message: 'not enough of the lot in the warehouse' },
  po_line_received_within_tolerance: { code: 'EXCEEDS_OPEN_QUANTITY', message: 'receipt exceeds the ordered quantity beyond the tolerance' },
  po_line_billed_within_accepted: { code: 'EXCEEDS_OPEN_QUANTITY', message: 'bill exceeds the quantity received and kept' },
};

const PG_CODES: Record<string, string> = {
  '23505': 'DUPLICATE',
  '23503': 'NOT_FOUND',
  '23514': 'CONSTRAINT_VIOLATION',
  '23502': 'INVALID_INPUT',
  '22003': 'INVALID_INPUT',
};

interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  message: string;
  column?: string;
}

export function translatePgError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof DomainError) return error;
  const pg = error as Error & PgErrorLike;
  if (typeof pg.code !== 'string') return error;
  if (pg.code === 'P0001' && pg.message.startsWith('LEDGERLOOP:')) {
    // Raised by our own triggers: 'LEDGERLOOP:CODE:message'
    const [, code, ...rest] = pg.message.split(':');
    return new DomainError(code!, rest.join(':').trim());
  }
  const known = pg.constraint ? CONSTRAINT_MESSAGES[pg.constraint] : undefined;
  if (known) return new DomainError(known.code, known.message, known.field);
  const code = PG_CODES[pg.code];
  if (!code) return error;
  const what = pg.detail ?? pg.message;
  return new DomainError(code, `${what}${pg.constraint ? ` (${pg.constraint})` : ''}`, pg.column);
}

/** Errors after which the whole transaction may be retried from the start. */
export function isRetryable(error: unknown): boolean {
  const code = (error as PgErrorLike | undefined)?.code;
  return code === '40001' || code === '40P01';
}
