import { statSync } from 'node:fs';
import { openReader, type Duck } from '../pipelines/warehouse/duck.js';

/**
 * Read-only connections to a warehouse file from one DuckDB instance per version of the file,
 * so a dashboard request pays for a connection, not for opening the database (its catalog,
 * its buffers, warm from the last request). A pipeline run or forecast swaps a new file in by
 * rename: the next request sees a new inode and opens that; the old instance closes when its
 * last query ends. Queries are as locked down as openReader makes them.
 */
interface Entry {
  version: string;
  base: Promise<Duck>;
  users: number;
  stale: boolean;
  lastUsed: number;
}

const MAX_FILES = 8;
const entries = new Map<string, Entry>();

export async function sharedReader(path: string): Promise<Duck> {
  const stat = statSync(path);
  const version = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  let entry = entries.get(path);
  if (!entry || entry.version !== version) {
    if (entry) retire(entry);
    entry = { version, base: openReader(path), users: 0, stale: false, lastUsed: 0 };
    entries.set(path, entry);
    evictBeyond(MAX_FILES);
  }
  const mine = entry;
  mine.users++;
  mine.lastUsed = performance.now();
  try {
    const connection = await (await mine.base).fork();
    let closed = false;
    return {
      ...connection,
      close() {
        if (closed) return;
        closed = true;
        connection.close();
        release(mine);
      },
    };
  } catch (error) {
    release(mine);
    if (entries.get(path) === mine) entries.delete(path);
    throw error;
  }
}

/** Closes every shared instance not in use (the rest close when their queries end). */
export function closeSharedReaders(): void {
  for (const entry of entries.values()) retire(entry);
  entries.clear();
}

function release(entry: Entry): void {
  entry.users--;
  if (entry.stale && entry.users === 0) closeBase(entry);
}

function retire(entry: Entry): void {
  entry.stale = true;
  if (entry.users === 0) closeBase(entry);
}

function closeBase(entry: Entry): void {
  entry.base.then((duck) => duck.close(), () => {});
}

function evictBeyond(max: number): void {
  if (entries.size <= max) return;
  const oldest = [...entries].sort(([, a], [, b]) => a.lastUsed - b.lastUsed).slice(0, entries.size - max);
  for (const [path, entry] of oldest) {
    entries.delete(path);
    retire(entry);
  }
}
