import { parse, UsageError } from '../args.js';
import { table } from '../format.js';
import { warehousePath } from '../../warehouse/location.js';
import { bindParams, parseNamedQuery, QueryInputError, readQueryFile } from '../../warehouse/named-queries.js';
import { NoWarehouse, QueryRefused, runReadOnlyQuery, type QueryResult } from '../../warehouse/read-only-query.js';
import type { Subcommand } from '../subcommand.js';

const FORMATS = ['table', 'csv', 'json'] as const;

export const sqlCommand: Subcommand = {
  name: 'sql',
  summary: 'query the warehouse (read-only): ad hoc, or a named query with parameters',
  help: `Usage: ledgerloop sql "<query>" [--format table|csv|json]
       ledgerloop sql --file sql/queries/NAME.sql [--param name=value ...] [--format ...]

Runs one query against $LEDGERLOOP_DATA/warehouse.duckdb, opened read-only: only one SELECT
(or EXPLAIN of one) runs; statements that write, COPY, ATTACH, SET, PRAGMA, CALL, INSTALL and
LOAD are refused, and so is any access to other files or the network (read_csv, read_parquet,
…). A refused or wrong query exits 2 with one line saying why.

  --file FILE      a query file, or the NAME of one in sql/queries (or of one saved from the
                   workbench, in $LEDGERLOOP_DATA/queries); its header documents its
                   parameters as  -- @param name date|integer|text [= default] description
  --param k=v      a parameter value (repeat for each); the query refers to it as $k
  --format F       table (default), csv or json

'ledgerloop schema' lists the tables and what every column means.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { file: { type: 'string' }, param: { type: 'string', multiple: true }, format: { type: 'string' } }, true);
    const format = values.format ?? 'table';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'`, 'format');
    if (values.file !== undefined && positionals.length > 0) throw new UsageError('give either a query or --file, not both');
    if (values.file === undefined && positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give a query in quotes, or --file' : 'give the query as one argument, in quotes');
    try {
      const text = values.file !== undefined ? readQueryFile(values.file) : positionals[0]!;
      const given = paramValues((values.param as string[] | undefined) ?? []);
      const params = values.file !== undefined ? bindParams(parseNamedQuery(text).params, given) : noParams(given);
      print(await runReadOnlyQuery(warehousePath(), text, params), format as (typeof FORMATS)[number]);
      return 0;
    } catch (error) {
      if (error instanceof QueryRefused || error instanceof QueryInputError) throw new UsageError(error.message);
      if (error instanceof NoWarehouse) throw new Error(error.message);
      throw error;
    }
  },
};

function paramValues(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param takes name=value, not '${pair}'`, 'param');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function noParams(given: Record<string, string>) {
  if (Object.keys(given).length > 0) throw new UsageError('--param works with --file, whose header declares the parameters', 'param');
  return {};
}

function print(result: QueryResult, format: (typeof FORMATS)[number]): void {
  const names = result.columns.map((c) => c.name);
  if (format === 'json') console.log(JSON.stringify(result.rows, null, 2));
  else if (format === 'csv') console.log([names.map(csvCell).join(','), ...result.rows.map((r) => names.map((n) => csvCell(r[n])).join(','))].join('\n'));
  else console.log(table(result.rows, names));
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
