import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { DEFAULT_CHART, DEFAULT_ROLES } from './chart-of-accounts.js';

/** Installs the default chart and role map; accounts that already exist are left as they are. */
export async function installDefaultChart(db: Kysely<DB>): Promise<void> {
  for (const a of DEFAULT_CHART) {
    await db
      .insertInto('finance.accounts')
      .values({ code: a.code, name: a.name, type: a.type, parent_code: a.parent ?? null, postable: a.postable ?? true })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  await db
    .insertInto('finance.account_roles')
    .values(Object.entries(DEFAULT_ROLES).map(([role, account_code]) => ({ role, account_code })))
    .onConflict((oc) => oc.column('role').doNothing())
    .execute();
}

export const addAccount = defineCommand(
  'finance.addAccount',
  z.object({
    code: z.string().regex(/^[0-9A-Z.-]{1,20}$/, 'digits, capitals, dots and dashes, at most 20'),
    name: z.string().trim().min(1).max(120),
    type: z.enum(['asset', 'liability', 'equity', 'revenue', 'expense']),
    parent: z.string().optional(),
    postable: z.boolean().default(true),
  }),
  async (tx, input) => {
    if (input.parent) {
      const parent = await tx.db.selectFrom('finance.accounts').select(['type']).where('code', '=', input.parent).executeTakeFirst();
      if (!parent) throw new DomainError('NOT_FOUND', `parent account ${input.parent} does not exist`, 'parent');
      if (parent.type !== input.type) throw new DomainError('INVALID_INPUT', `a ${input.type} account cannot sit under a ${parent.type} account`, 'parent');
    }
    await tx.db.insertInto('finance.accounts').values({ code: input.code, name: input.name, type: input.type, parent_code: input.parent ?? null, postable: input.postable }).execute();
    tx.emit({ aggregateType: 'account', aggregateId: input.code, type: 'account.added', payload: input });
    return { code: input.code };
  },
);

/** Points a posting role at another account, e.g. a second bank account for receipts. */
export const assignAccountRole = defineCommand(
  'finance.assignAccountRole',
  z.object({ role: z.enum(Object.keys(DEFAULT_ROLES) as [keyof typeof DEFAULT_ROLES]), account: z.string() }),
  async (tx, input) => {
    const account = await tx.db.selectFrom('finance.accounts').select(['postable']).where('code', '=', input.account).executeTakeFirst();
    if (!account) throw new DomainError('NOT_FOUND', `account ${input.account} does not exist`, 'account');
    if (!account.postable) throw new DomainError('INVALID_INPUT', `account ${input.account} is a heading and cannot be posted to`, 'account');
    await tx.db.insertInto('finance.account_roles').values({ role: input.role, account_code: input.account })
      .onConflict((oc) => oc.column('role').doUpdateSet({ account_code: input.account })).execute();
    tx.emit({ aggregateType: 'account_role', aggregateId: input.role, type: 'account_role.assigned', payload: input });
    return input;
  },
);

export const addCostCenter = defineCommand(
  'finance.addCostCenter',
  z.object({ code: z.string().regex(/^[A-Z0-9_-]{1,20}$/), name: z.string().trim().min(1).max(120) }),
  async (tx, input) => {
    await tx.db.insertInto('finance.cost_centers').values(input).execute();
    tx.emit({ aggregateType: 'cost_center', aggregateId: input.code, type: 'cost_center.added', payload: input });
    return input;
  },
);
