import pg from 'pg';
import { withDatabase, type TestDatabase } from './database.js';

/**
 * Closes a test database and drops it, waiting first until the server has seen every pooled
 * connection go. pg's Pool.end() resolves as soon as it has asked its idle clients to end, so
 * `drop database … with (force)` straight after can terminate a backend whose client is still
 * listening, which surfaces as an uncaught "terminating connection due to administrator
 * command" (57P01) in whatever test file runs many connections.
 */
export async function closeAndDrop(database: TestDatabase | undefined): Promise<void> {
  if (!database) return;
  const url = process.env.DATABASE_URL;
  if (database.kind === 'server' && url) {
    await database.close();
    const name = decodeURIComponent(new URL(database.location).pathname.slice(1));
    const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
    await admin.connect();
    try {
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await admin.end();
    }
  }
  await database.drop(); // embedded: closes it; server: closing again is a no-op, then it drops the database
}
