import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { DomainError } from '../kernel/errors.js';
import { normaliseRate, type Conversion } from '../core/currency.js';
import { assertPeriodOpen, rememberOpenPeriod } from './journal.js';

export interface PostingContext {
  /** The new document's id and number, reserved now so its rows, moves, entry and events can name it. */
  id: number;
  number: string;
  /** The document currency's rate to the functional currency on the document date. */
  conversion: Conversion;
}

/**
 * Everything a posting command needs before it writes, in one round trip: the date's period is
 * open (opened on first use), the exchange rate on that date, and a reserved id and number for
 * the document. Refuses a closed period or a missing rate with a typed error.
 */
export async function beginPosting(
  db: Kysely<DB>,
  document: { table: string; sequence: string; prefix: string; date: string; currency?: string; field?: string },
): Promise<PostingContext> {
  const period = document.date.slice(0, 7);
  const { rows } = await sql<{ period_status: 'open' | 'closed' | null; functional: string; currency: string; rate: string | null; shift: number | null; id: number; number: string }>`
    select (select status from finance.periods where period = ${period}) as period_status,
           s.value #>> '{}' as functional,
           coalesce(${document.currency ?? null}, s.value #>> '{}') as currency,
           (select r.rate::text from core.exchange_rates r where r.currency = coalesce(${document.currency ?? null}, s.value #>> '{}') and r.rate_date <= ${document.date}
             order by r.rate_date desc limit 1) as rate,
           (select f.minor_units - c.minor_units from core.currencies f, core.currencies c
             where f.code = s.value #>> '{}' and c.code = coalesce(${document.currency ?? null}, s.value #>> '{}')) as shift,
           nextval(pg_get_serial_sequence(${document.table}, 'id'))::int as id,
           ${document.prefix} || '-' || lpad(nextval(${document.sequence}::regclass)::text, 7, '0') as number
      from core.settings s where s.key = 'functional_currency'`.execute(db);
  const row = rows[0];
  if (!row) throw new DomainError('NOT_CONFIGURED', 'the company has no functional currency; set up the company first');
  if (row.period_status === 'open') rememberOpenPeriod(db, period);
  else await assertPeriodOpen(db, document.date, document.field ?? 'date'); // closed, or a month not yet opened
  const home = row.currency === row.functional;
  if (!home && row.shift === null) throw new DomainError('NOT_FOUND', `currency ${row.currency} is not known`, 'currency');
  if (!home && !row.rate) throw new DomainError('NO_RATE', `no exchange rate for ${row.currency} on or before ${document.date}`, 'currency');
  return {
    id: row.id,
    number: row.number,
    conversion: { functionalCurrency: row.functional, currency: row.currency, rate: home ? '1' : normaliseRate(row.rate!), shift: home ? 0 : row.shift! },
  };
}
