import { resolve } from 'node:path';
import type { Database } from '../domain/db/connect.js';
import { withSourceSnapshot, type SourceSnapshot } from './extract/source.js';
import { stagingTableSql, type ReadWindow } from './extract/stage-spec.js';
import { crashedRecord, failStageFrom, InjectedFailure, recordFailure, type FailStage, type RunStage } from './failure.js';
import { applyDimensionPlan, loadType1, planDimension } from './load/dimension.js';
import { loadFact, newTable, transformFact } from './load/fact.js';
import { tracker, type PipelineProgress } from './progress.js';
import { compareFigures, ReconciliationError, type Figures } from './reconcile/compare.js';
import { creditNotesOutsideSalesOrders, crossCheckFigures, postgresFigures, warehouseFigures } from './reconcile/figures.js';
import { DIM_DATE, refreshDimDate } from './transform/dim-date.js';
import { GL_ACCOUNT_MONTH, refreshGlAccountMonth } from './transform/fact-gl-account-month.js';
import { refreshSalesMonth, SALES_MONTH } from './transform/fact-sales-month.js';
import { INVENTORY_DAILY, refreshInventoryDaily } from './transform/fact-inventory-daily.js';
import { installSqlFunctions } from './transform/sql-functions.js';
import { DIMENSIONS, FACTS, stagesOf, TABLES } from './transform/tables.js';
import type { TransformContext } from './transform/table.js';
import type { Type2Plan } from './transform/type2.js';
import { ATTACHED, attachWarehouse, openReader, openStaging, type Duck } from './warehouse/duck.js';
import { copyLive, discardNext, liveExists, removeLeftovers, swapIn, warehouseFiles, type WarehouseFiles } from './warehouse/files.js';
import { allowCompaction, tablesToCompact } from './warehouse/compaction.js';
import { acquireWarehouseLock, type CrashedRun } from './warehouse/lock.js';
import { carryHistory, nextRunId, readWatermark, recordRun, runRecorded, tableCounts, writeWatermark, type RunRecord, type Watermark } from './warehouse/meta.js';
import { applySchema, schemaFiles, schemaVersion } from './warehouse/schema.js';

export interface PipelineOptions {
  /** The warehouse file, e.g. $LEDGERLOOP_DATA/warehouse.duckdb. */
  warehousePath: string;
  /** Rebuild from nothing instead of applying what changed since the last run. */
  full?: boolean;
  onProgress?: (progress: PipelineProgress) => void;
  /** Server only: the connection string, when the Database's location hides a password. */
  sourceUrl?: string | undefined;
  /** Make the run fail at a stage (tests); LEDGERLOOP_PIPELINE_FAIL_AT does the same. */
  failAt?: FailStage;
  /** Called as the run reaches each stage. */
  onStage?: (stage: RunStage) => void | Promise<void>;
  /** DuckDB memory limit (default 384MB, DEFAULT_MEMORY_LIMIT; beyond it DuckDB spills to disk). */
  memoryLimit?: string;
}

export interface PipelineResult {
  runId: number;
  mode: 'full' | 'incremental';
  warehousePath: string;
  startedAt: string;
  seconds: number;
  watermarkFrom: string | null;
  watermarkTo: string;
  /** Time of the source snapshot the warehouse now reflects. */
  snapshotAt: string;
  rowsExtracted: Record<string, number>;
  rowsWritten: Record<string, number>;
  rowsAfter: Record<string, number>;
  figuresChecked: number;
}

/** Every table of the warehouse, meta included, for the row counts in the run log. */
export const WAREHOUSE_TABLES = [...TABLES.map((t) => t.table), INVENTORY_DAILY, GL_ACCOUNT_MONTH, SALES_MONTH, DIM_DATE];

/**
 * Loads the warehouse from the operational database, exactly once: incrementally from the
 * previous watermark, or in full the first time, when asked, or when the schema or the source
 * database changed. The run builds `<warehouse>.next` and renames it over the warehouse only
 * once it is complete, checkpointed and reconciled; until then the warehouse is untouched.
 *
 * The live file is never opened for writing. An incremental run copies it to `.next` in the
 * background while it stages the source's rows in an in-memory DuckDB, then attaches the copy
 * and applies the rows to it; a full run attaches a new file instead.
 */
