import type { Duck } from '../warehouse/duck.js';
import type { DimensionKey, FactTable, TransformContext } from '../transform/table.js';

/**
 * Facts are built in two steps. Transform: the fact's rows from staging into `new_<table>`.
 * Load: the rows of every business key the run brings are deleted and the new rows inserted,
 * with the surrogate key of each dimension version in force when the fact was recorded.
 * Re-extracting an aggregate twice therefore changes nothing: loads are idempotent.
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
 * fact's recorded time. Versions of a member follow one another without gaps, so that is the
 * latest version that began at or before it (an ASOF join); version 1 also covers anything
 * recorded before the member's own creation. A full build has just created every member's
 * only version (its history restarts), so there the key is a plain lookup by member — a hash
 * join, where an ASOF join would sort every fact row.
 */
export function insertWithKeys(table: string, incoming: string, keys: readonly DimensionKey[], oneVersionPerMember = false): string {
  if (oneVersionPerMember) {
    const lookups = keys.map((k, i) => `left join ${k.dimension} a${i} on a${i}.${k.member} = n.${k.member} and a${i}.is_current`);
    const looked = ['n.*', ...keys.map((k, i) => `a${i}.${k.column} as ${k.column}`)].join(', ');
    return `insert into ${table} by name select ${looked} from ${incoming} n ${lookups.join(' ')}`;
  }
  const joins = keys.flatMap((k, i) => [
    `asof left join ${k.dimension} a${i} on a${i}.${k.member} = n.${k.member} and n.${k.at} >= a${i}.valid_from`,
    `left join ${k.dimension} f${i} on f${i}.${k.member} = n.${k.member} and f${i}.version = 1`,
  ]);
  const selected = ['n.*', ...keys.map((k, i) => `coalesce(a${i}.${k.column}, f${i}.${k.column}) as ${k.column}`)].join(', ');
  return `insert into ${table} by name select ${selected} from ${incoming} n ${joins.join(' ')}`;
}
