import { existsSync } from 'node:fs';
import { BIGINT, DATE, jsToDuckDBValue, VARCHAR, type DuckDBPreparedStatement, type DuckDBResultReader, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { Duck } from '../pipelines/warehouse/duck.js';
import { sharedReader } from './shared-reader.js';
import { bindParams, parseNamedQuery, readQueryFile, type ParamValue } from './named-queries.js';
import { NoWarehouse, QueryRefused } from './query-errors.js';
import { prepareReadOnly, refusing } from './sandbox.js';

export { NoWarehouse, QueryRefused, QueryStopped } from './query-errors.js';
export { refusing } from './sandbox.js';

export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}

/**
 * Runs one query against the warehouse for a person: the file opened read-only, no file or
 * network access, settings locked, and only statements that read (SELECT, EXPLAIN of a SELECT:
 * sandbox.ts) accepted. Anything the query gets wrong is a QueryRefused with a one-line reason.
 */
export async function runReadOnlyQuery(path: string, sql: string, params: Readonly<Record<string, ParamValue>> = {}): Promise<QueryResult> {
  const duck = await openQueryReader(path);
  try {
    const prepared = await prepareRead(duck, sql);
    bind(prepared, params);
    return readAll(await refusing(() => prepared.runAndReadAll()));
  } finally {
    duck.close();
  }
}

export interface PageRequest {
  /** A column of the query's result; null keeps the query's own order. */
  sort: string | null;
  dir: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/**
 * One page of a query's rows, sorted by one of its columns, with the count of all its rows:
 * what a table shows, however many rows the query has. The sort column must be one of the
 * query's own (checked before anything runs), so it cannot smuggle SQL in.
 */
export async function runReadOnlyPage(path: string, sql: string, params: Readonly<Record<string, ParamValue>>, page: PageRequest): Promise<QueryResult & { total: number }> {
  const duck = await openQueryReader(path);
  try {
    const inner = await prepareRead(duck, sql);
    const names = Array.from({ length: inner.columnCount }, (_, i) => inner.columnName(i));
    if (page.sort !== null && !names.includes(page.sort)) throw new QueryRefused(`cannot sort by '${page.sort}': the columns are ${names.join(', ')}`);
    const order = page.sort === null ? '' : `order by ${quoteIdentifier(page.sort)} ${page.dir} nulls last`;
    const limit = Math.max(0, Math.floor(page.limit));
    const offset = Math.max(0, Math.floor(page.offset));
    // The query's text ends at its own line, so a trailing comment cannot swallow the wrapper.
    const paged = await prepareRead(duck, `select * from (\n${sql.replace(/;\s*$/, '')}\n) as q ${order} limit ${limit} offset ${offset}`);
    bind(paged, params);
    const result = readAll(await refusing(() => paged.runAndReadAll()));
    // Counted apart, and only when the page is full: a count over the page's window would make
    // DuckDB sort every row, where ORDER BY … LIMIT alone keeps just the top ones (and skips row
    // groups that cannot hold them).
    const short = result.rows.length < limit && (result.rows.length > 0 || offset === 0);
    const total = short ? offset + result.rows.length : await countRows(duck, sql, params);
    return { ...result, total };
  } finally {
    duck.close();
  }
}

/**
 * A query's rows a chunk at a time (DuckDB's vectors of about two thousand rows), for downloads
 * of any size in bounded memory. The warehouse stays open until the iteration ends or is
 * abandoned.
 */
export async function* streamReadOnlyQuery(path: string, sql: string, params: Readonly<Record<string, ParamValue>> = {}): AsyncGenerator<{ columns: QueryResult['columns']; rows: Record<string, unknown>[] }> {
  const duck = await openQueryReader(path);
  try {
    const prepared = await prepareRead(duck, sql);
    bind(prepared, params);
    const result = await refusing(() => prepared.stream());
    const types = result.columnTypes().map((t) => t.toString());
    const columns = result.columnNames().map((name, i) => ({ name, type: types[i]! }));
    let sent = false;
    for await (const rows of result.yieldRowObjectJson()) {
      if (rows.length === 0) continue;
      yield { columns, rows: rows.map((row) => plain(row, columns)) };
      sent = true;
    }
    if (!sent) yield { columns, rows: [] };
  } finally {
    duck.close();
  }
}

async function countRows(duck: Duck, sql: string, params: Readonly<Record<string, ParamValue>>): Promise<number> {
  const counted = await prepareRead(duck, `select count(*) as n from (\n${sql.replace(/;\s*$/, '')}\n) as q`);
  bind(counted, params);
  return Number(readAll(await refusing(() => counted.runAndReadAll())).rows[0]!.n);
}

async function openQueryReader(path: string): Promise<Duck> {
  if (!existsSync(path)) throw new NoWarehouse(`no warehouse at ${path}; run 'ledgerloop pipeline' first`);
  return sharedReader(path);
}

/** Prepares exactly one statement that reads (sandbox.ts); anything else is refused before it runs. */
function prepareRead(duck: Duck, sql: string): Promise<DuckDBPreparedStatement> {
  return prepareReadOnly(duck.connection, sql);
}

function readAll(reader: DuckDBResultReader): QueryResult {
  const types = reader.columnTypes().map((t) => t.toString());
  const columns = reader.columnNames().map((name, i) => ({ name, type: types[i]! }));
  return { columns, rows: reader.getRowObjectsJson().map((row) => plain(row, columns)) };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Runs the named query sql/queries/<name>.sql with parameters given as text (as `--param`
 * gives them), so a model's input is exactly what `ledgerloop sql --file <name>` shows.
 */
export async function runNamedQuery(path: string, name: string, params: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>[]> {
  const text = readQueryFile(name);
  return (await runReadOnlyQuery(path, text, bindParams(parseNamedQuery(text).params, params))).rows;
}

/** runNamedQuery a chunk of rows at a time, for inputs too large to hold at once. */
export async function* streamNamedQuery(path: string, name: string, params: Readonly<Record<string, string>> = {}): AsyncGenerator<Record<string, unknown>[]> {
  const text = readQueryFile(name);
  for await (const chunk of streamReadOnlyQuery(path, text, bindParams(parseNamedQuery(text).params, params))) yield chunk.rows;
}

const DUCK_TYPE: Record<ParamValue['type'], DuckDBType> = { date: DATE, integer: BIGINT, text: VARCHAR };

/** Binds typed parameter values to a prepared statement by name. */
export function bind(prepared: DuckDBPreparedStatement, params: Readonly<Record<string, ParamValue>>): void {
  const names = Object.keys(params);
  if (names.length === 0) return;
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const name of names) {
    const p = params[name]!;
    values[name] = p.type === 'date' ? jsToDuckDBValue(new Date(`${p.value}T00:00:00Z`), DATE) : p.type === 'integer' ? jsToDuckDBValue(p.value as number, BIGINT) : String(p.value);
    types[name] = DUCK_TYPE[p.type];
  }
  try {
    prepared.bind(values, types);
  } catch (error) {
    throw new QueryRefused((error as Error).message.split('\n')[0]!);
  }
}

/** Integers come back as numbers where exact, decimals as numbers where they fit a double exactly. */
export function plain(row: Record<string, unknown>, columns: { name: string; type: string }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, type } of columns) {
    const v = row[name];
    if (typeof v === 'string' && /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(type) && Number.isSafeInteger(Number(v))) out[name] = Number(v);
    else if (typeof v === 'string' && type.startsWith('DECIMAL') && v.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15) out[name] = Number(v);
    else out[name] = v;
  }
  return out;
}
