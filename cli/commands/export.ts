import { writeFileSync } from 'node:fs';
import { dateOption, parse, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { table } from '../format.js';
import { exportParquet } from '../../warehouse/export.js';
import { ledgerJournal } from '../../warehouse/ledger-journal.js';
import { warehousePath } from '../../warehouse/location.js';
import { NoWarehouse } from '../../warehouse/read-only-query.js';
import type { Subcommand } from '../subcommand.js';

export const exportCommand: Subcommand = {
  name: 'export',
  summary: 'export the warehouse as Parquet, or the general ledger as an hledger/ledger journal',
  help: `Usage: ledgerloop export parquet --out DIR
       ledgerloop export ledger --out FILE [--to DATE]

Writes every warehouse table to DIR as Parquet: each fact partitioned by the month of its main
date in a Hive layout (DIR/fact_sales_line/month=2024-03/data_0.parquet), the other tables as
one file each (DIR/dim_customer.parquet). A fact's folder is replaced; nothing else in DIR is
touched. The warehouse is only read.

'export ledger' writes the general ledger up to --to (default: all) from the database as a
plain-text journal: one transaction per entry (date, entry number and memo), postings to
accounts named by their path of "code name" headings, amounts in the functional currency with
its decimals. 'hledger -f FILE balance' and 'ledger -f FILE balance' then give the trial
balance.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { out: { type: 'string' }, to: { type: 'string' } }, true);
    if (positionals[0] !== 'parquet' && positionals[0] !== 'ledger') throw new UsageError(positionals[0] ? `unknown format '${positionals[0]}'; parquet or ledger` : 'name the format: ledgerloop export parquet --out DIR, or export ledger --out FILE', 'format');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    if (!values.out) throw new UsageError(`--out ${positionals[0] === 'ledger' ? 'FILE' : 'DIR'} is required`, 'out');
    if (positionals[0] === 'ledger') {
      const to = dateOption(values.to, 'to') ?? '9999-12-31';
      const journal = await withDatabase(({ db }) => ledgerJournal(db, to));
      writeFileSync(values.out, journal.text);
      console.log(`${journal.entries} journal entries in ${journal.currency} written to ${values.out}`);
      return 0;
    }
    if (values.to !== undefined) throw new UsageError('--to applies to export ledger only', 'to');
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
