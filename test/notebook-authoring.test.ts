import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHttpError } from '@sveltejs/kit';
import { access } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { runPipeline } from '../pipelines/index.js';
import { checkCommand } from '../cli/commands/check.js';
import { notebookCommand } from '../cli/commands/notebook.js';
import { NotebookError } from '../warehouse/notebooks/errors.js';
import { NotebookSaveError } from '../warehouse/notebooks/saved.js';
import { NEW_NOTEBOOK_TEMPLATE } from '../warehouse/notebooks/template.js';
import { provideDashboardContext } from '../dashboards/lib/server/context.js';
import { answeringForEditor, notebookPage, notebookSource, notebookSummaries, previewNotebook, saveNotebookFromEditor } from '../dashboards/lib/server/notebooks.js';
import type { NotebookView } from '../dashboards/lib/server/notebook-view.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { runCommand } from './support/cli.js';
import { query } from './support/warehouse.js';

/**
 * Writing notebooks in the browser, on a simulated company's warehouse, through the app's
 * server side (what /notebooks/preview, /notebooks/save and the notebook pages call): the
 * preview runs a draft as its page will show it, a save writes $LEDGERLOOP_DATA/notebooks/NAME.md
 * only once the notebook runs and records who saved it, the saved notebook lists beside the
 * shipped ones and opens by name, a shipped or taken name is refused, and `ledgerloop check` and
 * `ledgerloop notebook` find the saved notebooks.
 */
const COMPANY = { seed: 41, scale: 0.15, start: '2024-01-01', days: 150 };
const fence = '```';
const SHIPPED = ['customer-lifetime-value', 'funnel-cohorts', 'inventory-health', 'month-end-close', 'supplier-risk'];
const MONTHLY = (from: string) => `select date_trunc('month', order_date)::date as month, sum(net_revenue_functional) as net_revenue from fact_sales_line where order_date >= date '${from}' group by 1 order by 1`;

