import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Locator, Page } from 'playwright-core';
import { haveChromium } from './chromium.js';
import { charts, expectPageDrawn, serveCompany, type ServedCompany } from './served-company.js';

/**
 * The Customers and Inventory pages, a customer's 360 view and a lot trace in Chromium, on the
 * browser tests' small company (served-company.ts). Screenshots of each in both themes go to
 * dashboards/test/screenshots/.
 */
describe.skipIf(!haveChromium)('Customers and Inventory in Chromium', () => {
  let company: ServedCompany;
  /** A customer who has ordered (so the forecast has it), and a received lot that reached customers. */
  let customer: { code: string; name: string };
  let lot: { lotNo: string; receiptNo: string; deliveries: number };

  beforeAll(async () => {
    company = await serveCompany();
    const db = company.database.db;
    const customers = await sql<{ code: string; name: string }>`
      select c.code, c.name from crm.customers c
       where exists (select 1 from erp.sales_orders o where o.customer_id = c.id and o.status <> 'cancelled')
       order by (select count(*) from erp.sales_orders o where o.customer_id = c.id) desc, c.code limit 1`.execute(db);
    customer = customers.rows[0]!;
    const lots = await sql<{ lot_no: string; receipt_no: string; deliveries: number }>`
      select o.lot_no, r.receipt_no,
             (select count(distinct m.source_id)::int from erp.lot_moves m where m.lot_id = o.id and m.source_type = 'delivery') as deliveries
        from erp.lots o join scm.goods_receipts r on r.id::text = o.origin_id
       where o.origin_type = 'goods_receipt'
         -- Not made into other lots, so its deliveries are all the trace's.
         and not exists (select 1 from erp.lot_genealogy g where g.component_lot_id = o.id)
       order by deliveries desc, o.lot_no limit 1`.execute(db);
    const row = lots.rows[0]!;
    lot = { lotNo: row.lot_no, receiptNo: row.receipt_no, deliveries: row.deliveries };
    expect(lot.deliveries, 'a received lot that was delivered').toBeGreaterThan(0);
  });
  afterAll(async () => {
    await company?.close();
  });
  const open = (path: string): Promise<Page> => company.open(path);

  /** The cells of a table's column, found by its header. */
  async function column(table: Locator, header: string): Promise<string[]> {
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim());
    const index = headers.indexOf(header);
    expect(index, `a '${header}' column in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
    return table.locator(`tbody tr td:nth-child(${index + 1})`).allTextContents();
  }

  it('customers: every chart drawn with data in both themes, no console error', () => expectPageDrawn(company, '/customers', 'customers'));
  it('inventory: every chart drawn with data in both themes, no console error', () => expectPageDrawn(company, '/inventory', 'inventory'));
  it("a customer's 360 view: drawn in both themes, no console error", () => expectPageDrawn(company, `/customers/${customer.code}`, 'customer-360'));
  it('a lot trace: drawn in both themes, no console error', () => expectPageDrawn(company, `/inventory/lots/${lot.lotNo}`, 'lot-trace'));

  it('narrows the customer charts and tables by region, in the URL', async () => {
    const page = await open('/customers');
    await charts(page);
    const statusRows = () => page.locator('[data-chart="customers by status"]').getAttribute('data-rows');
    const forecastTotal = async () => Number((await page.locator('[data-testid="customer-tiles"] [data-tile="customers"] .value').textContent())!.replace(/\D/g, ''));
    const regions = await page.$$eval('[data-chart="customers by status"] svg [aria-label="y-axis tick label"] text', (nodes) => nodes.map((n) => n.textContent));
    expect(regions.length).toBeGreaterThan(1);
    const allRows = await statusRows();
    const all = await forecastTotal();
    await page.locator('select[name="region"]').selectOption(regions[0]!);
    await page.waitForURL(new RegExp(`region=${regions[0]}`));
    await expect.poll(statusRows).not.toBe(allRows);
    await charts(page);
    expect(await page.$$eval('[data-chart="customers by status"] svg [aria-label="y-axis tick label"] text', (nodes) => nodes.map((n) => n.textContent))).toEqual([regions[0]]);
    expect(await forecastTotal()).toBeLessThan(all);
    // The tables below follow: every customer due to reorder is in that region.
    const dueRegions = await column(page.locator('[data-testid="due-to-reorder"]'), 'region');
    for (const r of dueRegions) expect(r).toBe(regions[0]);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('drills from a customer due to reorder to its 360 view, with its forecast and documents', async () => {
    const page = await open('/customers');
    await charts(page);
    const table = page.locator('[data-testid="due-to-reorder"] [data-table]');
    expect(Number(await table.getAttribute('data-total'))).toBeGreaterThan(0);
    // Sorted on the server by lifetime value, highest first.
    const values = (await column(table, 'value, 52 w')).map((t) => Number(t.replace(/[^\d.-]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const first = table.locator('tbody tr td:first-child a').first();
    const code = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(new RegExp(`/customers/${code}$`));
    await charts(page);
    expect(await page.locator('[data-testid="customer-name"]').textContent()).toContain(code);
    expect(await page.locator('[data-tile="status"] .value').textContent()).toBe('due to reorder');
    const orders = page.locator('[data-section="orders"] tbody tr');
    expect(await orders.count()).toBeGreaterThan(0);
    expect(await orders.first().locator('a').getAttribute('href')).toMatch(/^\/documents\/sales-order\/SO-/);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('takes a top customer bar to its 360 view', async () => {
    const page = await open('/customers');
    await charts(page);
    await page.locator('[data-chart="top customers by lifetime value"] svg [aria-label="bar"] rect').first().click();
    await page.waitForURL(/\/customers\/[^/?]+$/);
    await charts(page);
    expect(await page.locator('[data-tile="clv"] .value').textContent()).toMatch(/\d/);
    await page.close();
  });

  it('cross-filters the item table by the ABC×XYZ cell clicked, in the URL, and clears it', async () => {
    const page = await open('/inventory');
    await charts(page);
    const table = page.locator('[data-testid="items-table"] [data-table]');
    const total = () => table.getAttribute('data-total').then(Number);
    const all = await total();
    // The matrix's cells, in the order the chart draws them (its query's order).
    const cells = await page.evaluate(async () => (await (await fetch('/queries/dashboard_inventory_abc_xyz.csv')).text()).trim().split('\r\n').slice(1).map((l) => l.split(',')));
    const index = cells.findIndex((c) => Number(c[2]) > 0 && Number(c[2]) < all);
    const [abc, xyz, items] = cells[index]!;
    await page.locator('[data-chart="abc xyz matrix"] svg [aria-label="cell"] rect').nth(index).click();
    await page.waitForURL((u) => u.searchParams.get('abc') === abc && u.searchParams.get('xyz') === xyz);
    await expect.poll(total).toBe(Number(items));
    expect(await page.locator('[data-testid="items-table"] h2').textContent()).toContain(`Items in ${abc}${xyz === 'none' ? '·' : xyz}`);
    const classes = await column(table, 'class');
    expect(new Set(classes)).toEqual(new Set([`${abc}${xyz === 'none' ? '·' : xyz}`]));
    // The same URL in a fresh tab shows the same selection.
    const copy = await open(new URL(page.url()).pathname + new URL(page.url()).search);
    expect(Number(await copy.locator('[data-testid="items-table"] [data-table]').getAttribute('data-total'))).toBe(Number(items));
    await page.getByRole('link', { name: 'show all classes' }).click();
    await page.waitForURL((u) => !u.searchParams.has('abc'));
    await expect.poll(total).toBe(all);
    expect(company.problems).toEqual([]);
    await Promise.all([page.close(), copy.close()]);
  });

  it('narrows the inventory charts by warehouse, in the URL', async () => {
    const page = await open('/inventory');
    await charts(page);
    const stockRows = () => page.locator('[data-chart="stock age by warehouse"]').getAttribute('data-rows');
    const allRows = await stockRows();
    const warehouse = await page.locator('select[name="warehouse"] option').nth(1).getAttribute('value');
    await page.locator('select[name="warehouse"]').selectOption(warehouse!);
    await page.waitForURL(new RegExp(`warehouse=${warehouse}`));
    await expect.poll(stockRows).not.toBe(allRows);
    await charts(page);
    expect(await page.locator('[data-query="dashboard_inventory_turnover_monthly"] .note').first().textContent()).toContain(`the warehouses ${warehouse}`);
    const warehouses = await column(page.locator('[data-testid="slow-dead-table"]'), 'warehouse');
    expect(warehouses.length).toBeGreaterThan(0);
    for (const w of warehouses) expect(w).toBe(warehouse);
    expect(await page.locator('[data-query="dashboard_inventory_stock_status"] a[download]').getAttribute('href')).toContain(`warehouse=${warehouse}`);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('traces a lot back to its supplier receipt and forward to the customers it reached', async () => {
    const page = await open('/inventory');
    await charts(page);
    await page.locator('input[name="lot"]').fill(lot.lotNo);
    await page.getByRole('button', { name: 'Trace' }).click();
    await page.waitForURL(new RegExp(`/inventory/lots/${lot.lotNo}$`));
    const drawn = await charts(page);
    const timeline = drawn.find((c) => c.label === 'lot timeline')!;
    // One event for the receipt, one per delivery, and the inspection when there was one.
    expect(timeline.rows).toBeGreaterThanOrEqual(1 + lot.deliveries);
    const receipt = page.locator('[data-testid="lot-backwards"] tbody tr').first();
    expect(await receipt.locator('a', { hasText: lot.receiptNo }).getAttribute('href')).toBe(`/documents/receipt/${lot.receiptNo}`);
    const showAll = page.locator('[data-testid="lot-forwards"] button.more');
    if (await showAll.count()) await showAll.click();
    const deliveries = page.locator('[data-testid="lot-forwards"] table').first().locator('tbody tr');
    await expect.poll(() => deliveries.count()).toBe(lot.deliveries);
    expect(await deliveries.first().locator('a[href^="/documents/delivery/DN-"]').count()).toBe(1);
    expect(await deliveries.first().locator('a[href^="/customers/"]').count()).toBe(1);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('says what is wrong with a bad address, without a stack trace', async () => {
    for (const [path, status, message] of [
      ['/inventory?abc=Q', 400, /abc must be one of A, B, C, not 'Q'/],
      ['/inventory?items.sort=nope', 400, /cannot sort by 'nope'/],
      ['/customers?due.dir=up', 400, /due\.dir must be asc or desc, not 'up'/],
      ['/customers/C999999', 404, /There is no customer with code C999999/],
      ['/inventory/lots/LOT-99999999', 404, /There is no lot LOT-99999999/],
      ['/inventory/lots?lot=', 400, /name a lot to trace/],
    ] as const) {
      const page = await company.browser.newPage();
      const response = await page.goto(new URL(path, company.served.url).href);
      expect(response?.status(), path).toBe(status);
      expect(await page.locator('[data-testid="page-problem"]').textContent(), path).toMatch(message);
      expect(await page.content()).not.toMatch(/\n\s+at .+\.(js|ts):\d+/);
      await page.close();
    }
  });
});
