import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency, isoDate } from '../kernel/inputs.js';
import { toFunctional } from '../finance/money.js';

/** A document's currency as the books see it: the rate to functional currency on its date. */
export interface Conversion {
  functionalCurrency: string;
  currency: string;
  rate: string;
  /** Functional minor units − document minor units. */
  shift: number;
}

export const convert = (c: Conversion, amount: number) => (c.currency === c.functionalCurrency ? amount : toFunctional(amount, c.rate, c.shift));

/** The functional currency and the rate in force for `currency` on `date` (latest on or before). */
export async function conversionOn(db: Kysely<DB>, currencyCode: string, date: string, field = 'currency'): Promise<Conversion> {
  const { rows } = await sql<{ functional: string | null; rate: string | null; shift: number | null }>`
    select s.value #>> '{}' as functional,
           (select r.rate::text from core.exchange_rates r where r.currency = ${currencyCode} and r.rate_date <= ${date}
             order by r.rate_date desc limit 1) as rate,
           (select f.minor_units - c.minor_units from core.currencies f, core.currencies c
             where f.code = s.value #>> '{}' and c.code = ${currencyCode}) as shift
      from core.settings s where s.key = 'functional_currency'`.execute(db);
  const row = rows[0];
  if (!row?.functional) throw new DomainError('NOT_CONFIGURED', 'the company has no functional currency; run ledgerloop migrate and set up the company first');
  if (currencyCode === row.functional) return { functionalCurrency: row.functional, currency: currencyCode, rate: '1', shift: 0 };
  if (row.shift === null) throw new DomainError('NOT_FOUND', `currency ${currencyCode} is not known`, field);
  if (!row.rate) throw new DomainError('NO_RATE', `no exchange rate for ${currencyCode} on or before ${date}`, field);
  return { functionalCurrency: row.functional, currency: currencyCode, rate: normaliseRate(row.rate), shift: row.shift };
}

export async function functionalCurrency(db: Kysely<DB>): Promise<string> {
  const row = await db.selectFrom('core.settings').select('value').where('key', '=', 'functional_currency').executeTakeFirst();
  if (!row) throw new DomainError('NOT_CONFIGURED', 'the company has no functional currency yet');
  return row.value as string;
}

export const normaliseRate = (rate: string) => (rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate);

export const setExchangeRate = defineCommand(
  'core.setExchangeRate',
  z.object({ currency, date: isoDate, rate: z.string().regex(/^\d+(\.\d{1,8})?$/, 'a positive decimal with at most 8 decimals') }),
  async (tx, input) => {
    if (Number(input.rate) <= 0) throw new DomainError('INVALID_INPUT', 'rate must be positive', 'rate');
    const known = await tx.db.selectFrom('core.currencies').select('code').where('code', '=', input.currency).executeTakeFirst();
    if (!known) throw new DomainError('NOT_FOUND', `currency ${input.currency} is not known`, 'currency');
    await tx.db
      .insertInto('core.exchange_rates')
      .values({ currency: input.currency, rate_date: input.date, rate: input.rate })
      .onConflict((oc) => oc.columns(['currency', 'rate_date']).doUpdateSet({ rate: input.rate }))
      .execute();
    tx.emit({ aggregateType: 'exchange_rate', aggregateId: `${input.currency}:${input.date}`, type: 'exchange_rate.set', payload: input });
    return { currency: input.currency, date: input.date, rate: input.rate };
  },
);

/** The functional currency inside a query, for read models that show amounts in it. */
export const functionalCurrencySql = sql<string>`(select s.value #>> '{}' from core.settings s where s.key = 'functional_currency')`;
