import { existsSync } from 'node:fs';
import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { openReader } from '../../pipelines/warehouse/duck.js';
import { bindParams, parseNamedQuery, QueryInputError, readQueryFile, type ParamValue, type QueryParam } from '../named-queries.js';
import { bind, NoWarehouse, plain, QueryRefused, refusing } from '../read-only-query.js';
import { checkChartColumns } from './chart-spec.js';
import { NotebookError } from './errors.js';
import { InlineRefError, inlineExpressions, parseInlineRef, resolveInlineRef } from './inline.js';
import { ModelInputError, runModel, type ModelOutput } from './model-blocks.js';
import type { ModelBlock, Notebook, SqlBlock } from './parse.js';

/**
 * Runs a notebook's SQL blocks against the warehouse, in order, on one read-only connection
 * (openReader: the file opened READ_ONLY, no file or network access, settings locked).
 *
 * How a block reads an earlier block's result: each block's SQL must be a single SELECT (checked
 * by preparing it alone, before anything runs); the runner then runs it as
 * `create temp table "<name>" as <the SELECT>` — a table in the connection's in-memory temp
 * catalog, which later blocks name like any table and which disappears when the connection
 * closes. The warehouse file itself stays read-only (DuckDB refuses any write to it), the
 * block's text can only be that one SELECT (a second statement, or anything but a SELECT, is
 * refused), and the earlier results are not re-run for every later block, as CTEs would be.
 * A block may not take the name of a warehouse table, so a result never hides one.
 */
export interface BlockResult {
  name: string;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}

export interface NotebookRun {
  notebook: Notebook;
  params: Record<string, ParamValue>;
  results: Record<string, BlockResult>;
  /** Every problem found (only filled with keepGoing; otherwise the first one is thrown). */
  problems: NotebookError[];
}

export interface RunOptions {
  /** Carry on after a failing block and collect every problem (for `ledgerloop check`). */
  keepGoing?: boolean;
  /** Stand-in values for parameters that have no default and were not given (for checking). */
  placeholders?: boolean;
  /**
   * Stop the run after this many seconds (DuckDB's interrupt on its connection) with a
   * NotebookError saying so, so a slow notebook cannot hold a server; none when not given.
   */
  timeoutSeconds?: number;
}

const PLACEHOLDER: Record<QueryParam['type'], string> = { date: '2000-01-01', integer: '1', text: 'x' };

export async function runNotebook(warehousePath: string, notebook: Notebook, given: Readonly<Record<string, string>> = {}, options: RunOptions = {}): Promise<NotebookRun> {
  const file = `${notebook.name}.md`;
  const problems: NotebookError[] = [];
  const problem = (error: NotebookError) => {
    if (!options.keepGoing) throw error;
    problems.push(error);
  };

  let params: Record<string, ParamValue>;
  try {
    const values = { ...given };
    if (options.placeholders) for (const p of notebook.params) if (p.default === null && values[p.name] === undefined) values[p.name] = PLACEHOLDER[p.type];
    params = bindParams(notebook.params, values);
  } catch (error) {
    if (error instanceof QueryInputError) throw new NotebookError({ notebook: file, block: null, field: 'params' }, error.message);
    throw error;
  }

  if (!existsSync(warehousePath)) throw new NoWarehouse(`no warehouse at ${warehousePath}; run 'ledgerloop pipeline' first`);
  const duck = await openReader(warehousePath);
  const results: Record<string, BlockResult> = {};
  const failed = new Set<string>();
  // An interrupt that lands between two statements is lost, so it repeats until the run ends.
  let timedOut = false;
  let repeat: ReturnType<typeof setInterval> | undefined;
  const timer =
    options.timeoutSeconds === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          const interrupt = () => duck.connection.interrupt();
          interrupt();
          repeat = setInterval(interrupt, 50);
        }, options.timeoutSeconds * 1000);
  try {
    const tables = new Set((await duck.all<{ name: string }>(`select table_name as name from duckdb_tables() where not temporary union select view_name from duckdb_views() where not internal`)).map((r) => r.name.toLowerCase()));
    for (const block of notebook.blocks) {
      if (block.kind !== 'sql' && block.kind !== 'model') continue;
      const where = { notebook: file, block: `block ${block.name} (line ${block.line})` };
      if (tables.has(block.name)) {
        failed.add(block.name);
        problem(new NotebookError({ ...where, field: 'name' }, `'${block.name}' is the name of a warehouse table; give the block another name`));
        continue;
      }
      if (block.kind === 'model' && failed.has(block.data)) {
        failed.add(block.name);
        problem(new NotebookError({ ...where, field: 'data' }, `block '${block.data}' failed above`));
        continue;
      }
      try {
        results[block.name] = block.kind === 'sql' ? await runBlock(duck.connection, block, notebook.params, params) : await runModelBlock(duck.connection, block, results[block.data]!);
      } catch (error) {
        if (timedOut) throw new NotebookError(where, `the notebook ran longer than its time limit of ${options.timeoutSeconds} s and was stopped here; narrow its queries`);
        if (error instanceof QueryInputError || error instanceof ModelInputError) {
          failed.add(block.name);
          problem(new NotebookError({ ...where, field: error instanceof QueryInputError && block.kind === 'sql' && block.query ? 'query' : null }, error.message));
          continue;
        }
        if (!(error instanceof QueryRefused)) throw error;
        failed.add(block.name);
        const after = [...failed].find((name) => name !== block.name && new RegExp(`\\b${name}\\b`, 'i').test(error.message));
        problem(new NotebookError(where, after ? `${error.message} (block '${after}' failed above)` : error.message));
      }
    }
  } finally {
    clearTimeout(timer);
    clearInterval(repeat);
    duck.close();
  }

  for (const block of notebook.blocks) {
    if (block.kind === 'chart') {
      const data = results[block.data];
      if (!data) continue; // its block's failure is reported already
      for (const p of checkChartColumns(block.spec, data.columns.map((c) => c.name))) problem(new NotebookError({ notebook: file, block: `chart on line ${block.line}`, field: p.field }, p.message));
    } else if (block.kind === 'prose') {
      for (const expression of inlineExpressions(block.markdown)) {
        try {
          const ref = parseInlineRef(expression);
          if (failed.has(ref.block)) continue;
          resolveInlineRef(ref, results);
        } catch (error) {
          if (!(error instanceof InlineRefError)) throw error;
          problem(new NotebookError({ notebook: file, block: `prose from line ${block.line}`, field: `{{${expression}}}` }, error.message));
        }
      }
    }
  }
  return { notebook, params, results, problems };
}

