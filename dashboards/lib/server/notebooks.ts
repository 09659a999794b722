import { error, json } from '@sveltejs/kit';
import { access } from '../../../domain/index.js';
import { NotebookError } from '../../../warehouse/notebooks/errors.js';
import { parseNotebook } from '../../../warehouse/notebooks/parse.js';
import { findNotebookFile, listNotebookFiles, loadNotebookFile, notebookNameProblem, NotebookSaveError, readNotebookText, saveNotebook, type NotebookSource } from '../../../warehouse/notebooks/saved.js';
import type { QueryParam } from '../../../warehouse/named-query-header.js';
import { NoWarehouse } from '../../../warehouse/query-errors.js';
import { WorkbenchInputError } from '../../../warehouse/workbench/link.js';
import { RegionScopeError } from '../queries.js';
import { actorOf } from './auth.js';
import { dashboardContext } from './context.js';
import { notebookProblem, notebookView, type NotebookView } from './notebook-view.js';

export type { PageBlock } from './notebook-view.js';

/**
 * The notebooks for the app's pages: the list (shipped, notebooks/*.md, and saved from the
 * browser, $LEDGERLOOP_DATA/notebooks/*.md), one notebook run with the URL's parameters, its
 * source for the editor, and the editor's preview and save (warehouse/notebooks/saved.ts).
 */
export interface NotebookSummary {
  name: string;
  source: NotebookSource;
  title: string;
  description: string;
  params: QueryParam[];
  problem: string | null;
}

/**
 * A reader limited to one region reads a notebook only when it takes a `region` parameter, and
 * then always with theirs, whatever the URL says (the notebook's SQL narrows by it, as a named
 * query's does); any other notebook would show every region's rows, so it is refused. Returns
 * the parameters to run with.
 */
export function scopeNotebookToRegion(notebook: { name: string; params: readonly { name: string }[] }, search: URLSearchParams, region: string | null): URLSearchParams {
  if (!region) return search;
  if (!notebook.params.some((p) => p.name === 'region')) throw new RegionScopeError(`the ${notebook.name} notebook is not broken down by region, and your account sees region ${region} only; ask an admin if you need it`);
  const scoped = new URLSearchParams(search);
  scoped.set('region', region);
  return scoped;
}

/** The notebooks `region` (null: every region) may read; others are left out of the list. */
export function notebookSummaries(region: string | null = null): NotebookSummary[] {
  return allNotebookSummaries().filter((nb) => !region || nb.params.some((p) => p.name === 'region'));
}

function allNotebookSummaries(): NotebookSummary[] {
  return listNotebookFiles().map((file) => {
    try {
      const nb = loadNotebookFile(file);
      return { name: file.name, source: file.source, title: nb.title, description: nb.description, params: nb.params, problem: null };
    } catch (e) {
      if (e instanceof NotebookError) return { name: file.name, source: file.source, title: file.name, description: '', params: [], problem: e.reason };
      throw e;
    }
  });
}

export type NotebookPage = NotebookView & { source: NotebookSource };

/**
 * Runs notebook `name` with the URL's parameters, for a reader limited to `region` (null: not
 * limited) held to it; a bad parameter is a 400 saying which, an unknown notebook a 404, one not
 * broken down by region a 403 to a region-limited reader.
 */
export async function notebookPage(name: string, search: URLSearchParams, region: string | null = null): Promise<NotebookPage> {
  const file = notebookNameProblem(name) ? null : findNotebookFile(name);
  if (!file) error(404, `there is no notebook '${name}'`);
  try {
    const notebook = loadNotebookFile(file);
    return { ...(await notebookView(dashboardContext().warehousePath, notebook, scopeNotebookToRegion(notebook, search, region))), source: file.source };
  } catch (e) {
    if (e instanceof RegionScopeError) error(403, e.message);
    if (e instanceof NotebookError) error(400, e.message);
    if (e instanceof NoWarehouse) error(503, e.message);
    throw e;
  }
}

/** A notebook's text for the editor, whether or not it parses; an unknown notebook is a 404. */
export function notebookSource(name: string): { name: string; source: NotebookSource; text: string } {
  const file = notebookNameProblem(name) ? null : findNotebookFile(name);
  if (!file) error(404, `there is no notebook '${name}'`);
  return { name: file.name, source: file.source, text: readNotebookText(file) };
}

export interface PreviewInput {
  /** The name it will be saved under, if chosen: problems name the file by it. */
  name: string;
  text: string;
  params: Record<string, string>;
}

/**
 * Runs the editor's text as the notebook page would run it. Values for parameters the text no
 * longer declares are dropped: the editor sends the ones it showed for the text before.
 */
export async function previewNotebook(input: PreviewInput): Promise<NotebookView> {
  const notebook = parseNotebook(notebookNameProblem(input.name) ? 'draft' : input.name, input.text);
  const search = new URLSearchParams(Object.entries(input.params).filter(([k]) => notebook.params.some((p) => p.name === k)));
  return notebookView(dashboardContext().warehousePath, notebook, search);
}

/**
 * Saves the editor's notebook as $LEDGERLOOP_DATA/notebooks/NAME.md once it runs, and records
 * who did in the audit log.
 */
export async function saveNotebookFromEditor(input: { name: string; text: string; replace: boolean }, user: { username: string }): Promise<{ name: string; title: string }> {
  const saved = await saveNotebook(dashboardContext().warehousePath, input);
  // The file is written first: an audit entry for a save that failed would be a false record.
  await access.recordAudit(
    { db: dashboardContext().database.db, actor: actorOf(user) },
    { action: 'notebook.saved', subject: saved.file.name, detail: { replaced: saved.replaced, title: saved.notebook.title, params: saved.notebook.params.map((p) => p.name) } },
  );
  return { name: saved.file.name, title: saved.notebook.title };
}

/**
 * Runs `fn`, answering an expected failure as JSON with its status: the notebook's problem with
 * where it is (400), a refused name (400), a malformed request (400), no warehouse yet (503).
 */
export async function answeringForEditor(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NotebookError) return json(notebookProblem(e), { status: 400 });
    if (e instanceof NotebookSaveError) return json({ message: e.message, kind: e.code, field: e.field }, { status: 400 });
    if (e instanceof WorkbenchInputError) return json({ message: e.message, kind: 'input' }, { status: 400 });
    if (e instanceof NoWarehouse) return json({ message: e.message, kind: 'no-warehouse' }, { status: 503 });
    throw e;
  }
}
