import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency } from '../kernel/inputs.js';
import { installDefaultChart } from '../finance/accounts.js';

const currencySpec = z.object({ code: currency, name: z.string().min(1), minorUnits: z.number().int().min(0).max(4).default(2) });
const regionSpec = z.object({ code: z.string().regex(/^[A-Z0-9_-]{1,16}$/, 'capitals, digits, _ or -, at most 16'), name: z.string().min(1), currency });

/**
 * Sets up a company: its name, functional currency, the currencies and regions it trades in,
 * and the default chart of accounts. Running it again adds what is new; the functional
 * currency cannot change once anything has been posted.
 */
export const setUpCompany = defineCommand(
  'core.setUpCompany',
  z.object({
    name: z.string().trim().min(1).max(200),
    functionalCurrency: currency,
    currencies: z.array(currencySpec).min(1),
    regions: z.array(regionSpec).default([]),
  }),
  async (tx, input) => {
    if (!input.currencies.some((c) => c.code === input.functionalCurrency)) {
      throw new DomainError('INVALID_INPUT', `the functional currency ${input.functionalCurrency} must be among the currencies`, 'functionalCurrency');
    }
    const existing = await tx.db.selectFrom('core.settings').select('value').where('key', '=', 'functional_currency').executeTakeFirst();
    if (existing && existing.value !== input.functionalCurrency) {
      const posted = await sql<{ n: number }>`select count(*)::int as n from finance.journal_entries`.execute(tx.db);
      if (posted.rows[0]!.n > 0) throw new DomainError('NOT_ALLOWED', `the functional currency is ${String(existing.value)} and entries are posted; it cannot change`, 'functionalCurrency');
    }
    for (const c of input.currencies) {
      await tx.db.insertInto('core.currencies').values({ code: c.code, name: c.name, minor_units: c.minorUnits })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: c.name })).execute();
    }
    for (const r of input.regions) {
      await tx.db.insertInto('core.regions').values(r).onConflict((oc) => oc.column('code').doUpdateSet({ name: r.name, currency: r.currency })).execute();
    }
    for (const [key, value] of [['company_name', input.name], ['functional_currency', input.functionalCurrency]] as const) {
      await tx.db.insertInto('core.settings').values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })).execute();
    }
    await installDefaultChart(tx.db);
    tx.emit({ aggregateType: 'company', aggregateId: 'company', type: 'company.set_up', payload: { name: input.name, functionalCurrency: input.functionalCurrency } });
    return { name: input.name, functionalCurrency: input.functionalCurrency };
  },
);

export async function isSetUp(db: import('kysely').Kysely<import('../db/tables.js').DB>): Promise<boolean> {
  const row = await db.selectFrom('core.settings').select('key').where('key', '=', 'functional_currency').executeTakeFirst();
  return Boolean(row);
}
