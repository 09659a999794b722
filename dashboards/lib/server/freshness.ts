import { warehouseFreshness } from '../../../warehouse/freshness.js';
import { dashboardContext } from './context.js';

/** The warehouse's "data as of", as every page shows it (plain values, for the page data). */
export interface DataAsOf {
  /** ISO time of the operational snapshot the last successful pipeline run read; null with none. */
  snapshotAt: string | null;
  /** Latest posting date in the ledger (YYYY-MM-DD). */
  dataThrough: string | null;
  /** The latest run, when it failed: the warehouse still shows the run before it. */
  lastFailure: { runId: number; status: string; at: string; error: string | null } | null;
}

export async function dataAsOf(): Promise<DataAsOf | null> {
  const f = await warehouseFreshness(dashboardContext().warehousePath);
  if (!f) return null;
  return {
    snapshotAt: f.lastSuccess?.snapshotAt.toISOString() ?? null,
    dataThrough: f.dataThrough,
    lastFailure: f.lastFailure && { runId: f.lastFailure.runId, status: f.lastFailure.status, at: f.lastFailure.at.toISOString(), error: f.lastFailure.error },
  };
}
