// A reader in its own process, as `ledgerloop sql` would be: it opens the warehouse read-only
// again and again until <stop file> appears, and checks that each time the file is complete —
// every table holds the rows the last successful run recorded, and the daily stock agrees with
// the movements. Prints {"reads", "runs", "errors"} as JSON at the end.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';

const [path, stopFile] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let reads = 0;
const runs = new Set();
const errors = [];
while (!existsSync(stopFile)) {
  if (!existsSync(path)) {
    await sleep(5);
    continue;
  }
  try {
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const c = await instance.connect();
    try {
      const all = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJS();
      const [last] = await all(`select run_id, rows_after::varchar as rows_after from meta_pipeline_run where status = 'succeeded' order by run_id desc limit 1`);
      if (!last) throw new Error('no successful run in the file');
      runs.add(Number(last.run_id));
      for (const [table, expected] of Object.entries(JSON.parse(last.rows_after))) {
        const [{ n }] = await all(`select count(*) as n from ${table}`);
        if (Number(n) !== expected) errors.push(`run ${last.run_id}: ${table} has ${n} rows, the run recorded ${expected}`);
      }
      const [{ daily, moves }] = await all(`select (select coalesce(sum(value_functional), 0) from fact_inventory_daily where date = (select max(date) from fact_inventory_daily)) as daily,
                                                  (select coalesce(sum(value_functional), 0) from fact_inventory_movement) as moves`);
      if (daily !== moves) errors.push(`run ${last.run_id}: daily stock ${daily} ≠ movements ${moves}`);
      reads++;
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  } catch (error) {
    errors.push(String(error.message ?? error).split('\n')[0]);
  }
}
process.stdout.write(`${JSON.stringify({ reads, runs: [...runs].sort((a, b) => a - b), errors })}\n`);
