import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One pipeline run per warehouse at a time. The lock file holds the owner's pid and start time;
 * a lock whose process is gone belonged to a run that crashed or was killed, which the next run
 * takes over and reports so that the run log records it.
 */
export class PipelineBusyError extends Error {
  override readonly name = 'PipelineBusyError';
}

export interface CrashedRun {
  pid: number;
  startedAt: Date;
}

export interface WarehouseLock {
  release(): void;
  /** The run whose stale lock this one took over, if any. */
  crashed: CrashedRun | null;
}

/** Takes the lock for a run that started at `startedAt` (recorded, so a crash report can name the run). */
export function acquireWarehouseLock(path: string, startedAt: Date = new Date()): WarehouseLock {
  mkdirSync(dirname(path), { recursive: true });
  let crashed: CrashedRun | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: startedAt.toISOString() }));
      closeSync(fd);
      return {
        crashed,
        release: () => {
          try {
            unlinkSync(path);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner && isAlive(owner.pid)) throw new PipelineBusyError(`a pipeline run (process ${owner.pid}) is already writing ${path.replace(/\.lock$/, '')}`);
      if (owner) crashed = owner;
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {
        /* another run took it first; the next attempt will say so */
      }
    }
  }
  throw new PipelineBusyError(`could not take the warehouse lock ${path}`);
}

function readOwner(path: string): CrashedRun | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; startedAt?: unknown };
    const pid = Number(parsed.pid);
    const startedAt = new Date(String(parsed.startedAt));
    return Number.isInteger(pid) && pid > 0 && !Number.isNaN(startedAt.getTime()) ? { pid, startedAt } : null;
  } catch {
    return null; // half-written by a process killed while writing it
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
