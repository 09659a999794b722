import { mkdirSync, rmSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../domain/db/tables.js';
import { typeParsers } from '../../domain/db/type-parsers.js';
import { literal, type Duck } from '../warehouse/duck.js';
import { copyOut } from './copy-out.js';
import { CsvChunker } from './csv-chunks.js';
import type { SourceSnapshot } from './source.js';
import { estimates, estimateSql, SNAPSHOT_INFO_SQL, snapshotInfo, type SnapshotInfoRow } from './snapshot.js';
import type { ReadWindow, StageSpec } from './stage-spec.js';

/**
 * The server: a connection in a read-only repeatable-read transaction, and up to LANES - 1 more
 * that import its snapshot, so that stages are read side by side (an incremental run's stages
 * are many small queries, each mostly waiting on a round trip). Each stage is
 * `COPY (SELECT …) TO STDOUT` in CSV, cut into files on record boundaries and bulk-loaded by
 * DuckDB's CSV reader while the next file streams in. At most `MAX_PENDING` files per stage wait
 * on disk (the socket is paused beyond that), so memory and scratch space stay bounded whatever
 * the size.
 */
export const CHUNK_BYTES = 64 * 1024 * 1024;
const MAX_PENDING = 2;
export const LANES = 3;

export async function withServerSnapshot<T>(url: string, scratch: string, fn: (snapshot: SourceSnapshot) => Promise<T>): Promise<T> {
  const client = await connect(url);
  // Other connections join this snapshot by its exported id, which holds while this transaction is open.
  const imports: Promise<unknown>[] = [];
  const stagers: Promise<pg.Client>[] = [];
  try {
    const info = snapshotInfo('server', (await client.query<SnapshotInfoRow>(SNAPSHOT_INFO_SQL)).rows[0]!);
    const snapshotId = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    mkdirSync(scratch, { recursive: true });
    // Connections free for a stage: the first one, then others opened as stages run side by side.
    const idle: pg.Client[] = [client];
    const acquire = async (): Promise<pg.Client> => {
      const free = idle.pop();
      if (free) return free;
      const joined = connect(url, snapshotId);
      stagers.push(joined);
      return joined;
    };
    const result = await fn({
      info,
      db: kyselyOver(client),
      stage: async (spec, window, duck, onRows) => {
        const stager = await acquire();
        try {
          return await stageByCopy(stager, scratch, spec, window, duck, onRows);
        } finally {
          idle.push(stager);
        }
      },
      lanes: LANES,
      estimateRows: async (tables) => estimates((await client.query<{ name: string; n: string }>(estimateSql(tables))).rows),
      parallel: (task) => {
        const joined = connect(url, snapshotId);
        imports.push(joined.catch(() => {}));
        const running = joined.then(async (other) => {
          try {
            const value = await task(kyselyOver(other));
            await other.query('commit');
            return value;
          } finally {
            await other.end().catch(() => {});
          }
        });
        running.catch(() => {}); // whoever awaits it sees the failure
        return running;
      },
    });
    await Promise.all(imports);
    await client.query('commit');
    return result;
  } finally {
    for (const stager of await Promise.allSettled(stagers)) if (stager.status === 'fulfilled') await stager.value.end().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
    await client.end().catch(() => {});
  }
}

/** A client in a read-only repeatable-read transaction: a new snapshot, or the one exported as `snapshotId`. */
async function connect(url: string, snapshotId?: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    types: { getTypeParser: ((oid: number, format?: string) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
  });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    if (snapshotId) await client.query(`set transaction snapshot '${snapshotId.replace(/'/g, "''")}'`);
    // CSV dates as YYYY-MM-DD and no surprises from the server's defaults. No JIT: an incremental
    // run's queries touch few rows, but the planner cannot know that from an outbox window and
    // would spend more compiling them (hundreds of ms each) than running them; the full run's
    // scans gain nothing measurable from it either.
    await client.query(`set local datestyle = 'ISO, YMD'; set local timezone = 'UTC'; set local statement_timeout = 0; set local jit = off`);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

/** Kysely over one client, so domain queries (the reconciliation figures) run in its snapshot. */
function kyselyOver(client: pg.Client): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool: { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} } as never }),
  });
}

async function stageByCopy(client: pg.Client, scratch: string, spec: StageSpec, window: ReadWindow, duck: Duck, onRows: (rows: number) => void): Promise<number> {
  const query = spec.query(window);
  if (query === null) return 0;
  const columns = `{${spec.columns.map((c) => `${literal(c.name)}: ${literal(c.type)}`).join(', ')}}`;
  let loaded = 0;
  let pending = 0;
  let paused = false;
  let failure: unknown = null;
  let loading: Promise<void> = Promise.resolve();

  const load = (file: string) => {
    pending++;
    if (pending >= MAX_PENDING && !paused) {
      paused = true;
      stream.pause();
    }
    loading = loading.then(async () => {
      try {
        if (failure === null) {
          loaded += await duck.run(
            `insert into ${spec.name} select * from read_csv(${literal(file)}, header = false, auto_detect = false, delim = ',', quote = '"',
               escape = '"', allow_quoted_nulls = false, columns = ${columns})`,
          );
          onRows(loaded);
        }
      } catch (error) {
        failure = error;
      } finally {
        rmSync(file, { force: true });
        pending--;
        // After a failure the rest of the COPY is drained and dropped, so the connection stays usable.
        if (paused && (pending < MAX_PENDING || failure !== null)) {
          paused = false;
          stream.resume();
        }
      }
    });
  };
  const chunker = new CsvChunker(scratch, spec.name, CHUNK_BYTES, load);
  const stream = copyOut(client, `copy (${query}) to stdout with (format csv)`, (buf) => {
    if (failure === null) chunker.push(buf);
  });
  try {
    await stream.done;
    chunker.finish();
  } catch (error) {
    chunker.abandon();
    throw error;
  } finally {
    await loading;
    // Never leave the connection's socket paused for the next statement.
    if (paused) stream.resume();
  }
  if (failure !== null) throw failure;
  return loaded;
}
