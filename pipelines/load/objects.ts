import { DuckDBDataChunkWriter, JSToDuckDBValueConverter } from '@duckdb/node-api';
import { literal, type Duck } from '../warehouse/duck.js';

/** Appends rows given as objects to a temporary table, matching values to columns by name. */
export async function appendObjects(duck: Duck, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = await duck.all<{ column_name: string; data_type: string }>(
    `select column_name, data_type from duckdb_columns() where table_name = ${literal(table)} and database_name = 'temp' order by column_index`,
  );
  const names = columns.map((c) => [c.column_name, c.data_type] as const);
  const appender = await duck.connection.createAppender(table);
  try {
    const writer = DuckDBDataChunkWriter.forAppender(appender, { converter: JSToDuckDBValueConverter });
    for (const row of rows) writer.appendRow(names.map(([name, type]) => jsValue(row[name], type)) as never);
    writer.flush();
  } finally {
    appender.closeSync();
  }
}

/** INTEGER columns take numbers only; everything else takes what DuckDB itself returned. */
function jsValue(value: unknown, type: string): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint' && (type === 'INTEGER' || type === 'SMALLINT')) return Number(value);
  return value;
}
