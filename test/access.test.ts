import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { access, DomainError, people, planning, type Context, type DB } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';

/** The refusal a promise ends with (fails the test when it succeeds or throws something else). */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

describe('access: users, sessions, sign-in limits and the audit log', () => {
  let database: TestDatabase;
  let db: Kysely<DB>;
  let admin: Context;
  let co: TestCompany;
  const browser = (name: string): Context => ({ db, actor: `dashboard:${name}` });
  const signIn = (name: string, password: string, ip = '10.0.0.1') => access.login(browser(name), { username: name, password, ip, userAgent: 'test' });
  const audit = async (action: string) => (await access.listAudit(db, { action })).map((e) => ({ actor: e.actor, subject: e.subject, ip: e.ip }));

  beforeAll(async () => {
    database = await freshDatabase();
    db = database.db;
    admin = { db, actor: 'cli:test' };
    co = await setUpTestCompany({ db, actor: 'setup' });
  });
  afterAll(() => database?.drop());

  it('adds a user with a generated one-time password, signs them in and finds their session', async () => {
    expect(await access.hasUsers(db)).toBe(false);
    const ann = await access.addUser(admin, { username: ' Ann@Example.com ', displayName: 'Ann Admin', role: 'admin' });
    expect(ann).toMatchObject({ username: 'ann@example.com', role: 'admin', region: null, mustChangePassword: true });
    expect(ann.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await access.hasUsers(db)).toBe(true);

    // Only the hash is stored: the password appears nowhere in the database.
    const { rows } = await sql<{ password_hash: string }>`select password_hash from access.users where username = 'ann@example.com'`.execute(db);
    expect(rows[0]!.password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$/);
    expect(rows[0]!.password_hash).not.toContain(ann.password);

    const result = await signIn('ANN@example.com', ann.password!);
    if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
    expect(result.user).toMatchObject({ username: 'ann@example.com', displayName: 'Ann Admin', role: 'admin', region: null, mustChangePassword: true });
    expect(result.user.sessionExpiresAt.getTime() - Date.now()).toBeGreaterThan(11 * 3600_000);
    const stored = await sql<{ token_hash: string }>`select token_hash from access.sessions`.execute(db);
    expect(stored.rows.map((r) => r.token_hash)).toEqual([access.tokenHash(result.token)]);
    expect(await access.sessionUser(db, result.token)).toMatchObject({ username: 'ann@example.com', role: 'admin' });
    expect(await access.sessionUser(db, access.newToken())).toBeNull();
    expect(await access.sessionUser(db, 'not a token')).toBeNull();

    // The one-time password is replaced; the session that changed it stays, others end.
    const other = await signIn('ann@example.com', ann.password!, '10.0.0.2');
    if (!other.ok) throw new Error('second sign-in failed');
    const changed = await access.changePassword(browser('ann@example.com'), { username: 'ann@example.com', currentPassword: ann.password!, newPassword: 'a much better passphrase', keepSession: access.tokenHash(result.token) });
    expect(changed.sessionsRevoked).toBe(1);
    expect(await access.sessionUser(db, result.token)).toMatchObject({ mustChangePassword: false });
    expect(await access.sessionUser(db, other.token)).toBeNull();
    expect((await signIn('ann@example.com', ann.password!)).ok).toBe(false);
    expect((await signIn('ann@example.com', 'a much better passphrase')).ok).toBe(true);

    expect(await audit('user.added')).toEqual([{ actor: 'cli:test', subject: 'user:ann@example.com', ip: null }]);
    expect((await audit('login.succeeded')).length).toBe(3);
    expect(await audit('user.password_changed')).toEqual([{ actor: 'dashboard:ann@example.com', subject: 'user:ann@example.com', ip: null }]);
  });

  it('refuses bad users with typed errors: duplicates, unknown regions, regions for the wrong role, weak passwords', async () => {
    expect(await refusal(access.addUser(admin, { username: 'ann@example.com', displayName: 'Again', role: 'analyst' }))).toMatchObject({ code: 'DUPLICATE', field: 'username' });
    expect(await refusal(access.addUser(admin, { username: 'x', displayName: 'Short', role: 'analyst' }))).toMatchObject({ code: 'INVALID_INPUT', field: 'username' });
    expect(await refusal(access.addUser(admin, { username: 'eve', displayName: 'Eve', role: 'root' as access.Role }))).toMatchObject({ code: 'INVALID_INPUT', field: 'role' });
    expect(await refusal(access.addUser(admin, { username: 'eve', displayName: 'Eve', role: 'executive', region: 'XX' }))).toMatchObject({ code: 'NOT_FOUND', field: 'region' });
    expect(await refusal(access.addUser(admin, { username: 'eve', displayName: 'Eve', role: 'analyst', region: 'EU' }))).toMatchObject({ code: 'INVALID_INPUT', field: 'region' });
    expect(await refusal(access.addUser(admin, { username: 'eve', displayName: 'Eve', role: 'analyst', password: 'short' }))).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    expect(await refusal(access.changePassword(browser('ann@example.com'), { username: 'ann@example.com', currentPassword: 'wrong wrong wrong', newPassword: 'another fine passphrase' })))
      .toMatchObject({ code: 'INVALID_INPUT', field: 'currentPassword' });
    expect(await access.findUser(db, 'eve')).toBeNull();
    // Nothing refused left an audit entry.
    expect((await audit('user.added')).length).toBe(1);
  });

  it('keeps a region for an executive or planner, and a chosen password needs no change', async () => {
    const eu = await access.addUser(admin, { username: 'erik', displayName: 'Erik Exec', role: 'executive', region: 'eu', password: 'sees europe only 42' });
    expect(eu).toMatchObject({ region: 'EU', password: null, mustChangePassword: false });
    const result = await signIn('erik', 'sees europe only 42');
    expect(result).toMatchObject({ ok: true, user: { role: 'executive', region: 'EU', mustChangePassword: false } });
    expect(access.capabilitiesOf({ role: 'executive', region: 'EU' })).toEqual(['view']);
    const listed = await access.listUsers(db);
    expect(listed.map((u) => [u.username, u.role, u.region, u.openSessions])).toEqual([['ann@example.com', 'admin', null, 2], ['erik', 'executive', 'EU', 1]]);
    expect(listed[1]!.lastSignInAt).toBeInstanceOf(Date);
  });

  it('locks out a name after five failures from one address, right password or not, until reset; other addresses still sign in', async () => {
    await access.addUser(admin, { username: 'pia', displayName: 'Pia Planner', role: 'planner', password: 'plans the stock well' });
    for (let i = 0; i < 5; i++) expect(await signIn('pia', `guess number ${i}`, '10.9.9.9')).toEqual({ ok: false, reason: 'invalid' });
    const locked = await signIn('pia', 'plans the stock well', '10.9.9.9');
    expect(locked).toMatchObject({ ok: false, reason: 'locked', scope: 'pair' });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect((await signIn('pia', 'plans the stock well', '10.9.9.10')).ok).toBe(true);
    expect((await audit('login.failed')).filter((e) => e.subject === 'user:pia')).toHaveLength(5);
    expect(await audit('login.locked_out')).toEqual([{ actor: 'dashboard:pia', subject: 'user:pia', ip: '10.9.9.9' }]);

    // Unknown names count alike, and a wrong name takes as long as a wrong password.
    const started = performance.now();
    expect(await signIn('nobody-here', 'whatever it is', '10.9.9.11')).toEqual({ ok: false, reason: 'invalid' });
    expect(performance.now() - started).toBeGreaterThan(50);

    // An admin's reset lifts the lockout.
    const reset = await access.resetPassword(admin, { username: 'pia' });
    expect(reset.password).toMatch(/-/);
    expect(reset.sessionsRevoked).toBe(1);
    expect(await signIn('pia', reset.password!, '10.9.9.9')).toMatchObject({ ok: true, user: { mustChangePassword: true } });
  });

  it('locks out an address trying many names', async () => {
    const policy = { windowMinutes: 15, maxPerPair: 5, maxPerAddress: 8 };
    for (let i = 0; i < 8; i++) expect(await access.login(browser(`spray${i}`), { username: `spray${i}`, password: 'Winter2025!', ip: '10.7.7.7' }, policy)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await access.login(browser('erik'), { username: 'erik', password: 'sees europe only 42', ip: '10.7.7.7' }, policy)).toMatchObject({ ok: false, reason: 'locked', scope: 'address' });
  });

  it('counts simultaneous guesses: a burst gets no more than the limit checked', async () => {
    await access.addUser(admin, { username: 'burst', displayName: 'Burst Target', role: 'analyst', password: 'aimed at many times' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn('burst', `guess ${i} xx`, '10.8.8.8')));
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(7);
  });

  it('disabling ends sessions and refuses sign-in (saying so only to the right password); the last admin stays', async () => {
    const session = await signIn('erik', 'sees europe only 42', '10.1.1.1');
    if (!session.ok) throw new Error('sign-in failed');
    const disabled = await access.disableUser(admin, { username: 'erik' });
    expect(disabled).toMatchObject({ changed: true, sessionsRevoked: 2 });
    expect(await access.sessionUser(db, session.token)).toBeNull();
    expect(await signIn('erik', 'sees europe only 42', '10.1.1.1')).toEqual({ ok: false, reason: 'disabled' });
    expect(await signIn('erik', 'not his password!', '10.1.1.1')).toEqual({ ok: false, reason: 'invalid' });
    // Idempotent: disabling again changes nothing and adds no audit entry.
    expect(await access.disableUser(admin, { username: 'erik' })).toMatchObject({ changed: false, sessionsRevoked: 0 });
    expect(await audit('user.disabled')).toHaveLength(1);
    expect(await access.enableUser(admin, { username: 'erik' })).toMatchObject({ changed: true });
    expect((await signIn('erik', 'sees europe only 42', '10.1.1.2')).ok).toBe(true);

    expect(await refusal(access.disableUser(admin, { username: 'ann@example.com' }))).toMatchObject({ code: 'NOT_ALLOWED', field: 'username' });
    expect(await refusal(access.disableUser(admin, { username: 'nobody' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('signs out once; the token is worthless afterwards', async () => {
    const session = await signIn('erik', 'sees europe only 42', '10.1.1.3');
    if (!session.ok) throw new Error('sign-in failed');
    expect(await access.logout(browser('erik'), { token: session.token, ip: '10.1.1.3' })).toEqual({ signedOut: true });
    expect(await access.logout(browser('erik'), { token: session.token })).toEqual({ signedOut: false });
    expect(await access.sessionUser(db, session.token)).toBeNull();
    expect(await audit('login.signed_out')).toEqual([{ actor: 'dashboard:erik', subject: 'user:erik', ip: '10.1.1.3' }]);
  });

  it('ends sessions after their idle time and their lifetime', async () => {
    const idle = await signIn('erik', 'sees europe only 42', '10.1.1.4');
    const old = await signIn('erik', 'sees europe only 42', '10.1.1.4');
    if (!idle.ok || !old.ok) throw new Error('sign-in failed');
    await sql`update access.sessions set last_seen_at = now() - interval '121 minutes' where token_hash = ${access.tokenHash(idle.token)}`.execute(db);
    await sql`update access.sessions set created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour' where token_hash = ${access.tokenHash(old.token)}`.execute(db);
    expect(await access.sessionUser(db, idle.token)).toBeNull();
    expect(await access.sessionUser(db, old.token)).toBeNull();
  });

  it('audits planning decisions in their own transaction, and the log cannot be changed', async () => {
    const { departmentId } = await people.createDepartment(admin, { code: 'PLAN', name: 'Planning', costCenter: 'PLAN', costCenterName: 'Planning' });
    const requesterId = (await people.hireEmployee(admin, { code: 'P1', name: 'Pia Planner', role: 'planner', departmentId })).employeeId;
    const run = await planning.upsertSuggestions({ db, actor: 'forecast' }, {
      runId: 'run-a', modelVersion: 'test-1', asOf: '2024-03-01',
      suggestions: [{
        kind: 'replenishment',
        proposal: { itemId: co.items.widget, warehouseId: co.warehouseId, quantity: 10, supplierId: co.supplierId, orderBy: '2024-03-05', neededBy: '2024-03-20' },
        rationale: {}, valueAtStake: 10_000,
      }],
    });
    const suggestionId = run.suggestions[0]!.suggestionId;
    await planning.acceptSuggestion(browser('pia'), { suggestionId, date: '2024-03-02', requesterId }, { idempotencyKey: 'accept-once' });
    // A replay returns the first result and audits nothing more.
    await planning.acceptSuggestion(browser('pia'), { suggestionId, date: '2024-03-02', requesterId }, { idempotencyKey: 'accept-once' });
    const entries = await access.listAudit(db, { action: 'planning.' });
    expect(entries.map((e) => [e.actor, e.action, e.subject])).toEqual([['dashboard:pia', 'planning.suggestion_accepted', `planning_suggestion:${suggestionId}`]]);
    expect(entries[0]!.detail).toMatchObject({ kind: 'replenishment', document: expect.stringMatching(/^requisition REQ-/) });

    await access.recordAudit(browser('ann@example.com'), { action: 'query.saved', subject: 'query:top_customers', detail: { params: 2 } });
    expect(await refusal(access.recordAudit(admin, { action: 'Bad Action' }))).toMatchObject({ code: 'INVALID_INPUT', field: 'action' });
    await expect(sql`update access.audit_log set actor = 'someone else'`.execute(db)).rejects.toThrow(/the audit log is append-only/);
    await expect(sql`delete from access.audit_log`.execute(db)).rejects.toThrow(/the audit log is append-only/);

    const page = await access.listAudit(db, { limit: 3 });
    expect(page.map((e) => e.action)).toEqual(['query.saved', 'planning.suggestion_accepted', 'login.succeeded']);
    const next = await access.listAudit(db, { limit: 3, beforeId: page[2]!.id });
    expect(next[0]!.id).toBeLessThan(page[2]!.id);
  });

  it("lists a region's suggestions only to a reader limited to it: by warehouse or customer, never the company's budget", async () => {
    const forecast = { db, actor: 'forecast' };
    const run = await planning.upsertSuggestions(forecast, {
      runId: 'run-b', modelVersion: 'test-1', asOf: '2024-03-01', kinds: ['re_engagement', 'budget'],
      suggestions: [
        { kind: 're_engagement', valueAtStake: 5_000, proposal: { customerId: co.customerId, repId: co.repId, dueDate: '2024-03-10', reason: 'quiet' } },
        { kind: 're_engagement', valueAtStake: 7_000, proposal: { customerId: co.eurCustomerId, repId: co.repId, dueDate: '2024-03-10', reason: 'quiet' } },
        { kind: 'budget', valueAtStake: 9_000, proposal: { quarter: '2024-Q2', costCenter: null, lines: [{ account: '6500', month: '2024-04', amount: 100 }] } },
      ],
    });
    const id = (key: string) => run.suggestions.find((s) => s.naturalKey.includes(key))!.suggestionId;
    const [na, eu, budget] = [id(`customer:${co.customerId}`), id(`customer:${co.eurCustomerId}`), run.suggestions.find((s) => s.naturalKey.startsWith('budget:'))!.suggestionId];
    const listed = async (region?: string) => (await planning.listSuggestions(db, { status: 'open', ...(region ? { region } : {}) })).map((s) => s.suggestionId).sort((a, b) => a - b);
    expect(await listed()).toEqual([na, eu, budget].sort((a, b) => a - b));
    expect(await listed('EU')).toEqual([eu]);
    expect(await listed('NA')).toEqual([na]);
    expect(await Promise.all([na, eu, budget].map((s) => planning.regionOfSuggestion(db, s)))).toEqual(['NA', 'EU', null]);
    // The accepted replenishment (warehouse MAIN, region NA) counts for NA only.
    const stats = async (region?: string) => (await planning.acceptanceStats(db, { from: '2024-01-01', to: '2024-12-31', ...(region ? { region } : {}) })).find((s) => s.kind === 'replenishment')!.accepted;
    expect([await stats(), await stats('NA'), await stats('EU')]).toEqual([1, 1, 0]);
  });

  it('records user changes as events in the same transaction', async () => {
    const { rows } = await sql<{ event_type: string; n: number }>`
      select event_type, count(*)::int as n from core.outbox where aggregate_type = 'access_user' group by event_type order by event_type`.execute(db);
    expect(rows).toEqual([
      { event_type: 'access.password_changed', n: 1 },
      { event_type: 'access.password_reset', n: 1 },
      { event_type: 'access.user_added', n: 4 },
      { event_type: 'access.user_disabled', n: 1 },
      { event_type: 'access.user_enabled', n: 1 },
    ]);
  });
});
