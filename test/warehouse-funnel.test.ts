import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { simulate } from '../domain/simulate/index.js';
import { simulationState } from '../domain/core/simulation-state.js';
import { runPipeline } from '../pipelines/index.js';
import { addDays } from '../warehouse/models/statements/periods.js';
import type { FunnelReport } from '../warehouse/models/funnel/index.js';
import { funnelFromWarehouse } from '../warehouse/funnel.js';
import { freshDatabase, type TestDatabase } from './support/database.js';

/**
 * The sales funnel read from a real warehouse (a small simulated company through the pipeline)
 * against the same figures counted independently in Postgres, from crm.* directly.
 */
const COMPANY = { seed: 5, scale: 0.1, start: '2024-01-01' };

describe('the sales funnel from the warehouse', () => {
  let database: TestDatabase;
  let dir: string;
  let asOf: string;
  let report: FunnelReport;
  const pg = async <T = Record<string, unknown>>(text: string): Promise<T[]> => {
    const { rows } = await sql.raw<Record<string, unknown>>(text).execute(database.db);
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? Number(v) : v]))) as T[];
  };

  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'll-wh-funnel-'));
    await simulate({ db: database.db, actor: 'test' }, { ...COMPANY, days: 120 });
    const warehouse = join(dir, 'warehouse.duckdb');
    await runPipeline(database, { warehousePath: warehouse });
    asOf = (await simulationState(database.db))!.lastDate;
    report = await funnelFromWarehouse(warehouse, { asOf, backtestCutOff: addDays(asOf, -45) });
    if (process.env.FUNNEL_PRINT) console.log(JSON.stringify(report, null, 1));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts leads and opportunities as the operational database does', async () => {
    const [leads] = await pg<Record<string, number>>(`
      select count(*)::int as created, count(*) filter (where status = 'converted')::int as converted, count(*) filter (where status = 'disqualified')::int as disqualified,
             count(*) filter (where exists (select 1 from crm.opportunities o where o.lead_id = l.id))::int as with_opportunity
        from crm.leads l`);
    expect(Object.fromEntries(report.leadStages.map((s) => [s.stage, s.leads]))).toEqual({ ...leads, open: leads!.created! - leads!.converted! - leads!.disqualified! });
    const [opportunities] = await pg<Record<string, number>>(`
      select count(*)::int as opportunities, count(*) filter (where status = 'open')::int as open,
             count(*) filter (where status = 'won')::int as won, count(*) filter (where status = 'lost')::int as lost from crm.opportunities`);
    expect(report.overall).toMatchObject(opportunities!);
    expect(opportunities!.won).toBeGreaterThan(0);
    expect(opportunities!.lost).toBeGreaterThan(0);
    const current = await pg<{ stage: string; n: number }>(`select stage_code as stage, count(*)::int as n from crm.opportunities group by 1 order by 1`);
    expect(report.opportunityStages.filter((s) => s.current > 0).map((s) => ({ stage: s.stageCode, n: s.current })).sort((a, b) => a.stage.localeCompare(b.stage))).toEqual(current);
  });

  it('win rate and cycle by source as Postgres counts them', async () => {
    const bySource = await pg(`
      select coalesce(source_code, '-') as key, count(*) filter (where status = 'won')::int as won, count(*) filter (where status = 'lost')::int as lost,
             avg(closed_on - created_on) filter (where status = 'won')::float8 as mean_won_cycle
        from crm.opportunities group by 1 order by 1`);
    const mine = report.winRates.filter((r) => r.dimension === 'source').map((r) => ({ key: r.key ?? '-', won: r.won, lost: r.lost, mean_won_cycle: r.meanWonCycleDays }))
      .sort((a, b) => a.key.localeCompare(b.key));
    expect(mine.map((r) => ({ ...r, mean_won_cycle: r.mean_won_cycle === null ? null : Number(r.mean_won_cycle.toFixed(9)) })))
      .toEqual(bySource.map((r) => ({ ...r, mean_won_cycle: r.mean_won_cycle === null ? null : Number((r.mean_won_cycle as number).toFixed(9)) })));
  });

  it('days in stage: median and 90th percentile as percentile_cont gives them', async () => {
    const durations = await pg<{ stage: string; completed: number; median: number | null; p90: number | null }>(`
      with h as (
        select h.to_stage, h.changed_on, lead(h.changed_on) over (partition by h.opportunity_id order by h.id) as left_on
          from crm.opportunity_stage_history h
      )
      select s.code as stage, count(h.left_on)::int as completed,
             percentile_cont(0.5) within group (order by h.left_on - h.changed_on) as median,
             percentile_cont(0.9) within group (order by h.left_on - h.changed_on) as p90
        from crm.pipeline_stages s join h on h.to_stage = s.code and h.left_on is not null
       where s.outcome = 'open' group by 1 order by 1`);
    const mine = report.stageDurations.filter((d) => d.completed > 0).map((d) => ({ stage: d.stageCode, completed: d.completed, median: d.medianDays, p90: d.p90Days }))
      .sort((a, b) => a.stage.localeCompare(b.stage));
    expect(mine.map((d) => ({ ...d, p90: Number(d.p90!.toFixed(9)) }))).toEqual(durations.map((d) => ({ ...d, p90: Number(d.p90!.toFixed(9)) })));
  });

  it('weighted pipeline, lost reasons and campaign cost per lead from the source rows', async () => {
    const weighted = await pg<{ currency: string; open: number; amount: number; weighted: number }>(`
      select o.currency, count(*)::int as open, sum(h.amount)::bigint as amount, sum(round(h.amount * h.probability_bp / 10000.0))::bigint as weighted
        from crm.opportunities o
        join lateral (select amount, probability_bp from crm.opportunity_stage_history x where x.opportunity_id = o.id order by x.id desc limit 1) h on true
       where o.status = 'open' group by 1 order by 1`);
    const mine = new Map<string, { currency: string; open: number; amount: number; weighted: number }>();
    for (const r of report.weightedPipeline) {
      const t = mine.get(r.currency) ?? { currency: r.currency, open: 0, amount: 0, weighted: 0 };
      mine.set(r.currency, { currency: r.currency, open: t.open + r.open, amount: t.amount + r.amount, weighted: t.weighted + r.nominalWeighted });
    }
    expect([...mine.values()].sort((a, b) => a.currency.localeCompare(b.currency))).toEqual(weighted);

    const lost = await pg<{ reason: string; lost: number }>(`select lost_reason as reason, count(*)::int as lost from crm.opportunities where status = 'lost' group by 1 order by 1`);
    const byReason = new Map<string, number>();
    for (const r of report.lostReasons) byReason.set(r.reason!, (byReason.get(r.reason!) ?? 0) + r.lost);
    expect([...byReason].map(([reason, n]) => ({ reason, lost: n })).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual(lost);

    const campaigns = await pg<{ campaign_id: number; leads: number; cost: number; won: number }>(`
      select c.id as campaign_id, c.cost::bigint as cost, (select count(*) from crm.leads l where l.campaign_id = c.id)::int as leads,
             (select count(*) from crm.opportunities o where o.campaign_id = c.id and o.status = 'won')::int as won
        from crm.campaigns c where c.start_date <= '${asOf}'::date order by c.id`);
    expect(report.campaigns.map((c) => ({ campaign_id: c.campaignId, cost: c.cost, leads: c.leads, won: c.won }))).toEqual(campaigns);
    for (const c of report.campaigns) {
      expect(c.costPerLead).toBe(c.leads === 0 ? null : Math.round(c.cost / c.leads));
      expect(c.costPerWonDeal).toBe(c.won === 0 ? null : Math.round(c.cost / c.won));
    }
    expect(report.campaigns.some((c) => c.costPerLead !== null)).toBe(true);
  });

  it('calibrates every open stage and backtests it on the last 45 days', () => {
    const entered = new Set(report.opportunityStages.filter((s) => s.outcome === 'open').map((s) => s.stageCode));
    expect(report.calibration.map((c) => c.stageCode).sort()).toEqual([...entered].sort());
    expect(report.calibration.some((c) => c.closed > 0)).toBe(true);
    for (const c of report.calibration) if (c.calibratedProbability !== null) expect(c.calibratedProbability).toBeGreaterThanOrEqual(0), expect(c.calibratedProbability).toBeLessThanOrEqual(1);
    const visits = report.backtest!.results.find((r) => r.set === 'stage_visits')!;
    expect(visits.predictions).toBeGreaterThan(0);
    expect(visits.brierNominal).not.toBeNull();
    expect(visits.brierCalibrated).not.toBeNull();
  });
});
