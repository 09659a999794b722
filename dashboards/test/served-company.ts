import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Context } from '../../domain/index.js';
import { simulate } from '../../domain/simulate/index.js';
import { runPipeline } from '../../pipelines/index.js';
import { runForecast } from '../../warehouse/forecast/run.js';
import { proposeSuggestions } from '../../warehouse/forecast/propose.js';
import { dashboardContextFor, serveDashboards, type ServedDashboards } from '../../cli/commands/serve.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

/**
 * The browser tests' company: a small simulated company with its warehouse, forecast and
 * planning suggestions, served as 'ledgerloop serve' serves it (in this process, with the test's
 * database), and a Chromium to look at it with. One per test file; `close` removes it all.
 */
export const COMPANY = { seed: 11, scale: 0.2, start: '2024-01-01', days: 200 };
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

export interface ServedCompany {
  database: TestDatabase;
  ctx: Context;
  warehouse: string;
  served: ServedDashboards;
  browser: BrowserContext;
  /** Console errors and uncaught exceptions seen in any tab opened by `open`. */
  problems: string[];
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function serveCompany(): Promise<ServedCompany> {
  const database = await freshDatabase();
  const ctx: Context = { db: database.db, actor: 'test' };
  const dir = mkdtempSync(join(tmpdir(), 'll-dashboards-'));
  const warehouse = join(dir, 'warehouse.duckdb');
  await simulate(ctx, COMPANY);
  await runPipeline(database, { warehousePath: warehouse });
  await proposeSuggestions(ctx, warehouse, await runForecast(warehouse));
  const served = await serveDashboards(await dashboardContextFor(database, undefined, warehouse), { port: 0 });
  const browser = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const problems: string[] = [];
  return {
    database,
    ctx,
    warehouse,
    served,
    browser,
    problems,
    async open(path) {
      const page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${path}: console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`${path}: ${e.message}`));
      await page.goto(new URL(path, served.url).href);
      return page;
    },
    async close() {
      await browser.close();
      await served.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until every chart on the page has drawn; returns each chart's label, row count and mark count. */
export async function charts(page: Page): Promise<{ label: string; rows: number; marks: number }[]> {
  await page.waitForFunction(() => [...document.querySelectorAll('.plot-chart')].every((c) => c.querySelector('svg')));
  return page.$$eval('.plot-chart', (nodes) => nodes.map((n) => ({ label: n.getAttribute('data-chart') ?? '', rows: Number(n.getAttribute('data-rows')), marks: n.querySelectorAll('svg [aria-label] > *').length })));
}

/**
 * Opens `path`, and in the light and the dark theme checks that every chart drew marks from
 * rows and the "data as of" shows, saving a full-page screenshot of each (NAME-light.png,
 * NAME-dark.png) to look at.
 */
export async function expectPageDrawn(company: ServedCompany, path: string, name: string): Promise<void> {
  const page = await company.open(path);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const drawn = await charts(page);
    expect(drawn.length).toBeGreaterThan(0);
    for (const chart of drawn) {
      expect(chart.rows, `${name}: chart '${chart.label}' has rows`).toBeGreaterThan(0);
      expect(chart.marks, `${name}: chart '${chart.label}' has marks`).toBeGreaterThan(0);
    }
    expect(await page.locator('[data-testid="data-as-of"]').textContent()).toMatch(/Data as of .+ postings through/);
    if (colorScheme === 'light') expect(await layoutShift(page), `${name}: cumulative layout shift`).toBeLessThan(0.05);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
  }
  expect(company.problems).toEqual([]);
  await page.close();
}

/**
 * The page's cumulative layout shift so far (the sum of the layout-shift entries not caused by
 * input), as Chromium reports it: chart space is reserved, so charts drawing must not move it.
 */
export async function layoutShift(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 200);
  })`);
}
