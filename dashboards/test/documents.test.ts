import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { READABLE_DOCUMENTS, type DocumentKind } from '../../domain/index.js';
import { documentHref } from '../lib/documents.js';
import { haveChromium } from './chromium.js';
import { SCREENSHOTS, serveCompany, type ServedCompany } from './served-company.js';

/**
 * The document pages in Chromium on the browser tests' company: one document of every kind,
 * with its numbers taken from Postgres, renders its header, lines and totals with no console
 * errors; related documents and journal entries are links that open those documents; a bad kind
 * and an unknown number say so on the page. Screenshots of a sales order and a purchase order
 * in both themes go to dashboards/test/screenshots/.
 */

/** A number of each kind, preferring documents with the most to show (related documents, postings). */
const NUMBER_OF: Record<DocumentKind, string> = {
  'sales-order': `select o.order_no from erp.sales_orders o where exists (select 1 from erp.customer_invoices i where i.order_id = o.id)
                   order by (select count(*) from erp.sales_order_lines l where l.order_id = o.id) desc, o.id limit 1`,
  delivery: `select delivery_no from erp.deliveries order by id limit 1`,
  invoice: `select invoice_no from erp.customer_invoices i where exists (select 1 from erp.payment_allocations a where a.invoice_id = i.id) order by id limit 1`,
  'credit-note': `select credit_note_no from erp.credit_notes order by id limit 1`,
  return: `select return_no from crm.returns order by (status = 'completed') desc, id limit 1`,
  'customer-payment': `select payment_no from erp.customer_payments order by id limit 1`,
  'purchase-order': `select p.po_no from scm.purchase_orders p where exists (select 1 from scm.vendor_bills b where b.po_id = p.id)
                      order by (select count(*) from scm.purchase_order_lines l where l.po_id = p.id) desc, p.id limit 1`,
  receipt: `select g.receipt_no from scm.goods_receipts g order by (exists (select 1 from scm.inspections n where n.receipt_id = g.id)) desc, g.id limit 1`,
  'vendor-bill': `select bill_no from scm.vendor_bills order by id limit 1`,
  'supplier-payment': `select payment_no from scm.supplier_payments order by id limit 1`,
  requisition: `select requisition_no from scm.requisitions order by (status = 'ordered') desc, id limit 1`,
  'service-ticket': `select ticket_no from crm.service_tickets order by (delivery_id is not null) desc, id limit 1`,
  'production-order': `select order_no from erp.production_orders order by (status = 'closed') desc, id limit 1`,
  'journal-entry': `select entry_no from finance.journal_entries where source_type = 'customer_invoice' order by id limit 1`,
};

describe.skipIf(!haveChromium)('the document pages in Chromium', () => {
  let company: ServedCompany;
  const numbers = {} as Record<DocumentKind, string>;
  beforeAll(async () => {
    company = await serveCompany();
    for (const kind of READABLE_DOCUMENTS) {
      const { rows } = await sql<{ n: string }>`select n from (${sql.raw(NUMBER_OF[kind])}) as x(n)`.execute(company.database.db);
      numbers[kind] = rows[0]!.n;
    }
  });
  afterAll(async () => {
    await company?.close();
  });

  /** The document the page shows, as its article says. */
  const shown = (page: Page) => page.locator('article.document').evaluate((a) => ({ kind: a.getAttribute('data-kind'), number: a.getAttribute('data-number') }));

  it.each(READABLE_DOCUMENTS)('%s: its header, lines and totals, with journal entries as links', async (kind) => {
    const number = numbers[kind];
    const page = await company.open(documentHref(kind, number));
    expect(await shown(page)).toEqual({ kind, number });
    expect(await page.locator('h1').textContent()).toContain(number);
    expect(await page.title()).toContain(number);
    if (kind !== 'credit-note') expect(await page.locator('[data-testid="document-table"] tbody tr').count(), `${kind} ${number} has lines`).toBeGreaterThan(0);
    if (kind !== 'service-ticket') expect(await page.locator('[data-testid="document-totals"] dd').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="document-related"]').count()).toBe(1);
    if (kind !== 'requisition' && kind !== 'service-ticket' && kind !== 'journal-entry') {
      expect(await page.locator('[data-testid="document-postings"] a.document-link').count(), `${kind} ${number} has journal entries`).toBeGreaterThan(0);
    }
    expect(await page.content()).not.toMatch(/NaN|undefined|\[object Object\]/);
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('follows a related document and a journal entry, and from the entry back to the document that posted it', async () => {
    const page = await company.open(documentHref('sales-order', numbers['sales-order']));
    const delivery = page.locator('[data-testid="document-related"] a[data-document^="delivery:"]').first();
    const target = (await delivery.getAttribute('data-document'))!.split(':')[1];
    await Promise.all([page.waitForURL(`**/documents/delivery/${target}`), delivery.click()]);
    expect(await shown(page)).toEqual({ kind: 'delivery', number: target });
    expect(await page.locator('[data-testid="document-related"] a[data-document^="sales-order:"]').first().textContent()).toBe(numbers['sales-order']);

    const posting = page.locator('[data-testid="document-postings"] a.document-link').first();
    const entryNo = (await posting.textContent())!;
    await Promise.all([page.waitForURL(`**/documents/journal-entry/${entryNo}`), posting.click()]);
    expect(await shown(page)).toEqual({ kind: 'journal-entry', number: entryNo });
    const totals = await page.locator('[data-testid="document-totals"] dd').allTextContents();
    expect(totals[0]).toBe(totals[1]);
    const source = page.locator('[data-testid="document-related"] a.document-link').first();
    expect(await source.textContent()).toBe(target);
    await Promise.all([page.waitForURL(`**/documents/delivery/${target}`), source.click()]);
    expect(await shown(page)).toEqual({ kind: 'delivery', number: target });
    expect(company.problems).toEqual([]);
    await page.close();
  });

  it('says which kinds there are for a bad kind, and that there is no such document for an unknown number', async () => {
    for (const [path, status, message] of [
      ['/documents/shipment/SO-0000001', 400, /There is no document kind 'shipment'\. Documents are: sales-order, delivery, invoice, .*journal-entry\./],
      ['/documents/sales-order/SO-9999999', 404, /There is no sales order SO-9999999\./],
      ['/documents/journal-entry/JE-99999999', 404, /There is no journal entry JE-99999999\./],
      ['/documents/invoice/INV%20%3Cb%3E', 400, /'INV <b>' is not a document number/],
    ] as const) {
      // Not company.open: the browser logs the 400 or 404 response itself as a console error.
      const page = await company.browser.newPage();
      const response = await page.goto(new URL(path, company.served.url).href);
      expect(response?.status(), path).toBe(status);
      expect(await page.locator('[data-testid="page-problem"]').textContent()).toMatch(message);
      expect(await page.content()).not.toMatch(/\n\s+at .+\.(js|ts):\d+/);
      await page.close();
    }
  });

  it('saves a sales order and a purchase order in both themes', async () => {
    for (const kind of ['sales-order', 'purchase-order'] as const) {
      const page = await company.open(documentHref(kind, numbers[kind]));
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        // Nothing wider than the window: the page never scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await page.screenshot({ path: join(SCREENSHOTS, `document-${kind}-${colorScheme}.png`), fullPage: true });
      }
      await page.close();
    }
    expect(company.problems).toEqual([]);
  });
});