export async function runPipeline(database: Database, options: PipelineOptions): Promise<PipelineResult> {
  const files = warehouseFiles(resolve(options.warehousePath));
  const failAt = options.failAt ?? failStageFrom(process.env.LEDGERLOOP_PIPELINE_FAIL_AT);
  const startedAt = new Date();
  const lock = acquireWarehouseLock(files.lock, startedAt);
  const began = performance.now();
  const reach = async (stage: RunStage) => {
    await options.onStage?.(stage);
    if (failAt === stage) throw new InjectedFailure(stage);
  };
  const source = `${database.kind} ${database.location}`;
  const progress = tracker(options.onProgress);
  // What the failure path needs to know: the open DuckDB, the background copy, the window
  // being read, and the crashed run this one took the lock from (unless it had finished).
  const state: { duck: Duck | null; copying: Promise<void> | null; window: ReadWindow | null; crashed: CrashedRun | null } = {
    duck: null, copying: null, window: null, crashed: lock.crashed,
  };
  try {
    const version = schemaVersion(schemaFiles());
    const prepare = progress.begin('prepare', 'staging');
    removeLeftovers(files);
    const live = liveExists(files) ? await readLive(files.live, lock.crashed) : null;
    if (live?.crashedRunRecorded) state.crashed = null;
    const previous = options.full ? null : (live?.watermark ?? null);
    if (previous) {
      state.copying = copyLive(files);
      state.copying.catch(() => {}); // awaited below; a failure surfaces there
    }
    state.duck = await openStaging(`${files.next}.tmp`, { memoryLimit: options.memoryLimit });
    const duck = state.duck;
    await installSqlFunctions(duck);
    prepare.end(0);
    await reach('prepare');

    const extracted = await withSourceSnapshot(database, { url: options.sourceUrl, scratch: files.scratch }, async (snapshot) => {
      const window: ReadWindow = previous && canContinue(previous, version, snapshot) ? { kind: 'changes', since: previous.xmin, seen: previous.snapshot } : { kind: 'full' };
      state.window = window;
      // The figures to reconcile against, from the very snapshot the rows came from, computed
      // while the rows are staged, transformed and loaded.
      const figures = snapshot.parallel(async (db) => ({ figures: await postgresFigures(db, TABLES), outside: await creditNotesOutsideSalesOrders(db) }));
      const rows = await extract(snapshot, window, duck, progress, reach);
      return { rows, figures, info: snapshot.info, window };
    });
    const { window, info } = extracted;

    // The warehouse file to apply the rows to: the copy (an incremental run's copy has this very
    // schema: its version is in the watermark), or a new file.
    const attach = progress.begin('prepare', 'warehouse file');
    if (window.kind === 'changes') {
      await state.copying;
    } else {
      await state.copying?.catch(() => {});
      discardNext(files);
    }
    await attachWarehouse(duck, files.next);
    if (window.kind === 'full') {
      await applySchema(duck);
      if (live) await carryHistory(duck, files.live);
    }
    attach.end(0);

    const ctx: TransformContext = {
      mode: window.kind === 'full' ? 'full' : 'incremental',
      functionalCurrency: info.functionalCurrency ?? '',
      snapshotUs: BigInt(info.takenAt.getTime()) * 1000n,
    };
    const plans = await transform(duck, ctx, progress);
    await reach('transform');
    const written = await load(duck, ctx, plans, progress, reach);
    const figuresChecked = await reconcile(duck, extracted.figures, progress);
    await reach('reconcile');

    const runId = await nextRunId(duck);
    const crashed = state.crashed ? [crashedRecord(state.crashed, runId)] : [];
    for (const c of crashed) await recordRun(duck, c);
    const result: PipelineResult = {
      runId: runId + crashed.length,
      mode: ctx.mode,
      warehousePath: files.live,
      startedAt: startedAt.toISOString(),
      seconds: (performance.now() - began) / 1000,
      watermarkFrom: window.kind === 'changes' ? window.since.toString() : null,
      watermarkTo: info.xmin.toString(),
      snapshotAt: info.takenAt.toISOString(),
      rowsExtracted: extracted.rows,
      rowsWritten: written,
      rowsAfter: await tableCounts(duck, WAREHOUSE_TABLES),
      figuresChecked,
    };
    await writeWatermark(duck, { xmin: info.xmin, snapshot: info.snapshot, sourceIdentity: info.identity, schemaVersion: version, runId: result.runId, snapshotAt: info.takenAt });
    await recordRun(duck, runRecord(result, source, startedAt, info.takenAt));
    state.duck = null;
    await publish(duck, files, result.rowsAfter, progress, reach);
    result.seconds = (performance.now() - began) / 1000;
    await reach('after-swap');
    return result;
  } catch (error) {
    state.duck?.close();
    await state.copying?.catch(() => {});
    removeLeftovers(files);
    await recordFailure(files, (first) => {
      const crashed = state.crashed ? [crashedRecord(state.crashed, first)] : [];
      return [...crashed, failedRecord(first + crashed.length, startedAt, source, state.window, error)];
    });
    throw error;
  } finally {
    lock.release();
  }
}

