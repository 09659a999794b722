import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StatementType } from '@duckdb/node-api';
import { openReader } from '../pipelines/warehouse/duck.js';
import { parseNamedQuery, QueryInputError, type ParamValue, type QueryParam } from './named-queries.js';
import { bind, NoWarehouse, QueryRefused, refusing } from './read-only-query.js';
import { NotebookError } from './notebooks/errors.js';
import { loadNotebook, notebookNames } from './notebooks/files.js';
import { runNotebook } from './notebooks/run.js';

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

export async function checkQueries(warehousePath: string, dir: string): Promise<{ checked: number; problems: CheckProblem[] }> {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')).sort() : [];
  if (files.length === 0) return { checked: 0, problems: [] };
  if (!existsSync(warehousePath)) throw new NoWarehouse(`no warehouse at ${warehousePath}; run 'ledgerloop pipeline' first`);
  const problems: CheckProblem[] = [];
  const duck = await openReader(warehousePath);
  try {
    for (const file of files) {
      const problem = (message: string) => problems.push({ file, message });
      try {
        const query = parseNamedQuery(readFileSync(join(dir, file), 'utf8'));
        const prepared = await refusing(async () => {
          const statements = await duck.connection.extractStatements(query.sql);
          if (statements.count !== 1) throw new QueryRefused(statements.count === 0 ? 'the file holds no statement' : `a named query is one statement, not ${statements.count}`);
          return statements.prepare(0);
        });
        if (prepared.statementType !== StatementType.SELECT) {
          problem(`a named query must be a SELECT, not a ${StatementType[prepared.statementType]} statement`);
          continue;
        }
        const used = new Set<string>();
        for (let i = 1; i <= prepared.parameterCount; i++) used.add(prepared.parameterName(i));
        for (const name of used) if (!query.params.some((p) => p.name === name)) problem(`uses $${name}, which its header does not declare (add -- @param ${name} date|integer|text …)`);
        for (const p of query.params) if (!used.has(p.name)) problem(`declares @param ${p.name} but never uses $${p.name}`);
        const values: Record<string, ParamValue> = {};
        for (const p of query.params) {
          if (!used.has(p.name)) continue;
          values[p.name] = p.default === null ? PLACEHOLDER[p.type] : { type: p.type, value: p.type === 'integer' ? Number(p.default) : p.default };
        }
        bind(prepared, values);
      } catch (error) {
        if (error instanceof QueryRefused || error instanceof QueryInputError) problem(error.message);
        else throw error;
      }
    }
  } finally {
    duck.close();
  }
  return { checked: files.length, problems };
}

export async function checkNotebooks(warehousePath: string, dir: string): Promise<{ checked: number; blocks: number; problems: CheckProblem[] }> {
  const names = notebookNames(dir);
  const problems: CheckProblem[] = [];
  let blocks = 0;
  for (const name of names) {
    const file = `${name}.md`;
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

export async function checkAll(warehousePath: string, dirs: { queries: string; notebooks: string }): Promise<CheckReport> {
  const queries = await checkQueries(warehousePath, dirs.queries);
  const notebooks = await checkNotebooks(warehousePath, dirs.notebooks);
  return { queries: queries.checked, notebooks: notebooks.checked, blocks: notebooks.blocks, problems: [...queries.problems, ...notebooks.problems] };
}
