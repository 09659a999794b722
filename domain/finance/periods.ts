import { z } from 'zod';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/** Closes a month: later postings dated in it are refused; corrections go into an open period. */
export const closePeriod = defineCommand('finance.closePeriod', z.object({ period }), async (tx, input) => {
  const current = await tx.db.selectFrom('finance.periods').select('status').where('period', '=', input.period).forUpdate().executeTakeFirst();
  if (current?.status === 'closed') throw new DomainError('CONFLICT', `period ${input.period} is already closed`, 'period');
  await tx.db
    .insertInto('finance.periods')
    .values({ period: input.period, status: 'closed', closed_at: new Date(), closed_by: tx.actor })
    .onConflict((oc) => oc.column('period').doUpdateSet({ status: 'closed', closed_at: new Date(), closed_by: tx.actor }))
    .execute();
  tx.emit({ aggregateType: 'period', aggregateId: input.period, type: 'period.closed' });
  return { period: input.period, status: 'closed' as const };
});
