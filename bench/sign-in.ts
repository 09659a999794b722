import { access, type Context } from '../domain/index.js';
import type { Database } from '../domain/db/connect.js';

/** The benchmarks' users sign in through the app's /login form, like a person. */
export const BENCH_PASSWORD = 'bench password 2026';

/** Adds the user once (with the benchmarks' password), if it is not there yet. */
export async function ensureUser(database: Database, user: { username: string; role: access.Role; region?: string | null }): Promise<void> {
  const ctx: Context = { db: database.db, actor: 'bench' };
  if (await access.findUser(database.db, user.username)) return;
  await access.addUser(ctx, { username: user.username, displayName: user.username, role: user.role, region: user.region ?? null, password: BENCH_PASSWORD, mustChangePassword: false });
}

/** Signs in through /login (its own CSRF cookie and token, the origin header) and returns the session cookie, `name=value`. */
export async function login(base: string, username: string): Promise<string> {
  const page = await fetch(new URL('/login', base), { redirect: 'manual' });
  const signInCookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('the sign-in page has no CSRF token');
  const form = new URLSearchParams({ username, password: BENCH_PASSWORD, csrf: token });
  const response = await fetch(new URL('/login', base), { method: 'POST', body: form, redirect: 'manual', headers: { cookie: signInCookie, origin: new URL(base).origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' } });
  const session = response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('ledgerloop_session='));
  if (response.status !== 303 || !session) throw new Error(`signing ${username} in answered ${response.status}`);
  return session;
}
