import { z } from 'zod';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';

export const EMPLOYEE_ROLES = ['sales_rep', 'sales_manager', 'buyer', 'planner', 'accountant', 'warehouse', 'technician', 'manager', 'other'] as const;

export const hireEmployee = defineCommand(
  'people.hireEmployee',
  z.object({
    code: z.string().regex(/^[A-Z0-9_-]{1,20}$/, 'capitals, digits, _ or -, at most 20'),
    name: z.string().trim().min(1).max(120),
    role: z.enum(EMPLOYEE_ROLES),
    region: z.string().optional(),
    managerId: z.number().int().positive().optional(),
  }),
  async (tx, input) => {
    if (input.region) {
      const region = await tx.db.selectFrom('core.regions').select('code').where('code', '=', input.region).executeTakeFirst();
      if (!region) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    }
    const row = await tx.db
      .insertInto('people.employees')
      .values({ code: input.code, name: input.name, role: input.role, region: input.region ?? null, manager_id: input.managerId ?? null, created_by: tx.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.emit({ aggregateType: 'employee', aggregateId: row.id, type: 'employee.hired', payload: { code: input.code, role: input.role, region: input.region } });
    return { employeeId: row.id };
  },
);
