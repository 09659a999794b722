import { parse } from '../args.js';
import { withDatabase } from '../database.js';
import { duration, table } from '../format.js';
import { runPipeline, type PipelineProgress, type PipelineResult } from '../../pipelines/index.js';
import { warehousePath } from '../../warehouse/location.js';
import type { Subcommand } from '../subcommand.js';

export const pipelineCommand: Subcommand = {
  name: 'pipeline',
  summary: 'load the DuckDB warehouse from the operational database, incrementally, reconciled',
  help: `Usage: ledgerloop pipeline [--full] [--json]

Loads the star schema in $LEDGERLOOP_DATA/warehouse.duckdb (default ./data) from the
operational database. The first run, and any run with --full, builds it from nothing; later
runs apply only what changed since the previous one, found in core.outbox within one consistent
snapshot, so a transaction that commits late is loaded by the next run rather than skipped.

The new state is built beside the warehouse and swapped in only when complete and reconciled:
revenue, cost of goods sold, stock value, open receivables and payables, every account balance
and every table's row count must equal the operational books, or the run fails (exit 1) naming
the figures, and the warehouse keeps its previous state. Readers are never blocked.

  --full   rebuild from nothing (dimension history restarts from the current state)
  --json   print the run's result as JSON

Progress goes to stderr. The run log is the table meta_pipeline_run.`,
  async run(argv) {
    const { values } = parse(argv, { full: { type: 'boolean' }, json: { type: 'boolean' } });
    const result = await withDatabase((database) =>
      runPipeline(database, {
        warehousePath: warehousePath(),
        full: Boolean(values.full),
        sourceUrl: process.env.DATABASE_URL || undefined,
        onProgress: progressPrinter(),
      }),
    );
    console.log(values.json ? JSON.stringify(result, null, 2) : describeRun(result));
    return 0;
  },
};

export function describeRun(r: PipelineResult): string {
  const watermark = r.watermarkFrom === null ? `to watermark ${r.watermarkTo}` : `watermark ${r.watermarkFrom} → ${r.watermarkTo}`;
  return [
    `${r.mode === 'full' ? 'Full' : 'Incremental'} run ${r.runId} into ${r.warehousePath} in ${duration(r.seconds)} (${watermark})`,
    '',
    table(Object.keys(r.rowsAfter).map((t) => ({ table: t, 'rows written': r.rowsWritten[t] ?? 0, rows: r.rowsAfter[t] ?? 0 }))),
    '',
    `Reconciled ${r.figuresChecked} figures with the operational books.`,
  ].join('\n');
}

/** One line per finished step when stderr is a file; a line rewritten in place on a terminal. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: PipelineProgress) => void {
  let last = 0;
  return (p) => {
    const rows = p.rows > 0 || p.phase === 'extract' ? `${p.rows.toLocaleString('en-US')}${p.total !== null ? ` of ~${p.total.toLocaleString('en-US')}` : ''} rows` : '';
    const rate = p.rows > 0 && p.rowsPerSecond > 0 ? ` (${Math.round(p.rowsPerSecond).toLocaleString('en-US')} rows/s)` : '';
    const eta = p.etaSeconds !== null && !p.done ? `, ETA ${duration(p.etaSeconds)}` : '';
    const text = `${p.phase} ${p.table}: ${rows}${rate}${eta}${p.done ? `${rows ? ' ' : ''}in ${p.seconds.toFixed(1)} s` : ''}`;
    if (stream.isTTY) {
      const now = Date.now();
      if (!p.done && now - last < 200) return;
      last = now;
      stream.write(`\r\x1b[2K${text}${p.phase === 'swap' && p.table === 'warehouse' && p.done ? '\n' : ''}`);
    } else if (p.done) {
      stream.write(`${text}\n`);
    }
  };
}
