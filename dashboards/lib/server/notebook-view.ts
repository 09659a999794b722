import type { ChartSpec } from '../../../warehouse/notebooks/chart-spec.js';
import { NotebookError } from '../../../warehouse/notebooks/errors.js';
import { InlineRefError, parseInlineRef, resolveInlineRef } from '../../../warehouse/notebooks/inline.js';
import { markdownToHtml } from '../../../warehouse/notebooks/markdown.js';
import type { Notebook } from '../../../warehouse/notebooks/parse.js';
import { chartColumns } from '../../../warehouse/notebooks/render-html.js';
import { runNotebook } from '../../../warehouse/notebooks/run.js';
import type { QueryParam } from '../../../warehouse/named-query-header.js';

/**
 * A parsed notebook run against the warehouse, as plain data for a page: prose as HTML (escaped
 * by the notebook Markdown renderer, inline values filled in), result tables, and each chart's
 * spec with only the columns it draws. The notebook pages and the editor's preview both show
 * this, so a preview looks as the saved notebook will.
 */
export type PageBlock =
  | { kind: 'prose'; html: string }
  | { kind: 'table'; name: string; columns: { name: string; type: string }[]; rows: Record<string, unknown>[]; total: number }
  | { kind: 'chart'; id: string; spec: ChartSpec; columns: { name: string; type: string }[]; rows: Record<string, unknown>[] };

/**
 * How long a notebook page or preview may run before it is stopped, so one slow notebook cannot
 * hold the server (the workbench's default limit too); LEDGERLOOP_NOTEBOOK_TIME_LIMIT (seconds)
 * sets another.
 */
const NOTEBOOK_TIME_LIMIT_SECONDS = Number(process.env.LEDGERLOOP_NOTEBOOK_TIME_LIMIT) > 0 ? Number(process.env.LEDGERLOOP_NOTEBOOK_TIME_LIMIT) : 30;

export interface NotebookView {
  name: string;
  title: string;
  titleInProse: boolean;
  description: string;
  params: QueryParam[];
  /** The values it ran with, as text (the ones given, else the defaults). */
  values: Record<string, string>;
  blocks: PageBlock[];
}

/**
 * Runs `notebook` with the parameter values of `search` (?name=value for each it declares; an
 * empty value takes the default). Throws NotebookError for an undeclared or bad parameter and
 * for the notebook's first problem; NoWarehouse before the first pipeline run.
 */
export async function notebookView(warehousePath: string, notebook: Notebook, search: URLSearchParams): Promise<NotebookView> {
  const file = `${notebook.name}.md`;
  const given: Record<string, string> = {};
  for (const [key, value] of search) {
    if (!notebook.params.some((p) => p.name === key)) {
      throw new NotebookError({ notebook: file, block: null, field: 'params' }, `the notebook has no parameter '${key}'${notebook.params.length ? ` (it takes ${notebook.params.map((p) => p.name).join(', ')})` : ''}`);
    }
    if (value !== '') given[key] = value;
  }
  const run = await runNotebook(warehousePath, notebook, given, { timeoutSeconds: NOTEBOOK_TIME_LIMIT_SECONDS });
  const blocks: PageBlock[] = [];
  let charts = 0;
  for (const block of notebook.blocks) {
    if (block.kind === 'prose') {
      const inline = (expression: string) => {
        try {
          return resolveInlineRef(parseInlineRef(expression), run.results);
        } catch (e) {
          if (e instanceof InlineRefError) throw new NotebookError({ notebook: file, block: `prose from line ${block.line}`, field: `{{${expression}}}` }, e.message);
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
  return { name: notebook.name, title: notebook.title, titleInProse: notebook.titleInProse, description: notebook.description, params: notebook.params, values, blocks };
}

/** A notebook's problem for the editor: its one-line message, and apart, where it is and what is wrong there. */
export interface NotebookProblem {
  message: string;
  kind: 'notebook';
  reason: string;
  block: string | null;
  field: string | null;
  line: number | null;
}

export function notebookProblem(error: NotebookError): NotebookProblem {
  return { message: error.message, kind: 'notebook', reason: error.reason, block: error.block, field: error.field, line: error.line };
}
