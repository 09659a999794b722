import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { core } from '../../domain/index.js';
import { runPipeline } from '../../pipelines/index.js';
import { haveChromium } from './chromium.js';
import { charts, expectPageDrawn, serveCompany, type ServedCompany } from './served-company.js';

/**
 * The Overview, Planning, Sales funnel and Data pages in Chromium, on the browser tests' small
 * company (served-company.ts). Screenshots of every page in both themes go to
 * dashboards/test/screenshots/.
 */
const PAGES = [
  { path: '/', name: 'overview' },
  { path: '/planning', name: 'planning' },
  { path: '/funnel', name: 'funnel' },
  { path: '/data', name: 'data' },
];

describe.skipIf(!haveChromium)('the dashboards in Chromium', () => {
  let company: ServedCompany;
  beforeAll(async () => {
    company = await serveCompany();
  });
  afterAll(async () => {
    await company?.close();
  });
  const open = (path: string): Promise<Page> => company.open(path);

  /** The replenishment suggestions on the page needed on or after the company's last day. */
  async function acceptable(page: Page): Promise<number[]> {
    const lastDate = (await core.simulationState(company.database.db))!.lastDate;
    const cards = await page.$$eval('[data-suggestion]', (nodes) => nodes.map((n) => ({ id: Number(n.getAttribute('data-suggestion')), title: n.querySelector('h2')?.textContent ?? '' })));
    const ids = cards.filter((c) => (/needed by (\d{4}-\d{2}-\d{2})/.exec(c.title)?.[1] ?? '') >= lastDate).map((c) => c.id);
    expect(ids.length, 'two replenishment suggestions that can be accepted as proposed').toBeGreaterThanOrEqual(2);
    return ids;
  }

  const documentsOf = async (suggestionId: number) => {
    const { rows } = await sql<{ requisitions: number; decisions: number }>`
      select (select count(*)::int from scm.requisitions where note like ${`From planning suggestion ${suggestionId}:%`}) as requisitions,
             (select count(*)::int from planning.decisions where suggestion_id = ${suggestionId}) as decisions`.execute(company.database.db);
    return rows[0]!;
  };

  it('accepts a suggestion once, however often it is clicked or retried, and keeps it after a reload', async () => {
    const page = await open('/planning?kind=replenishment');
    await charts(page);
    // Suggestions needed before the decision day cannot become a requisition as proposed (the
    // domain refuses it); take the first that can.
    const [first, second] = await acceptable(page);
    const card = page.locator(`[data-suggestion="${first}"]`);
    const id = first!;
    expect(await documentsOf(id)).toEqual({ requisitions: 0, decisions: 0 });

    await card.locator('button.accept').dblclick();
    await expect.poll(() => page.locator('[data-testid="decision"]').textContent()).toMatch(new RegExp(`Suggestion ${id} accepted by dashboard:\\S+: requisition REQ-`));
    expect(await documentsOf(id)).toEqual({ requisitions: 1, decisions: 1 });

    // A retry after a dropped connection: the same decision sent twice at once with its key.
    const next = second!;
    const replies = await page.evaluate(async (suggestionId) => {
      const post = () => {
        const body = new FormData();
        body.set('suggestionId', String(suggestionId));
        body.set('idempotencyKey', 'retry-test-key');
        body.set('csrf', (document.querySelector('input[name="csrf"]') as HTMLInputElement).value);
        return fetch('/planning?/accept', { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } }).then((r) => r.json());
      };
      return Promise.all([post(), post(), post()]);
    }, next);
    expect(replies.map((r: { type: string }) => r.type)).toEqual(['success', 'success', 'success']);
    expect(await documentsOf(next)).toEqual({ requisitions: 1, decisions: 1 });

    await page.reload();
    await charts(page);
    expect(await page.locator(`[data-suggestion="${id}"]`).count()).toBe(0);
    await expect.poll(() => page.locator(`[data-decided="${id}"]`).textContent()).toMatch(/accepted .*requisition REQ-/s);
    expect(await page.locator('[data-testid="acceptance-rate"]').textContent()).toMatch(/100(\.0)?%/);
    await page.close();
  });

  it('accepts a suggestion with the quantity changed, recording the change and making the document from it', async () => {
    const page = await open('/planning?kind=replenishment');
    await charts(page);
    const [id] = await acceptable(page);
    const card = page.locator(`[data-suggestion="${id}"]`);
    await card.locator('summary', { hasText: 'Change and accept' }).click();
    const proposed = Number(await card.locator('input[name="quantity"]').inputValue());
    await card.locator('button', { hasText: 'Accept with changes' }).click();
    await expect.poll(() => card.locator('.problem').textContent()).toMatch(/nothing was changed/);
    await card.locator('input[name="quantity"]').fill(String(proposed + 7));
    await card.locator('.modify input[name="reason"]').fill('round up to the pallet');
    await card.locator('button', { hasText: 'Accept with changes' }).click();
    await expect.poll(() => page.locator('[data-testid="decision"]').textContent()).toMatch(new RegExp(`Suggestion ${id} modified by .*requisition REQ-`));
    const { rows } = await sql<{ decision: string; changes: { quantity: { before: number; after: number } }; quantity: number }>`
      select d.decision, d.changes, (select sum(r.quantity)::int from scm.requisitions r where r.note like ${`From planning suggestion ${id}:%`}) as quantity
        from planning.decisions d where d.suggestion_id = ${id}`.execute(company.database.db);
    expect(rows).toEqual([{ decision: 'modified', changes: { quantity: { before: proposed, after: proposed + 7 } }, quantity: proposed + 7 }]);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('rejects only with a reason, saying so on the page', async () => {
    const page = await open('/planning?kind=re_engagement');
    const card = page.locator('[data-suggestion]').first();
    const id = Number(await card.getAttribute('data-suggestion'));
    await card.locator('form.reject button').click();
    await expect.poll(() => card.locator('.problem').textContent()).toMatch(/needs a reason/);
    await card.locator('form.reject input[name="reason"]').fill('customer moved to a competitor');
    await card.locator('form.reject button').click();
    await expect.poll(() => page.locator('[data-testid="decision"]').textContent()).toMatch(new RegExp(`Suggestion ${id} rejected`));
    expect((await documentsOf(id)).decisions).toBe(1);
    await page.close();
  });

  it('after the next pipeline run the warehouse holds the decisions taken in the browser, with their documents', async () => {
    const { rows: decided } = await sql<{ suggestion_id: number; decision: string; document_no: string | null }>`
      select suggestion_id, decision, document_no from planning.decisions order by suggestion_id`.execute(company.database.db);
    expect(decided.length).toBeGreaterThanOrEqual(3);
    await runPipeline(company.database, { warehousePath: company.warehouse });
    const page = await open('/planning');
    expect(await page.locator('[data-testid="outcome-summary"]').textContent()).toMatch(/replenishment/);
    await page.getByRole('link', { name: /Every decision, with its document/ }).click();
    await page.waitForURL(/\/rows\/dashboard_planning_decisions/);
    const table = page.locator('[data-table="dashboard_planning_decisions"]');
    expect(Number(await table.getAttribute('data-total'))).toBe(decided.length);
    const requisition = decided.find((d) => d.document_no?.startsWith('REQ-'))!;
    const link = table.getByRole('link', { name: requisition.document_no! });
    expect(await link.getAttribute('href')).toBe(`/documents/requisition/${requisition.document_no}`);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  for (const { path, name } of PAGES) {
    it(`${name}: every chart drawn with data in both themes, the data as of shown, no console error`, () => expectPageDrawn(company, path, name));
  }

  it('keeps the Overview period in the URL: changing it redraws the KPIs', async () => {
    const page = await open('/');
    const sparkRows = () => page.locator('[data-kpi="revenue"] .plot-chart').getAttribute('data-rows');
    await charts(page);
    expect(await sparkRows()).toBe('6');
    await page.locator('select[name="months"]').selectOption('3');
    await page.waitForURL(/months=3/);
    await expect.poll(sparkRows).toBe('3');
    expect(await page.locator('.period').textContent()).toMatch(/compared with the 3 months before/);
    // The same URL in a fresh tab shows the same view.
    const copy = await open(new URL(page.url()).pathname + new URL(page.url()).search);
    await charts(copy);
    expect(await copy.locator('[data-kpi="revenue"] .plot-chart').getAttribute('data-rows')).toBe('3');
    expect(company.problems).toEqual([]);
    await Promise.all([page.close(), copy.close()]);
  });

  it('narrows every figure by a global filter kept in the URL, and clears it', async () => {
    const page = await open('/');
    await charts(page);
    const revenue = () => page.locator('[data-kpi="revenue"] .value').textContent();
    const all = await revenue();
    const region = await page.locator('select[name="region"] option').nth(1).getAttribute('value');
    await page.locator('select[name="region"]').selectOption(region!);
    await page.waitForURL(new RegExp(`region=${region}`));
    await expect.poll(revenue).not.toBe(all);
    expect(await page.locator('a[download]').first().getAttribute('href')).toContain(`region=${region}`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((u) => !u.search.includes('region='));
    await expect.poll(revenue).toBe(all);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('drills from a month of revenue to its sales lines, sorted on the server, and from a line to its order', async () => {
    const page = await open('/?months=3');
    await charts(page);
    const bars = page.locator('[data-chart="revenue by month"] svg [aria-label="bar"] rect');
    await bars.last().click();
    await page.waitForURL(/\/rows\/dashboard_sales_lines\?.*month=\d{4}-\d{2}/);
    const month = new URL(page.url()).searchParams.get('month')!;
    const table = page.locator('[data-table="dashboard_sales_lines"]');
    const total = Number(await table.getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    // Every row shown was invoiced in the month clicked.
    const dates = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(dates.length).toBe(Math.min(50, total));
    const monthName = new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    for (const d of dates) expect(d.endsWith(monthName), `${d} is in ${monthName}`).toBe(true);
    await table.getByRole('link', { name: /^net revenue/ }).click();
    await page.waitForURL(/sort=net_revenue&dir=asc/);
    await table.getByRole('link', { name: /^net revenue/ }).click();
    await page.waitForURL(/sort=net_revenue&dir=desc/);
    const amounts = await table.locator('tbody tr td:nth-child(12)').allTextContents();
    const values = amounts.map((a) => Number(a.replace(/[^\d.-]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const order = table.locator('tbody tr td:first-child a').first();
    expect(await order.getAttribute('href')).toMatch(/^\/documents\/sales-order\/SO-/);
    const bad = await company.browser.newPage();
    const response = await bad.goto(new URL('/rows/dashboard_sales_lines?sort=nope', company.served.url).href);
    expect(response?.status()).toBe(400);
    expect(await bad.locator('[data-testid="page-problem"]').textContent()).toMatch(/cannot sort by 'nope'/);
    expect(company.problems).toEqual([]);
    await Promise.all([page.close(), bad.close()]);
  });

  it('says what is wrong with a bad URL parameter, without a stack trace', async () => {
    for (const [path, message] of [['/?months=abc', /months must be a whole number of months from 1 to 24, not 'abc'/], ['/planning?sort=cheapest', /sort must be one of value_at_stake, expires_on, newest, not 'cheapest'/], ['/?to=2024-13', /to must be a month as YYYY-MM/]] as const) {
      const page = await company.browser.newPage();
      const response = await page.goto(new URL(path, company.served.url).href);
      expect(response?.status()).toBe(400);
      const text = await page.locator('[data-testid="page-problem"]').textContent();
      expect(text).toMatch(message);
      expect(await page.content()).not.toMatch(/\n\s+at .+\.(js|ts):\d+/);
      await page.close();
    }
  });

  it("offers each chart's SQL and its rows as CSV", async () => {
    const page = await open('/?months=3');
    const csv = await page.evaluate(async () => (await fetch((document.querySelector('a[download]') as HTMLAnchorElement).href)).text());
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('month,revenue,gross_margin,won,lost,cogs,average_inventory,stock_days,po_lines_due,po_lines_otif,pipeline,ledger_days,ledger_revenue,ledger_cogs,receivables_opening,receivables_closing,payables_opening,payables_closing,inventory_opening,inventory_closing,covered');
    expect(lines).toHaveLength(1 + 6); // the period and the prior period, a row a month
    await page.locator('summary', { hasText: 'SQL' }).first().click();
    expect(await page.locator('details pre').first().textContent()).toMatch(/-- @param from date/);
    await page.close();
  });
});
