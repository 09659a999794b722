import { existsSync } from 'node:fs';
import { BIGINT, DATE, jsToDuckDBValue, VARCHAR, type DuckDBPreparedStatement, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { openReader } from '../pipelines/warehouse/duck.js';
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
  if (!existsSync(path)) throw new NoWarehouse(`no warehouse at ${path}; run 'ledgerloop pipeline' first`);
  const duck = await openReader(path);
  try {
    const prepared = await prepareReadOnly(duck.connection, sql);
    bind(prepared, params);
    const reader = await refusing(() => prepared.runAndReadAll());
    const types = reader.columnTypes().map((t) => t.toString());
    const columns = reader.columnNames().map((name, i) => ({ name, type: types[i]! }));
    return { columns, rows: reader.getRowObjectsJson().map((row) => plain(row, columns)) };
  } finally {
    duck.close();
  }
}

/**
 * Runs the named query sql/queries/<name>.sql with parameters given as text (as `--param`
 * gives them), so a model's input is exactly what `ledgerloop sql --file <name>` shows.
 */
export async function runNamedQuery(path: string, name: string, params: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>[]> {
  const text = readQueryFile(name);
  return (await runReadOnlyQuery(path, text, bindParams(parseNamedQuery(text).params, params))).rows;
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
