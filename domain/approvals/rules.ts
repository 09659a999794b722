import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { money } from '../kernel/inputs.js';
import { EMPLOYEE_ROLES } from '../people/index.js';

/** Document types are snake_case names chosen by the area that owns the document ('quote_discount', 'return', …). */
export const documentType = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a snake_case document type, at most 40 characters');
export const department = z.string().trim().min(1).max(60);

/**
 * Sets the approval chain for a document type, an amount band (functional minor units,
 * `minAmount` inclusive, `maxAmount` exclusive) and optionally a department. A rule for the same
 * type, department and lower bound replaces the active one, which stays in the history.
 */
export const setApprovalRule = defineCommand(
  'approvals.setApprovalRule',
  z
    .object({
      documentType,
      department: department.optional(),
      minAmount: money,
      maxAmount: money.optional(),
      steps: z.array(z.object({ role: z.enum(EMPLOYEE_ROLES) })).min(1).max(5),
    })
    .refine((r) => r.maxAmount === undefined || r.maxAmount > r.minAmount, { message: 'maxAmount must be above minAmount', path: ['maxAmount'] }),
  async (tx, input) => {
    const steps = input.steps.map((s) => s.role);
    const department = input.department ?? null;
    // The new rule's id is drawn first so the old one can point at it; the supersede runs
    // before the insert (the insert reads its count), so the one-active-rule index never sees two.
    const { rows } = await sql<{ id: number; replaced: number | null }>`
      with n as (select nextval(pg_get_serial_sequence('approvals.rules', 'id'))::int as id),
      old as (
        update approvals.rules set superseded_by = (select id from n)
         where document_type = ${input.documentType} and department is not distinct from ${department}
           and min_amount = ${input.minAmount} and superseded_by is null
        returning id
      ), ins as (
        insert into approvals.rules (id, document_type, department, min_amount, max_amount, steps, created_by)
        select n.id, ${input.documentType}, ${department}, ${input.minAmount}, ${input.maxAmount ?? null}, ${steps}::text[], ${tx.actor}
          from n, (select count(*) from old) o
        returning id
      )
      select ins.id, (select min(id) from old) as replaced from ins`.execute(tx.db);
    const row = rows[0];
    if (!row) throw new DomainError('CONFLICT', 'the approval rule could not be set', 'documentType');
    tx.emit({
      aggregateType: 'approval_rule',
      aggregateId: row.id,
      type: 'approval_rule.set',
      payload: { documentType: input.documentType, department, minAmount: input.minAmount, maxAmount: input.maxAmount ?? null, steps, replaces: row.replaced },
    });
    return { ruleId: row.id, replaces: row.replaced };
  },
);
