import { openWriter } from './warehouse/duck.js';
import { liveExists, startNext, swapIn, removeLeftovers, type WarehouseFiles } from './warehouse/files.js';
import { applySchema } from './warehouse/schema.js';
import { nextRunId, recordRun, type RunRecord } from './warehouse/meta.js';
import type { CrashedRun } from './warehouse/lock.js';

/**
 * Failures. A test (or an operator rehearsing recovery) can make a run fail at a named stage,
 * by option or by LEDGERLOOP_PIPELINE_FAIL_AT. A failed run leaves the data as it was; its row
 * in the run log is added by swapping in a copy of the previous state with that row appended,
 * so readers never see a file being written.
 */
export const FAIL_STAGES = ['prepare', 'extract', 'transform', 'load', 'reconcile', 'before-swap'] as const;
export type FailStage = (typeof FAIL_STAGES)[number];

/**
 * Every point a run reports reaching (PipelineOptions.onStage), in order: the failure stages, and
 * `after-swap` — the new state is published, the lock not yet released — where a process that
 * dies has still finished its run.
 */
export const RUN_STAGES = [...FAIL_STAGES, 'after-swap'] as const;
export type RunStage = (typeof RUN_STAGES)[number];

export class InjectedFailure extends Error {
  override readonly name = 'InjectedFailure';
  constructor(readonly stage: FailStage) {
    super(`pipeline failed on purpose at ${stage} (LEDGERLOOP_PIPELINE_FAIL_AT)`);
  }
}

export function failStageFrom(value: string | undefined): FailStage | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(FAIL_STAGES as readonly string[]).includes(value)) throw new Error(`LEDGERLOOP_PIPELINE_FAIL_AT must be one of ${FAIL_STAGES.join(', ')}, not '${value}'`);
  return value as FailStage;
}

/** Appends run-log rows (a crashed predecessor, this failed run) to the live warehouse. Best effort. */
export async function recordFailure(files: WarehouseFiles, rows: (runId: number) => RunRecord[]): Promise<void> {
  try {
    startNext(files, liveExists(files));
    const duck = await openWriter(files.next);
    try {
      await applySchema(duck);
      const first = await nextRunId(duck);
      for (const row of rows(first)) await recordRun(duck, row);
      await duck.run('checkpoint');
    } finally {
      duck.close();
    }
    swapIn(files);
  } catch {
    removeLeftovers(files); // the failure itself is what the caller reports
  }
}

export function crashedRecord(crashed: CrashedRun, runId: number): RunRecord {
  return {
    runId, startedAt: crashed.startedAt, finishedAt: null, status: 'crashed', mode: 'unknown', source: 'unknown', watermarkFrom: null,
    watermarkTo: null, snapshotAt: null, rowsExtracted: null, rowsWritten: null, rowsAfter: null, figuresChecked: null,
    error: `process ${crashed.pid} stopped before finishing; the warehouse kept its previous state`, pid: crashed.pid,
  };
}
