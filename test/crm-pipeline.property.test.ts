import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { core, crm, DomainError, erp, people, type Context, type DB } from '../domain/index.js';
import { addDaysIso } from '../domain/kernel/dates.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { fingerprint, fingerprintDiff } from './support/fingerprint.js';
import { propertyRuns } from './support/property.js';

/**
 * Random sequences of CRM pipeline commands — create, claim, release, hand over, assign, recycle,
 * convert, log an activity, disqualify — many of them refused, against one database every run
 * keeps appending to. After every step:
 *  - every open lead has exactly one owner or sits in exactly one pool; a closed one sits in no
 *    pool, and a converted one is owned (never a pool's);
 *  - no rep holds more open leads than the cap, and the pool counters equal what they hold;
 *  - the latest ownership-history row of every lead names its current owner and pool;
 *  - the identity keys held are exactly those of owned open leads and owned accounts;
 *  - a refused command threw a DomainError with a code and left no trace.
 * Runs and seed: PROPERTY_RUNS, PROPERTY_SEED.
 */
const RUN_OPTIONS = propertyRuns(20);
const RUNS = RUN_OPTIONS.numRuns;
const CAP = 3;
const NAMES = ['Acme', 'ACME Inc.', 'Globex', 'Globex GmbH', 'Initech', 'Hooli', 'Umbrella', 'Soylent'];

type Pick = number;
type Step =
  | { kind: 'create'; name: number; email: number | null; owner: Pick | null; assign: boolean; source: 'web' | 'referral' | 'trade_show' }
  | { kind: 'claim'; lead: Pick; rep: Pick }
  | { kind: 'release'; lead: Pick; rep: Pick | 'owner' }
  | { kind: 'handover'; lead: Pick; from: Pick | 'owner'; to: Pick }
  | { kind: 'assign'; pool: 'lead' | 'public' }
  | { kind: 'recycle' }
  | { kind: 'convert'; lead: Pick; opportunity: boolean; win: boolean }
  | { kind: 'activity'; lead: Pick; rep: Pick | 'owner' }
  | { kind: 'disqualify'; lead: Pick };

const pick = fc.nat({ max: 1_000 });
const repPick = fc.oneof(fc.nat({ max: 3 }), fc.constant<'owner'>('owner'), fc.constant<'owner'>('owner'));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('create' as const), name: fc.nat({ max: NAMES.length - 1 }), email: fc.option(fc.nat({ max: 3 })), owner: fc.option(fc.nat({ max: 3 })), assign: fc.boolean(), source: fc.constantFrom('web' as const, 'referral' as const, 'trade_show' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('claim' as const), lead: pick, rep: fc.nat({ max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), lead: pick, rep: repPick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('handover' as const), lead: pick, from: repPick, to: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign' as const), pool: fc.constantFrom('lead' as const, 'public' as const) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'recycle' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('convert' as const), lead: pick, opportunity: fc.boolean(), win: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('activity' as const), lead: pick, rep: repPick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disqualify' as const), lead: pick }) },
);

