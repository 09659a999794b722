import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { openReader } from '../pipelines/warehouse/duck.js';
import { parseNamedQuery, projectQueriesDirectory, QueryInputError, savedQueriesDirectory, type ParamValue, type QueryParam } from './named-queries.js';
import { bind, NoWarehouse, QueryRefused, refusing } from './read-only-query.js';
import { NotebookError } from './notebooks/errors.js';
import { loadNotebook, notebookNames } from './notebooks/files.js';
import { runNotebook } from './notebooks/run.js';
import { notebookNameProblem, savedNames, savedNotebooksDirectory } from './notebooks/saved.js';

/**
 * `ledgerloop check`: does the analysts' work still fit the warehouse? Every named query is
 * prepared against it (DuckDB binds every table and column then, so an unknown one is a
 * problem) with its parameters checked against its header and bound to their defaults or
 * stand-in values; every notebook is parsed and run block by block, its charts' columns and
 * its inline values resolved. A problem is one line naming the file (and block, and field).
 */
export interface CheckProblem {
  file: string;
  message: string;
}

export interface CheckReport {
  queries: number;
  notebooks: number;
  blocks: number;
  problems: CheckProblem[];
}

const PLACEHOLDER: Record<QueryParam['type'], ParamValue> = { date: { type: 'date', value: '2000-01-01' }, integer: { type: 'integer', value: 1 }, text: { type: 'text', value: 'x' } };

export async function checkQueries(warehousePath: string, dir: string, options: { label?: (file: string) => string; reserved?: ReadonlySet<string> } = {}): Promise<{ checked: number; problems: CheckProblem[] }> {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')).sort() : [];
  if (files.length === 0) return { checked: 0, problems: [] };
  if (!existsSync(warehousePath)) throw new NoWarehouse(`no warehouse at ${warehousePath}; run 'ledgerloop pipeline' first`);
  const problems: CheckProblem[] = [];
  const duck = await openReader(warehousePath);
  try {
    for (const file of files) {
      const label = options.label?.(file) ?? file;
      const name = file.slice(0, -4);
      if (options.reserved?.has(name)) problems.push({ file: label, message: `sql/queries/${file} has the same name and hides it; rename the saved query` });
      for (const message of await checkQueryText(duck.connection, readFileSync(join(dir, file), 'utf8'))) problems.push({ file: label, message });
    }
  } finally {
    duck.close();
  }
  return { checked: files.length, problems };
}

/**
 * What is wrong with a named query's text against the warehouse behind `connection` (nothing
 * when the list is empty): its header, one SELECT that prepares, every $parameter declared and
 * every declared one used, the defaults (or stand-ins) binding.
 */
export async function checkQueryText(connection: DuckDBConnection, text: string): Promise<string[]> {
  const problems: string[] = [];
  try {
    const query = parseNamedQuery(text);
    const prepared = await refusing(async () => {
      const statements = await connection.extractStatements(query.sql);
      if (statements.count !== 1) throw new QueryRefused(statements.count === 0 ? 'the file holds no statement' : `a named query is one statement, not ${statements.count}`);
      return statements.prepare(0);
    });
    if (prepared.statementType !== StatementType.SELECT) return [`a named query must be a SELECT, not a ${StatementType[prepared.statementType]} statement`];
    const used = new Set<string>();
    for (let i = 1; i <= prepared.parameterCount; i++) used.add(prepared.parameterName(i));
    for (const name of used) if (!query.params.some((p) => p.name === name)) problems.push(`uses $${name}, which its header does not declare (add -- @param ${name} date|integer|text …)`);
    for (const p of query.params) if (!used.has(p.name)) problems.push(`declares @param ${p.name} but never uses $${p.name}`);
    const values: Record<string, ParamValue> = {};
    for (const p of query.params) {
      if (!used.has(p.name)) continue;
      values[p.name] = p.default === null ? PLACEHOLDER[p.type] : { type: p.type, value: p.type === 'integer' ? Number(p.default) : p.default };
    }
    bind(prepared, values);
  } catch (error) {
    if (error instanceof QueryRefused || error instanceof QueryInputError) problems.push(error.message);
    else throw error;
  }
  return problems;
}

export async function checkNotebooks(
  warehousePath: string,
  dir: string,
  /** For the saved notebooks: which files (every .md), how a problem names one, and the shipped names none may take. */
  options: { names?: string[]; label?: (file: string) => string; shipped?: ReadonlySet<string> } = {},
): Promise<{ checked: number; blocks: number; problems: CheckProblem[] }> {
  const names = options.names ?? notebookNames(dir);
  const problems: CheckProblem[] = [];
  let blocks = 0;
  for (const name of names) {
    const file = options.label?.(`${name}.md`) ?? `${name}.md`;
    if (options.shipped?.has(name)) problems.push({ file, message: `notebooks/${name}.md has the same name and hides it; rename the saved notebook` });
    else if (options.shipped) {
      const badName = notebookNameProblem(name);
      if (badName) problems.push({ file, message: `the app cannot open it: ${badName.message}` });
    }
    try {
      const notebook = loadNotebook(name, dir);
      blocks += notebook.blocks.filter((b) => b.kind !== 'prose').length;
      const run = await runNotebook(warehousePath, notebook, {}, { keepGoing: true, placeholders: true });
      for (const p of run.problems) problems.push({ file, message: located(p) });
    } catch (error) {
      if (error instanceof NotebookError) problems.push({ file, message: located(error) });
      else throw error;
    }
  }
  return { checked: names.length, blocks, problems };
}

/** The error's message without the notebook's name (the problem line starts with it). */
function located(error: NotebookError): string {
  return [error.block, error.field ? `field ${error.field}` : null].filter(Boolean).concat(error.reason).join(': ');
}

/**
 * Checks the project's named queries (`queries`), the saved ones (`saved`: the workbench's,
 * named "saved NAME.sql" in problems; one hidden by a project query of its name is a problem),
 * the shipped notebooks (`notebooks`) and the saved ones (`savedNotebooks`: written in the
 * browser, "saved NAME.md"; one hidden by a shipped notebook of its name is a problem).
 */
export async function checkAll(warehousePath: string, dirs: { queries?: string; saved?: string; notebooks: string; savedNotebooks?: string }): Promise<CheckReport> {
  const queriesDir = dirs.queries ?? projectQueriesDirectory();
  const queries = await checkQueries(warehousePath, queriesDir);
  const projectNames = new Set(existsSync(queriesDir) ? readdirSync(queriesDir).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)) : []);
  const savedDir = dirs.saved ?? savedQueriesDirectory();
  const saved = resolve(savedDir) === resolve(queriesDir) ? { checked: 0, problems: [] } : await checkQueries(warehousePath, savedDir, { label: (file) => `saved ${file}`, reserved: projectNames });
  const notebooks = await checkNotebooks(warehousePath, dirs.notebooks);
  const savedNotebooksDir = dirs.savedNotebooks ?? savedNotebooksDirectory();
  const savedNotebooks =
    resolve(savedNotebooksDir) === resolve(dirs.notebooks)
      ? { checked: 0, blocks: 0, problems: [] }
      : await checkNotebooks(warehousePath, savedNotebooksDir, { names: savedNames(savedNotebooksDir), label: (file) => `saved ${file}`, shipped: new Set(notebookNames(dirs.notebooks)) });
  return {
    queries: queries.checked + saved.checked,
    notebooks: notebooks.checked + savedNotebooks.checked,
    blocks: notebooks.blocks + savedNotebooks.blocks,
    problems: [...queries.problems, ...saved.problems, ...notebooks.problems, ...savedNotebooks.problems],
  };
}
