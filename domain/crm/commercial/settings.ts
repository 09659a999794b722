import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { basisPoints } from '../../kernel/inputs.js';

/**
 * Sets the discount above which a quote line needs approval ('quote_discount'), in basis points
 * (1500 = 15%). Versions made earlier keep the decision taken when they were made.
 */
export const setDiscountApprovalThreshold = defineCommand(
  'crm.setDiscountApprovalThreshold',
  z.object({ thresholdBp: basisPoints }),
  async (tx, input) => {
    tx.emit({ aggregateType: 'commercial_policy', aggregateId: 'discount_approval', type: 'commercial_policy.discount_threshold_set', payload: { thresholdBp: input.thresholdBp } });
    await sql`
      with events as (${tx.eventsInsert()})
      update crm.commercial_settings set discount_approval_bp = ${input.thresholdBp}, updated_at = now(), updated_by = ${tx.actor}`.execute(tx.db);
    return { thresholdBp: input.thresholdBp };
  },
);

/** The discount, in basis points, above which a quote line needs approval. */
export async function discountApprovalThreshold(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('crm.commercial_settings').select('discount_approval_bp').executeTakeFirstOrThrow();
  return row.discount_approval_bp;
}
