import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import type { RiskKind, RiskSeverity } from './tables.js';

/** Risk flags on a supplier (financial, legal, delivery) with their source and date, open until cleared. */

export const raiseSupplierRiskFlag = defineCommand(
  'scm.raiseSupplierRiskFlag',
  z.object({
    supplierId: id,
    kind: z.enum(['financial', 'legal', 'delivery']),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    /** Where the signal came from: a credit agency, a court register, delivery monitoring, … */
    source: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(1000),
    date: isoDate,
  }),
  async (tx, input) => {
    const supplier = await tx.db.selectFrom('scm.suppliers').select('code').where('id', '=', input.supplierId).executeTakeFirst();
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    const { rows } = await sql<{ id: number }>`
      insert into scm.supplier_risk_flags (supplier_id, kind, severity, source, description, raised_on, created_by)
      values (${input.supplierId}, ${input.kind}, ${input.severity}, ${input.source}, ${input.description}, ${input.date}, ${tx.actor})
      returning id`.execute(tx.db);
    const flagId = rows[0]!.id;
    tx.emit({ aggregateType: 'supplier', aggregateId: input.supplierId, type: 'supplier.risk_flag_raised', payload: { flagId, supplierCode: supplier.code, kind: input.kind, severity: input.severity, source: input.source, date: input.date } });
    return { flagId };
  },
);

export const clearSupplierRiskFlag = defineCommand(
  'scm.clearSupplierRiskFlag',
  z.object({ flagId: id, date: isoDate, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const flag = await tx.db.selectFrom('scm.supplier_risk_flags').select(['supplier_id', 'raised_on', 'cleared_on']).where('id', '=', input.flagId).forUpdate().executeTakeFirst();
    if (!flag) throw new DomainError('NOT_FOUND', `risk flag ${input.flagId} does not exist`, 'flagId');
    if (flag.cleared_on) throw new DomainError('CONFLICT', `risk flag ${input.flagId} was already cleared on ${flag.cleared_on}`, 'flagId');
    if (input.date < flag.raised_on) throw new DomainError('INVALID_INPUT', `risk flag ${input.flagId} was raised on ${flag.raised_on}`, 'date');
    tx.emit({ aggregateType: 'supplier', aggregateId: flag.supplier_id, type: 'supplier.risk_flag_cleared', payload: { flagId: input.flagId, date: input.date, reason: input.reason } });
    await sql`
      with u as (
        update scm.supplier_risk_flags set cleared_on = ${input.date}, cleared_reason = ${input.reason}, cleared_by = ${tx.actor} where id = ${input.flagId}
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { flagId: input.flagId };
  },
);

export interface RiskFlag {
  flagId: number;
  supplierId: number;
  supplierCode: string;
  kind: RiskKind;
  severity: RiskSeverity;
  source: string;
  description: string;
  raisedOn: string;
}

/** Risk flags not yet cleared, oldest first; of one supplier when given. */
export async function openRiskFlags(db: Kysely<DB>, options: { supplierId?: number } = {}): Promise<RiskFlag[]> {
  const { rows } = await sql<RiskFlag>`
    select f.id as "flagId", f.supplier_id as "supplierId", s.code as "supplierCode", f.kind, f.severity, f.source, f.description, f.raised_on as "raisedOn"
      from scm.supplier_risk_flags f join scm.suppliers s on s.id = f.supplier_id
     where f.cleared_on is null ${options.supplierId !== undefined ? sql`and f.supplier_id = ${options.supplierId}` : sql``}
     order by f.raised_on, f.id`.execute(db);
  return rows;
}
