import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { join } from 'node:path';
import type { DB } from './tables.js';
import { pgliteDialect } from './pglite-dialect.js';
import { acquireEmbeddedLock } from './embedded-lock.js';
import { typeParsers } from './type-parsers.js';
import { dataDirectory } from './project-root.js';

export type DatabaseKind = 'embedded' | 'server';

/** An open operational database: one Kysely code path whichever engine is behind it. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  /** Where it is: the data directory, or the server URL without its password. */
  readonly location: string;
  /** Runs a multi-statement SQL script (migrations); the script brings its own transaction. */
  runScript(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** Embedded only: directory of the database files, or 'memory' for a throw-away database. */
  dataDir?: string | undefined;
  /** Server only: pool size (default 10). */
  poolSize?: number;
}

/** Opens the database the environment selects: DATABASE_URL, else embedded under LEDGERLOOP_DATA. */
export function openFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  return openDatabase({ url: env.DATABASE_URL || undefined, dataDir: join(dataDirectory(env), 'pg') });
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  return options.url ? openServer(options.url, options.poolSize ?? 10) : openEmbedded(options.dataDir ?? join(dataDirectory(), 'pg'));
}

async function openServer(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: { getTypeParser: ((oid: number, format?: string) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
  });
  // An idle connection the server drops (restart, database dropped) must not crash the process;
  // the pool replaces it and the next query reports any lasting problem.
  pool.on('error', () => {});
  // Fail fast with a readable message rather than on the first command.
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new Error(`cannot connect to ${redact(url)}: ${(error as Error).message}`);
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'server',
    location: redact(url),
    runScript: async (text) => {
      await pool.query(text);
    },
    close: () => db.destroy(),
  };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const memory = dataDir === 'memory';
  const release = memory ? () => {} : acquireEmbeddedLock(`${dataDir}.lock`);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(memory ? undefined : dataDir, { parsers: typeParsers, relaxedDurability: true });
  } catch (error) {
    release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    location: memory ? 'memory' : dataDir,
    runScript: async (text) => {
      await pglite.exec(text);
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
      release();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
