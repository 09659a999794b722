import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sql } from 'kysely';
import { access, planning } from '../../domain/index.js';
import { haveChromium } from './chromium.js';
import { charts, SCREENSHOTS, serveCompany, type ServedCompany, type TestUser } from './served-company.js';

/**
 * Access to the served dashboards: signing in and out, the session cookie and security headers,
 * CSRF tokens, rate-limited sign-in, each role refused what it may not do — in Chromium and by
 * calling the endpoints directly — and a reader limited to one region held to it. The browser
 * is signed in as an executive limited to region EU; the other roles use an HTTP client.
 */

/** A cookie-keeping HTTP client, as a script calling the endpoints directly would be. */
class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    // What a browser asks for; SvelteKit answers a form post from anything else as a script's (JSON).
    if (!headers.has('accept')) headers.set('accept', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: URLSearchParams | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set('content-type', 'application/x-www-form-urlencoded');
      // What a browser sends with a form; SvelteKit refuses a form post from another origin.
      if (!headers.has('origin')) headers.set('origin', new URL(this.base).origin);
    }
    const response = await fetch(new URL(path, this.base), { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0\b|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return response;
  }

  /** Signs in through the /login form, as a browser would. */
  async signIn(user: Pick<TestUser, 'username' | 'password'>, next = ''): Promise<Response> {
    const form = await this.request(`/login${next}`);
    const token = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    if (!token) throw new Error(`no sign-in form at /login (status ${form.status})`);
    return this.request(`/login${next}`, { form: { csrf: token, username: user.username, password: user.password } });
  }

  /** The session's CSRF token, as every page's forms carry it. */
  async csrf(): Promise<string> {
    const page = await this.request('/data');
    const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    if (!token) throw new Error(`no CSRF token on /data (status ${page.status})`);
    return token;
  }

  /** A form action as SvelteKit's enhanced forms post it; the JSON result and status. */
  async action(path: string, form: Record<string, string>): Promise<{ status: number; body: { type: string; status?: number; error?: { message: string }; data?: string } }> {
    const response = await this.request(path, { form, headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } });
    return { status: response.status, body: await response.json() };
  }
}

