import { access } from '../../domain/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { parquetReadObjects } from 'hyparquet';
import { haveChromium } from './chromium.js';
import { charts, expectPageDrawn, SCREENSHOTS, serveCompany, type ServedCompany } from './served-company.js';
import { query } from '../../test/support/warehouse.js';
import { LEAK_FILES, SANDBOX_ESCAPES } from '../../test/support/sandbox-escapes.js';

/**
 * The SQL workbench and the notebook pages in Chromium, on the browser tests' small company:
 * write a query with completion, run it, chart it and switch the mark, download CSV and
 * Parquet, save it, reopen its link in a new tab, cancel a long query, see the sandbox's
 * refusal; list the notebooks and render one with a changed parameter.
 */
const LONG = 'select count(*) as n from range(100000000000) a, range(1000000) b';

describe.skipIf(!haveChromium)('the workbench and the notebooks in Chromium', () => {
  let company: ServedCompany;
  const previousData = process.env.LEDGERLOOP_DATA;
  beforeAll(async () => {
    company = await serveCompany();
    // Saved queries go to $LEDGERLOOP_DATA/queries: the company's folder, not the project's.
    process.env.LEDGERLOOP_DATA = dirname(company.warehouse);
  });
  afterAll(async () => {
    if (previousData === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = previousData;
    await company?.close();
  });

  const status = (page: Page) => page.locator('[data-testid="run-status"]');
  async function runAndWait(page: Page): Promise<string> {
    await page.getByRole('button', { name: /^Run/ }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toMatch(/rows? .*in [\d.]+ s|Not run|Cancelled|Stopped/);
    return (await status(page).textContent())!.trim();
  }

  it('writes a query with completion, runs it, charts it in each mark type, and shows it in both themes', async () => {
    const page = await company.open('/workbench');
    await expect.poll(() => page.locator('[data-testid="schema-browser"] summary').count()).toBeGreaterThan(10);
    expect(await page.locator('[data-testid="named-queries"] [data-query="revenue_by_month_and_region"]').textContent()).toMatch(/\$from date/);

    const editor = page.getByRole('combobox', { name: 'SQL query' });
    // Completion knows what c stands for once the query names its table: type the FROM first.
    await editor.fill('select  from dim_customer c');
    await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(7, 7));
    await editor.pressSequentially('c.reg');
    const completions = page.getByRole('listbox', { name: 'Completions' });
    await expect.poll(() => completions.getByRole('option').first().textContent()).toMatch(/region/);
    await editor.press('Enter');
    expect(await editor.inputValue()).toBe('select c.region from dim_customer c');
    await editor.press('End');
    await editor.pressSequentially(' where c.is_c');
    await editor.press('Control+Space');
    await expect.poll(() => completions.isVisible()).toBe(true);
    await editor.press('ArrowDown');
    await editor.press('ArrowUp');
    await editor.press('Tab');
    expect(await editor.inputValue()).toBe('select c.region from dim_customer c where c.is_current');

    await editor.fill('select region, count(*) as customers, min(customer_id) as first_id from dim_customer where is_current group by region order by region');
    expect(await runAndWait(page)).toMatch(/^\d+ rows? in/);
    const expected = await query(company.warehouse, 'select region, count(*) as customers from dim_customer where is_current group by region order by region');
    const table = page.locator('[data-testid="result-table"]');
    expect(await table.locator('tbody tr').count()).toBe(expected.length);
    expect(await table.locator('tbody tr').first().locator('td').first().textContent()).toBe(expected[0]!.region);
    // Sorting by customers, descending on the second click.
    await table.getByRole('button', { name: 'customers' }).click();
    await table.getByRole('button', { name: 'customers' }).click();
    const most = Math.max(...expected.map((r) => r.customers as number));
    expect(await table.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe(String(most));
    expect(await table.locator('th').nth(1).getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('tab', { name: 'Chart' }).click();
    const chart = page.locator('.plot-chart[data-chart="query result"]');
    for (const [mark, shape] of [['bar', 'rect'], ['barX', 'rect'], ['line', 'path'], ['area', 'path'], ['dot', 'circle']] as const) {
      await page.locator('select[name="mark"]').selectOption(mark);
      await expect.poll(() => chart.locator(`svg g[aria-label] ${shape}`).count(), { message: `${mark} draws ${shape}s` }).toBeGreaterThan(0);
      if (mark === 'bar' || mark === 'barX' || mark === 'dot') expect(await chart.locator(`svg g[aria-label] ${shape}`).count()).toBe(expected.length);
    }
    await page.locator('select[name="mark"]').selectOption('bar');
    await page.locator('select[name="color"]').selectOption('region');
    await expect.poll(() => chart.locator('svg').count()).toBeGreaterThan(1); // the legend's swatches and the chart
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(SCREENSHOTS, `workbench-${colorScheme}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('downloads the result as CSV and as Parquet, and reopens the shared link in a new tab', async () => {
    const page = await company.open('/workbench');
    const sql = '-- @param min_id integer = 1  Smallest id.\nselect customer_id, region from dim_customer where is_current and customer_id >= $min_id order by customer_id';
    await page.getByRole('combobox', { name: 'SQL query' }).fill(sql);
    await page.locator('input[name="p.min_id"]').fill('3');
    await page.locator('input[name="limit"]').fill('5');
    expect(await runAndWait(page)).toMatch(/^5 rows \(the first 5; there are more\)/);
    const expected = await query(company.warehouse, 'select customer_id, region from dim_customer where is_current and customer_id >= 3 order by customer_id limit 5');

    const csvHref = await page.locator('[data-testid="download-csv"]').getAttribute('href');
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
    expect(csv.trim().split('\r\n')).toEqual(['customer_id,region', ...expected.map((r) => `${r.customer_id},${r.region}`)]);
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="download-parquet"]').click();
    const file = await (await download).path();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    expect(rows.map((r) => ({ customer_id: Number(r.customer_id), region: r.region }))).toEqual(expected);

    const link = await page.locator('[data-testid="share-link"]').inputValue();
    expect(new URL(link).searchParams.get('p.min_id')).toBe('3');
    expect(page.url()).toBe(link);
    const copy = await company.open(new URL(link).pathname + new URL(link).search);
    await expect.poll(() => copy.locator('[data-testid="run-status"]').textContent(), { timeout: 30_000 }).toMatch(/^5 rows/);
    expect(await copy.getByRole('combobox', { name: 'SQL query' }).inputValue()).toBe(sql);
    expect(await copy.locator('input[name="p.min_id"]').inputValue()).toBe('3');
    expect(await copy.locator('[data-testid="result-table"] tbody tr td:first-child').allTextContents()).toEqual(expected.map((r) => String(r.customer_id)));
    expect(company.problems).toEqual([]);
    await Promise.all([page.close(), copy.close()]);
  });

  it('saves the query as a named query that the list, the CLI reader and a reopened link find', async () => {
    const page = await company.open('/workbench');
    await page.getByRole('combobox', { name: 'SQL query' }).fill('-- @param region text = ALL  A region, or ALL.\nselect count(*) as customers from dim_customer where is_current and $region in (\'ALL\', region)');
    await page.locator('[data-testid="save-query"] summary').click();
    await page.locator('input[name="name"]').fill('revenue_by_month_and_region');
    await page.locator('input[name="description"]').fill('Current customers in a region.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="save-message"]').textContent()).toMatch(/'revenue_by_month_and_region' is the name of a query in sql\/queries/);

    await page.locator('input[name="name"]').fill('customers_in_region');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="save-message"]').textContent()).toMatch(/^Saved as customers_in_region/);
    const file = join(dirname(company.warehouse), 'queries', 'customers_in_region.sql');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^-- Current customers in a region\.\n-- @param region text = ALL {2}A region, or ALL\.\nselect count/);
    // Who saved it is in the audit log.
    const audit = await access.listAudit(company.database.db, { action: 'query.saved' });
    expect(audit.map((a) => [a.subject, a.actor])).toEqual([['customers_in_region', `dashboard:${company.user.username}`]]);
    await expect.poll(() => page.locator('[data-testid="named-queries"] [data-query="customers_in_region"]').textContent()).toMatch(/Current customers in a region\. *\$region text = ALL/);

    // Saving again under the same name needs "replace".
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="save-message"]').textContent()).toMatch(/exists already; choose "replace"/);

    const reopened = await company.open('/workbench?query=customers_in_region&p.region=ALL');
    await expect.poll(() => reopened.locator('[data-testid="run-status"]').textContent(), { timeout: 30_000 }).toMatch(/^1 row in/);
    const all = await query(company.warehouse, 'select count(*) as n from dim_customer where is_current');
    expect(await reopened.locator('[data-testid="result-table"] tbody td').first().textContent()).toBe(String(all[0]!.n));
    // The refused saves answered 400, which the browser logs; nothing else went wrong.
    expect(company.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    company.problems.length = 0;
    await Promise.all([page.close(), reopened.close()]);
  });

  it('cancels a long query on the server, and shows the sandbox refusing a write or a file read', async () => {
    const page = await company.open('/workbench');
    const editor = page.getByRole('combobox', { name: 'SQL query' });
    await editor.fill(LONG);
    await page.getByRole('button', { name: /^Run/ }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/Running/);
    await page.waitForTimeout(700);
    const cancelled = Date.now();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('[data-testid="query-problem"]').textContent(), { timeout: 10_000 }).toBe('the query was cancelled');
    expect(Date.now() - cancelled).toBeLessThan(5_000);
    expect(await status(page).textContent()).toMatch(/Cancelled/);
    await page.screenshot({ path: join(SCREENSHOTS, 'workbench-cancelled-light.png') });

    await page.locator('input[name="timeout"]').fill('1');
    expect(await runAndWait(page)).toMatch(/Stopped at the time limit/);
    expect(await page.locator('[data-testid="query-problem"]').textContent()).toMatch(/ran longer than its time limit of 1 s/);
    await page.locator('input[name="timeout"]').fill('30');

    for (const [sql, message] of [
      ["copy fact_sales_line to '/tmp/ledgerloop-leak.csv'", /this is a COPY statement, and COPY reads or writes files|file and network access is off for warehouse queries/],
      ["select * from read_csv('/etc/passwd')", /file and network access is off for warehouse queries/],
      ["attach 'postgres:dbname=ledgerloop' as pg", /this is a ATTACH statement, and no other database or file can be attached here/],
      ['drop table dim_customer', /this is a DROP statement, and the warehouse is read-only/],
    ] as const) {
      await editor.fill(sql);
      expect(await runAndWait(page)).toBe('Not run');
      expect(await page.locator('[data-testid="query-problem"]').textContent()).toMatch(message);
    }
    // Every escape, sent to the endpoint directly: refused with its reason, as JSON.
    const answers = await page.evaluate(async (sqls) => Promise.all(sqls.map(async (sql, i) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const response = await fetch('/workbench/run', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ runId: `escape-${i}-attempt`, sql }) });
      return { status: response.status, body: await response.json() };
    })), SANDBOX_ESCAPES.map(([, sql]) => sql));
    answers.forEach((answer, i) => {
      const [label, , message] = SANDBOX_ESCAPES[i]!;
      expect(answer.status, label).toBe(400);
      expect(answer.body.kind, label).toBe('refused');
      expect(answer.body.message, label).toMatch(message);
    });
    for (const file of LEAK_FILES) expect(existsSync(file), file).toBe(false);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'workbench-refused-dark.png') });
    expect(company.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    company.problems.length = 0;
    await page.close();
  });

  it('lists the notebooks, each linking to its page', async () => {
    const page = await company.open('/notebooks');
    const items = page.locator('[data-testid="notebook-list"] [data-notebook]');
    expect(await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-notebook')))).toEqual(['customer-lifetime-value', 'funnel-cohorts', 'inventory-health', 'month-end-close', 'supplier-risk']);
    expect(await page.locator('[data-notebook="customer-lifetime-value"]').textContent()).toMatch(/Customer lifetime value deep-dive.*top \(integer = 15\)/s);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(SCREENSHOTS, `notebooks-${colorScheme}.png`), fullPage: true });
    }
    await page.locator('a', { hasText: 'Inventory health review' }).click();
    await page.waitForURL(/\/notebooks\/inventory-health$/);
    await charts(page);
    expect(await page.locator('[data-result="patterns"] tbody tr').count()).toBeGreaterThan(0);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  for (const name of ['customer-lifetime-value', 'inventory-health']) {
    it(`notebook ${name}: every chart drawn with data in both themes`, () => expectPageDrawn(company, `/notebooks/${name}`, `notebook-${name}`));
  }

  it('re-runs a notebook when a parameter changes, keeping it in the URL, and says what is wrong with a bad one', async () => {
    const page = await company.open('/notebooks/customer-lifetime-value');
    await charts(page);
    const callList = page.locator('[data-result="call_list"] tbody tr');
    const before = await callList.count();
    expect(before).toBeGreaterThan(3);
    await page.locator('input[name="top"]').fill('3');
    await page.locator('input[name="top"]').press('Enter');
    await page.waitForURL(/\?top=3$/);
    await expect.poll(() => callList.count()).toBe(3);
    expect(await page.locator('[data-result="call_list"] figcaption').textContent()).toMatch(/call_list: 3 rows/);
    await charts(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'notebook-parameter-light.png'), fullPage: false });
    const copy = await company.open('/notebooks/customer-lifetime-value?top=3');
    expect(await copy.locator('[data-result="call_list"] tbody tr').count()).toBe(3);
    expect(await copy.locator('input[name="top"]').inputValue()).toBe('3');
    expect(company.problems).toEqual([]);

    for (const [path, message] of [['/notebooks/customer-lifetime-value?top=lots', /parameter 'top' must be a whole number, not 'lots'/], ['/notebooks/customer-lifetime-value?colour=red', /has no parameter 'colour' \(it takes top, region\)/], ['/notebooks/no-such', /there is no notebook 'no-such'/]] as const) {
      const bad = await company.browser.newPage();
      const response = await bad.goto(new URL(path, company.served.url).href);
      expect(response?.status()).toBe(path.includes('no-such') ? 404 : 400);
      expect(await bad.locator('[data-testid="page-problem"]').textContent()).toMatch(message);
      await bad.close();
    }
    await Promise.all([page.close(), copy.close()]);
  });
});
