import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { scm } from '../../domain/index.js';
import { warehouseFreshness } from '../../warehouse/freshness.js';
import { runReadOnlyQuery } from '../../warehouse/read-only-query.js';
import { ledgerFromWarehouse } from '../../warehouse/statements.js';
import { balanceSheet, incomeStatement, workingCapitalFigures, workingCapitalRatios } from '../../warehouse/models/statements/index.js';
import { haveChromium } from './chromium.js';
import { charts, expectPageDrawn, serveCompany, type ServedCompany } from './served-company.js';

/**
 * The Suppliers pages (ranking, a supplier's profile) and the Finance page in Chromium, on the
 * browser tests' small company (served-company.ts); screenshots of each in both themes go to
 * dashboards/test/screenshots/.
 */
describe.skipIf(!haveChromium)('the Suppliers and Finance pages in Chromium', () => {
  let company: ServedCompany;
  /** A supplier with a certificate, an audit and order lines promised in the default period: every part of its page has data. */
  let supplier: string;

  beforeAll(async () => {
    company = await serveCompany();
    const { rows } = await runReadOnlyQuery(company.warehouse, `
      select s.code from dim_supplier s
       where s.is_current
         and exists (select 1 from fact_supplier_audit a where a.supplier_id = s.supplier_id)
         and exists (select 1 from fact_purchase_line p where p.supplier_id = s.supplier_id and p.expected_date >= (select max(entry_date) from fact_gl_line) - interval 150 day)
       order by s.code`);
    for (const { code } of rows) {
      const profile = await scm.supplierProfile(company.database.db, { code: String(code) }, '2100-01-01');
      if (profile && profile.certificates.length > 0) {
        supplier = profile.code;
        break;
      }
    }
    expect(supplier, 'a supplier with certificates, audits and recent order lines').toBeDefined();
  });
  afterAll(async () => {
    await company?.close();
  });
  const open = (path: string): Promise<Page> => company.open(path);

  it('suppliers: every chart drawn with data in both themes, no console error', () => expectPageDrawn(company, '/suppliers', 'suppliers'));
  it("a supplier's profile: every chart drawn with data in both themes, no console error", () => expectPageDrawn(company, `/suppliers/${supplier}`, 'supplier'));
  it('finance: every chart drawn with data in both themes, no console error', () => expectPageDrawn(company, '/finance', 'finance'));

  it('ranks the suppliers and drills from a row, and from a bar, to the supplier', async () => {
    const page = await open('/suppliers');
    const drawn = await charts(page);
    const table = page.locator('[data-table="dashboard_suppliers_ranking"]');
    const total = Number(await table.getAttribute('data-total'));
    expect(drawn.find((c) => c.label === 'supplier ranking')?.rows).toBe(total);
    // Ranked by score, best first.
    const scores = (await table.locator('tbody tr td:nth-child(6)').allTextContents()).filter((s) => s !== '').map(Number);
    expect(scores.length).toBeGreaterThan(1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const link = table.locator('tbody tr td:nth-child(2) a').nth(1);
    const code = (await link.textContent())!;
    await link.click();
    await page.waitForURL(new RegExp(`/suppliers/${code}$`));
    await expect.poll(() => page.locator('h1').textContent()).toMatch(new RegExp(`^${code} `));
    await charts(page);

    await page.goto(new URL('/suppliers', company.served.url).href);
    await charts(page);
    const best = (await table.locator('tbody tr td:nth-child(2) a').first().textContent())!;
    // The bars come in ranking order: the first is the best supplier's.
    await page.locator('[data-chart="supplier ranking"] svg [aria-label="bar"] rect').first().click();
    await page.waitForURL(new RegExp(`/suppliers/${best}$`));
    await charts(page);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('narrows the Suppliers page to a supplier through the URL, from the filter bar and from a delivery dot', async () => {
    const page = await open('/suppliers');
    await charts(page);
    const rows = async (label: string) => Number(await page.locator(`[data-chart="${label}"]`).getAttribute('data-rows'));
    expect(await rows('supplier ranking')).toBeGreaterThan(1);
    await page.locator('select[name="supplier"]').selectOption(supplier);
    await page.waitForURL(new RegExp(`supplier=${supplier}`));
    await expect.poll(() => rows('supplier ranking')).toBe(1);
    await expect.poll(() => rows('delivery performance')).toBe(1);
    expect(await page.locator('[data-query="dashboard_suppliers_ranking"] a[download]').getAttribute('href')).toContain(`supplier=${supplier}`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((u) => !u.search.includes('supplier='));
    await expect.poll(() => rows('supplier ranking')).toBeGreaterThan(1);
    await charts(page);
    await page.locator('[data-chart="delivery performance"] svg circle').first().click();
    await page.waitForURL(/supplier=/);
    await expect.poll(() => rows('supplier ranking')).toBe(1);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it("shows a supplier's standing, certificates, audits and deliveries, the deliveries by the period", async () => {
    const page = await open(`/suppliers/${supplier}`);
    await charts(page);
    const profile = (await scm.supplierProfile(company.database.db, { code: supplier }, '2100-01-01'))!;
    expect(await page.locator('[data-testid="supplier-status"]').textContent()).toBe(profile.status);
    expect(await page.locator('[data-testid="supplier-standing"]').textContent()).toMatch(/preferred|approved|watch|blocked/);
    for (const c of profile.certificates) expect(await page.locator(`[data-certificate="${c.certificateNo}"]`).count()).toBe(1);
    const lines = page.locator('[data-table="dashboard_suppliers_deliveries"]');
    const six = Number(await lines.getAttribute('data-total'));
    expect(six).toBeGreaterThan(0);
    expect(await lines.locator('tbody tr td:first-child a').first().getAttribute('href')).toMatch(/^\/documents\/purchase-order\/PO-/);
    await page.locator('select[name="months"]').selectOption('12');
    await page.waitForURL(/months=12/);
    await expect.poll(async () => Number(await lines.getAttribute('data-total'))).toBeGreaterThanOrEqual(six);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('answers an unknown supplier with 404 and a malformed code with 400, saying so on the page', async () => {
    for (const [path, status, message] of [['/suppliers/S99999', 404, /There is no supplier S99999/], ['/suppliers/no%20such', 400, /'no such' is not a supplier code/], ['/suppliers?suppliers.sort=nope', 400, /cannot sort by 'nope'/]] as const) {
      const page = await company.browser.newPage();
      const response = await page.goto(new URL(path, company.served.url).href);
      expect(response?.status(), path).toBe(status);
      expect(await page.locator('[data-testid="page-problem"]').textContent()).toMatch(message);
      await page.close();
    }
  });

  it('shows statements that tie, equal to what `ledgerloop report` computes for the same dates', async () => {
    const page = await open('/finance');
    await charts(page);
    const amounts = (statement: string, row: string) => page.locator(`[data-statement="${statement}"] [data-row="${row}"] td`).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-amount'))));
    const assets = await amounts('balance-sheet', 't:Assets');
    expect(assets.length).toBe(2);
    expect(await amounts('balance-sheet', 'liabilities-and-equity')).toEqual(assets);
    const liabilities = await amounts('balance-sheet', 't:Liabilities');
    const equity = await amounts('balance-sheet', 't:Equity');
    expect(liabilities.map((l, i) => l + equity[i]!)).toEqual(assets);
    // The cash flow explains the change in cash.
    const [opening] = await amounts('cash-flow', 'cash-opening');
    const [change] = await amounts('cash-flow', 'net-change');
    const [closing] = await amounts('cash-flow', 'cash-closing');
    expect(opening! + change!).toBe(closing);

    // The default period: the six months ending with the month the books run to, up to their last posting day.
    const through = (await warehouseFreshness(company.warehouse))!.dataThrough!;
    const first = new Date(`${through.slice(0, 7)}-01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - 5);
    const ledger = await ledgerFromWarehouse(company.warehouse, first.toISOString().slice(0, 10), through);
    expect((await amounts('income-statement', 'net-income'))[0]).toBe(incomeStatement(ledger).netIncome);
    expect(assets[0]).toBe(balanceSheet(ledger).totalAssets);
    const ratios = workingCapitalRatios(workingCapitalFigures(ledger));
    for (const [key, value] of [['dso', ratios.dso], ['dio', ratios.dio], ['dpo', ratios.dpo], ['ccc', ratios.cashConversionCycle]] as const) {
      expect(await page.locator(`[data-ratio="${key}"]`).getAttribute('data-value'), key).toBe(value === null ? '' : String(value));
    }
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('says so when the period lies before the books begin, without drawing empty charts', async () => {
    const page = await open('/finance?to=2023-06');
    expect(await page.locator('[data-testid="no-postings"]').textContent()).toMatch(/The books hold nothing up to 30 Jun 2023/);
    expect(await page.locator('[data-statement]').count()).toBe(0);
    expect(await page.locator('[data-ratio="ccc"] .value').textContent()).toBe('no data');
    // The cash forecast looks from the model run, whatever the period.
    expect((await charts(page)).map((c) => c.label)).toEqual(['cash forecast']);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('follows the period in the URL on Finance, from the filter bar and from a month of the result', async () => {
    const page = await open('/finance');
    await charts(page);
    const months = () => page.locator('[data-chart="result by month"]').getAttribute('data-rows');
    const heading = () => page.locator('[data-statement="income-statement"] thead th').nth(1).textContent();
    const before = { months: await months(), heading: await heading() };
    await page.locator('select[name="months"]').selectOption('3');
    await page.waitForURL(/months=3/);
    await expect.poll(months).toBe('6');
    await expect.poll(heading).not.toBe(before.heading);
    expect(await page.locator('[data-query="budget_vs_actual"] a[download]').first().getAttribute('href')).toMatch(/from=\d{4}-\d{2}-01/);
    await charts(page);
    await page.locator('[data-chart="result by month"] svg circle').nth(1).click();
    await page.waitForURL(/months=1/);
    const to = new URL(page.url()).searchParams.get('to');
    expect(to).toMatch(/^\d{4}-\d{2}$/);
    await expect.poll(months).toBe('2');
    expect(company.problems).toEqual([]);
    await page.close();
  });
});
