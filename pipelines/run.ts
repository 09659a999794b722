import { resolve } from 'node:path';
import type { Database } from '../domain/db/connect.js';
import { withSourceSnapshot, type SourceSnapshot } from './extract/source.js';
import { stagingTableSql, type ReadWindow } from './extract/stage-spec.js';
import { crashedRecord, failStageFrom, InjectedFailure, recordFailure, type FailStage } from './failure.js';
import { applyDimensionPlan, loadType1, planDimension } from './load/dimension.js';
import { loadFact, transformFact } from './load/fact.js';
import { tracker, type PipelineProgress } from './progress.js';
import { compareFigures, ReconciliationError, type Figures } from './reconcile/compare.js';
import { crossCheckFigures, postgresFigures, warehouseFigures } from './reconcile/figures.js';
import { DIM_DATE, refreshDimDate } from './transform/dim-date.js';
import { INVENTORY_DAILY, refreshInventoryDaily } from './transform/fact-inventory-daily.js';
import { installSqlFunctions } from './transform/sql-functions.js';
import { DIMENSIONS, FACTS, stagesOf, TABLES } from './transform/tables.js';
import type { TransformContext } from './transform/table.js';
import type { Type2Plan } from './transform/type2.js';
import { openWriter, type Duck } from './warehouse/duck.js';
import { liveExists, removeLeftovers, startNext, swapIn, warehouseFiles, type WarehouseFiles } from './warehouse/files.js';
import { acquireWarehouseLock } from './warehouse/lock.js';
import { nextRunId, readWatermark, recordRun, tableCounts, writeWatermark, type RunRecord, type Watermark } from './warehouse/meta.js';
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
  onStage?: (stage: FailStage) => void | Promise<void>;
  /** DuckDB memory limit (default 384MB; beyond it DuckDB spills to disk). */
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
  rowsExtracted: Record<string, number>;
  rowsWritten: Record<string, number>;
  rowsAfter: Record<string, number>;
  figuresChecked: number;
}

/** Every table of the warehouse, meta included, for the row counts in the run log. */
export const WAREHOUSE_TABLES = [...TABLES.map((t) => t.table), INVENTORY_DAILY, DIM_DATE];

/**
 * Loads the warehouse from the operational database, exactly once: incrementally from the
 * previous watermark, or in full the first time, when asked, or when the schema or the source
 * database changed. The run builds `<warehouse>.next` and renames it over the warehouse only
 * once it is complete, checkpointed and reconciled; until then the warehouse is untouched.
 */
export async function runPipeline(database: Database, options: PipelineOptions): Promise<PipelineResult> {
  const files = warehouseFiles(resolve(options.warehousePath));
  const failAt = options.failAt ?? failStageFrom(process.env.LEDGERLOOP_PIPELINE_FAIL_AT);
  const lock = acquireWarehouseLock(files.lock);
  const startedAt = new Date();
  const began = performance.now();
  const reach = async (stage: FailStage) => {
    await options.onStage?.(stage);
    if (failAt === stage) throw new InjectedFailure(stage);
  };
  const source = `${database.kind} ${database.location}`;
  const progress = tracker(options.onProgress);
  // What the failure path needs to know: the open DuckDB, if any, and the window being read.
  const state: { duck: Duck | null; window: ReadWindow | null } = { duck: null, window: null };
  try {
    const version = schemaVersion(schemaFiles());
    const prepare = progress.begin('prepare', 'copy of the warehouse');
    const copied = liveExists(files) && !options.full;
    startNext(files, copied);
    state.duck = await openWriter(files.next, { memoryLimit: options.memoryLimit });
    const previous = options.full ? null : await readWatermark(state.duck).catch(() => null);
    prepare.end(0);

    const extracted = await withSourceSnapshot(database, { url: options.sourceUrl, scratch: files.scratch }, async (snapshot) => {
      const window: ReadWindow = previous && canContinue(previous, version, snapshot) ? { kind: 'changes', since: previous.xmin } : { kind: 'full' };
      state.window = window;
      // A full build starts from an empty file, whatever the copy held (another schema, another source).
      if (window.kind === 'full' && copied) state.duck = await startOver(state.duck!, files, options.memoryLimit);
      const duck = state.duck!;
      // An incremental run's copy already has this very schema (its version is in the watermark).
      if (window.kind === 'full') await applySchema(duck);
      await installSqlFunctions(duck);
      // The figures to reconcile against, from the very snapshot the rows came from, computed
      // while the rows are staged, transformed and loaded.
      const figures = snapshot.parallel((db) => postgresFigures(db, TABLES));
      const rows = await extract(snapshot, window, duck, progress, reach);
      return { rows, figures, info: snapshot.info, window };
    });
    const { window, info } = extracted;
    const duck = state.duck;
    const ctx: TransformContext = {
      mode: window.kind === 'full' ? 'full' : 'incremental',
      functionalCurrency: info.functionalCurrency ?? '',
      snapshotUs: BigInt(info.takenAt.getTime()) * 1000n,
    };
    const plans = await transform(duck, ctx, progress);
    await reach('transform');
    const written = await load(duck, ctx, plans, progress, reach);
    const figuresChecked = await reconcile(duck, extracted.figures, progress);

    const runId = await nextRunId(duck);
    const crashed = lock.crashed ? [crashedRecord(lock.crashed, runId)] : [];
    for (const c of crashed) await recordRun(duck, c);
    const result: PipelineResult = {
      runId: runId + crashed.length,
      mode: ctx.mode,
      warehousePath: files.live,
      startedAt: startedAt.toISOString(),
      seconds: (performance.now() - began) / 1000,
      watermarkFrom: window.kind === 'changes' ? window.since.toString() : null,
      watermarkTo: info.xmin.toString(),
      rowsExtracted: extracted.rows,
      rowsWritten: written,
      rowsAfter: await tableCounts(duck, WAREHOUSE_TABLES),
      figuresChecked,
    };
    await writeWatermark(duck, { xmin: info.xmin, sourceIdentity: info.identity, schemaVersion: version, runId: result.runId, snapshotAt: info.takenAt });
    await recordRun(duck, runRecord(result, source, info.takenAt));
    state.duck = null;
    await publish(duck, files, progress, reach);
    result.seconds = (performance.now() - began) / 1000;
    return result;
  } catch (error) {
    state.duck?.close();
    removeLeftovers(files);
    await recordFailure(files, (first) => {
      const crashed = lock.crashed ? [crashedRecord(lock.crashed, first)] : [];
      return [...crashed, failedRecord(first + crashed.length, startedAt, source, state.window, error)];
    });
    throw error;
  } finally {
    lock.release();
  }
}

