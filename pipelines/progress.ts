/**
 * Progress of a run, table by table: rows so far, rows per second and, when the total is known
 * (a full run's extraction, from the planner's estimate), the time left.
 */
export type PipelinePhase = 'prepare' | 'extract' | 'transform' | 'load' | 'reconcile' | 'swap';

export interface PipelineProgress {
  phase: PipelinePhase;
  table: string;
  rows: number;
  /** Expected rows, when known. */
  total: number | null;
  rowsPerSecond: number;
  /** Seconds spent on this table so far. */
  seconds: number;
  /** Seconds left for this table, when the total is known. */
  etaSeconds: number | null;
  done: boolean;
}

export function progressOf(phase: PipelinePhase, table: string, rows: number, total: number | null, elapsedSeconds: number, done: boolean): PipelineProgress {
  const rowsPerSecond = elapsedSeconds > 0 ? rows / elapsedSeconds : 0;
  const left = total === null ? null : Math.max(total - rows, 0);
  const etaSeconds = done ? 0 : left === null || rowsPerSecond === 0 ? null : left / rowsPerSecond;
  return { phase, table, rows, total, rowsPerSecond, seconds: elapsedSeconds, etaSeconds, done };
}

/** Reports one table's progress through `report`, timing it from `begin`. */
export function tracker(report: ((p: PipelineProgress) => void) | undefined, now: () => number = () => performance.now()) {
  return {
    begin(phase: PipelinePhase, table: string, total: number | null = null) {
      const started = now();
      const emit = (rows: number, done: boolean) => report?.(progressOf(phase, table, rows, total, (now() - started) / 1000, done));
      emit(0, false);
      return { update: (rows: number) => emit(rows, false), end: (rows: number) => emit(rows, true) };
    },
  };
}
