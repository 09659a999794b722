import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../domain/db/connect.js';
import { migrate } from '../../domain/db/migrate.js';

/**
 * A fresh, migrated database for one test file, on whichever engine the suite runs against:
 * with DATABASE_URL set, a new database on that server (dropped afterwards); otherwise an
 * in-memory PGlite.
 */
export const onServer = Boolean(process.env.DATABASE_URL);

export interface TestDatabase extends Database {
  drop(): Promise<void>;
}

export async function freshDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory' });
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  const name = `ledgerloop_t_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `create database ${name}`);
  const testUrl = withDatabase(url, name);
  const database = await openDatabase({ url: testUrl, poolSize: options.poolSize ?? 20 });
  await migrate(database);
  return {
    ...database,
    drop: async () => {
      await database.close();
      // pg's Pool.end() resolves before its idle clients have gone; dropping with force before
      // the server has seen them leave would kill a backend a client still listens to.
      await waitForBackends(url, name);
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function waitForBackends(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    for (const deadline = Date.now() + 5_000; Date.now() < deadline; ) {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (rows[0]!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}