/** Checkpoints and closes `.next`, then swaps it in: from here on readers see the new state. */
async function publish(duck: Duck, files: WarehouseFiles, progress: Progress, reach: (s: FailStage) => Promise<void>): Promise<void> {
  const checkpoint = progress.begin('swap', 'checkpoint');
  try {
    await duck.run('checkpoint');
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

async function startOver(duck: Duck, files: WarehouseFiles, memoryLimit: string | undefined): Promise<Duck> {
  duck.close();
  startNext(files, false);
  return openWriter(files.next, { memoryLimit });
}

type Progress = ReturnType<typeof tracker>;

async function extract(snapshot: SourceSnapshot, window: ReadWindow, duck: Duck, progress: Progress, reach: (s: FailStage) => Promise<void>) {
  const rows: Record<string, number> = {};
  let first = true;
  for (const stage of stagesOf(TABLES)) {
    await duck.run(stagingTableSql(stage));
    const total = window.kind === 'full' && stage.query(window) !== null ? await snapshot.estimateRows(stage.driver) : null;
    const t = progress.begin('extract', stage.name, total);
    rows[stage.name] = await snapshot.stage(stage, window, duck, t.update);
    t.end(rows[stage.name]!);
    // Mid-extraction, with the source snapshot open: where a failure there is injected.
    if (first) await reach('extract');
    first = false;
  }
  return rows;
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

async function load(duck: Duck, ctx: TransformContext, plans: Map<string, Type2Plan>, progress: Progress, reach: (s: FailStage) => Promise<void>) {
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
  const derived: [string, string[]][] = [
    [INVENTORY_DAILY, refreshInventoryDaily()],
    [DIM_DATE, refreshDimDate(FACTS.flatMap((f) => f.dateColumns.map((column) => ({ table: f.table, column }))))],
  ];
  for (const [table, statements] of derived) {
    const t = progress.begin('load', table);
    let n = 0;
    for (const statement of statements) n += statement.trimStart().startsWith('insert') ? await duck.run(statement) : (await duck.run(statement), 0);
    written[table] = n;
    t.end(n);
  }
  return written;
}

async function reconcile(duck: Duck, postgresFigures: Promise<Figures>, progress: Progress): Promise<number> {
  const t = progress.begin('reconcile', 'figures');
  const warehouse = await warehouseFigures(duck, TABLES);
  const cross = await crossCheckFigures(duck);
  const withPostgres = compareFigures(await postgresFigures, warehouse);
  const within = compareFigures(cross.ledger, cross.facts, 'ledger');
  const mismatches = [...withPostgres.mismatches, ...within.mismatches];
  const checked = withPostgres.checked + within.checked;
  t.end(checked);
  if (mismatches.length > 0) throw new ReconciliationError(mismatches.sort((a, b) => a.figure.localeCompare(b.figure)));
  return checked;
}

function runRecord(r: PipelineResult, source: string, snapshotAt: Date): RunRecord {
  return {
    runId: r.runId, startedAt: new Date(r.startedAt), finishedAt: new Date(), status: 'succeeded', mode: r.mode, source,
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
