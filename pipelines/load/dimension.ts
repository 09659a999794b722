import { literal, type Duck } from '../warehouse/duck.js';
import { planType2, type Member, type Type2Plan, type Version } from '../transform/type2.js';
import type { TransformContext, Type1Dimension, Type2Dimension } from '../transform/table.js';
import { appendObjects } from './objects.js';
import { recreateTable } from '../warehouse/schema.js';

/**
 * Dimensions. A type 1 dimension is small and replaced whole when anything in it changed —
 * dropped and created again, so no deleted rows stay behind in the file — and left alone when
 * nothing did. A type 2 dimension is compared member by member with its current versions
 * (planType2) and the plan applied: versions closed, versions opened, overwritten attributes
 * written onto every version.
 */
export async function loadType1(duck: Duck, dim: Type1Dimension, ctx: TransformContext): Promise<number> {
  const incoming = `${dim.table}_incoming`;
  await duck.run(`create or replace temp table ${incoming} as select * from ${dim.table} limit 0`);
  await duck.run(`insert into ${incoming} by name ${dim.transform(ctx)}`);
  const [diff] = await duck.all<{ n: bigint }>(
    `select (select count(*) from (select * from ${dim.table} except all select * from ${incoming}))
          + (select count(*) from (select * from ${incoming} except all select * from ${dim.table})) as n`,
  );
  if (Number(diff!.n) === 0) return 0;
  await recreateTable(duck, dim.table);
  return duck.run(`insert into ${dim.table} select * from ${incoming}`);
}

export async function planDimension(duck: Duck, dim: Type2Dimension, ctx: TransformContext): Promise<Type2Plan> {
  const { memberKey, surrogateKey, tracked, overwritten } = dim.spec;
  // Only members that are new or differ from their current version need planning; finding them
  // is one set operation, so a large dimension with few changes costs little.
  const differs = [...tracked, ...overwritten].map((a) => `i.${a} is distinct from d.${a}`).join(' or ');
  await duck.run(`create or replace temp table ${dim.table}_incoming as
                    select i.* from (${dim.incoming(ctx)}) i left join ${dim.table} d on d.${memberKey} = i.${memberKey} and d.is_current
                     where d.${memberKey} is null or ${differs}`);
  const incoming = await duck.all<Member>(`select * from ${dim.table}_incoming`);
  const current = await duck.all<Version>(
    `select * exclude (valid_from, valid_to, created_at), epoch_us(valid_from) as valid_from_us, epoch_us(valid_to) as valid_to_us,
            epoch_us(created_at) as created_at_us
       from ${dim.table} where is_current and ${memberKey} in (select ${memberKey} from ${dim.table}_incoming)`,
  );
  const events = await duck.all<{ id: number; at: bigint }>(
    `select aggregate_id::integer as id, max(occurred_at_us) as at from stg_events
      where aggregate_type = ${literal(dim.aggregateType)} and regexp_full_match(aggregate_id, '[0-9]{1,9}') group by 1`,
  );
  const next = await duck.all<{ k: bigint }>(`select coalesce(max(${surrogateKey}), 0) + 1 as k from ${dim.table}`);
  return planType2(dim.spec, {
    current,
    incoming,
    changedAt: new Map(events.map((e) => [Number(e.id), BigInt(e.at)])),
    snapshotUs: ctx.snapshotUs,
    nextKey: BigInt(next[0]!.k),
  });
}

export async function applyDimensionPlan(duck: Duck, dim: Type2Dimension, plan: Type2Plan): Promise<number> {
  const { memberKey, surrogateKey, overwritten } = dim.spec;
  const t = dim.table;
  if (plan.closes.length > 0) {
    await duck.run(`create or replace temp table ${t}_closes (k bigint, valid_to_us bigint)`);
    await appendObjects(duck, `${t}_closes`, plan.closes.map((c) => ({ k: c.key, valid_to_us: c.validToUs })));
    await duck.run(`update ${t} set valid_to = make_timestamptz(c.valid_to_us), is_current = false from ${t}_closes c where ${t}.${surrogateKey} = c.k`);
  }
  if (plan.overwrites.length > 0) {
    await duck.run(`create or replace temp table ${t}_overwrites as select ${[memberKey, ...overwritten].join(', ')} from ${t} limit 0`);
    await appendObjects(duck, `${t}_overwrites`, plan.overwrites);
    await duck.run(`update ${t} set ${overwritten.map((a) => `${a} = o.${a}`).join(', ')} from ${t}_overwrites o where ${t}.${memberKey} = o.${memberKey}`);
  }
  if (plan.inserts.length > 0) {
    await duck.run(`create or replace temp table ${t}_inserts as
                      select * exclude (valid_from, valid_to, created_at), 0::bigint as valid_from_us, 0::bigint as valid_to_us, 0::bigint as created_at_us
                        from ${t} limit 0`);
    await appendObjects(duck, `${t}_inserts`, plan.inserts);
    await duck.run(`insert into ${t} by name
                      select * exclude (valid_from_us, valid_to_us, created_at_us), make_timestamptz(valid_from_us) as valid_from,
                             make_timestamptz(valid_to_us) as valid_to, make_timestamptz(created_at_us) as created_at
                        from ${t}_inserts`);
  }
  return plan.inserts.length;
}
