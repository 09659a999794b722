import { closeSync, copyFileSync, constants, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The files of one warehouse. A run never writes the live file: it builds `.next` (a copy of
 * the live file, or a new one), checkpoints and closes it, then renames it over the live file.
 * A reader opens the live file read-only per query, so it sees the previous state or the new
 * one, never a half-written one; a reader still holding the old file keeps its old inode.
 * Whatever stops a run before the rename leaves the live file as it was.
 */
export interface WarehouseFiles {
  readonly live: string;
  readonly next: string;
  readonly lock: string;
  /** Scratch folder for CSV chunks on their way from the server into DuckDB. */
  readonly scratch: string;
}

export function warehouseFiles(path: string): WarehouseFiles {
  return { live: path, next: `${path}.next`, lock: `${path}.lock`, scratch: `${path}.scratch` };
}

/** Removes what a failed or killed run left behind: the unfinished copy, its WAL and spill files, the scratch folder. */
export function removeLeftovers(files: WarehouseFiles): void {
  for (const path of [files.next, `${files.next}.wal`, `${files.next}.tmp`, files.scratch]) rmSync(path, { recursive: true, force: true });
}

/** Removes `.next` and its WAL, leaving the spill folder to the DuckDB that may be using it. */
export function discardNext(files: WarehouseFiles): void {
  for (const path of [files.next, `${files.next}.wal`]) rmSync(path, { force: true });
}

/** Starts `.next`: a copy of the live file, or nothing (a new file) for a full build. */
export function startNext(files: WarehouseFiles, copyLive: boolean): void {
  mkdirSync(dirname(files.live), { recursive: true });
  removeLeftovers(files);
  // Cloned where the file system can share blocks, copied otherwise.
  if (copyLive) copyFileSync(files.live, files.next, constants.COPYFILE_FICLONE);
}

/**
 * Starts `.next` as a copy of the live file, in the background: the copy and the flush of its
 * pages to disk (without which the run's final checkpoint would wait for all of them) overlap
 * the extraction, which needs no warehouse file. Call after removeLeftovers, under the lock.
 */
export async function copyLive(files: WarehouseFiles): Promise<void> {
  mkdirSync(dirname(files.live), { recursive: true });
  await copyFile(files.live, files.next, constants.COPYFILE_FICLONE);
  const handle = await open(files.next, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

export const liveExists = (files: WarehouseFiles) => existsSync(files.live);

/** Makes `.next` the live file in one atomic rename, and makes the rename durable. */
export function swapIn(files: WarehouseFiles): void {
  syncFile(files.next);
  renameSync(files.next, files.live);
  syncFile(dirname(files.live));
  removeLeftovers(files);
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
