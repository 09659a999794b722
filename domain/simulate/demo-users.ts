import type { Context } from '../kernel/command.js';
import * as access from '../access/index.js';

/**
 * One user per role for the demo company (demo-executive, demo-analyst, demo-planner,
 * demo-admin), added through access's public command with generated one-time passwords: the
 * caller prints them once, and each is replaced at its first sign-in ('ledgerloop user
 * reset-password NAME' gives a new one). Names that exist already are left alone, so running it
 * again adds nothing.
 */
export const DEMO_USERS: readonly { username: string; displayName: string; role: access.Role }[] = access.ROLES.map((role) => ({
  username: `demo-${role}`,
  displayName: `Demo ${role[0]!.toUpperCase()}${role.slice(1)}`,
  role,
}));

export async function addDemoUsers(ctx: Context): Promise<access.AddedUser[]> {
  const added: access.AddedUser[] = [];
  for (const user of DEMO_USERS) {
    if (await access.findUser(ctx.db, user.username)) continue;
    added.push(await access.addUser(ctx, user));
  }
  return added;
}
