import type { Duck } from '../warehouse/duck.js';
import type { DimensionKey, FactTable, TransformContext } from '../transform/table.js';

/**
 * Facts are built in two steps. Transform: the fact's rows from staging into `new_<table>`.
 * Load: the rows of every business key the run brings are deleted and the new rows inserted,
 * with the surrogate key of each dimension version in force when the fact was recorded.
 * Re-extracting an aggregate twice therefore changes nothing: loads are idempotent.
 * (In a full build the transform's result is materialised first too: one statement doing both
 * for ten million sales lines needs more memory than the run's limit, where each step spills.)
 */
export const newTable = (fact: FactTable) => `new_${fact.table}`;

export async function transformFact(duck: Duck, fact: FactTable, ctx: TransformContext): Promise<number> {
  await duck.run(`create or replace temp table ${newTable(fact)} as ${fact.transform(ctx)}`);
  const rows = await duck.all<{ n: bigint }>(`select count(*) as n from ${newTable(fact)}`);
  return Number(rows[0]!.n);
}

export async function loadFact(duck: Duck, fact: FactTable, ctx: TransformContext): Promise<number> {
  const incoming = newTable(fact);
  if (ctx.mode === 'full') {
    await duck.run(`delete from ${fact.table}`);
  } else {
    // Replace keys are never null (sql/warehouse), so plain equality: a hash join whose key
    // range DuckDB also uses to skip the fact's row groups that cannot match.
    const keys = fact.replaceKey.join(', ');
    const match = fact.replaceKey.map((k) => `${fact.table}.${k} = k.${k}`).join(' and ');
    await duck.run(`delete from ${fact.table} using (select distinct ${keys} from ${incoming}) k where ${match}`);
  }
  return duck.run(insertWithKeys(fact.table, incoming, fact.dimensionKeys, ctx.mode === 'full'));
}

/**
 * The insert that adds each dimension's surrogate key: the version whose validity holds the
 * fact's recorded time. A member's versions follow one another without gaps or overlaps
 * ([valid_from, valid_to), the current one open to 9999-12-31), so exactly one holds it — a hash
 * join on the member filtered by the interval (where an ASOF join would sort both sides) —
 * except before the member's own creation, which version 1 covers. A full build has just
 * created every member's only version (its history restarts), so there the key is a plain
 * lookup by member.
 */
export function insertWithKeys(table: string, incoming: string, keys: readonly DimensionKey[], oneVersionPerMember = false): string {
  const joins = keys.flatMap((k, i) =>
    oneVersionPerMember
      ? [`left join ${k.dimension} a${i} on a${i}.${k.member} = n.${k.member} and a${i}.is_current`]
      : [
          `left join ${k.dimension} a${i} on a${i}.${k.member} = n.${k.member} and n.${k.at} >= a${i}.valid_from and n.${k.at} < a${i}.valid_to`,
          `left join ${k.dimension} f${i} on f${i}.${k.member} = n.${k.member} and f${i}.version = 1`,
        ],
  );
  const key = (k: DimensionKey, i: number) => (oneVersionPerMember ? `a${i}.${k.column}` : `coalesce(a${i}.${k.column}, f${i}.${k.column})`);
  const selected = ['n.*', ...keys.map((k, i) => `${key(k, i)} as ${k.column}`)].join(', ');
  return `insert into ${table} by name select ${selected} from ${incoming} n ${joins.join(' ')}`;
}
