import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id } from '../../kernel/inputs.js';
import { addCostCenter } from '../../finance/accounts.js';

const departmentCode = z.string().regex(/^[A-Z0-9_-]{1,20}$/, 'capitals, digits, _ or -, at most 20');
const costCenterCode = z.string().regex(/^[A-Z0-9_-]{1,20}$/, 'a cost centre code');

/**
 * Creates a department under an optional parent, charging its people to a cost centre. With
 * `costCenterName` a cost centre that does not exist yet is created too (finance.addCostCenter).
 */
export const createDepartment = defineCommand(
  'people.createDepartment',
  z.object({
    code: departmentCode,
    name: z.string().trim().min(1).max(120),
    parentId: id.optional(),
    costCenter: costCenterCode,
    costCenterName: z.string().trim().min(1).max(120).optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{ id: number; taken: boolean; parent: boolean; cost_center: boolean }>`
      select nextval(pg_get_serial_sequence('people.departments', 'id'))::int as id,
             exists (select 1 from people.departments where code = ${input.code}) as taken,
             exists (select 1 from people.departments where id = ${input.parentId ?? null}::int) as parent,
             exists (select 1 from finance.cost_centers where code = ${input.costCenter}) as cost_center`.execute(tx.db);
    const found = rows[0]!;
    if (found.taken) throw new DomainError('DUPLICATE', `department ${input.code} already exists`, 'code');
    if (input.parentId !== undefined && !found.parent) throw new DomainError('NOT_FOUND', `department ${input.parentId} does not exist`, 'parentId');
    if (!found.cost_center) {
      if (!input.costCenterName) throw new DomainError('NOT_FOUND', `cost centre ${input.costCenter} does not exist; give costCenterName to create it`, 'costCenter');
      await addCostCenter(tx.context, { code: input.costCenter, name: input.costCenterName });
    }
    tx.emit({ aggregateType: 'department', aggregateId: found.id, type: 'department.created', payload: { code: input.code, name: input.name, parentId: input.parentId, costCenter: input.costCenter } });
    await sql`
      with d as (
        insert into people.departments (id, code, name, parent_id, cost_center, created_by)
        values (${found.id}, ${input.code}, ${input.name}, ${input.parentId ?? null}, ${input.costCenter}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { departmentId: found.id, code: input.code, costCenter: input.costCenter };
  },
);

/**
 * Moves a department under another parent (null: to the top) and/or to another cost centre.
 * A department never ends up below itself. Pay already posted stays where it was posted.
 */
export const reorganiseDepartment = defineCommand(
  'people.reorganiseDepartment',
  z
    .object({ departmentId: id, parentId: id.nullable().optional(), costCenter: costCenterCode.optional() })
    .refine((d) => d.parentId !== undefined || d.costCenter !== undefined, { message: 'give a new parentId or costCenter', path: ['departmentId'] }),
  async (tx, input) => {
    const { rows } = await sql<{ code: string; parent: boolean; cost_center: boolean; cycle: boolean }>`
      select d.code,
             exists (select 1 from people.departments where id = ${input.parentId ?? null}::int) as parent,
             exists (select 1 from finance.cost_centers where code = ${input.costCenter ?? null}::text) as cost_center,
             exists (
               with recursive up(id, depth) as (
                 select ${input.parentId ?? null}::int, 1
                 union all
                 select p.parent_id, up.depth + 1 from people.departments p join up on p.id = up.id where p.parent_id is not null and up.depth < 10000)
               select 1 from up where up.id = d.id) as cycle
        from people.departments d where d.id = ${input.departmentId} for update of d`.execute(tx.db);
    const department = rows[0];
    if (!department) throw new DomainError('NOT_FOUND', `department ${input.departmentId} does not exist`, 'departmentId');
    if (input.parentId) {
      if (!department.parent) throw new DomainError('NOT_FOUND', `department ${input.parentId} does not exist`, 'parentId');
      if (department.cycle) throw new DomainError('CYCLE', `department ${department.code} cannot sit below department ${input.parentId}, which sits below it`, 'parentId');
    }
    if (input.costCenter !== undefined && !department.cost_center) throw new DomainError('NOT_FOUND', `cost centre ${input.costCenter} does not exist`, 'costCenter');
    tx.emit({ aggregateType: 'department', aggregateId: input.departmentId, type: 'department.reorganised', payload: { code: department.code, parentId: input.parentId, costCenter: input.costCenter } });
    await sql`
      with events as (${tx.eventsInsert()})
      update people.departments
         set parent_id = case when ${input.parentId !== undefined}::boolean then ${input.parentId ?? null}::int else parent_id end,
             cost_center = coalesce(${input.costCenter ?? null}::text, cost_center)
       where id = ${input.departmentId}`.execute(tx.db);
    return { departmentId: input.departmentId };
  },
);
