import { parse, UsageError } from '../args.js';
import { SYSTEM_ACTOR, withDatabase } from '../database.js';
import { access } from '../../domain/index.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['add', 'list', 'disable', 'enable', 'reset-password'] as const;

export const userCommand: Subcommand = {
  name: 'user',
  summary: 'users of the dashboards: add, list, disable, enable, reset-password',
  help: `Usage: ledgerloop user add NAME --role ROLE [--display-name TEXT] [--region CODE] [--password-stdin]
       ledgerloop user list [--json]
       ledgerloop user disable NAME
       ledgerloop user enable NAME
       ledgerloop user reset-password NAME [--password-stdin]

NAME is an e-mail address or a user name (2 to 100 letters, digits and . _ @ + -; case does
not matter). Roles, each adding to the one before:
  executive   dashboards and notebooks, read-only
  analyst     also the SQL workbench and writing notebooks and saved queries
  planner     also deciding on the planning inbox's suggestions
  admin       also users, settings and the audit log (the Admin pages)

  add             adds a user. --region CODE limits an executive or a planner to one region's
                  rows on every page, chart and download (they then have no SQL workbench).
                  Prints a generated one-time password, shown only this once, which the user
                  replaces at their first sign-in; --password-stdin reads their password from
                  standard input instead (at least 12 characters; no change required).
  list            every user with role, region, state and their latest sign-in.
  disable         the user can no longer sign in, and their open sessions end at once. The last
                  enabled admin cannot be disabled.
  enable          lets a disabled user sign in again.
  reset-password  a new one-time password (or --password-stdin); ends their sessions and lifts
                  a sign-in lockout.

Changes are recorded in the audit log as made by $LEDGERLOOP_ACTOR (default cli:$USER).`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      role: { type: 'string' },
      'display-name': { type: 'string' },
      region: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    }, true);
    const action = positionals[0];
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    if (positionals.length > (action === 'list' ? 1 : 2)) throw new UsageError(`unexpected argument '${positionals.at(-1)}'`);

    if (action === 'list') {
      const users = await withDatabase(({ db }) => access.listUsers(db));
      if (values.json) {
        console.log(JSON.stringify(users, null, 2));
        return 0;
      }
      console.log(table(users.map((u) => ({
        user: u.username, name: u.displayName, role: u.role, region: u.region ?? 'all', state: u.disabled ? 'disabled' : u.mustChangePassword ? 'one-time password' : 'active',
        'last sign-in': u.lastSignInAt ? u.lastSignInAt.toISOString().slice(0, 16).replace('T', ' ') : 'never', sessions: u.openSessions,
      }))));
      return 0;
    }

    const name = positionals[1];
    if (!name) throw new UsageError(`name the user: ledgerloop user ${action} NAME`, 'name');
    const password = values['password-stdin'] ? await readPassword() : undefined;
    if (password !== undefined && action !== 'add' && action !== 'reset-password') throw new UsageError(`--password-stdin goes with add and reset-password, not ${action}`, 'password-stdin');

    if (action === 'add') {
      const role = values.role as string | undefined;
      if (!role) throw new UsageError(`--role is required: one of ${access.ROLES.join(', ')}`, 'role');
      if (!access.isRole(role)) throw new UsageError(`--role is one of ${access.ROLES.join(', ')}, not '${role}'`, 'role');
      const added = await withDatabase(({ db }) => access.addUser({ db, actor: SYSTEM_ACTOR }, {
        username: name, displayName: (values['display-name'] as string | undefined) ?? name, role, region: (values.region as string | undefined) ?? null,
        ...(password === undefined ? {} : { password }),
      }));
      console.log(`Added ${added.role} '${added.username}' (${added.displayName})${added.region ? `, limited to region ${added.region}` : ''}.`);
      if (added.password) console.log(oneTimePassword(added.username, added.password));
      return 0;
    }
    if (action === 'reset-password') {
      const reset = await withDatabase(({ db }) => access.resetPassword({ db, actor: SYSTEM_ACTOR }, { username: name, ...(password === undefined ? {} : { password }) }));
      console.log(`New password for '${reset.username}'; ${reset.sessionsRevoked} open session${reset.sessionsRevoked === 1 ? '' : 's'} ended.`);
      if (reset.password) console.log(oneTimePassword(reset.username, reset.password));
      return 0;
    }
    const result = await withDatabase(({ db }) => (action === 'disable' ? access.disableUser : access.enableUser)({ db, actor: SYSTEM_ACTOR }, { username: name }));
    if (!result.changed) console.log(`'${result.username}' was already ${result.disabled ? 'disabled' : 'enabled'}.`);
    else if (result.disabled) console.log(`Disabled '${result.username}'; ${result.sessionsRevoked} open session${result.sessionsRevoked === 1 ? '' : 's'} ended.`);
    else console.log(`Enabled '${result.username}'.`);
    return 0;
  },
};

/** How a generated password is shown: once, with what to do with it. */
export function oneTimePassword(username: string, password: string): string {
  return `One-time password for '${username}' (shown only now; replaced at the first sign-in): ${password}`;
}

/** The password on standard input (piped, or typed and ended with Ctrl-D), less its line ending. */
async function readPassword(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text === '') throw new UsageError('--password-stdin: nothing was read from standard input', 'password-stdin');
  if (text.includes('\n')) throw new UsageError('--password-stdin: give the password on one line', 'password-stdin');
  return text;
}
