import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../domain/db/connect.js';
import { migrate } from '../domain/db/migrate.js';

/** A throw-away database on the Postgres server (DATABASE_URL, else the local server), dropped after use. */
export async function withServerDatabase<T>(prefix: string, poolSize: number, fn: (database: Database, url: string) => Promise<T>): Promise<T> {
  const base = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  const admin = (text: string) => {
    const u = new URL(base);
    u.pathname = '/postgres';
    const client = new pg.Client({ connectionString: u.toString() });
    return client.connect().then(() => client.query(text)).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize });
  try {
    await migrate(database);
    return await fn(database, u.toString());
  } finally {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}