/** The live file's watermark, and whether its run log records the run whose stale lock this one took. */
async function readLive(path: string, crashed: CrashedRun | null): Promise<{ watermark: Watermark | null; crashedRunRecorded: boolean }> {
  const duck = await openReader(path).catch(() => null);
  if (!duck) return { watermark: null, crashedRunRecorded: false };
  try {
    return {
      watermark: await readWatermark(duck).catch(() => null),
      crashedRunRecorded: crashed ? await runRecorded(duck, crashed.pid, crashed.startedAt).catch(() => false) : false,
    };
  } finally {
    duck.close();
  }
}

/**
 * Checkpoints and closes `.next` (compacting the tables with many deleted rows, if any), then
 * swaps it in: from here on readers see the new state.
 */
async function publish(duck: Duck, files: WarehouseFiles, liveRows: Record<string, number>, progress: Progress, reach: (s: RunStage) => Promise<void>): Promise<void> {
  const compact = await tablesToCompact(duck, liveRows);
  const checkpoint = progress.begin('swap', compact.length > 0 ? `checkpoint, compacting ${compact.join(', ')}` : 'checkpoint');
  try {
    if (compact.length > 0) await allowCompaction(duck);
    await duck.run(`checkpoint ${ATTACHED}`);
  } finally {
    duck.close();
  }
  checkpoint.end(0);
  await reach('before-swap');
  const swap = progress.begin('swap', 'warehouse');
  swapIn(files);
  swap.end(0);
}

/** An incremental run needs the same schema, the same source database, and a watermark it has not passed. */
function canContinue(previous: Watermark, version: string, snapshot: SourceSnapshot): boolean {
  return previous.schemaVersion === version && previous.sourceIdentity === snapshot.info.identity && previous.xmin <= snapshot.info.xmin;
}

type Progress = ReturnType<typeof tracker>;

/** Stages every table's rows, as many stages at a time as the source has lanes, each lane on its own DuckDB connection. */
async function extract(snapshot: SourceSnapshot, window: ReadWindow, duck: Duck, progress: Progress, reach: (s: RunStage) => Promise<void>) {
  const stages = stagesOf(TABLES);
  await duck.run(stages.map(stagingTableSql).join(';\n'));
  const totals = window.kind === 'full' ? await snapshot.estimateRows(stages.filter((s) => s.query(window) !== null).map((s) => s.driver)) : new Map<string, number>();
  const rows: Record<string, number> = {};
  const queue = [...stages];
  let first = true;
  const lane = async (connection: Duck) => {
    try {
      for (let stage = queue.shift(); stage; stage = queue.shift()) {
        const t = progress.begin('extract', stage.name, stage.query(window) === null ? null : (totals.get(stage.driver) ?? null));
        rows[stage.name] = await snapshot.stage(stage, window, connection, t.update);
        t.end(rows[stage.name]!);
        // Mid-extraction, with the source snapshot open: where a failure there is injected.
        if (first) {
          first = false;
          await reach('extract');
        }
      }
    } catch (error) {
      queue.length = 0; // the other lanes stop after their current stage
      throw error;
    }
  };
  const connections = [duck, ...(await Promise.all(Array.from({ length: Math.max(snapshot.lanes, 1) - 1 }, () => duck.fork())))];
  try {
    // Every lane ends (or fails) before the snapshot closes; the first failure is the run's.
    const ended = await Promise.allSettled(connections.map(lane));
    const failed = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    for (const c of connections.slice(1)) c.close();
  }
  return Object.fromEntries(stages.map((s) => [s.name, rows[s.name] ?? 0]));
}

