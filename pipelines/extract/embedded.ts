import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../domain/db/tables.js';
import { appendRows } from '../load/appender.js';
import type { Duck } from '../warehouse/duck.js';
import type { SourceSnapshot } from './source.js';
import { estimates, estimateSql, SNAPSHOT_INFO_SQL, snapshotInfo, type SnapshotInfoRow } from './snapshot.js';
import type { ReadWindow, StageSpec } from './stage-spec.js';

/**
 * The embedded database (PGlite) has one connection and no COPY stream, so a stage is read in
 * pages by keyset — `where key > last order by key limit n` — each page appended to DuckDB
 * before the next is read. The key predicate reaches the driving table's primary key, so every
 * page is an index range scan and memory holds one page.
 */
export const PAGE_ROWS = 5_000;

export async function withEmbeddedSnapshot<T>(db: Kysely<DB>, fn: (snapshot: SourceSnapshot) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // The PGlite dialect opens a plain transaction; this must be its first statement.
    await sql`set transaction isolation level repeatable read, read only`.execute(trx);
    const { rows } = await sql.raw<SnapshotInfoRow>(SNAPSHOT_INFO_SQL).execute(trx);
    // One connection: a parallel task's queries take turns with the staging's, and must finish
    // before the transaction does.
    const tasks: Promise<unknown>[] = [];
    const result = await fn({
      info: snapshotInfo('embedded', rows[0]!),
      db: trx,
      stage: (spec, window, duck, onRows) => stagePages(trx, spec, window, duck, onRows),
      lanes: 1,
      estimateRows: async (tables) => estimates((await sql.raw<{ name: string; n: string }>(estimateSql(tables)).execute(trx)).rows),
      parallel: (task) => {
        const running = task(trx);
        tasks.push(running.catch(() => {}));
        return running;
      },
    });
    await Promise.all(tasks);
    return result;
  });
}

async function stagePages(trx: Transaction<DB>, spec: StageSpec, window: ReadWindow, duck: Duck, onRows: (rows: number) => void): Promise<number> {
  const inner = spec.query(window);
  if (inner === null) return 0;
  const key = sql.ref(`s.${spec.key}`);
  let total = 0;
  let last: unknown;
  for (;;) {
    const after = last === undefined ? sql`` : sql`where ${key} > ${last}`;
    const { rows } = await sql<Record<string, unknown>>`select * from (${sql.raw(inner)}) s ${after} order by ${key} limit ${PAGE_ROWS}`.execute(trx);
    await appendRows(duck, spec.name, spec.columns, rows);
    total += rows.length;
    onRows(total);
    if (rows.length < PAGE_ROWS) return total;
    last = rows[rows.length - 1]![spec.key];
  }
}
