import { BIGINT, BOOLEAN, DATE, DuckDBDataChunk, INTEGER, JSToDuckDBValueConverter, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import type { Duck } from '../warehouse/duck.js';
import type { StageColumn, StageType } from '../extract/stage-spec.js';

/**
 * Appends rows of plain JS values (as Postgres drivers return them) to a DuckDB table in
 * columnar chunks of at most 2,048 rows, the DuckDB vector size.
 */
const DUCK_TYPES: Record<StageType, DuckDBType> = { INTEGER, BIGINT, VARCHAR, DATE, BOOLEAN };
const CHUNK = 2048;

export async function appendRows(duck: Duck, table: string, columns: readonly StageColumn[], rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await duck.connection.createAppender(table);
  try {
    const types = columns.map((c) => DUCK_TYPES[c.type]);
    for (let start = 0; start < rows.length; start += CHUNK) {
      const slice = rows.slice(start, start + CHUNK);
      const chunk = DuckDBDataChunk.create(types, slice.length);
      columns.forEach((column, i) => {
        chunk.setColumnValuesConverted(i, slice.map((row) => toDuck(row[column.name], column)), JSToDuckDBValueConverter);
      });
      appender.appendDataChunk(chunk);
    }
  } finally {
    appender.closeSync();
  }
}

/** One value as the converter expects it for the column's type. */
export function toDuck(value: unknown, column: StageColumn): string | number | bigint | boolean | Date | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'INTEGER':
    case 'BIGINT':
      if (typeof value === 'number' || typeof value === 'bigint') return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
      break;
    case 'VARCHAR':
      return typeof value === 'string' ? value : String(value);
    case 'DATE':
      // Business dates arrive as 'YYYY-MM-DD' and must not pass through a local time zone.
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
      break;
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      break;
  }
  throw new TypeError(`column ${column.name}: cannot stage ${JSON.stringify(value)} as ${column.type}`);
}