describe('notebooks written in the browser', () => {
  let database: TestDatabase;
  let dir: string;
  const previousData = process.env.LEDGERLOOP_DATA;
  const warehouse = () => join(dir, 'warehouse.duckdb');
  const saved = (name: string) => join(dir, 'notebooks', `${name}.md`);
  const ann = { username: 'ann' };

  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'll-notebook-authoring-'));
    await simulate({ db: database.db, actor: 'test' }, COMPANY);
    await runPipeline(database, { warehousePath: warehouse() });
    process.env.LEDGERLOOP_DATA = dir;
    provideDashboardContext({ database, warehousePath: warehouse(), plannerId: null });
  });
  afterAll(async () => {
    provideDashboardContext(undefined);
    if (previousData === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = previousData;
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The view's blocks as comparable data: each table's rows, each chart's rows, prose as text. */
  const tables = (view: NotebookView) => Object.fromEntries(view.blocks.flatMap((b) => (b.kind === 'table' ? [[b.name, b.rows]] : [])));
  const chartRows = (view: NotebookView) => view.blocks.flatMap((b) => (b.kind === 'chart' ? [b.rows] : []));

  it('previews a draft as its page will show it, with the parameters given, dropping ones it no longer declares', async () => {
    const view = await previewNotebook({ name: '', text: NEW_NOTEBOOK_TEMPLATE, params: {} });
    expect(view).toMatchObject({ name: 'draft', title: 'Revenue by month', values: { from: '2024-01-01' } });
    expect(view.blocks.map((b) => b.kind)).toEqual(['prose', 'table', 'chart', 'prose']);
    const all = await query(warehouse(), MONTHLY('2024-01-01'));
    expect(all.length).toBeGreaterThan(3);
    expect(tables(view).revenue_by_month).toEqual(all.map((r) => ({ month: (r.month as Date).toISOString().slice(0, 10), net_revenue: r.net_revenue })));
    expect(chartRows(view)[0]).toEqual(tables(view).revenue_by_month);
    expect(view.blocks.at(-1)).toEqual({ kind: 'prose', html: `<p>Sales in <span class="value">${all.length}</span> months since the start date.</p>` });

    const later = await previewNotebook({ name: 'q2-review', text: NEW_NOTEBOOK_TEMPLATE, params: { from: '2024-04-01', gone: 'x' } });
    expect(later).toMatchObject({ name: 'q2-review', values: { from: '2024-04-01' } });
    expect(tables(later).revenue_by_month).toHaveLength((await query(warehouse(), MONTHLY('2024-04-01'))).length);
    await expect(previewNotebook({ name: '', text: NEW_NOTEBOOK_TEMPLATE, params: { from: 'soon' } })).rejects.toThrow(/parameter 'from' must be a date/);
  });

  it('says which block and line fail, in the preview and as the endpoints answer it', async () => {
    const text = ['# Broken', '', `${fence}sql name=customers`, 'select customer_id, no_such_column from dim_customer', fence].join('\n');
    const error = await previewNotebook({ name: 'broken', text, params: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookError);
    expect(error).toMatchObject({ notebook: 'broken.md', block: 'block customers (line 3)', line: 3, reason: expect.stringMatching(/no_such_column/) });

    const answer = await answeringForEditor(() => previewNotebook({ name: 'broken', text, params: {} }).then((v) => Response.json(v)));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ kind: 'notebook', block: 'block customers (line 3)', field: null, line: 3, message: expect.stringMatching(/^broken\.md, block customers \(line 3\): .*no_such_column/) });
    const chart = await answeringForEditor(() => previewNotebook({ name: '', text: `# C\n${fence}sql name=a\nselect 1 as x\n${fence}\n${fence}chart data=a\n{"marks": [{"type": "dot", "x": "y"}]}\n${fence}`, params: {} }).then((v) => Response.json(v)));
    expect(await chart.json()).toMatchObject({ block: 'chart on line 5', field: 'marks[0].x', line: 5 });
    const named = await answeringForEditor(() => saveNotebookFromEditor({ name: 'Bad Name', text, replace: false }, ann).then((v) => Response.json(v)));
    expect([named.status, await named.json()]).toEqual([400, { kind: 'INVALID_NAME', field: 'name', message: expect.stringMatching(/^a notebook's name is lower-case letters/) }]);
  });

  it('saves a notebook that runs, records who saved it, lists it beside the shipped ones and opens it by name', async () => {
    const text = NEW_NOTEBOOK_TEMPLATE.replace('title: Revenue by month', 'title: Revenue review');
    expect(await saveNotebookFromEditor({ name: 'revenue-review', text, replace: false }, ann)).toEqual({ name: 'revenue-review', title: 'Revenue review' });
    expect(readFileSync(saved('revenue-review'), 'utf8')).toBe(text);
    expect(readdirSync(join(dir, 'notebooks'))).toEqual(['revenue-review.md']);
    const audit = await access.listAudit(database.db, { action: 'notebook.saved' });
    expect(audit.map((a) => [a.actor, a.subject, a.detail])).toEqual([['dashboard:ann', 'revenue-review', { replaced: false, title: 'Revenue review', params: ['from'] }]]);

    const list = notebookSummaries();
    expect(list.map((n) => [n.name, n.source])).toEqual([...SHIPPED.map((n) => [n, 'shipped']), ['revenue-review', 'saved']]);
    expect(list.at(-1)).toMatchObject({ title: 'Revenue review', description: 'Net revenue per month since a chosen date.', params: [{ name: 'from', type: 'date', default: '2024-01-01' }], problem: null });

    // Its page is the share link: the same blocks as the preview, with the URL's parameters.
    const page = await notebookPage('revenue-review', new URLSearchParams('from=2024-04-01'));
    const preview = await previewNotebook({ name: 'revenue-review', text, params: { from: '2024-04-01' } });
    expect(page).toEqual({ ...preview, source: 'saved' });
    expect(page.title).toBe('Revenue review');
    expect(tables(page).revenue_by_month).toHaveLength((await query(warehouse(), MONTHLY('2024-04-01'))).length);
    expect(notebookSource('revenue-review')).toEqual({ name: 'revenue-review', source: 'saved', text });
    expect(notebookSource('inventory-health')).toMatchObject({ source: 'shipped', text: readFileSync(join(import.meta.dirname, '..', 'notebooks', 'inventory-health.md'), 'utf8') });

    for (const [name, search, status, message] of [
      ['no-such', '', 404, "there is no notebook 'no-such'"],
      ['../notebooks/inventory-health', '', 404, "there is no notebook '../notebooks/inventory-health'"],
      ['revenue-review', 'region=EU', 400, "revenue-review.md, field params: the notebook has no parameter 'region' (it takes from)"],
    ] as const) {
      const refused = await notebookPage(name, new URLSearchParams(search)).catch((e: unknown) => e);
      expect(isHttpError(refused) && [refused.status, refused.body.message], name).toEqual([status, message]);
    }
    const missing = (() => {
      try {
        return notebookSource('no-such');
      } catch (e) {
        return e;
      }
    })();
    expect(isHttpError(missing) && missing.status).toBe(404);
  });

  it('writes nothing and records nothing for a notebook that does not run, or a refused name', async () => {
    const broken = `# Broken\n\n${fence}sql name=customers\nselect no_such_column from dim_customer\n${fence}\n`;
    await expect(saveNotebookFromEditor({ name: 'broken', text: broken, replace: false }, ann)).rejects.toThrow(/^broken\.md, block customers \(line 3\): .*no_such_column/);
    const inline = `# Inline\n\n${fence}sql name=n\nselect 1 as x\n${fence}\n\n{{ n.0.y }}\n`;
    await expect(saveNotebookFromEditor({ name: 'broken', text: inline, replace: false }, ann)).rejects.toThrow(/^broken\.md, prose from line 6, field \{\{ n\.0\.y \}\}: block 'n' has no column 'y'/);
    const refused = async (name: string, replace = false) => (await saveNotebookFromEditor({ name, text: NEW_NOTEBOOK_TEMPLATE, replace }, ann).catch((e: unknown) => e)) as NotebookSaveError;
    expect(await refused('inventory-health')).toMatchObject({ code: 'SHIPPED_NAME', message: "'inventory-health' is the name of a shipped notebook (notebooks/inventory-health.md); choose another name" });
    expect(await refused('inventory-health', true)).toMatchObject({ code: 'SHIPPED_NAME' });
    expect(await refused('revenue-review')).toMatchObject({ code: 'EXISTS', field: 'replace' });
    expect(await refused('new')).toMatchObject({ code: 'RESERVED_NAME' });
    expect(await refused('../escape')).toMatchObject({ code: 'INVALID_NAME' });
    expect(readdirSync(join(dir, 'notebooks'))).toEqual(['revenue-review.md']);
    expect(existsSync(join(dir, 'escape.md'))).toBe(false);
    expect((await access.listAudit(database.db, { action: 'notebook.saved' })).map((a) => a.subject)).toEqual(['revenue-review']);

    // "replace" overwrites the saved one, and says so in the audit log.
    await saveNotebookFromEditor({ name: 'revenue-review', text: NEW_NOTEBOOK_TEMPLATE, replace: true }, { username: 'bob' });
    expect(readFileSync(saved('revenue-review'), 'utf8')).toBe(NEW_NOTEBOOK_TEMPLATE);
    expect((await access.listAudit(database.db, { action: 'notebook.saved', limit: 1 }))[0]).toMatchObject({ actor: 'dashboard:bob', detail: { replaced: true, title: 'Revenue by month' } });
  });

  it('is checked by ledgerloop check, and listed and rendered by ledgerloop notebook', async () => {
    const noQueries = mkdtempSync(join(tmpdir(), 'll-no-queries-'));
    const ok = await runCommand(checkCommand, '--queries', noQueries, '--saved', noQueries);
    // The shipped notebooks read model tables ('ledgerloop forecast', not run here): only the saved ones are looked at.
    expect(ok.stdout).toMatch(/^checked 0 named queries and 6 notebooks/m);
    expect(ok.stdout.split('\n').filter((l) => l.startsWith('saved '))).toEqual([]);

    // A saved notebook that stops running (the schema changed under it), or that a shipped one now hides, fails the check.
    writeFileSync(saved('stale'), `# Stale\n\n${fence}sql name=old\nselect dropped_column from dim_customer\n${fence}\n`);
    writeFileSync(saved('funnel-cohorts'), NEW_NOTEBOOK_TEMPLATE);
    writeFileSync(saved('Badly Named'), NEW_NOTEBOOK_TEMPLATE);
    const bad = await runCommand(checkCommand, '--queries', noQueries, '--saved', noQueries);
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n').filter((l) => l.startsWith('saved ')).sort()).toEqual([
      "saved Badly Named.md: the app cannot open it: a notebook's name is lower-case letters, digits and -, starting with a letter or digit, at most 63 characters: not 'Badly Named'",
      'saved funnel-cohorts.md: notebooks/funnel-cohorts.md has the same name and hides it; rename the saved notebook',
      expect.stringMatching(/^saved stale\.md: block old \(line 3\): .*dropped_column/),
    ]);
    expect(bad.stdout).toMatch(/^checked 0 named queries and 9 notebooks/m);
    expect(notebookSummaries().map((n) => n.name)).toEqual([...SHIPPED, 'revenue-review', 'stale']);
    for (const name of ['stale', 'funnel-cohorts', 'Badly Named']) rmSync(saved(name));

    const list = await runCommand(notebookCommand, 'list');
    expect(list.stdout).toMatch(/^revenue-review\s+saved\s+Revenue by month\s+from:date=2024-01-01$/m);
    expect(list.stdout).toMatch(/^inventory-health\s+shipped\s+Inventory health review/m);
    const out = join(dir, 'review.html');
    const rendered = await runCommand(notebookCommand, 'render', 'revenue-review', '--param', 'from=2024-04-01', '--out', out);
    expect(rendered).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(out, 'utf8')).toContain('<title>Revenue by month</title>');
    rmSync(noQueries, { recursive: true, force: true });
  });
});
