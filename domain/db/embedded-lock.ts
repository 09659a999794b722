import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../kernel/errors.js';

/**
 * PGlite keeps its data directory open in one process; a second process writing the same
 * directory would corrupt it. A lock file beside the directory records the owner's pid, so a
 * second opener is refused with the owner's pid, and a lock left by a dead process is taken over.
 */
const heldHere = new Set<string>();

export function acquireEmbeddedLock(lockPath: string): () => void {
  mkdirSync(dirname(lockPath), { recursive: true });
  if (heldHere.has(lockPath)) throw inUse(lockPath, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(lockPath);
      return () => {
        heldHere.delete(lockPath);
        try {
          unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw inUse(lockPath, owner);
      unlinkSync(lockPath); // stale: its process is gone
    }
  }
  throw new DomainError('DATABASE_IN_USE', `could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(lockPath: string, pid: number): DomainError {
  return new DomainError(
    'DATABASE_IN_USE',
    `the embedded database ${lockPath.replace(/\.lock$/, '')} is in use by process ${pid}; stop it or set LEDGERLOOP_DATA to another folder`,
  );
}
