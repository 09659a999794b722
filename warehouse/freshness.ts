import { existsSync } from 'node:fs';
import { toNumber } from '../pipelines/warehouse/duck.js';
import { sharedReader } from './shared-reader.js';

/**
 * How current the warehouse is, from its own run log (meta_pipeline_run): the last run that
 * succeeded, the snapshot of the operational database it reflects, the latest business date in
 * the ledger, and the latest run if that one failed. What the dashboards show as data freshness.
 */
export interface WarehouseFreshness {
  path: string;
  lastSuccess: { runId: number; mode: string; finishedAt: Date; snapshotAt: Date; seconds: number } | null;
  /** The most recent run, when it did not succeed (the warehouse kept the state before it). */
  lastFailure: { runId: number; status: string; at: Date; error: string | null } | null;
  /** The latest posting date in fact_gl_line (YYYY-MM-DD), null when the ledger is empty. */
  dataThrough: string | null;
}

export async function warehouseFreshness(path: string): Promise<WarehouseFreshness | null> {
  if (!existsSync(path)) return null;
  const duck = await sharedReader(path);
  try {
    const runs = await duck.all<{ run_id: bigint; status: string; mode: string; started_at: Date; finished_at: Date | null; snapshot_at: Date | null; error: string | null }>(
      `select run_id, status, mode, started_at, finished_at, snapshot_at, error from meta_pipeline_run
        where run_id = (select max(run_id) from meta_pipeline_run)
           or run_id = (select max(run_id) from meta_pipeline_run where status = 'succeeded')
        order by run_id desc`,
    );
    const success = runs.find((r) => r.status === 'succeeded');
    const latest = runs[0];
    const [through] = await duck.all<{ d: string | null }>('select max(entry_date)::varchar as d from fact_gl_line');
    return {
      path,
      lastSuccess: success
        ? {
            runId: toNumber(success.run_id),
            mode: success.mode,
            finishedAt: success.finished_at!,
            snapshotAt: success.snapshot_at!,
            seconds: (success.finished_at!.getTime() - success.started_at.getTime()) / 1000,
          }
        : null,
      lastFailure: latest && latest.status !== 'succeeded' ? { runId: toNumber(latest.run_id), status: latest.status, at: latest.finished_at ?? latest.started_at, error: latest.error } : null,
      dataThrough: through?.d ?? null,
    };
  } finally {
    duck.close();
  }
}
