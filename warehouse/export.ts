import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openReader, literal } from '../pipelines/warehouse/duck.js';
import { FACTS } from '../pipelines/transform/tables.js';
import { INVENTORY_DAILY } from '../pipelines/transform/fact-inventory-daily.js';
import { NoWarehouse } from './read-only-query.js';

/**
 * Exports the warehouse as Parquet in a Hive layout: each fact partitioned by month of its main
 * date (`fact_sales_line/month=2024-03/data_0.parquet`; an empty fact, one file without rows in
 * `month=__HIVE_DEFAULT_PARTITION__`), every other table as one file. The warehouse is opened
 * read-only; each fact's folder is replaced.
 */
export interface ExportedTable {
  table: string;
  path: string;
  rows: number;
  partitionedBy: string | null;
}

const PARTITION_DATES: Record<string, string> = { ...Object.fromEntries(FACTS.map((f) => [f.table, f.partitionDate])), [INVENTORY_DAILY]: 'date' };

export async function exportParquet(warehouse: string, outDir: string): Promise<ExportedTable[]> {
  if (!existsSync(warehouse)) throw new NoWarehouse(`no warehouse at ${warehouse}; run 'ledgerloop pipeline' first`);
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const duck = await openReader(warehouse, { files: true });
  try {
    const tables = await duck.all<{ table_name: string }>(`select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main' order by 1`);
    const exported: ExportedTable[] = [];
    for (const { table_name: table } of tables) {
      const date = PARTITION_DATES[table] ?? null;
      const path = date ? join(out, table) : join(out, `${table}.parquet`);
      const rows = date
        ? await duck.run(`copy (select *, strftime(${date}, '%Y-%m') as month from ${table}) to ${literal(path)} (format parquet, partition_by (month), overwrite true)`)
        : await duck.run(`copy ${table} to ${literal(path)} (format parquet)`);
      if (date && rows === 0) {
        // An empty fact writes no partition, and a glob over its empty folder would fail: one file
        // without rows in Hive's null partition keeps the fact readable, schema and all.
        const empty = join(path, 'month=__HIVE_DEFAULT_PARTITION__');
        mkdirSync(empty, { recursive: true });
        await duck.run(`copy (select * from ${table} limit 0) to ${literal(join(empty, 'data_0.parquet'))} (format parquet)`);
      }
      exported.push({ table, path, rows, partitionedBy: date ? `month of ${date}` : null });
    }
    return exported;
  } finally {
    duck.close();
  }
}
