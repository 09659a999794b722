import { DuckDBDataChunk, JSToDuckDBValueConverter, type DuckDBType } from '@duckdb/node-api';
import { resolve } from 'node:path';
import { openMemory, openWriter, literal, toNumber, type Duck } from '../../pipelines/warehouse/duck.js';
import { copyLive, liveExists, removeLeftovers, swapIn, warehouseFiles } from '../../pipelines/warehouse/files.js';
import { acquireWarehouseLock } from '../../pipelines/warehouse/lock.js';
import { applySchema, modelSchemaFiles } from '../../pipelines/warehouse/schema.js';
import { NoWarehouse } from '../read-only-query.js';

/**
 * Stores model outputs in the warehouse the way the pipeline stores facts: under the warehouse
 * lock, into a copy of the live file, swapped in whole. Readers see all of a forecast run or
 * none of it, and a forecast never races a pipeline run for the file.
 */
export interface ModelOutput {
  /** meta_model_run.model, e.g. 'demand'. */
  model: string;
  modelVersion: string;
  asOf: string;
  startedAt: Date;
  finishedAt: Date;
  status: 'succeeded' | 'skipped';
  summary: unknown;
  error: string | null;
  /** Output tables (sql/warehouse/models/<table>.sql) and their rows, run_id left to the writer. */
  tables: readonly ModelTable[];
}

export interface ModelTable {
  table: string;
  rows: readonly Record<string, unknown>[];
}

export const rowsOf = (o: ModelOutput) => o.tables.reduce((n, t) => n + t.rows.length, 0);

/** Appends one forecast run's outputs; returns its run id. */
export async function publishModelOutputs(warehousePath: string, outputs: readonly ModelOutput[]): Promise<number> {
  const files = warehouseFiles(resolve(warehousePath));
  if (!liveExists(files)) throw new NoWarehouse(`no warehouse at ${files.live}; run 'ledgerloop pipeline' first`);
  const lock = acquireWarehouseLock(files.lock);
  let duck: Duck | null = null;
  try {
    removeLeftovers(files);
    await copyLive(files);
    duck = await openWriter(files.next);
    await applyModelSchema(duck);
    const runId = toNumber((await duck.all<{ n: bigint | null }>('select max(run_id) as n from meta_model_run'))[0]?.n) + 1;
    await duck.run('begin');
    for (const o of outputs) {
      for (const t of o.tables) await appendObjects(duck, t.table, t.rows.map((r) => ({ run_id: runId, ...r })));
      await duck.run(`insert into meta_model_run values (${runId}, ${literal(o.model)}, ${literal(o.modelVersion)}, ${literal(o.asOf)}::date,
        make_timestamptz(${BigInt(o.startedAt.getTime()) * 1000n}), make_timestamptz(${BigInt(o.finishedAt.getTime()) * 1000n}),
        ${literal(o.status)}, ${rowsOf(o)}, ${literal(JSON.stringify(o.summary ?? null))}::json, ${o.error === null ? 'null' : literal(o.error)})`);
    }
    await duck.run('commit');
    await duck.run('checkpoint');
    duck.close();
    duck = null;
    swapIn(files);
    return runId;
  } catch (error) {
    duck?.close();
    removeLeftovers(files);
    throw error;
  } finally {
    lock.release();
  }
}

/**
 * Creates the model tables, and adds to a table kept from an earlier version the columns its
 * file has gained since (nullable: the old runs' rows have no value for them). History is never
 * dropped; a column's removal or retyping needs a new table name.
 */
async function applyModelSchema(duck: Duck): Promise<void> {
  const files = modelSchemaFiles();
  const shape = await openMemory();
  try {
    await applySchema(shape, files);
    const wanted = await shape.all<{ table_name: string; column_name: string; data_type: string }>('select table_name, column_name, data_type from duckdb_columns() order by table_name, column_index');
    const columns = await duck.all<{ table_name: string; column_name: string }>('select table_name, column_name from duckdb_columns() where database_name = current_database()');
    const tables = new Set(columns.map((c) => c.table_name));
    const have = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
    for (const c of wanted) {
      if (tables.has(c.table_name) && !have.has(`${c.table_name}.${c.column_name}`)) await duck.run(`alter table ${c.table_name} add column ${c.column_name} ${c.data_type}`);
    }
  } finally {
    shape.close();
  }
  await applySchema(duck, files); // new tables, and every comment
}

const CHUNK = 2048;

/**
 * Appends plain objects to a table through DuckDB's appender, in the table's column order,
 * converting by the column's type. A column missing from a row is null; a row key that is
 * not a column is an error (a misspelt column must not vanish silently).
 */
export async function appendObjects(duck: Duck, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = (await duck.all<{ column_name: string }>(`select column_name from duckdb_columns() where table_name = ${literal(table)} and database_name = current_database() order by column_index`)).map((c) => c.column_name);
  const known = new Set(columns);
  for (const key of Object.keys(rows[0]!)) if (!known.has(key)) throw new Error(`${table} has no column ${key}`);
  const appender = await duck.connection.createAppender(table);
  try {
    const types: DuckDBType[] = columns.map((_, i) => appender.columnType(i));
    for (let start = 0; start < rows.length; start += CHUNK) {
      const slice = rows.slice(start, start + CHUNK);
      const chunk = DuckDBDataChunk.create(types, slice.length);
      columns.forEach((column, i) => chunk.setColumnValuesConverted(i, slice.map((row) => toValue(row[column], types[i]!, table, column)), JSToDuckDBValueConverter));
      appender.appendDataChunk(chunk);
    }
  } finally {
    appender.closeSync();
  }
}

function toValue(value: unknown, type: DuckDBType, table: string, column: string): string | number | bigint | boolean | Date | null {
  if (value === null || value === undefined) return null;
  const name = type.toString();
  if (name === 'DATE' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  if ((name === 'BIGINT' || name === 'INTEGER') && typeof value === 'number' && !Number.isInteger(value)) throw new Error(`${table}.${column}: ${value} is not an integer`);
  if (name === 'DOUBLE' && typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${table}.${column}: ${value} is not a finite number`);
  if (name === 'JSON') return JSON.stringify(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value instanceof Date) return value;
  throw new Error(`${table}.${column}: cannot store ${JSON.stringify(value)}`);
}
