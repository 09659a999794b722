import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { basisPoints } from '../kernel/inputs.js';

/** Sales tax by item category and customer region. A missing rate means zero-rated. */
export const setTaxRate = defineCommand(
  'finance.setTaxRate',
  z.object({ category: z.string().min(1), region: z.string().min(1), rateBp: basisPoints }),
  async (tx, input) => {
    await tx.db
      .insertInto('finance.tax_rates')
      .values({ category: input.category, region: input.region, rate_bp: input.rateBp })
      .onConflict((oc) => oc.columns(['category', 'region']).doUpdateSet({ rate_bp: input.rateBp }))
      .execute();
    tx.emit({ aggregateType: 'tax_rate', aggregateId: `${input.category}:${input.region}`, type: 'tax_rate.set', payload: input });
    return input;
  },
);

/** Tax rates for a region, keyed by category. */
export async function taxRatesFor(db: Kysely<DB>, region: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ category: string; rate_bp: number }>`select category, rate_bp from finance.tax_rates where region = ${region}`.execute(db);
  return new Map(rows.map((r) => [r.category, r.rate_bp]));
}
