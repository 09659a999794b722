import { parse, UsageError } from '../args.js';
import { table } from '../format.js';
import { exportParquet } from '../../warehouse/export.js';
import { warehousePath } from '../../warehouse/location.js';
import { NoWarehouse } from '../../warehouse/read-only-query.js';
import type { Subcommand } from '../subcommand.js';

export const exportCommand: Subcommand = {
  name: 'export',
  summary: 'export the warehouse as Parquet, facts partitioned by month',
  help: `Usage: ledgerloop export parquet --out DIR

Writes every warehouse table to DIR as Parquet: each fact partitioned by the month of its main
date in a Hive layout (DIR/fact_sales_line/month=2024-03/data_0.parquet), the other tables as
one file each (DIR/dim_customer.parquet). A fact's folder is replaced; nothing else in DIR is
touched. The warehouse is only read.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { out: { type: 'string' } }, true);
    if (positionals[0] !== 'parquet') throw new UsageError(positionals[0] ? `unknown format '${positionals[0]}'; only parquet` : 'name the format: ledgerloop export parquet --out DIR', 'format');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    if (!values.out) throw new UsageError('--out DIR is required', 'out');
    try {
      const exported = await exportParquet(warehousePath(), values.out);
      console.log(table(exported.map((e) => ({ table: e.table, rows: e.rows, partitioned: e.partitionedBy ?? '', path: e.path }))));
      return 0;
    } catch (error) {
      if (error instanceof NoWarehouse) throw new Error(error.message);
      throw error;
    }
  },
};
