import { writeFileSync } from 'node:fs';
import { parse, UsageError } from '../args.js';
import { table } from '../format.js';
import { subcommandHelp } from './notebook-help.js';
import { warehousePath } from '../../warehouse/location.js';
import { NoWarehouse } from '../../warehouse/read-only-query.js';
import { NotebookError } from '../../warehouse/notebooks/errors.js';
import { loadNotebook, notebookNames } from '../../warehouse/notebooks/files.js';
import type { Notebook } from '../../warehouse/notebooks/parse.js';
import { findNotebookFile, listNotebookFiles, loadNotebookFile, type NotebookSource } from '../../warehouse/notebooks/saved.js';
import { readPlotAssets } from '../../warehouse/notebooks/plot-assets.js';
import { renderNotebookHtml } from '../../warehouse/notebooks/render-html.js';
import { runNotebook } from '../../warehouse/notebooks/run.js';
import type { Subcommand } from '../subcommand.js';

export const notebookCommand: Subcommand = {
  name: 'notebook',
  summary: 'list the notebooks, or render one as a self-contained HTML report',
  help: subcommandHelp,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action === 'list') return list(rest);
    if (action === 'render') return render(rest);
    throw new UsageError(action ? `unknown notebook action '${action}'; use list or render` : 'give an action: list or render');
  },
};

/** The notebooks of --notebooks DIR, else the shipped ones and those saved in the browser. */
function notebooksIn(dir: string | undefined): { name: string; source: NotebookSource; load: () => Notebook }[] {
  if (dir) return notebookNames(dir).map((name) => ({ name, source: 'shipped', load: () => loadNotebook(name, dir) }));
  return listNotebookFiles().map((file) => ({ name: file.name, source: file.source, load: () => loadNotebookFile(file) }));
}

async function list(argv: string[]): Promise<number> {
  const { values } = parse(argv, { notebooks: { type: 'string' } });
  const notebooks = notebooksIn(values.notebooks);
  if (notebooks.length === 0) {
    console.log(values.notebooks ? `no notebooks in ${values.notebooks}` : 'no notebooks');
    return 0;
  }
  const rows = notebooks.map(({ name, source, load }) => {
    try {
      const nb = load();
      return { name, source, title: nb.title, params: nb.params.map((p) => `${p.name}:${p.type}${p.default === null ? '' : `=${p.default}`}`).join(', ') };
    } catch (error) {
      if (error instanceof NotebookError) return { name, source, title: `(cannot be read: ${error.reason})`, params: '' };
      throw error;
    }
  });
  console.log(table(rows, ['name', 'source', 'title', 'params']));
  return 0;
}

async function render(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { param: { type: 'string', multiple: true }, out: { type: 'string' }, notebooks: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the notebook NAME (see ledgerloop notebook list)' : 'give one notebook NAME');
  if (!values.out) throw new UsageError('give --out FILE.html, where the report is written', 'out');
  const given: Record<string, string> = {};
  for (const pair of (values.param as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param takes name=value, not '${pair}'`, 'param');
    given[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  try {
    const name = positionals[0]!;
    // By name, a shipped or a saved notebook; by path (or in --notebooks DIR), that file.
    const found = values.notebooks ? null : findNotebookFile(name);
    const notebook = found ? loadNotebookFile(found) : loadNotebook(name, values.notebooks);
    const run = await runNotebook(warehousePath(), notebook, given);
    const html = renderNotebookHtml(run, readPlotAssets(), { generatedAt: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC` });
    writeFileSync(values.out, html);
    const rows = Object.values(run.results).reduce((n, r) => n + r.rows.length, 0);
    console.log(`wrote ${values.out}: ${notebook.title} (${Object.keys(run.results).length} blocks, ${rows} rows, ${Math.round(html.length / 1024)} KB)`);
    return 0;
  } catch (error) {
    if (error instanceof NotebookError) throw new UsageError(error.message);
    if (error instanceof NoWarehouse) throw new Error(error.message);
    throw error;
  }
}
