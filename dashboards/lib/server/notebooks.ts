import { error } from '@sveltejs/kit';
import type { ChartSpec } from '../../../warehouse/notebooks/chart-spec.js';
import { chartColumns } from '../../../warehouse/notebooks/render-html.js';
import { NotebookError } from '../../../warehouse/notebooks/errors.js';
import { loadNotebook, notebookNames } from '../../../warehouse/notebooks/files.js';
import { InlineRefError, parseInlineRef, resolveInlineRef } from '../../../warehouse/notebooks/inline.js';
import { markdownToHtml } from '../../../warehouse/notebooks/markdown.js';
import { runNotebook } from '../../../warehouse/notebooks/run.js';
import type { QueryParam } from '../../../warehouse/named-query-header.js';
import { NoWarehouse } from '../../../warehouse/query-errors.js';
import { dashboardContext } from './context.js';

/**
 * The notebooks (notebooks/*.md) for the app's pages: the list, and one notebook run against the
 * warehouse with the parameters of the URL, as plain data for the page — prose as HTML (escaped
 * by the notebook Markdown renderer, inline values filled in), result tables, and each chart's
 * spec with only the columns it draws.
 */
export interface NotebookSummary {
  name: string;
  title: string;
  description: string;
  params: QueryParam[];
  problem: string | null;
}

export function notebookSummaries(): NotebookSummary[] {
  return notebookNames().map((name) => {
    try {
      const nb = loadNotebook(name);
      return { name, title: nb.title, description: nb.description, params: nb.params, problem: null };
    } catch (e) {
      if (e instanceof NotebookError) return { name, title: name, description: '', params: [], problem: e.reason };
      throw e;
    }
  });
}

export type PageBlock =
  | { kind: 'prose'; html: string }
  | { kind: 'table'; name: string; columns: { name: string; type: string }[]; rows: Record<string, unknown>[]; total: number }
  | { kind: 'chart'; id: string; spec: ChartSpec; columns: { name: string; type: string }[]; rows: Record<string, unknown>[] };

export interface NotebookPage {
  name: string;
  title: string;
  titleInProse: boolean;
  description: string;
  params: QueryParam[];
  /** The values it ran with, as text (the URL's, else the defaults). */
  values: Record<string, string>;
  blocks: PageBlock[];
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Runs notebook `name` with the URL's parameters; a bad parameter is a 400 saying which, an unknown notebook a 404. */
export async function notebookPage(name: string, search: URLSearchParams): Promise<NotebookPage> {
  if (!NAME.test(name) || !notebookNames().includes(name)) error(404, `there is no notebook '${name}'`);
  try {
    const notebook = loadNotebook(name);
    const given: Record<string, string> = {};
    for (const [key, value] of search) {
      if (!notebook.params.some((p) => p.name === key)) error(400, `${name} has no parameter '${key}'${notebook.params.length ? ` (it takes ${notebook.params.map((p) => p.name).join(', ')})` : ''}`);
      if (value !== '') given[key] = value;
    }
    const run = await runNotebook(dashboardContext().warehousePath, notebook, given);
    const blocks: PageBlock[] = [];
    let charts = 0;
    for (const block of notebook.blocks) {
      if (block.kind === 'prose') {
        const inline = (expression: string) => {
          try {
            return resolveInlineRef(parseInlineRef(expression), run.results);
          } catch (e) {
            if (e instanceof InlineRefError) throw new NotebookError({ notebook: `${name}.md`, block: `prose from line ${block.line}`, field: `{{${expression}}}` }, e.message);
            throw e;
          }
        };
        blocks.push({ kind: 'prose', html: markdownToHtml(block.markdown, { inline }) });
      } else if (block.kind === 'sql' || block.kind === 'model') {
        const result = run.results[block.name];
        if (result && block.show) blocks.push({ kind: 'table', name: block.name, columns: result.columns, rows: result.rows.slice(0, block.rows), total: result.rows.length });
      } else {
        const result = run.results[block.data];
        if (!result) continue;
        const used = chartColumns(block.spec, result.columns.map((c) => c.name));
        blocks.push({
          kind: 'chart',
          id: `chart-${++charts}`,
          spec: block.spec,
          columns: result.columns.filter((c) => used.includes(c.name)),
          rows: result.rows.map((row) => Object.fromEntries(used.map((c) => [c, row[c]]))),
        });
      }
    }
    const values = Object.fromEntries(Object.entries(run.params).map(([k, v]) => [k, String(v.value)]));
    return { name, title: notebook.title, titleInProse: notebook.titleInProse, description: notebook.description, params: notebook.params, values, blocks };
  } catch (e) {
    if (e instanceof NotebookError) error(400, e.message);
    if (e instanceof NoWarehouse) error(503, e.message);
    throw e;
  }
}
