import { openDatabase, type Database } from '../../domain/db/connect.js';
import { migrate } from '../../domain/db/migrate.js';
import { freshDatabase } from './database.js';

/**
 * An operational database another process can open too: on the server a fresh database (its
 * URL is the target), embedded a PGlite on disk (its folder is the target; only one process
 * may hold it, so `release` closes it before a child opens it and `reopen` takes it back).
 */
export interface SharedSource {
  readonly engine: 'server' | 'embedded';
  readonly target: string;
  database(): Database;
  release(): Promise<void>;
  reopen(): Promise<Database>;
  drop(): Promise<void>;
}

export async function sharedSource(dir: string): Promise<SharedSource> {
  if (process.env.DATABASE_URL) {
    const database = await freshDatabase();
    if (database.location.includes('***')) throw new Error('these tests pass the URL to a child process: use a DATABASE_URL without a password');
    return { engine: 'server', target: database.location, database: () => database, release: async () => {}, reopen: async () => database, drop: () => database.drop() };
  }
  const target = `${dir}/pg`;
  let current: Database | null = await openDatabase({ dataDir: target });
  await migrate(current);
  return {
    engine: 'embedded',
    target,
    database: () => {
      if (!current) throw new Error('the embedded source is released');
      return current;
    },
    release: async () => {
      await current?.close();
      current = null;
    },
    reopen: async () => (current ??= await openDatabase({ dataDir: target })),
    drop: async () => {
      await current?.close();
      current = null;
    },
  };
}
