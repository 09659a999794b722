import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sql } from 'kysely';
import { crm, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { simulationState } from '../domain/core/simulation-state.js';
import { runPipeline } from '../pipelines/index.js';
import type { TestDatabase } from './support/database.js';
import { simulatedWarehouse, type SimulatedWarehouse } from './support/simulated-warehouse.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

const COMPANY = { seed: 5, scale: 0.1, start: '2024-01-01' };

/** Postgres rows with bigints and numeric strings as numbers, for comparison with the warehouse. */
async function pg<T = Record<string, unknown>>(database: TestDatabase, text: string): Promise<T[]> {
  const { rows } = await sql.raw<Record<string, unknown>>(text).execute(database.db);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v)) ? Number(v) : v]))) as T[];
}

describe('the CRM side of the warehouse', () => {
  let company: SimulatedWarehouse;
  let database: TestDatabase;
  let ctx: Context;
  const warehouse = () => company.warehouse;
  beforeAll(async () => {
    company = await simulatedWarehouse('ll-wh-crm-', { ...COMPANY, days: 30 });
    ({ database, ctx } = company);
  });
  afterAll(() => company?.remove());

  it('catches what changes without an event of its own, incrementally, and ends equal to a full rebuild', async () => {
    await simulate(ctx, { ...COMPANY, days: 10 });
    expect((await runPipeline(database, { warehousePath: warehouse() })).mode).toBe('incremental');
    const day = (await simulationState(database.db))!.lastDate;
    // Alone in the next window: a handover moves the lead's open opportunity to the new rep (no
    // opportunity event); a renamed stage renames it on every opportunity that passed through it.
    const [open] = await pg<{ lead_id: number; owner_id: number; opportunity_id: number; to_rep: number }>(database, `
      select l.id as lead_id, l.owner_id, o.id as opportunity_id,
             (select e.id from people.employees e where e.role = 'sales_rep' and e.active and e.id <> l.owner_id order by e.id limit 1) as to_rep
        from crm.leads l join crm.opportunities o on o.lead_id = l.id and o.status = 'open' and o.owner_id = l.owner_id
       where l.status in ('new', 'working', 'nurturing') order by l.id limit 1`);
    expect(open).toBeDefined();
    await crm.handOver(ctx, { fromRepId: open!.owner_id, toRepId: open!.to_rep, date: day, leadIds: [open!.lead_id] });
    await crm.setPipelineStage(ctx, { code: 'qualification', name: 'Qualified' });
    const run = await runPipeline(database, { warehousePath: warehouse() });
    expect(run.mode).toBe('incremental');

    const moved = await query(warehouse(), `select distinct owner_id from fact_opportunity_stage where opportunity_id = ${open!.opportunity_id}`);
    expect(moved).toEqual([{ owner_id: open!.to_rep }]);
    expect(await query(warehouse(), `select stage_name, count(*)::int as n from fact_opportunity_stage where stage_code = 'qualification' group by 1`))
      .toEqual(await pg(database, `select 'Qualified' as stage_name, count(*)::int as n from crm.opportunity_stage_history where to_stage = 'qualification'`));

    const rebuilt = join(company.dir, 'rebuilt.duckdb');
    await runPipeline(database, { warehousePath: rebuilt, full: true });
    expect(await warehouseFingerprint(warehouse())).toEqual(await warehouseFingerprint(rebuilt));
  });

  it('fact_lead: the funnel by status and source, recycling and conversions as Postgres has them', async () => {
    const byStatus = await pg(database, `
      select source_code as lead_source_code, status, count(*)::int as leads, count(customer_id)::int as converted
        from crm.leads group by 1, 2 order by 1, 2`);
    expect(byStatus.length).toBeGreaterThan(3);
    expect(await query(warehouse(), `
      select lead_source_code, status, count(*)::int as leads, count(customer_id)::int as converted
        from fact_lead group by 1, 2 order by 1, 2`)).toEqual(byStatus);

    const [recycled] = await pg(database, `select count(*)::int as n from crm.ownership_history where lead_id is not null and reason = 'recycled'`);
    expect(await query(warehouse(), 'select sum(times_recycled)::int as n from fact_lead')).toEqual([recycled]);
    // Every converted lead points at the account that names it as its lead, and took ≥ 0 days.
    const accounts = await pg(database, 'select lead_id, id as customer_id from crm.customers where lead_id is not null order by 1');
    expect(accounts.length).toBeGreaterThan(0);
    expect(await query(warehouse(), `select lead_id, customer_id from fact_lead where status = 'converted' order by 1`)).toEqual(accounts);
    expect(await query(warehouse(), `select count(*)::int as n from fact_lead where status = 'converted' and not (days_to_conversion >= 0)`)).toEqual([{ n: 0 }]);
    // An open lead has exactly one of an owner and a pool; a closed one no pool.
    expect(await query(warehouse(), `
      select count(*)::int as n from fact_lead where case when is_open then (owner_id is null) = (pool is null) else pool is not null end`)).toEqual([{ n: 0 }]);
    // Activities per lead agree with fact_activity.
    expect(await query(warehouse(), `
      select count(*)::int as n from fact_lead l
       where l.activity_count <> (select count(*) from fact_activity a where a.lead_id = l.lead_id)`)).toEqual([{ n: 0 }]);
  });

  it('fact_opportunity_stage: one current stage per opportunity, a consistent chain of stages, outcomes and amounts as Postgres has them', async () => {
    const outcomes = await pg(database, 'select status as outcome, count(*)::int as n, sum(amount)::bigint as amount from crm.opportunities group by 1 order by 1');
    expect(outcomes.map((o) => o.outcome)).toEqual(['lost', 'open', 'won']);
    expect(await query(warehouse(), `
      select outcome, count(*)::int as n, sum(opportunity_amount)::bigint as amount from fact_opportunity_stage where is_current_stage group by 1 order by 1`)).toEqual(outcomes);
    // The current row is the opportunity's stage; closed ones end in the won or lost stage.
    const current = await pg(database, 'select id as opportunity_id, stage_code from crm.opportunities order by 1');
    expect(await query(warehouse(), 'select opportunity_id, stage_code from fact_opportunity_stage where is_current_stage order by 1')).toEqual(current);
    // Each entry leaves for the stage the next one entered, from the stage it left; the days in
    // the stages of an opportunity add up to its first entry to its last.
    expect(await query(warehouse(), `
      with c as (
        select *, lead(stage_code) over w as next_entered, lead(previous_stage_code) over w as next_from, lead(entered_date) over w as next_date
          from fact_opportunity_stage window w as (partition by opportunity_id order by entry_no))
      select count(*)::int as n from c
       where next_stage_code is distinct from next_entered or (next_entered is not null and next_from is distinct from stage_code)
          or left_date is distinct from next_date`)).toEqual([{ n: 0 }]);
    expect(await query(warehouse(), `
      select count(*)::int as n from (
        select opportunity_id from fact_opportunity_stage group by 1
        having coalesce(sum(days_in_stage), 0) <> date_diff('day', min(entered_date), max(entered_date)))`)).toEqual([{ n: 0 }]);
  });

  it('fact_activity and fact_follow_up: methods, stage moves and follow-up discipline as Postgres has them', async () => {
    const methods = await pg(database, 'select method, count(*)::int as n from crm.activities group by 1 order by 1');
    expect(await query(warehouse(), 'select method, count(*)::int as n from fact_activity group by 1 order by 1')).toEqual(methods);
    const [moves] = await pg(database, 'select count(*)::int as n from crm.opportunity_stage_history where activity_id is not null');
    expect(await query(warehouse(), 'select count(*)::int as n from fact_activity where advanced_stage')).toEqual([moves]);
    expect(moves!.n).toBeGreaterThan(0);

    const discipline = await pg(database, `
      select status, count(*)::int as n, coalesce(sum(done_on - due_date), 0)::int as days_late, count(*) filter (where done_on <= due_date)::int as on_time
        from crm.follow_ups group by 1 order by 1`);
    expect(discipline.map((d) => d.status)).toEqual(['cancelled', 'done', 'open']);
    expect(await query(warehouse(), `
      select status, count(*)::int as n, coalesce(sum(days_late), 0)::int as days_late, count(*) filter (where done_on_time)::int as on_time
        from fact_follow_up group by 1 order by 1`)).toEqual(discipline);
    // Every done follow-up was completed by exactly one activity, which says so.
    expect(await query(warehouse(), `
      select (select count(*) from fact_follow_up where status = 'done')::int as done,
             (select count(*) from fact_activity where completed_follow_up)::int as completing,
             (select count(*) from fact_follow_up f join fact_activity a on a.activity_id = f.activity_id and a.follow_up_id = f.follow_up_id
               where f.status = 'done' and a.method = f.activity_method)::int as matched`)).toEqual([{ done: discipline[1]!.n, completing: discipline[1]!.n, matched: discipline[1]!.n }]);
  });

  it('dim_campaign and dim_lead_source: every campaign and its cost, every source the facts name', async () => {
    const [campaigns] = await pg(database, 'select count(*)::int as n, sum(cost)::bigint as cost from crm.campaigns');
    expect(campaigns!.n).toBeGreaterThan(0);
    expect(await query(warehouse(), 'select count(*)::int as n, sum(cost)::bigint as cost from dim_campaign')).toEqual([campaigns]);
    expect(await query(warehouse(), `
      select count(*)::int as n from (
        select lead_source_code from fact_lead union select lead_source_code from fact_opportunity_stage where lead_source_code is not null
        union select lead_source_code from dim_campaign) s
       where lead_source_code not in (select lead_source_code from dim_lead_source)`)).toEqual([{ n: 0 }]);
    expect(await query(warehouse(), `
      select count(*)::int as n from fact_lead where campaign_id is not null and campaign_id not in (select campaign_id from dim_campaign)`)).toEqual([{ n: 0 }]);
  });
});
