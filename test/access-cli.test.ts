import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { access, type Database } from '../domain/index.js';
import { SYSTEM_ACTOR } from '../cli/database.js';
import { cliSource, runMain, type CliSource } from './support/cli.js';
import { setUpTestCompany } from './support/company.js';

const run = runMain;

describe('ledgerloop user', () => {
  let cli: CliSource;
  const withDb = async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
    const database = await cli.reopen();
    try {
      return await fn(database);
    } finally {
      await cli.release();
    }
  };
  const signIn = (username: string, password: string) => withDb(({ db }) => access.login({ db, actor: `test:${username}` }, { username, password, ip: '127.0.0.1' }));

  beforeAll(async () => {
    cli = await cliSource('ll-user-cli-');
    await setUpTestCompany({ db: cli.database().db, actor: 'setup' });
    await cli.handOver();
  });
  afterAll(() => cli?.remove());

  it('prints its help and refuses bad usage with one line and exit 2', async () => {
    const help = await run(['user', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ledgerloop user add NAME --role ROLE/);
    expect(help.stdout).toMatch(/executive +dashboards and notebooks, read-only/);
    expect((await run(['--help'])).stdout).toMatch(/user\s+users of the dashboards/);
    for (const [argv, message] of [
      [['user'], /name an action/],
      [['user', 'promote', 'ann'], /unknown action 'promote'/],
      [['user', 'add'], /name the user/],
      [['user', 'add', 'ann'], /--role is required/],
      [['user', 'add', 'ann', '--role', 'root'], /--role is one of executive, analyst, planner, admin, not 'root'/],
      [['user', 'add', 'ann', '--role', 'analyst', '--region', 'EU'], /region: only an executive or a planner can be limited to a region/],
      [['user', 'add', 'ann', '--role', 'executive', '--region', 'ZZ'], /region ZZ does not exist/],
      [['user', 'disable', 'nobody'], /user 'nobody' does not exist/],
      [['user', 'list', 'extra'], /unexpected argument 'extra'/],
    ] as const) {
      const result = await run([...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(message);
      expect(result.stderr.split('\n')).toHaveLength(1);
    }
  });

  it('adds a user with a one-time password printed once, which signs in and must be replaced', async () => {
    const added = await run(['user', 'add', 'Ann@Example.com', '--role', 'admin', '--display-name', 'Ann Admin']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Added admin 'ann@example\.com' \(Ann Admin\)\.$/m);
    const password = /One-time password for 'ann@example\.com' \(shown only now; replaced at the first sign-in\): (\S+)$/m.exec(added.stdout)?.[1];
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await signIn('ann@example.com', password!)).toMatchObject({ ok: true, user: { role: 'admin', mustChangePassword: true } });
    expect((await run(['user', 'add', 'ann@example.com', '--role', 'analyst'])).stderr).toMatch(/^error \[DUPLICATE\] username: user 'ann@example\.com' already exists$/);
  });

  it('takes a chosen password from standard input, and refuses a weak one', async () => {
    const added = await run(['user', 'add', 'erik', '--role', 'executive', '--region', 'eu', '--password-stdin'], 'europe is my patch\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe("Added executive 'erik' (erik), limited to region EU.");
    expect(await signIn('erik', 'europe is my patch')).toMatchObject({ ok: true, user: { region: 'EU', mustChangePassword: false } });
    const weak = await run(['user', 'add', 'weak', '--role', 'analyst', '--password-stdin'], 'short\n');
    expect(weak).toMatchObject({ code: 2, stderr: 'error [INVALID_INPUT] password: a password needs at least 12 characters' });
    expect((await run(['user', 'add', 'empty', '--role', 'analyst', '--password-stdin'], '')).stderr).toMatch(/nothing was read from standard input/);
  });

  it('lists, disables, enables and resets, ending sessions', async () => {
    const session = await signIn('erik', 'europe is my patch');
    if (!session.ok) throw new Error('sign-in failed');
    const listed = await run(['user', 'list']);
    expect(listed.stdout.split('\n').slice(2).map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
      ['ann@example.com', 'Ann Admin', 'admin', 'all', 'one-time password'],
      ['erik', 'erik', 'executive', 'EU', 'active'],
    ]);
    const json = JSON.parse((await run(['user', 'list', '--json'])).stdout) as access.UserRecord[];
    expect(json.map((u) => [u.username, u.openSessions])).toEqual([['ann@example.com', 1], ['erik', 2]]);
    expect(JSON.stringify(json)).not.toMatch(/scrypt/);

    expect((await run(['user', 'disable', 'erik'])).stdout).toBe("Disabled 'erik'; 2 open sessions ended.");
    expect(await withDb(({ db }) => access.sessionUser(db, session.token))).toBeNull();
    expect((await run(['user', 'disable', 'erik'])).stdout).toBe("'erik' was already disabled.");
    expect((await run(['user', 'list'])).stdout).toMatch(/erik .* disabled/);
    expect((await run(['user', 'enable', 'erik'])).stdout).toBe("Enabled 'erik'.");

    const reset = await run(['user', 'reset-password', 'erik']);
    expect(reset.stdout).toMatch(/^New password for 'erik'; 0 open sessions ended\.\nOne-time password for 'erik' .*: (\S+)$/);
    const password = /: (\S+)$/.exec(reset.stdout)![1]!;
    expect(await signIn('erik', 'europe is my patch')).toMatchObject({ ok: false });
    expect(await signIn('erik', password)).toMatchObject({ ok: true, user: { mustChangePassword: true } });

    expect((await run(['user', 'disable', 'ann@example.com'])).stderr).toMatch(/^error \[NOT_ALLOWED\] username: 'ann@example\.com' is the last enabled admin/);
    const audit = await withDb(({ db }) => access.listAudit(db, { action: 'user.' }));
    expect(audit.map((e) => [e.action, e.subject, e.actor])).toEqual([
      ['user.password_reset', 'user:erik', SYSTEM_ACTOR],
      ['user.enabled', 'user:erik', SYSTEM_ACTOR],
      ['user.disabled', 'user:erik', SYSTEM_ACTOR],
      ['user.added', 'user:erik', SYSTEM_ACTOR],
      ['user.added', 'user:ann@example.com', SYSTEM_ACTOR],
    ]);
  });
});
