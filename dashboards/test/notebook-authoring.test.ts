import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { access } from '../../domain/index.js';
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from './chromium.js';
import { charts, SCREENSHOTS, serveCompany, signIn, type ServedCompany } from './served-company.js';
import { query } from '../../test/support/warehouse.js';

/**
 * Writing a notebook in Chromium, signed in as an analyst: open /notebooks/new, write a notebook
 * with a SQL block and a chart, preview it (the chart drawn, a mistake shown at its line), save
 * it (a shipped name refused), land on its page with the chart drawn, reopen it by its URL, edit
 * it again; an executive, and a planner limited to a region, see no editor and are refused one.
 */
const fence = '```';
const NOTEBOOK = (column: string) =>
  [
    '# Customers by region',
    '',
    `${fence}sql name=by_region`,
    `select region, count(*) as ${column} from dim_customer where is_current group by region order by region`,
    fence,
    '',
    `${fence}chart data=by_region`,
    '{"marks": [{"type": "barY", "x": "region", "y": "customers", "fill": "region", "tip": true}], "y": {"grid": true}}',
    fence,
    '',
    'Our customers live in {{ by_region.rows }} regions.',
    '',
  ].join('\n');

describe.skipIf(!haveChromium)('writing notebooks in Chromium', () => {
  let company: ServedCompany;
  let other: Browser;
  const previousData = process.env.LEDGERLOOP_DATA;
  const savedFile = (name: string) => join(dirname(company.warehouse), 'notebooks', `${name}.md`);

  beforeAll(async () => {
    company = await serveCompany({ role: 'analyst' });
    // Saved notebooks go to $LEDGERLOOP_DATA/notebooks: the company's folder, not the project's.
    process.env.LEDGERLOOP_DATA = dirname(company.warehouse);
    other = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    if (previousData === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = previousData;
    await other?.close();
    await company?.close();
  });

  const editor = (page: Page) => page.getByRole('textbox', { name: 'Notebook source' });
  const preview = (page: Page) => page.locator('[data-testid="preview"]');
  async function previewDrawn(page: Page): Promise<{ label: string; rows: number; marks: number }[]> {
    await expect.poll(() => page.locator('[data-testid="preview-status"]').textContent(), { timeout: 30_000 }).toMatch(/Preview up to date|Not run/);
    return charts(page);
  }
  async function shoot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: `/tmp/nb-${name}.png`, fullPage: true });
    await page.screenshot({ path: join(SCREENSHOTS, `notebook-${name}.png`), fullPage: true });
  }

  it('writes, previews and saves a notebook with a chart, then opens it by its link', async () => {
    const list = await company.open('/notebooks');
    await Promise.all([list.waitForURL(/\/notebooks\/new$/), list.locator('[data-testid="new-notebook"]').click()]);
    const page = list;
    // The template runs at once: a chart in the preview.
    expect((await previewDrawn(page)).map((c) => c.rows)).toEqual([expect.any(Number)]);
    expect(await preview(page).locator('[data-result="revenue_by_month"] tbody tr').count()).toBeGreaterThan(3);
    await shoot(page, 'template');

    // Tab indents in the editor.
    await editor(page).fill('x');
    await editor(page).press('End');
    await editor(page).press('Tab');
    expect(await editor(page).inputValue()).toBe('x  ');

    // A mistake: the preview says which block and line, and shows the line.
    await editor(page).fill(NOTEBOOK('customers').replace('from dim_customer', 'from dim_customers'));
    await page.getByRole('button', { name: /^Preview/ }).click();
    const problem = page.locator('[data-testid="preview-problem"]');
    await expect.poll(() => problem.textContent(), { timeout: 30_000 }).toMatch(/^\s*block by_region \(line 3\)\s*Show line 3\s*Catalog Error: Table with name dim_customers does not exist/);
    await page.locator('[data-testid="go-to-line"]').first().click();
    const selected = await editor(page).evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
    expect(selected).toBe(`${fence}sql name=by_region`);
    await shoot(page, 'preview-problem');

    await editor(page).fill(NOTEBOOK('customers'));
    await page.locator('input[name="name"]').fill('customers-by-region');
    await page.getByRole('button', { name: /^Preview/ }).click();
    const drawn = await previewDrawn(page);
    const expected = await query(company.warehouse, 'select region, count(*) as customers from dim_customer where is_current group by region order by region');
    expect(drawn).toEqual([{ label: 'chart', rows: expected.length, marks: expect.any(Number) }]);
    expect(await preview(page).locator('.plot-chart svg g[aria-label="bar"] rect').count()).toBe(expected.length);
    expect(await problem.count()).toBe(0);
    expect(await preview(page).locator('[data-result="by_region"] tbody tr td:first-child').allTextContents()).toEqual(expected.map((r) => r.region));
    expect(await preview(page).locator('.prose').last().textContent()).toBe(`Our customers live in ${expected.length} regions.`);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await shoot(page, `editor-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // A shipped notebook's name is refused; the analyst's own is saved and its page opened.
    await page.locator('input[name="name"]').fill('inventory-health');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="save-problem"]').textContent()).toMatch(/^Not saved: 'inventory-health' is the name of a shipped notebook/);
    expect(page.url()).toMatch(/\/notebooks\/new$/);
    await page.locator('input[name="name"]').fill('customers-by-region');
    await Promise.all([page.waitForURL(/\/notebooks\/customers-by-region$/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    expect(readFileSync(savedFile('customers-by-region'), 'utf8')).toBe(NOTEBOOK('customers'));
    expect((await charts(page)).map((c) => c.rows)).toEqual([expected.length]);
    expect(await page.locator('[data-testid="notebook-source"]').textContent()).toBe('saved');
    expect(await page.locator('[data-testid="edit-notebook"]').getAttribute('href')).toBe('/notebooks/customers-by-region/edit');
    const audit = await access.listAudit(company.database.db, { action: 'notebook.saved' });
    expect(audit.map((a) => [a.subject, a.actor])).toEqual([['customers-by-region', `dashboard:${company.user.username}`]]);

    // "Copy link" copies this page's address: the link to share.
    await company.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: company.served.url });
    await page.locator('[data-testid="copy-link"]').click();
    await expect.poll(() => page.locator('[data-testid="copy-link"]').textContent()).toBe('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    await shoot(page, 'saved');

    const reopened = await company.open('/notebooks/customers-by-region');
    expect((await charts(reopened)).map((c) => c.rows)).toEqual([expected.length]);
    expect(await reopened.locator('[data-result="by_region"] tbody tr').count()).toBe(expected.length);
    const listed = await company.open('/notebooks');
    expect(await listed.locator('[data-notebook="customers-by-region"]').getAttribute('data-source')).toBe('saved');
    expect(await listed.locator('[data-notebook="inventory-health"]').getAttribute('data-source')).toBe('shipped');
    await listed.screenshot({ path: '/tmp/nb-list.png', fullPage: true });
    // The refused save answered 400, which the browser logs; nothing else went wrong.
    expect(company.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    company.problems.length = 0;
    await Promise.all([page.close(), reopened.close(), listed.close()]);
  });

  it('edits a saved notebook in place, saves a shipped one only as a copy, and saves nothing that fails', async () => {
    const page = await company.open('/notebooks/customers-by-region/edit');
    expect(await editor(page).inputValue()).toBe(NOTEBOOK('customers'));
    expect(await page.locator('input[name="name"]').inputValue()).toBe('customers-by-region');
    expect(await page.locator('input[name="replace"]').isChecked()).toBe(true);
    await previewDrawn(page);

    // A notebook that does not run is not saved, and says why.
    await editor(page).fill(NOTEBOOK('customers').replace('"y": "customers"', '"y": "clients"'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="save-problem"]').textContent(), { timeout: 30_000 }).toMatch(/^Not saved: customers-by-region\.md, chart on line 7, field marks\[0\]\.y: no column 'clients'/);
    expect(readFileSync(savedFile('customers-by-region'), 'utf8')).toBe(NOTEBOOK('customers'));

    await editor(page).fill(NOTEBOOK('customers').replace('# Customers by region', '# Current customers by region'));
    await Promise.all([page.waitForURL(/\/notebooks\/customers-by-region$/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    expect(await page.locator('[data-testid="notebook"] h1').first().textContent()).toBe('Current customers by region');
    expect((await access.listAudit(company.database.db, { action: 'notebook.saved', limit: 1 }))[0]!.detail).toMatchObject({ replaced: true });

    const shipped = await company.open('/notebooks/inventory-health');
    await Promise.all([shipped.waitForURL(/\/notebooks\/inventory-health\/edit$/), shipped.locator('[data-testid="edit-notebook"]').click()]);
    expect(await shipped.locator('input[name="name"]').inputValue()).toBe('inventory-health-copy');
    expect(await shipped.locator('input[name="replace"]').isChecked()).toBe(false);
    expect(await shipped.getByRole('button', { name: 'Save as', exact: true }).count()).toBe(1);
    expect(await editor(shipped).inputValue()).toBe(readFileSync(join(import.meta.dirname, '..', '..', 'notebooks', 'inventory-health.md'), 'utf8'));
    await previewDrawn(shipped);
    await shoot(shipped, 'edit-shipped');
    expect(company.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    company.problems.length = 0;
    await Promise.all([page.close(), shipped.close()]);
  });

  /** A browser signed in as a new user of `role`. */
  async function signedIn(role: access.Role, region: string | null = null): Promise<BrowserContext> {
    const context = await other.newContext({ viewport: { width: 1366, height: 900 } });
    await signIn(context, company.served.url, await company.addUser(role, region));
    return context;
  }

  /** Posts a save from the page, as the editor would, with the session's CSRF token. */
  const postSave = (page: Page, name: string) =>
    page.evaluate(async (body) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const response = await fetch('/notebooks/save', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
      return { status: response.status, text: await response.text() };
    }, { name, text: NOTEBOOK('customers'), replace: true });

  it('shows an executive no editor and refuses them one; a planner limited to a region likewise', async () => {
    for (const [role, region, who] of [['executive', null, 'an executive'], ['planner', 'EU', 'a planner limited to region EU']] as const) {
      const context = await signedIn(role, region);
      const page = await context.newPage();
      await page.goto(new URL('/notebooks', company.served.url).href);
      // A reader limited to a region lists only the notebooks that take one (the shipped customer
      // lifetime value deep-dive), and cannot open the others.
      expect(await page.locator('[data-notebook]').count()).toBe(region ? 1 : 6);
      expect(await page.locator('[data-testid="new-notebook"], [data-testid="edit-notebook"]').count(), role).toBe(0);
      const opened = await page.goto(new URL('/notebooks/customers-by-region', company.served.url).href);
      if (region) {
        expect(opened?.status()).toBe(403);
        expect(await page.textContent('body')).toMatch(/the customers-by-region notebook is not broken down by region, and your account sees region EU only/);
        await page.goto(new URL('/notebooks/customer-lifetime-value', company.served.url).href);
      } else {
        expect((await charts(page)).length).toBe(1);
      }
      expect(await page.locator('[data-testid="edit-notebook"]').count(), role).toBe(0);
      expect(await page.locator('[data-testid="copy-link"]').count(), role).toBe(1);

      for (const path of ['/notebooks/new', '/notebooks/customers-by-region/edit']) {
        const refused = await context.newPage();
        const response = await refused.goto(new URL(path, company.served.url).href);
        expect(response?.status(), `${role} ${path}`).toBe(403);
        expect(await refused.textContent('body'), `${role} ${path}`).toMatch(new RegExp(`As ${who} you may not open /notebooks: it needs an analyst \\(writing notebooks and queries\\)`));
        await refused.close();
      }
      for (const name of ['by-an-outsider', 'customers-by-region']) {
        const answer = await postSave(page, name);
        expect(answer.status, `${role} saving ${name}`).toBe(403);
        expect(answer.text).toMatch(new RegExp(`As ${who} you may not make changes in /notebooks`));
      }
      expect(existsSync(savedFile('by-an-outsider'))).toBe(false);
      await context.close();
    }
    expect(readFileSync(savedFile('customers-by-region'), 'utf8')).toMatch(/^# Current customers by region/);
    expect((await access.listAudit(company.database.db, { action: 'notebook.saved' })).map((a) => a.actor)).toEqual([`dashboard:${company.user.username}`, `dashboard:${company.user.username}`]);
  });
});