describe('CRM pipeline commands keep their invariants', () => {
  let database: TestDatabase;
  let db: Kysely<DB>;
  let ctx: Context;
  let reps: number[];
  let itemId: number;
  let clock = '2024-01-01';
  let run = 0;
  const tally = { accepted: new Map<string, number>(), rejected: new Map<string, number>() };

  beforeAll(async () => {
    database = await freshDatabase();
    db = database.db;
    ctx = { db, actor: 'property' };
    await core.setUpCompany(ctx, { name: 'Prop Co', functionalCurrency: 'USD', currencies: [{ code: 'USD', name: 'US dollar' }], regions: [{ code: 'NA', name: 'North America', currency: 'USD' }] });
    await erp.addItemCategory(ctx, { code: 'HW', name: 'Hardware' });
    itemId = (await erp.createItem(ctx, { sku: 'W-1', name: 'Widget', category: 'HW', procurement: 'buy', listPrice: 1_000, standardCost: 500 })).itemId;
    reps = [];
    for (let i = 0; i < 4; i++) {
      const { employeeId } = await people.hireEmployee(ctx, { code: `R${i}`, name: `Rep ${i}`, role: 'sales_rep', region: 'NA' });
      await crm.setRepPool(ctx, { repId: employeeId, region: 'NA', acceptsLeads: true });
      reps.push(employeeId);
    }
    await crm.setRegionPipelineSettings(ctx, { region: 'NA', leadCap: CAP, leadRecycleDays: 6, accountRecycleDays: 20, assignment: 'round_robin', followUpDays: 3 });
  });
  afterAll(() => database.drop());

  /** Mostly an open lead (a third of the time any lead, closed ones included). */
  async function leadAt(p: Pick): Promise<{ id: number; owner_id: number | null } | undefined> {
    const open = p % 3 !== 0;
    const { rows } = await sql<{ id: number; owner_id: number | null }>`
      select id, owner_id from crm.leads where ${!open} or status in ('new', 'working', 'nurturing')
       order by id offset ${p} % greatest(1, (select count(*) from crm.leads where ${!open} or status in ('new', 'working', 'nurturing'))) limit 1`.execute(db);
    return rows[0];
  }
  const rep = async (r: Pick | 'owner', lead?: { owner_id: number | null }) => (r === 'owner' ? lead?.owner_id ?? reps[0]! : reps[r]!);

  async function perform(s: Step): Promise<unknown> {
    switch (s.kind) {
      case 'create':
        return crm.createLead(ctx, {
          companyName: `${NAMES[s.name]} ${run}`, region: 'NA', segment: 'small_business', source: s.source, date: clock, assign: s.assign,
          ...(s.email !== null ? { email: `buyer${s.email}.${run}@example.com` } : {}), ...(s.owner !== null ? { ownerId: reps[s.owner]! } : {}),
        });
      case 'claim': {
        const lead = await leadAt(s.lead);
        return crm.claimLead(ctx, { leadId: lead?.id ?? 999_999, repId: reps[s.rep]!, date: clock });
      }
      case 'release': {
        const lead = await leadAt(s.lead);
        return crm.releaseLead(ctx, { leadId: lead?.id ?? 999_999, repId: await rep(s.rep, lead), date: clock, note: 'property' });
      }
      case 'handover': {
        const lead = await leadAt(s.lead);
        return crm.handOver(ctx, { fromRepId: await rep(s.from, lead), toRepId: reps[s.to]!, date: clock, leadIds: [lead?.id ?? 999_999] });
      }
      case 'assign':
        return crm.assignLeads(ctx, { region: 'NA', date: clock, pool: s.pool });
      case 'recycle':
        return crm.recycleStaleOwnership(ctx, { date: clock });
      case 'convert': {
        const lead = await leadAt(s.lead);
        return crm.convertLead(ctx, {
          leadId: lead?.id ?? 999_999, date: clock, winOpportunity: s.win && s.opportunity,
          ...(s.opportunity ? { opportunity: { name: 'first order', amount: 5_000, expectedCloseDate: addDaysIso(clock, 30), lines: [{ itemId, quantity: 5 }] } } : {}),
        });
      }
      case 'activity': {
        const lead = await leadAt(s.lead);
        return crm.logActivity(ctx, { repId: await rep(s.rep, lead), leadId: lead?.id ?? 999_999, method: 'call', content: 'property call', date: clock });
      }
      case 'disqualify': {
        const lead = await leadAt(s.lead);
        return crm.disqualifyLead(ctx, { leadId: lead?.id ?? 999_999, date: clock, reason: 'property' });
      }
    }
  }

  async function breaches(): Promise<Record<string, number>> {
    const checks = await crm.pipelineChecks(db);
    const { rows } = await sql<{ over_cap: number }>`
      select count(*)::int as over_cap from (select owner_id from crm.leads where status in ('new', 'working', 'nurturing') and owner_id is not null
                                              group by owner_id having count(*) > ${CAP}) x`.execute(db);
    return Object.fromEntries([...checks.map((c) => [c.name, c.breaches] as const), ['over_cap', rows[0]!.over_cap] as const].filter(([, n]) => n > 0));
  }

  it('random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: 4 }), step), { minLength: 10, maxLength: 30 }), async (steps) => {
        run++;
        for (const [days, s] of steps) {
          clock = addDaysIso(clock, days);
          const before = await fingerprint(db);
          try {
            await perform(s);
            tally.accepted.set(s.kind, (tally.accepted.get(s.kind) ?? 0) + 1);
          } catch (error) {
            expect(error, `${s.kind}: ${String(error)}`).toBeInstanceOf(DomainError);
            expect(typeof (error as DomainError).code).toBe('string');
            expect(fingerprintDiff(before, await fingerprint(db)), `${s.kind} refused (${(error as DomainError).code}) but left a trace`).toEqual([]);
            tally.rejected.set((error as DomainError).code, (tally.rejected.get((error as DomainError).code) ?? 0) + 1);
          }
          expect(await breaches(), `after ${s.kind} ${JSON.stringify(s)} on ${clock}`).toEqual({});
        }
      }),
      RUN_OPTIONS,
    );
    // The runs did real work: every kind accepted at least once, and the interesting refusals met.
    for (const kind of ['create', 'claim', 'release', 'handover', 'recycle', 'convert', 'activity', 'disqualify']) {
      expect(tally.accepted.get(kind) ?? 0, `no ${kind} was ever accepted`).toBeGreaterThan(0);
    }
    for (const code of ['ALREADY_OWNED', 'DUPLICATE', 'NOT_ALLOWED']) expect(tally.rejected.get(code) ?? 0, `${code} never met`).toBeGreaterThan(0);
    const { rows } = await sql<{ recycled: number; converted: number }>`
      select (select count(*)::int from crm.ownership_history where reason = 'recycled') as recycled,
             (select count(*)::int from crm.leads where status = 'converted') as converted`.execute(db);
    expect(rows[0]!.recycled).toBeGreaterThan(0);
    expect(rows[0]!.converted).toBeGreaterThan(0);
  });
});
