import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
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
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), ...profiling() });
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
  const db = new Kysely<DB>({ dialect: pgliteDialect(pglite), ...profiling() });
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

/**
 * Hands Kysely a pool whose clients run every parameterised statement as a named prepared
 * statement (the name is a hash of its text). Each connection then parses and plans a command's
 * statements once instead of on every call — most of a short transaction's server time.
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `ll_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    return new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver);
        return (text: unknown, values?: unknown[]) =>
          typeof text === 'string' && Array.isArray(values) && values.length > 0 ? query({ name: nameOf(text), text, values }) : query(text, values);
      },
    });
  };
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'connect') return async () => wrap(await target.connect());
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** LEDGERLOOP_PROFILE_SQL=1 prints every statement's duration to stderr, for finding slow ones. */
function profiling(): { log?: (event: LogEvent) => void } {
  if (!process.env.LEDGERLOOP_PROFILE_SQL) return {};
  return { log: (e) => process.stderr.write(`${e.queryDurationMillis.toFixed(3)}ms ${e.query.sql.replace(/\s+/g, ' ').slice(0, 90)}\n`) };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
