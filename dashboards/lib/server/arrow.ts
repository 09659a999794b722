import { Bool, Float64, Table, tableToIPC, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { QueryResult } from '../../../warehouse/read-only-query.js';

/**
 * A warehouse query result as an Arrow IPC stream, the form query results travel to the
 * browser in: numbers (integers, decimals, doubles) as Float64 — display precision, never
 * stored back — booleans as Bool, everything else (dates, timestamps, text, JSON) as the text
 * DuckDB gives. Column order is the query's.
 */
export function toArrowIPC(result: QueryResult): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const { name, type } of result.columns) {
    const kind = arrowType(type);
    const values = result.rows.map((row) => cell(row[name], kind));
    vectors[name] = vectorFromArray(values as never[], kind as DataType) as Vector;
  }
  return tableToIPC(new Table(vectors), 'stream');
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

function arrowType(duckType: string): Float64 | Bool | Utf8 {
  if (NUMERIC.test(duckType)) return new Float64();
  if (duckType === 'BOOLEAN') return new Bool();
  return new Utf8();
}

function cell(value: unknown, kind: Float64 | Bool | Utf8): number | boolean | string | null {
  if (value === null || value === undefined) return null;
  if (kind instanceof Float64) return Number(value);
  if (kind instanceof Bool) return Boolean(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
