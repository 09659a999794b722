import { openFromEnv, type Database } from '../domain/db/connect.js';
import { migrate } from '../domain/db/migrate.js';

/** Opens the database the environment selects, brings its schema up to date, runs `fn`, closes it. */
export async function withDatabase<T>(fn: (database: Database) => Promise<T>, { migrateFirst = true } = {}): Promise<T> {
  const database = await openFromEnv();
  try {
    if (migrateFirst) await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export const SYSTEM_ACTOR = process.env.LEDGERLOOP_ACTOR ?? `cli:${process.env.USER ?? 'user'}`;
