import { statSync } from 'node:fs';

/**
 * Query results kept per version of the warehouse file: the dashboards only read, and a
 * pipeline run or forecast publishes by swapping a new file in (a new inode), so a result is
 * valid exactly as long as the file it came from — no expiry to tune. Many readers opening the
 * same page share one run of its queries. Keyed by the file's version, the query text and its
 * bound parameters (a region-limited reader's region among them), bounded in total bytes.
 * LEDGERLOOP_RESULT_CACHE=0 turns it off (the benchmark measures both).
 */
const MAX_BYTES = 64 * 1024 * 1024;
const entries = new Map<string, { value: unknown; bytes: number }>();
let bytes = 0;

export async function cached<T>(path: string, key: string, size: (value: T) => number, compute: () => Promise<T>): Promise<T> {
  if (process.env.LEDGERLOOP_RESULT_CACHE === '0') return compute();
  let version: string;
  try {
    const stat = statSync(path);
    version = `${path}:${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return compute();
  }
  const full = `${version}\n${key}`;
  const hit = entries.get(full);
  if (hit) {
    // Most recently used last, so eviction takes the oldest first.
    entries.delete(full);
    entries.set(full, hit);
    return hit.value as T;
  }
  const value = await compute();
  const n = size(value);
  if (n <= MAX_BYTES / 8) {
    entries.set(full, { value, bytes: n });
    bytes += n;
    for (const [k, e] of entries) {
      if (bytes <= MAX_BYTES) break;
      entries.delete(k);
      bytes -= e.bytes;
    }
  }
  return value;
}