describe.skipIf(!haveChromium)('access to the dashboards', () => {
  let company: ServedCompany;
  const client = () => new Client(company.served.url);
  const signedIn = async (role: access.Role, region: string | null = null) => {
    const user = await company.addUser(role, region);
    const c = client();
    expect((await c.signIn(user)).status).toBe(303);
    return { user, c };
  };
  const audit = async (action: string) => access.listAudit(company.database.db, { action });

  beforeAll(async () => {
    company = await serveCompany({ role: 'executive', region: 'EU' });
  });
  afterAll(async () => {
    await company?.close();
  });

  it('sends whoever is not signed in to /login, and refuses their requests', async () => {
    const c = client();
    for (const path of ['/', '/planning', '/admin', '/queries/dashboard_kpi_monthly.csv', '/workbench']) {
      const r = await c.request(path);
      expect(r.status, path).toBe(303);
      expect(r.headers.get('location'), path).toBe(path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`);
    }
    const post = await c.request('/planning?/accept', { form: { suggestionId: '1' } });
    expect(post.status).toBe(401);
    expect(await post.text()).toMatch(/Sign in first/);
    expect((await c.request('/login')).status).toBe(200);
  });

  it('signs in with an HTTP-only SameSite cookie, returns to where the reader was going, and signs out for good', async () => {
    const user = await company.addUser('analyst');
    const c = client();
    const wrong = await c.signIn({ username: user.username, password: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/Wrong user name or password/);

    const r = await c.signIn(user, '?next=%2Ffunnel%3Fmonths%3D3');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/funnel?months=3');
    const cookie = r.headers.getSetCookie().find((x) => x.startsWith('ledgerloop_session='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Secure/i); // plain http on this machine; Secure over https
    const token = c.cookies.get('ledgerloop_session')!;
    expect((await c.request('/funnel')).status).toBe(200);

    // Only this app's paths are followed after signing in.
    const elsewhere = client();
    expect((await elsewhere.signIn(user, '?next=%2F%2Fevil.example')).headers.get('location')).toBe('/');

    const out = await c.request('/logout', { form: { csrf: await c.csrf() } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect(c.cookies.has('ledgerloop_session')).toBe(false);
    // The old cookie, replayed, signs nobody in.
    c.cookies.set('ledgerloop_session', token);
    expect((await c.request('/funnel')).status).toBe(303);
    expect((await audit('login.signed_out')).map((e) => e.subject)).toContain(`user:${user.username}`);
  });

  it('sends security headers and a content-security policy the pages work with', async () => {
    const { c } = await signedIn('analyst');
    const page = await c.request('/');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toMatch(/no-store/);
    const csv = await c.request('/queries/dashboard_pipeline_runs.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff');
    const login = await client().request('/login');
    expect(login.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('refuses every change without the session’s CSRF token', async () => {
    const { c } = await signedIn('planner');
    const open = await planning.listSuggestions(company.database.db, { status: 'open', kind: 're_engagement', limit: 1 });
    const form = { suggestionId: String(open[0]!.suggestionId), reason: 'no CSRF token' };
    const other = await signedIn('planner');
    for (const csrf of [undefined, '', 'forged', await other.c.csrf()]) {
      const r = await c.action('/planning?/reject', csrf === undefined ? form : { ...form, csrf });
      expect(r.status, `token ${csrf}`).toBe(403);
      expect(r.body.error?.message).toMatch(/security token of your session \(CSRF\)/);
    }
    // A script's header works as well as the form field; the wrong one does not.
    const header = await c.request('/logout', { method: 'POST', headers: { 'x-csrf-token': await other.c.csrf() } });
    expect(header.status).toBe(403);
    // SvelteKit's own origin check stands in front of it.
    const crossSite = await c.request('/planning?/reject', { form: { ...form, csrf: await c.csrf() }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toMatch(/Cross-site POST form submissions are forbidden/);
    expect((await planning.suggestion(company.database.db, open[0]!.suggestionId))!.status).toBe('open');
  });

  it('refuses each role what it may not do, when the endpoints are called directly', async () => {
    const open = await planning.listSuggestions(company.database.db, { status: 'open', kind: 're_engagement', limit: 3 });
    const [first, second] = open.map((s) => String(s.suggestionId));
    const executive = await signedIn('executive');
    const analyst = await signedIn('analyst');
    const planner = await signedIn('planner');
    const admin = await signedIn('admin');

    // Planning decisions: planners and admins only.
    for (const { c } of [executive, analyst]) {
      const r = await c.action('/planning?/reject', { csrf: await c.csrf(), suggestionId: first!, reason: 'not mine to decide' });
      expect(r.status).toBe(403);
      expect(r.body.error?.message).toMatch(/may not make changes in \/planning: it needs a planner/);
      const accept = await c.action('/planning?/accept', { csrf: await c.csrf(), suggestionId: first! });
      expect(accept.status).toBe(403);
    }
    expect((await planning.suggestion(company.database.db, Number(first)))!.status).toBe('open');
    const decided = await planner.c.action('/planning?/reject', { csrf: await planner.c.csrf(), suggestionId: first!, reason: 'the customer moved away' });
    expect(decided).toMatchObject({ status: 200, body: { type: 'success' } });
    // Recorded as the signed-in planner, on the decision and in the audit log.
    expect((await planning.suggestion(company.database.db, Number(first)))!.decision).toMatchObject({ decision: 'rejected', decidedBy: `dashboard:${planner.user.username}` });
    expect((await audit('planning.suggestion_rejected')).map((e) => [e.actor, e.subject])).toEqual([[`dashboard:${planner.user.username}`, `planning_suggestion:${first}`]]);

    // The admin pages: admins only, to look at and to change.
    for (const { c } of [executive, analyst, planner]) {
      const page = await c.request('/admin', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(403);
      expect(await page.text()).toMatch(/may not open \/admin: it needs an admin/);
      expect((await c.request('/admin/audit')).status).toBe(403);
      expect((await c.request('/admin/__data.json')).status).toBe(403);
      const add = await c.action('/admin?/add', { csrf: await c.csrf(), username: 'sneaky', role: 'admin' });
      expect(add.status).toBe(403);
      const reset = await c.action('/admin?/reset', { csrf: await c.csrf(), username: admin.user.username });
      expect(reset.status).toBe(403);
    }
    expect(await access.findUser(company.database.db, 'sneaky')).toBeNull();
    expect((await admin.c.request('/admin')).status).toBe(200);
    expect((await admin.c.request('/admin/audit')).status).toBe(200);

    // The SQL workbench: analysts and up, not executives (nor anyone limited to a region).
    const refused = await executive.c.request('/workbench', { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: 'As an executive you may not open /workbench: it needs an analyst (the SQL workbench).' });
    expect((await executive.c.request('/workbench/run', { method: 'POST', headers: { 'x-csrf-token': await executive.c.csrf() } })).status).toBe(403);
    const regional = await signedIn('planner', 'EU');
    expect((await regional.c.request('/workbench')).status).toBe(403);
    for (const { c } of [analyst, planner, admin]) expect((await c.request('/workbench')).status).not.toBe(403);

    // Spellings of a path the router treats alike are refused alike; remote functions, not used, by nobody.
    expect((await planner.c.request('/%61dmin')).status).toBe(403);
    expect((await planner.c.request('/admin/')).status).toBe(308);
    expect((await admin.c.request('/_app/remote/x/y')).status).toBe(403);
    // A change nothing accepts.
    expect((await admin.c.request('/', { method: 'DELETE', headers: { 'x-csrf-token': await admin.c.csrf() } })).status).toBe(403);
    expect(second).toBeDefined();
  });

  it('locks sign-in after five failures from one address, even with the right password, and says so', async () => {
    const user = await company.addUser('analyst');
    const c = client();
    for (let i = 0; i < 5; i++) {
      const r = await c.signIn({ username: user.username, password: `guess ${i}` });
      expect(r.status).toBe(400);
    }
    const locked = await c.signIn(user);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Too many failed sign-ins for this user from your address: try again in 1[45] minutes/);
    expect(c.cookies.has('ledgerloop_session')).toBe(false);
    expect((await audit('login.locked_out')).map((e) => [e.subject, e.ip])).toContainEqual([`user:${user.username}`, expect.stringMatching(/127\.0\.0\.1/)]);
    // An admin's reset lifts it.
    const reset = await access.resetPassword({ db: company.database.db, actor: 'test' }, { username: user.username, password: 'a fresh password 99' });
    expect(reset.sessionsRevoked).toBe(0);
    expect((await c.signIn({ username: user.username, password: 'a fresh password 99' })).status).toBe(303);
  });

  it('makes a one-time password be replaced before anything else', async () => {
    const added = await access.addUser({ db: company.database.db, actor: 'test' }, { username: 'first-timer', displayName: 'First Timer', role: 'analyst' });
    const c = client();
    const r = await c.signIn({ username: 'first-timer', password: added.password! });
    expect(r.headers.get('location')).toBe('/password');
    expect((await c.request('/')).headers.get('location')).toBe('/password');
    expect((await c.request('/queries/dashboard_pipeline_runs.csv')).headers.get('location')).toBe('/password');
    const form = await (await c.request('/password')).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
    const weak = await c.request('/password', { form: { csrf, current: added.password!, new: 'short', repeat: 'short' } });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toMatch(/A password needs at least 12 characters/);
    const saved = await c.request('/password', { form: { csrf, current: added.password!, new: 'my own passphrase 7', repeat: 'my own passphrase 7' } });
    expect(saved.status).toBe(303);
    expect((await c.request('/')).status).toBe(200);
  });

  it('ends a disabled user’s session at once', async () => {
    const { user, c } = await signedIn('planner');
    expect((await c.request('/planning')).status).toBe(200);
    await access.disableUser({ db: company.database.db, actor: 'test' }, { username: user.username });
    expect((await c.request('/planning')).status).toBe(303);
    expect((await c.signIn(user)).status).toBe(403);
  });

  it('holds a reader limited to a region to it: in the CSV whatever the URL asks, and refusing what is not by region', async () => {
    const { c } = await signedIn('executive', 'EU');
    const admin = await signedIn('admin');
    const kpis = (who: Client, region: string) => who.request(`/queries/dashboard_kpi_monthly.csv?from=2024-01-01&to=2024-07-31&region=${region}`).then(async (r) => ({ status: r.status, text: await r.text() }));
    const [mine, asked, eu, all] = await Promise.all([kpis(c, 'all'), kpis(c, 'NA'), kpis(admin.c, 'EU'), kpis(admin.c, 'all')]);
    expect(mine.status).toBe(200);
    expect(mine.text.split('\r\n').length).toBeGreaterThan(2);
    expect(mine.text).toBe(eu.text);
    expect(asked.text).toBe(eu.text);
    expect(all.text).not.toBe(eu.text);

    // The filter choices: only region EU, its warehouses and its suppliers.
    const options = (await (await c.request('/queries/dashboard_filter_options.csv')).text()).trim().split('\r\n').slice(1).map((l) => l.split(','));
    expect(options.filter(([kind]) => kind === 'region').map(([, code]) => code)).toEqual(['EU']);
    const { rows } = await sql<{ kind: string; code: string; region: string }>`
      select 'warehouse' as kind, code, region from erp.warehouses union all select 'supplier', code, region from scm.suppliers`.execute(company.database.db);
    const regionOf = new Map(rows.map((r) => [`${r.kind}:${r.code}`, r.region]));
    const listed = options.filter(([kind]) => kind === 'warehouse' || kind === 'supplier');
    expect(listed.length).toBeGreaterThan(0);
    for (const [kind, code] of listed) expect(regionOf.get(`${kind}:${code}`), `${kind} ${code}`).toBe('EU');

    // A query not broken down by region is refused; the warehouse's own logs are not.
    const funnel = await c.request('/queries/dashboard_funnel_stages.csv');
    expect(funnel.status).toBe(403);
    expect(await funnel.text()).toMatch(/the dashboard_funnel_stages query is not broken down by region, and your account sees region EU only/);
    expect((await admin.c.request('/queries/dashboard_funnel_stages.csv')).status).toBe(200);
    expect((await c.request('/queries/dashboard_pipeline_runs.csv')).status).toBe(200);

    // Notebooks alike: one that takes a region runs with theirs whatever the URL asks; the others
    // are left out of the list and refused.
    const customersIn = async (who: Client, query: string) => {
      const r = await who.request(`/notebooks/customer-lifetime-value${query}`);
      expect(r.status).toBe(200);
      return /from <span class="value">([\d,]+)<\/span> customers over the next year/.exec(await r.text())?.[1];
    };
    const [ownNotebook, askedNotebook, euNotebook, allNotebook] = await Promise.all([customersIn(c, ''), customersIn(c, '?region=NA'), customersIn(admin.c, '?region=EU'), customersIn(admin.c, '')]);
    expect(euNotebook).toMatch(/^\d/);
    expect([ownNotebook, askedNotebook]).toEqual([euNotebook, euNotebook]);
    expect(allNotebook).not.toBe(euNotebook);
    const list = await (await c.request('/notebooks')).text();
    expect(list).toContain('href="/notebooks/customer-lifetime-value"');
    expect(list).not.toContain('href="/notebooks/funnel-cohorts"');
    expect(list).toMatch(/4 notebooks are not broken down by region and so not shown: your account sees region EU only/);
    const cohorts = await c.request('/notebooks/funnel-cohorts');
    expect(cohorts.status).toBe(403);
    expect(await cohorts.text()).toMatch(/the funnel-cohorts notebook is not broken down by region, and your account sees region EU only/);
    expect((await admin.c.request('/notebooks/funnel-cohorts')).status).toBe(200);

    // The planning inbox: a planner limited to EU sees and decides EU's suggestions only.
    const planner = await signedIn('planner', 'EU');
    const inbox = await (await planner.c.request('/planning')).text();
    const shown = [...inbox.matchAll(/data-suggestion="(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(await planning.regionOfSuggestion(company.database.db, id), `suggestion ${id}`).toBe('EU');
    const elsewhere = (await planning.listSuggestions(company.database.db, { status: 'open', region: 'NA', limit: 1 }))[0]!.suggestionId;
    const refused = await planner.c.action('/planning?/reject', { csrf: await planner.c.csrf(), suggestionId: String(elsewhere), reason: 'not my region' });
    // A refused form action comes back as SvelteKit's action failure, its status inside.
    expect(refused.body).toMatchObject({ type: 'failure', status: 403 });
    expect(refused.body.data).toMatch(/not one of region EU's, the only region your account may decide for/);
    expect((await planning.suggestion(company.database.db, elsewhere))!.status).toBe('open');
  });

  it('in Chromium, the regional executive sees their region only, read-only, and no admin pages', async () => {
    const page = await company.open('/?region=NA');
    await charts(page);
    expect(await page.locator('[data-testid="signed-in"]').textContent()).toMatch(/Test executive\s*executive · region EU/);
    const region = page.locator('select[name="region"]');
    expect(await region.inputValue()).toBe('EU');
    expect(await region.isDisabled()).toBe(true);
    expect(await page.locator('a[download]').first().getAttribute('href')).toMatch(/region=EU/);
    expect(await page.locator('nav a', { hasText: 'Admin' }).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'access-regional-executive.png'), fullPage: true });
    expect(company.problems).toEqual([]);

    await page.goto(new URL('/planning', company.served.url).href);
    await charts(page);
    expect(await page.locator('[data-suggestion]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-suggestion] button').count()).toBe(0);
    expect(await page.locator('.read-only').first().textContent()).toMatch(/a planner decides/);

    const admin = await page.goto(new URL('/admin', company.served.url).href);
    expect(admin?.status()).toBe(403);
    expect(await page.locator('[data-testid="refusal"]').textContent()).toMatch(/As an executive you may not open \/admin: it needs an admin\. \(status 403\)/);
    const funnel = await page.goto(new URL('/funnel', company.served.url).href);
    expect(funnel?.status()).toBe(403);
    expect(await page.locator('[data-testid="page-problem"]').textContent()).toMatch(/not broken down by region/);
    // The browser notes each refused page it was sent; nothing else went wrong.
    expect(company.problems.filter((p) => !/status of 403 \(Forbidden\)/.test(p))).toEqual([]);
    company.problems.length = 0;
    await page.close();
  });

  it('in Chromium, an admin adds a user and reads the audit log; signing out shows the sign-in page', async () => {
    const page = await company.open('/');
    await page.locator('[data-testid="signed-in"] button', { hasText: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(SCREENSHOTS, `login-${colorScheme}.png`), fullPage: true });
    }
    const admin = await company.addUser('admin');
    await page.fill('input[name="username"]', 'nobody-at-all');
    await page.fill('input[name="password"]', 'wrong password');
    await page.click('button');
    await expect.poll(() => page.locator('[data-testid="sign-in-problem"]').textContent()).toMatch(/Wrong user name or password/);
    // The refused sign-in answers 400, which the browser notes; nothing else went wrong.
    expect(company.problems).toEqual(['/: console error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    company.problems.length = 0;
    await page.fill('input[name="username"]', admin.username);
    await page.fill('input[name="password"]', admin.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button')]);

    await page.goto(new URL('/admin', company.served.url).href);
    await page.fill('form[action="?/add"] input[name="username"]', 'new.analyst@example.com');
    await page.fill('form[action="?/add"] input[name="displayName"]', 'New Analyst');
    await page.selectOption('select[name="role"]', 'analyst');
    await page.locator('form[action="?/add"] button').click();
    await expect.poll(() => page.locator('[data-testid="admin-done"]').textContent()).toMatch(/Added analyst new\.analyst@example\.com/);
    const password = await page.locator('[data-testid="one-time-password"]').textContent();
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await page.locator('tr[data-user="new.analyst@example.com"]').textContent()).toMatch(/analyst.*one-time password/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-users.png'), fullPage: true });
    expect(await access.login({ db: company.database.db, actor: 'test' }, { username: 'new.analyst@example.com', password: password!, ip: '10.0.0.9' })).toMatchObject({ ok: true });

    await page.goto(new URL('/admin/audit?action=user.', company.served.url).href);
    expect(await page.locator('tr[data-action="user.added"]').first().textContent()).toMatch(new RegExp(`dashboard:${admin.username}.*user\\.added.*user:new\\.analyst@example\\.com.*127\\.0\\.0\\.1`));
    await page.goto(new URL('/admin/audit', company.served.url).href);
    expect(await page.locator('tr[data-action="login.failed"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-audit.png'), fullPage: true });
    expect(company.problems).toEqual([]);
    await page.close();
  });
});
