/**
 * Readers of the warehouse in their own process, while pipeline runs replace it: `node
 * warehouse-reader.js <warehouse> <stop file> <tables as JSON>`. Until the stop file appears it
 * reads the way people do:
 *
 * - as `ledgerloop sql` does, opening the file read-only for each query (runReadOnlyQuery);
 * - as an analyst's DuckDB client does, keeping one read-only connection open across runs and
 *   reconnecting now and then.
 *
 * Each read is one statement that checks the file is whole: every table holds the rows the last
 * successful run recorded, the watermark is that run's, and the daily stock agrees with the
 * movements. A connection kept open must keep seeing the same run. Prints
 * {"reads", "runsSeen", "heldRunsSeen", "errors"} as JSON at the end.
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { runReadOnlyQuery } from '../../warehouse/read-only-query.js';

const [path, stopFile, tablesJson] = process.argv.slice(2) as [string, string, string];
const tables = JSON.parse(tablesJson) as string[];

const CHECK = `
  with last as (select run_id, rows_after from meta_pipeline_run where status = 'succeeded' order by run_id desc limit 1),
  counts(t, n) as (${tables.map((t) => `select '${t}', count(*) from ${t}`).join(' union all ')}),
  wrong as (
    select list(c.t || ' has ' || c.n || ' rows, the run recorded ' || coalesce(json_extract(l.rows_after, '$.' || c.t)::varchar, 'none') order by c.t) as tables
      from counts c, last l where c.n is distinct from json_extract(l.rows_after, '$.' || c.t)::bigint
  )
  select l.run_id, (select run_id from meta_watermark) as watermark_run, coalesce((select tables from wrong), []) as wrong_counts,
         (select coalesce(sum(value_functional), 0) from fact_inventory_daily where date = (select max(date) from fact_inventory_daily))
           - (select coalesce(sum(value_functional), 0) from fact_inventory_movement) as stock_gap
    from last l`;

interface Check {
  run_id: number;
  watermark_run: number;
  wrong_counts: string[];
  stock_gap: number;
}

const errors: string[] = [];
const runsSeen = new Set<number>();
const heldRunsSeen = new Set<number>();
let reads = 0;

function judge(who: string, row: Check | undefined): number | null {
  if (!row) {
    errors.push(`${who}: no successful run in the file`);
    return null;
  }
  const run = Number(row.run_id);
  if (Number(row.watermark_run) !== run) errors.push(`${who}: run ${run} with the watermark of run ${row.watermark_run}`);
  if (row.wrong_counts.length > 0) errors.push(`${who}: run ${run}: ${row.wrong_counts.join('; ')}`);
  if (Number(row.stock_gap) !== 0) errors.push(`${who}: run ${run}: daily stock differs from the movements by ${row.stock_gap}`);
  return run;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
while (!existsSync(path)) await sleep(5);

let held: { instance: DuckDBInstance; run: number | null; reads: number } | null = null;
const closeHeld = () => held?.instance.closeSync();
while (!existsSync(stopFile)) {
  try {
    const { rows } = await runReadOnlyQuery(path, CHECK);
    const run = judge('ledgerloop sql', rows[0] as unknown as Check | undefined);
    if (run !== null) runsSeen.add(run);
    reads++;
  } catch (error) {
    errors.push(`ledgerloop sql: ${String((error as Error).message ?? error).split('\n')[0]}`);
  }
  try {
    if (!held || held.reads >= 20) {
      closeHeld();
      held = { instance: await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' }), run: null, reads: 0 };
    }
    const connection = await held.instance.connect();
    try {
      const row = (await connection.runAndReadAll(CHECK)).getRowObjectsJson()[0] as unknown as Check | undefined;
      const run = judge('held connection', row);
      if (run !== null) {
        if (held.run !== null && held.run !== run) errors.push(`held connection: saw run ${held.run}, then run ${run} without reconnecting`);
        held.run = run;
        heldRunsSeen.add(run);
      }
      held.reads++;
      reads++;
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    errors.push(`held connection: ${String((error as Error).message ?? error).split('\n')[0]}`);
  }
}
closeHeld();
process.stdout.write(`${JSON.stringify({ reads, runsSeen: [...runsSeen].sort((a, b) => a - b), heldRunsSeen: [...heldRunsSeen].sort((a, b) => a - b), errors: errors.slice(0, 20) })}\n`);
