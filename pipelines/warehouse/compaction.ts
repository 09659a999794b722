import { literal, toNumber, type Duck } from './duck.js';

/**
 * Deleted rows. An incremental run replaces the rows of each changed business key: it deletes
 * them and appends their new versions. DuckDB keeps a deleted row in its row group until a
 * checkpoint compacts the group ("vacuum"), which rewrites whole row groups — costly for the
 * few rows a run changes. So writers leave compaction off, and a run turns it on for its
 * checkpoint only once the deleted rows of some table exceed a tenth of what it stores: the
 * file stays within about a tenth of its compact size, and compaction costs are paid rarely,
 * in proportion to what piled up.
 */
export const COMPACT_ABOVE = 0.1;

/** Tables whose deleted rows exceed COMPACT_ABOVE of their stored rows, given their live row counts. */
export async function tablesToCompact(duck: Duck, liveRows: Readonly<Record<string, number>>): Promise<string[]> {
  const names = Object.keys(liveRows);
  if (names.length === 0) return [];
  // estimated_size counts stored rows, deleted ones included.
  const stored = await duck.all<{ table_name: string; stored: bigint }>(
    `select table_name, estimated_size as stored from duckdb_tables()
      where database_name = current_database() and table_name in (${names.map(literal).join(', ')})`,
  );
  return stored
    .filter((t) => {
      const total = toNumber(t.stored);
      return total > 0 && (total - (liveRows[t.table_name] ?? 0)) / total > COMPACT_ABOVE;
    })
    .map((t) => t.table_name)
    .sort();
}

/** Lets this connection's next checkpoint compact row groups with deleted rows. */
export async function allowCompaction(duck: Duck): Promise<void> {
  await duck.run('set max_vacuum_tasks = 100');
}