async function runBlock(connection: DuckDBConnection, block: SqlBlock, notebookParams: readonly QueryParam[], notebookValues: Record<string, ParamValue>): Promise<BlockResult> {
  let sql = block.sql;
  let declared = notebookParams;
  let params = notebookValues;
  if (block.query) {
    // A named query: its own parameters, given the notebook's values of the same names.
    const named = parseNamedQuery(readQueryFile(block.query));
    sql = named.sql;
    declared = named.params;
    params = bindParams(named.params, Object.fromEntries(named.params.filter((p) => notebookValues[p.name] !== undefined).map((p) => [p.name, String(notebookValues[p.name]!.value)])));
  }
  const select = await refusing(async () => {
    const statements = await connection.extractStatements(sql);
    if (statements.count !== 1) throw new QueryRefused(statements.count === 0 ? 'the block holds no statement' : `a block holds one SELECT, not ${statements.count} statements`);
    return statements.prepare(0);
  });
  if (select.statementType !== StatementType.SELECT) throw new QueryRefused(`a block holds one SELECT; this is a ${StatementType[select.statementType]} statement`);
  const used: Record<string, ParamValue> = {};
  for (let i = 1; i <= select.parameterCount; i++) {
    const name = select.parameterName(i);
    if (!declared.some((p) => p.name === name)) {
      if (block.query) throw new QueryRefused(`the named query '${block.query}' uses $${name}, which its header does not declare`);
      throw new QueryRefused(`$${name} is not a parameter of the notebook (${declared.length ? `it has ${declared.map((p) => p.name).join(', ')}` : 'it declares none'}); declare it as params="${name}:text=…"`);
    }
    used[name] = params[name]!;
  }
  const create = await refusing(async () => {
    const statements = await connection.extractStatements(`create temp table "${block.name}" as\n${sql}`);
    if (statements.count !== 1) throw new QueryRefused('the block cannot be run as one statement');
    return statements.prepare(0);
  });
  if (create.statementType !== StatementType.CREATE) throw new QueryRefused('the block cannot be run as a SELECT');
  bind(create, used);
  await refusing(() => create.run());
  const reader = await refusing(() => connection.runAndReadAll(`select * from temp.main."${block.name}"`));
  const types = reader.columnTypes().map((t) => t.toString());
  const columns = reader.columnNames().map((name, i) => ({ name, type: types[i]! }));
  return { name: block.name, columns, rows: reader.getRowObjectsJson().map((row) => plain(row, columns)) };
}

/**
 * Runs a model block's function on an earlier result and keeps its answer, like a SQL block's,
 * as a temp table of the block's name (created by the runner from the function's declared
 * columns, filled with an appender), so later SQL blocks can read it.
 */
async function runModelBlock(connection: DuckDBConnection, block: ModelBlock, input: BlockResult): Promise<BlockResult> {
  const output: ModelOutput = runModel(block.fn, block.options, input);
  const columns = output.columns.map((c) => `"${c.name.replace(/"/g, '""')}" ${c.type}`).join(', ');
  await refusing(() => connection.run(`create temp table "${block.name}" (${columns})`));
  const appender = await refusing(() => connection.createAppender(block.name, 'main', 'temp'));
  for (const row of output.rows) {
    for (const c of output.columns) {
      const v = row[c.name];
      if (v === null || v === undefined) appender.appendNull();
      else if (c.type === 'VARCHAR') appender.appendVarchar(String(v));
      else if (c.type === 'BIGINT') appender.appendBigInt(BigInt(v));
      else appender.appendDouble(Number(v));
    }
    appender.endRow();
  }
  appender.closeSync();
  return { name: block.name, columns: output.columns.map((c) => ({ name: c.name, type: c.type })), rows: output.rows };
}