async function transform(duck: Duck, ctx: TransformContext, progress: Progress): Promise<Map<string, Type2Plan>> {
  const plans = new Map<string, Type2Plan>();
  for (const dim of DIMENSIONS) {
    if (dim.kind !== 'dimension-type2') continue;
    const t = progress.begin('transform', dim.table);
    const plan = await planDimension(duck, dim, ctx);
    plans.set(dim.table, plan);
    t.end(plan.inserts.length);
  }
  for (const fact of FACTS) {
    const t = progress.begin('transform', fact.table);
    t.end(await transformFact(duck, fact, ctx));
  }
  return plans;
}

async function load(duck: Duck, ctx: TransformContext, plans: Map<string, Type2Plan>, progress: Progress, reach: (s: RunStage) => Promise<void>) {
  const written: Record<string, number> = {};
  for (const dim of DIMENSIONS) {
    const t = progress.begin('load', dim.table);
    written[dim.table] = dim.kind === 'dimension' ? await loadType1(duck, dim, ctx) : await applyDimensionPlan(duck, dim, plans.get(dim.table)!);
    t.end(written[dim.table]!);
  }
  for (const fact of FACTS) {
    const t = progress.begin('load', fact.table);
    written[fact.table] = await loadFact(duck, fact, ctx);
    t.end(written[fact.table]!);
  }
  // Halfway through the load: facts written, derived tables and watermark not yet.
  await reach('load');
  const derived: [string, () => Promise<number>][] = [
    [INVENTORY_DAILY, () => refreshInventoryDaily(duck)],
    [GL_ACCOUNT_MONTH, () => refreshGlAccountMonth(duck)],
    [SALES_MONTH, () => refreshSalesMonth(duck)],
    // The calendar covers this run's rows (every row in a full run) and what it covered before.
    [DIM_DATE, () => refreshDimDate(duck, FACTS.flatMap((f) => f.dateColumns.map((column) => ({ table: newTable(f), column }))))],
  ];
  for (const [table, refresh] of derived) {
    const t = progress.begin('load', table);
    written[table] = await refresh();
    t.end(written[table]!);
  }
  return written;
}

async function reconcile(duck: Duck, fromSource: Promise<{ figures: Figures; outside: number[] }>, progress: Progress): Promise<number> {
  const t = progress.begin('reconcile', 'figures');
  const warehouse = await warehouseFigures(duck, TABLES);
  const source = await fromSource;
  const cross = await crossCheckFigures(duck, source.outside);
  const withPostgres = compareFigures(source.figures, warehouse);
  const within = compareFigures(cross.ledger, cross.facts, 'ledger');
  const mismatches = [...withPostgres.mismatches, ...within.mismatches].sort((a, b) => a.figure.localeCompare(b.figure));
  const checked = withPostgres.checked + within.checked;
  t.end(checked);
  if (mismatches.length > 0) throw new ReconciliationError(mismatches);
  return checked;
}

function runRecord(r: PipelineResult, source: string, startedAt: Date, snapshotAt: Date): RunRecord {
  return {
    runId: r.runId, startedAt, finishedAt: new Date(), status: 'succeeded', mode: r.mode, source,
    watermarkFrom: r.watermarkFrom === null ? null : BigInt(r.watermarkFrom), watermarkTo: BigInt(r.watermarkTo), snapshotAt,
    rowsExtracted: r.rowsExtracted, rowsWritten: r.rowsWritten, rowsAfter: r.rowsAfter, figuresChecked: r.figuresChecked, error: null, pid: process.pid,
  };
}

function failedRecord(runId: number, startedAt: Date, source: string, window: ReadWindow | null, error: unknown): RunRecord {
  return {
    runId, startedAt, finishedAt: new Date(), status: 'failed', mode: window?.kind === 'changes' ? 'incremental' : 'full', source,
    watermarkFrom: window?.kind === 'changes' ? window.since : null, watermarkTo: null, snapshotAt: null, rowsExtracted: null, rowsWritten: null,
    rowsAfter: null, figuresChecked: null, error: oneLine(error), pid: process.pid,
  };
}

const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 2000);
