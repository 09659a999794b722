import type { Context } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import * as core from '../core/index.js';
import * as crm from '../crm/index.js';
import { stream, type Rng } from './random.js';
import { CURRENCIES, POPULATION, REGIONS, type CustomerPlan, type World } from './world.js';
import type { SimulationIds } from './setup.js';
import type { Tally } from './tally.js';
import { dayAfter } from './calendar.js';

/**
 * The sales pipeline of the demo company. Every customer the world acquires arrives as the
 * conversion of a lead opened some days earlier (its arrival day, and so the CLV ground truth,
 * stays the world's); around it, leads that never convert — as many as the true conversion rate
 * of their source implies — are worked, nurtured, lost to a competitor or let lapse. Reps differ
 * in follow-up discipline (the sloppy ones lose leads to the public pool) and in win rate.
 * Existing accounts get expansion opportunities with product lines.
 *
 * Everything is drawn from keyed streams `stream(seed, 'lead', …)`; what a day needs to know
 * (which leads exist, who owns them, which opportunities are open) is read from the database,
 * so a continued simulation does exactly what one long run would have done.
 */

/** Lead sources: the true probability that a lead from it converts, its share of customers, its campaign channel and cost a quarter (USD at scale 1). */
export const SOURCES = [
  { code: 'referral', conversion: 0.65, weight: 0.22, channel: null, prefix: null, cost: [0, 0] },
  { code: 'partner', conversion: 0.55, weight: 0.12, channel: 'partner', prefix: 'PRT', cost: [2_000, 5_000] },
  { code: 'web', conversion: 0.5, weight: 0.26, channel: 'content', prefix: 'WEB', cost: [3_000, 6_000] },
  { code: 'trade_show', conversion: 0.45, weight: 0.14, channel: 'trade_show', prefix: 'SHOW', cost: [15_000, 40_000] },
  { code: 'paid_search', conversion: 0.4, weight: 0.14, channel: 'paid_search', prefix: 'PPC', cost: [6_000, 12_000] },
  { code: 'outbound', conversion: 0.35, weight: 0.12, channel: 'outbound', prefix: 'OUT', cost: [8_000, 15_000] },
] as const;
type Source = (typeof SOURCES)[number];
const SOURCE_CUMULATIVE = SOURCES.reduce<number[]>((acc, s) => [...acc, (acc.at(-1) ?? 0) + s.weight], []);
const CAMPAIGN_QUARTERS = 12;

/** Pipeline policy per region: recycling, assignment, follow-up cadence. */
export const REGION_POLICY: Record<string, { leadRecycleDays: number; accountRecycleDays: number | null; assignment: 'round_robin' | 'capacity' | 'rules'; followUpDays: number }> = {
  NA: { leadRecycleDays: 14, accountRecycleDays: null, assignment: 'round_robin', followUpDays: 7 },
  EU: { leadRecycleDays: 21, accountRecycleDays: null, assignment: 'capacity', followUpDays: 10 },
  UK: { leadRecycleDays: 14, accountRecycleDays: null, assignment: 'round_robin', followUpDays: 7 },
  APAC: { leadRecycleDays: 21, accountRecycleDays: 180, assignment: 'rules', followUpDays: 10 },
};

const LEAD_TIME_MAX = 60;
const PROSPECT_DURATION_MAX = 75;
const UPSELL_DURATION_MAX = 120;
/** Expansion opportunities a day at scale 1: about 300 over two years. */
const UPSELLS_PER_DAY = 0.42;
const SEGMENT_OPPORTUNITY = { enterprise: 0.6, mid_market: 0.4, small_business: 0.2, consumer: 0.08 } as const;
const LOST_REASONS = [['price', 0.3], ['competitor', 0.25], ['no_budget', 0.15], ['no_decision', 0.15], ['timing', 0.1], ['product_fit', 0.05]] as const;
const COMPETITORS = ['Contoso', 'Fabrikam', 'Northwind Traders', 'Litware', 'Tailspin Supply'];
const METHODS = ['call', 'email', 'meeting', 'visit', 'message'] as const;
const SUFFIX: Record<string, string> = { NA: 'LLC', EU: 'GmbH', UK: 'Ltd', APAC: 'Pte Ltd' };
const PROSPECT_WORDS = ['Alder', 'Basalt', 'Cobalt', 'Dune', 'Ember', 'Flint', 'Garnet', 'Heron', 'Indigo', 'Jasper', 'Kestrel', 'Larch'];

/** Per rep (world.reps order): follow-up discipline and win rate, the hidden truth. */
export interface RepTraits {
  code: string;
  region: string;
  /** Probability a planned follow-up is done on its day. */
  discipline: number;
  /** Won ÷ (won + lost) of the opportunities they close. */
  winRate: number;
  /** Probability a qualified lead that will not buy still becomes an opportunity (then lost), set so the win rate holds. */
  losingOpportunity: number;
}

export function repTraits(world: World): RepTraits[] {
  return world.reps.map((rep, j) => {
    const rng = stream(world.seed, 'lead', 'rep', j);
    // Two reps of every six are sloppy: they let leads lapse into the public pool.
    const discipline = round(j % 6 < 2 ? 0.5 + 0.15 * rng.uniform() : 0.8 + 0.18 * rng.uniform(), 3);
    const winRate = round(0.58 + 0.27 * rng.uniform(), 3);
    // Lost ÷ won ≈ qualified prospects per customer × this probability (see salesPipelineTruth).
    const losingOpportunity = round(Math.min(1, (1 - winRate) / winRate / QUALIFIED_PROSPECTS_PER_CUSTOMER), 4);
    return { code: rep.code, region: rep.region, discipline, winRate, losingOpportunity };
  });
}

const PROSPECT_PATHS = { lapse: 0.25, nurture: 0.15, qualified: 0.6 } as const;
/** Expected non-converting leads per converting one: Σ share × (1 − rate) / rate. */
const PROSPECTS_PER_CUSTOMER = SOURCES.reduce((s, x) => s + x.weight * ((1 - x.conversion) / x.conversion), 0);
const QUALIFIED_PROSPECTS_PER_CUSTOMER = PROSPECTS_PER_CUSTOMER * PROSPECT_PATHS.qualified;

/** The ground truth of the pipeline for the manifest. */
export function salesPipelineTruth(world: World) {
  return {
    model: 'Every customer arrives as the conversion of a lead; non-converting leads come with it in the proportion the source conversion rates imply',
    notes: [
      'A customer arriving on day d had its lead opened on day max(0, d − L), L = 2 + round(Gamma(2, 8)) days, at most 60.',
      'Each customer brings Poisson((1 − c) / c) non-converting leads of its source, c the source\'s true conversion rate, so converted ÷ all leads of a source → c.',
      'Non-converting leads: 25% are never worked (they lapse into the public pool), 15% are nurtured after one contact, 60% are qualified and then disqualified; a qualified one becomes an opportunity that is lost (with a reason) with the owner\'s losingOpportunity probability.',
      'Every converted lead\'s opportunity is won on the arrival day; expansion opportunities on accounts are won with the owner\'s win rate. winRate = won ÷ (won + lost) in expectation.',
      'A planned follow-up is done with the owner\'s discipline probability; an undone one leaves the lead untouched, and after the region\'s recycle days it falls back to the public pool, where a rep (disciplined ones more often) may claim it.',
    ],
    prospectsPerCustomer: round(PROSPECTS_PER_CUSTOMER, 4),
    prospectPaths: PROSPECT_PATHS,
    sources: SOURCES.map((s) => ({ source: s.code, trueConversionRate: s.conversion, shareOfCustomers: s.weight, campaignChannel: s.channel, quarterlyCampaignCostUsd: s.cost.map((c) => Math.round(c * world.scale)) })),
    regions: Object.entries(REGION_POLICY).map(([region, p]) => ({ region, ...p, leadCap: leadCap(world) })),
    reps: repTraits(world).map((r) => ({ code: r.code, region: r.region, followUpDiscipline: r.discipline, trueWinRate: r.winRate, losingOpportunityProbability: r.losingOpportunity })),
    expansionOpportunitiesPerDay: round(UPSELLS_PER_DAY * world.scale, 4),
  };
}

const leadCap = (world: World) => Math.max(25, Math.round(150 * world.scale));

// ---- plans: pure functions of the world ---------------------------------------------------

type Path = 'convert' | 'lapse' | 'nurture' | 'qualified';

interface LeadPlan {
  ref: string;
  /** Sorting key: customer index, then the lead's number among its prospects (-1: the converting one). */
  order: [number, number];
  path: Path;
  created: number;
  /** Arrival day (converting) or the day the prospect is closed. */
  ends: number;
  region: string;
  segment: CustomerPlan['segment'];
  source: Source;
  companyName: string;
  contactName: string;
  email?: string;
  phone?: string;
  score: number;
  touches: number[];
  /** Converting: it opens an opportunity at its first done follow-up. Qualified: the draw against the owner's losingOpportunity. */
  opportunity: boolean;
  opportunityDraw: number;
  amount: number;
  lostReason: (typeof LOST_REASONS)[number][0];
  competitor: string | null;
  seed: number;
}

interface PlanCache {
  arrivalStart: number[]; // arrivalStart[d] = index of the first customer arriving on day d
  plans: Map<number, LeadPlan[]>; // by customer index
  upsells: Map<number, UpsellPlan[]>; // by day
}
const caches = new WeakMap<World, PlanCache>();
const cache = (world: World): PlanCache => {
  let c = caches.get(world);
  if (!c) caches.set(world, (c = { arrivalStart: [0], plans: new Map(), upsells: new Map() }));
  return c;
};

/** Index of the first customer arriving on `day` (= customers acquired before it). */
function arrivalsBefore(world: World, day: number): number {
  const starts = cache(world).arrivalStart;
  while (starts.length <= day) starts.push(starts.at(-1)! + world.arrivals(starts.length - 1));
  return starts[day]!;
}

/** Customers arriving on days from..to (inclusive), with their arrival day. */
function arrivalsBetween(world: World, from: number, to: number): { index: number; day: number }[] {
  const out: { index: number; day: number }[] = [];
  for (let d = Math.max(0, from); d <= to; d++) {
    for (let i = arrivalsBefore(world, d); i < arrivalsBefore(world, d + 1); i++) out.push({ index: i, day: d });
  }
  return out;
}

function gaps(rng: Rng, from: number, to: number, mean: number): number[] {
  const out: number[] = [];
  for (let t = from + 4 + Math.round(rng.gamma(2, (mean - 4) / 2)); t < to; t += 4 + Math.round(rng.gamma(2, (mean - 4) / 2))) out.push(t);
  return out;
}

function pickSource(rng: Rng): Source {
  return SOURCES[rng.weighted(SOURCE_CUMULATIVE)]!;
}

function pickLostReason(rng: Rng): (typeof LOST_REASONS)[number][0] {
  let u = rng.uniform();
  for (const [reason, p] of LOST_REASONS) if ((u -= p) < 0) return reason;
  return 'price';
}

/** The converting lead of customer `index` (arriving on `day`) and the prospects that come with it. */
function plansOf(world: World, index: number, day: number): LeadPlan[] {
  const c = cache(world);
  const known = c.plans.get(index);
  if (known) return known;
  const customer = world.customer(index);
  const rng = stream(world.seed, 'lead', 'arrival', index);
  const source = pickSource(rng);
  const lead = Math.min(LEAD_TIME_MAX, 2 + Math.round(rng.gamma(2, 8)));
  const created = Math.max(0, day - lead);
  const profile = stream(world.seed, 'customer-profile', index);
  const plans: LeadPlan[] = [{
    ref: `arrival-${index}`, order: [index, -1], path: 'convert', created, ends: day, region: customer.region, segment: customer.segment, source,
    companyName: customer.name, contactName: `Buyer ${index + 1}`, email: `buyer${index + 1}@example.com`,
    ...(profile.chance(0.5) ? { phone: `+1 555 ${String(1000 + (index % 9000))}` } : {}),
    score: 50 + rng.int(0, 45), touches: gaps(rng, created, day, 14), opportunity: rng.chance(SEGMENT_OPPORTUNITY[customer.segment]), opportunityDraw: 0,
    amount: Math.round(customer.expectedOrderValue * rng.lognormal(0, 0.3)) * 100, lostReason: 'price', competitor: null, seed: world.seed,
  }];
  const prospects = stream(world.seed, 'lead', 'prospects', index).poisson((1 - source.conversion) / source.conversion);
  for (let k = 0; k < prospects; k++) {
    const p = stream(world.seed, 'lead', 'prospect', index, k);
    let u = p.uniform();
    const region = REGIONS.find((r) => (u -= r.weight) < 0) ?? REGIONS[0]!;
    const segment = (['consumer', 'small_business', 'mid_market', 'enterprise'] as const)[p.weighted([0.3, 0.65, 0.9, 1])]!;
    const pathDraw = p.uniform();
    const path: Path = pathDraw < PROSPECT_PATHS.lapse ? 'lapse' : pathDraw < PROSPECT_PATHS.lapse + PROSPECT_PATHS.nurture ? 'nurture' : 'qualified';
    const start = Math.max(0, day - Math.min(LEAD_TIME_MAX, 2 + Math.round(p.gamma(2, 8))));
    const ends = start + Math.min(PROSPECT_DURATION_MAX, 7 + Math.round(p.gamma(2, 10)));
    const nu = p.gamma(POPULATION.q, 1 / POPULATION.gamma);
    const word = PROSPECT_WORDS[(index + k) % PROSPECT_WORDS.length]!;
    const lostReason = pickLostReason(p);
    plans.push({
      ref: `prospect-${index}-${k}`, order: [index, k], path, created: start, ends, region: region.code, segment, source,
      companyName: `${word} ${['Trading', 'Supplies', 'Works', 'Group'][k % 4]} ${SUFFIX[region.code]} P${index + 1}-${k + 1}`,
      contactName: `Prospect ${index + 1}-${k + 1}`, email: `contact${index + 1}-${k + 1}@prospects.example`,
      score: 10 + p.int(0, 60),
      touches: path === 'lapse' ? [] : path === 'nurture' ? gaps(p, start, ends, 12).slice(0, 1) : gaps(p, start, ends, 14),
      opportunity: false, opportunityDraw: p.uniform(),
      amount: Math.round(p.gamma(POPULATION.p, 1 / nu)) * 100, lostReason,
      competitor: lostReason === 'competitor' || p.chance(0.3) ? COMPETITORS[p.int(0, COMPETITORS.length - 1)]! : null, seed: world.seed,
    });
  }
  c.plans.set(index, plans);
  return plans;
}

interface UpsellPlan {
  name: string;
  day: number;
  /** Uniform draw: which of the customers acquired before `day`. */
  pick: number;
  moves: number[];
  closes: number;
  winDraw: number;
  lines: { item: number; quantity: number }[];
  lostReason: (typeof LOST_REASONS)[number][0];
  competitor: string | null;
}

function upsellsOn(world: World, day: number): UpsellPlan[] {
  const c = cache(world);
  const known = c.upsells.get(day);
  if (known) return known;
  const n = stream(world.seed, 'lead', 'upsells', day).poisson(UPSELLS_PER_DAY * world.scale);
  const plans = Array.from({ length: n }, (_, j): UpsellPlan => {
    const rng = stream(world.seed, 'lead', 'upsell', day, j);
    const closes = day + Math.min(UPSELL_DURATION_MAX, 10 + Math.round(rng.gamma(2, 18)));
    const lines = Array.from({ length: 1 + rng.poisson(0.8) }, () => {
      const item = world.valueItems.items[rng.weighted(world.valueItems.cumulative)]!;
      return { item: item.index, quantity: 1 + rng.poisson(Math.max(1, 300_000 / item.listPrice)) };
    });
    const lostReason = pickLostReason(rng);
    return {
      name: `Expansion ${day + 1}-${j + 1}`, day, pick: rng.uniform(), moves: gaps(rng, day, closes, 20).slice(0, 3), closes, winDraw: rng.uniform(), lines, lostReason,
      competitor: lostReason === 'competitor' ? COMPETITORS[rng.int(0, COMPETITORS.length - 1)]! : null,
    };
  });
  c.upsells.set(day, plans);
  return plans;
}

// ---- set-up and what the database knows -----------------------------------------------------

interface PipelineContext {
  campaigns: Map<string, number>;
  repIndex: Map<number, number>;
  traits: RepTraits[];
  openStages: string[];
}
/** Per world and database: a continued simulation (a new world) re-derives it from the database. */
const contexts = new WeakMap<World, WeakMap<object, PipelineContext>>();

const campaignCode = (source: Source, day: number) => `${source.prefix}-Q${Math.min(CAMPAIGN_QUARTERS, Math.floor(day / 91) + 1)}`;

/**
 * Sets up the pipeline of a new demo company: each region's recycling, caps, assignment and
 * follow-up cadence, the reps' private pools, APAC's assignment rules, and a campaign a quarter
 * for every source but referrals (from `start`, three years of them). Does nothing when the
 * campaigns exist already.
 */
export async function setUpSalesPipeline(ctx: Context, world: World, ids: SimulationIds, start?: string): Promise<void> {
  if ((await crm.listCampaigns(ctx.db)).length > 0) return;
  const first = start ?? (await core.simulationState(ctx.db))?.startDate;
  if (!first) throw new DomainError('NOT_CONFIGURED', 'the sales pipeline needs the simulation start date', 'start');
  for (const [region, p] of Object.entries(REGION_POLICY)) {
    await crm.setRegionPipelineSettings(ctx, { region, leadRecycleDays: p.leadRecycleDays, accountRecycleDays: p.accountRecycleDays, leadCap: leadCap(world), assignment: p.assignment, followUpDays: p.followUpDays });
  }
  for (const [region, reps] of ids.repsByRegion) for (const repId of reps) await crm.setRepPool(ctx, { repId, region, acceptsLeads: true });
  const apac = ids.repsByRegion.get('APAC') ?? [];
  if (apac.length >= 2) {
    await crm.setAssignmentRules(ctx, { region: 'APAC', rules: [{ source: 'trade_show', repId: apac[0]! }, { segment: 'enterprise', repId: apac[1]! }] });
  }
  for (const source of SOURCES) {
    if (!source.prefix || !source.channel) continue;
    for (let q = 0; q < CAMPAIGN_QUARTERS; q++) {
      const rng = stream(world.seed, 'lead', 'campaign', source.code, q);
      const usd = source.cost[0] + rng.uniform() * (source.cost[1] - source.cost[0]);
      await crm.createCampaign(ctx, {
        code: `${source.prefix}-Q${q + 1}`, name: `${source.code.replace('_', ' ')} campaign, quarter ${q + 1}`, channel: source.channel, source: source.code,
        startDate: dayAfter(first, q * 91), endDate: dayAfter(first, q * 91 + 90), cost: Math.round(usd * world.scale) * 100, currency: 'USD',
      });
    }
  }
}

async function pipelineContext(ctx: Context, world: World, ids: SimulationIds, start: () => Promise<string>): Promise<PipelineContext> {
  let byDb = contexts.get(world);
  if (!byDb) contexts.set(world, (byDb = new WeakMap()));
  const known = byDb.get(ctx.db);
  if (known) return known;
  let campaigns = await crm.listCampaigns(ctx.db);
  if (campaigns.length === 0) {
    await setUpSalesPipeline(ctx, world, ids, await start());
    campaigns = await crm.listCampaigns(ctx.db);
  }
  const repIndex = new Map<number, number>();
  for (const [region, repIds] of ids.repsByRegion) {
    const codes = world.reps.map((r, j) => ({ r, j })).filter((x) => x.r.region === region);
    repIds.forEach((id, k) => codes[k] && repIndex.set(id, codes[k]!.j));
  }
  const openStages = (await crm.pipelineStages(ctx.db)).filter((s) => s.outcome === 'open' && s.active).map((s) => s.code);
  const context = { campaigns: new Map(campaigns.map((c) => [c.code, c.campaignId])), repIndex, traits: repTraits(world), openStages };
  byDb.set(ctx.db, context);
  return context;
}

/** A command that may be refused for a business reason the simulation accepts (a cap, a race it lost). */
async function attempt<T>(run: () => Promise<T>, tally?: Tally): Promise<T | undefined> {
  try {
    const result = await run();
    if (tally) tally.commands++;
    return result;
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

type LeadState = crm.LeadRecord & { openOpportunityId: number | null; openOpportunityStage: string | null };

async function createLead(ctx: Context, pc: PipelineContext, plan: LeadPlan, today: string, ids: SimulationIds, tally?: Tally): Promise<void> {
  const campaignId = plan.source.prefix ? pc.campaigns.get(campaignCode(plan.source, plan.created)) : undefined;
  // Outbound leads are found by a rep, who keeps them; the rest are handed out by the region's rules.
  const reps = ids.repsByRegion.get(plan.region) ?? [];
  const finder = plan.source.code === 'outbound' && reps.length > 0 ? reps[(plan.order[0] + plan.order[1] + 1) % reps.length] : undefined;
  const input = {
    companyName: plan.companyName, contactName: plan.contactName, region: plan.region, segment: plan.segment, score: plan.score,
    source: plan.source.code, ...(campaignId ? { campaignId } : {}), externalRef: plan.ref, date: today,
    ...(plan.email ? { email: plan.email } : {}), ...(plan.phone ? { phone: plan.phone } : {}),
  };
  if (finder && (await attempt(() => crm.createLead(ctx, { ...input, ownerId: finder }), tally))) return;
  await attempt(() => crm.createLead(ctx, input), tally);
}

/** A rep of the region claims a lead from its pool; disciplined reps hunt the public pool more. */
async function claimFromPool(ctx: Context, pc: PipelineContext, ids: SimulationIds, lead: LeadState, draw: number, today: string, tally?: Tally): Promise<number | undefined> {
  const reps = ids.repsByRegion.get(lead.region) ?? [];
  if (reps.length === 0) return undefined;
  const weights = reps.reduce<number[]>((acc, r) => [...acc, (acc.at(-1) ?? 0) + pc.traits[pc.repIndex.get(r)!]!.discipline], []);
  let k = 0;
  const target = draw * weights.at(-1)!;
  while (weights[k]! <= target && k < reps.length - 1) k++;
  for (let n = 0; n < reps.length; n++) {
    const repId = reps[(k + n) % reps.length]!;
    if (await attempt(() => crm.claimLead(ctx, { leadId: lead.leadId, repId, date: today }), tally)) return repId;
  }
  return undefined;
}

const nextStage = (pc: PipelineContext, stage: string) => pc.openStages[Math.min(pc.openStages.length - 1, pc.openStages.indexOf(stage) + 1)]!;

/** One planned follow-up of a lead: done (or not) by its owner, perhaps opening or advancing an opportunity. */
async function touch(ctx: Context, world: World, pc: PipelineContext, ids: SimulationIds, plan: LeadPlan, k: number, lead: LeadState, day: number, today: string, tally: Tally): Promise<void> {
  if (lead.status === 'converted' || lead.status === 'disqualified') return;
  const rng = stream(world.seed, 'lead', plan.ref, 'touch', k);
  const discipline = rng.uniform();
  const claimDraw = rng.uniform();
  let owner = lead.ownerId;
  if (owner === null) {
    // In a pool: someone else picks it up from the public sea.
    owner = (await claimFromPool(ctx, pc, ids, lead, claimDraw, today, tally)) ?? null;
    if (owner === null) return;
  } else if (discipline > pc.traits[pc.repIndex.get(owner) ?? 0]!.discipline) {
    return; // not done: the lead's clock keeps running
  }
  const method = METHODS[rng.int(0, METHODS.length - 1)]!;
  let opportunityId = lead.openOpportunityId;
  let stage: string | undefined;
  const firstOpportunity = opportunityId === null && (plan.path === 'convert' ? plan.opportunity : plan.path === 'qualified' && plan.opportunityDraw < pc.traits[pc.repIndex.get(owner) ?? 0]!.losingOpportunity);
  if (firstOpportunity) {
    const close = dayAfter(today, Math.max(1, plan.ends - day));
    const opened = await attempt(() => crm.createOpportunity(ctx, {
      leadId: lead.leadId, name: `${plan.companyName}: first order`, amount: inCurrency(plan.amount, plan.region), expectedCloseDate: close, date: today,
      ...(plan.competitor ? { competitor: plan.competitor } : {}), lines: opportunityLines(world, ids, plan, close),
    }), tally);
    opportunityId = opened?.opportunityId ?? null;
  } else if (opportunityId !== null) {
    const current = lead.openOpportunityStage ?? pc.openStages[0]!;
    if (nextStage(pc, current) !== current) stage = nextStage(pc, current);
  }
  await attempt(() => crm.logActivity(ctx, {
    repId: owner!, leadId: lead.leadId, method, date: today, content: `${method} with ${plan.contactName}${stage ? `: moving to ${stage}` : ''}`,
    ...(opportunityId !== null ? { opportunityId } : {}), ...(stage ? { stage } : {}), ...(plan.path === 'nurture' ? { leadStatus: 'nurturing' as const } : {}),
  }), tally);
}

/** Functional minor units in the region's currency at the world's base rate (at least one major unit). */
function inCurrency(amount: number, region: string): number {
  const currency = REGIONS.find((r) => r.code === region)?.currency ?? 'USD';
  const base = CURRENCIES.find((c) => c.code === currency)?.base ?? 1;
  return Math.max(100, Math.round(amount / base / 100) * 100);
}

/** One or two value items making up the opportunity's amount, expected when it should close. */
function opportunityLines(world: World, ids: SimulationIds, plan: LeadPlan, expectedDate: string) {
  const rng = stream(world.seed, 'lead', plan.ref, 'lines');
  const n = 1 + (rng.chance(0.4) ? 1 : 0);
  return Array.from({ length: n }, () => {
    const item = world.valueItems.items[rng.weighted(world.valueItems.cumulative)]!;
    return { itemId: ids.items[item.index]!, quantity: Math.max(1, Math.round(plan.amount / n / item.listPrice)), expectedDate };
  });
}

/** The day customer `index` arrives. */
function arrivalDayOf(world: World, index: number): number {
  let d = 0;
  while (arrivalsBefore(world, d + 1) <= index) d++;
  return d;
}

/**
 * One simulated day of the pipeline: stale leads and accounts go back to the public pool, the
 * day's leads open, planned follow-ups are done or not, prospects that will not buy are closed
 * (their opportunities lost with a reason), and expansion opportunities open, advance and close.
 * Customers arriving today are converted by convertArrival (from acquireCustomers), after this.
 */
export async function runSalesPipeline(ctx: Context, world: World, ids: SimulationIds, day: number, today: string, tally: Tally): Promise<void> {
  const pc = await pipelineContext(ctx, world, ids, async () => dayAfter(today, -day));
  if (await attempt(() => crm.recycleStaleOwnership(ctx, { date: today }))) tally.commands++;

  // Plans with something to do today: those of customers arriving from 75 days ago to 60 days ahead.
  const plans = arrivalsBetween(world, day - PROSPECT_DURATION_MAX, day + LEAD_TIME_MAX)
    .flatMap((a) => plansOf(world, a.index, a.day))
    .filter((p) => p.created === day || p.touches.includes(day) || (p.path !== 'convert' && p.ends === day))
    .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  const known = await crm.leadsByExternalRef(ctx.db, plans.map((p) => p.ref));
  for (const plan of plans) if (plan.created === day && !known.has(plan.ref)) await createLead(ctx, pc, plan, today, ids, tally);

  const state = await crm.leadsByExternalRef(ctx.db, plans.filter((p) => p.created < day).map((p) => p.ref));
  for (const plan of plans) {
    const lead = state.get(plan.ref);
    if (!lead) continue;
    const k = plan.touches.indexOf(day);
    if (k >= 0) await touch(ctx, world, pc, ids, plan, k, lead, day, today, tally);
    if (plan.path === 'qualified' && plan.ends === day && (lead.status === 'new' || lead.status === 'working' || lead.status === 'nurturing')) {
      await attempt(() => crm.disqualifyLead(ctx, { leadId: lead.leadId, date: today, reason: `not buying: ${plan.lostReason.replace('_', ' ')}`, lostReason: plan.lostReason }), tally);
    }
  }
  await runUpsells(ctx, world, pc, ids, day, today, tally);
}

/** Expansion opportunities on existing accounts: opened, moved along by the owner's meetings, won or lost. */
async function runUpsells(ctx: Context, world: World, pc: PipelineContext, ids: SimulationIds, day: number, today: string, tally: Tally): Promise<void> {
  const opening = upsellsOn(world, day);
  const ongoing: UpsellPlan[] = [];
  for (let e = Math.max(0, day - UPSELL_DURATION_MAX); e < day; e++) for (const u of upsellsOn(world, e)) if (u.moves.includes(day) || u.closes === day) ongoing.push(u);
  if (opening.length === 0 && ongoing.length === 0) return;

  const customers = (u: UpsellPlan) => ids.customers[Math.floor(u.pick * arrivalsBefore(world, u.day))];
  const accounts = await crm.accountOwners(ctx.db, [...opening, ...ongoing].map(customers).filter((c): c is number => c !== undefined));
  for (const u of opening) {
    const customerId = customers(u);
    const account = customerId === undefined ? undefined : accounts.get(customerId);
    if (!account) continue;
    let owner = account.ownerId;
    if (owner === null) {
      // An account in the public pool: a rep of its region takes it on to sell more.
      const reps = ids.repsByRegion.get(account.region) ?? [];
      const repId = reps[Math.floor(u.winDraw * reps.length)];
      if (repId === undefined || !(await attempt(() => crm.claimAccount(ctx, { customerId: customerId!, repId, date: today }), tally))) continue;
      owner = repId;
    }
    const base = CURRENCIES.find((c) => c.code === account.currency)?.base ?? 1;
    const lines = u.lines.map((l) => ({ itemId: ids.items[l.item]!, quantity: l.quantity, unitPrice: Math.max(1, Math.round(world.items[l.item]!.listPrice / base)), expectedDate: dayAfter(today, u.closes - day + 14) }));
    await attempt(() => crm.createOpportunity(ctx, {
      customerId: customerId!, name: u.name, expectedCloseDate: dayAfter(today, u.closes - day), date: today, lines, ...(u.competitor ? { competitor: u.competitor } : {}),
    }), tally);
  }
  if (ongoing.length === 0) return;
  const open = new Map((await crm.opportunitiesByName(ctx.db, ongoing.map((u) => u.name))).map((o) => [o.name, o]));
  for (const u of ongoing) {
    const o = open.get(u.name);
    if (!o || o.customerId === null) continue;
    const owner = accounts.get(o.customerId)?.ownerId ?? null;
    if (owner === null || owner !== o.ownerId) continue;
    if (u.closes === day) {
      const won = u.winDraw < pc.traits[pc.repIndex.get(owner) ?? 0]!.winRate;
      await attempt(() => (won
        ? crm.winOpportunity(ctx, { opportunityId: o.opportunityId, date: today, reason: 'expansion agreed' })
        : crm.loseOpportunity(ctx, { opportunityId: o.opportunityId, date: today, reason: u.lostReason, ...(u.competitor ? { competitor: u.competitor } : {}) })), tally);
    } else {
      const stage = nextStage(pc, o.stage);
      await attempt(() => crm.logActivity(ctx, {
        repId: owner, customerId: o.customerId!, opportunityId: o.opportunityId, method: 'meeting', date: today, content: `review of ${u.name}`,
        ...(stage !== o.stage ? { stage } : {}),
      }), tally);
    }
  }
}

/**
 * Converts the lead of a customer arriving today and wins its opportunity (opened now unless the
 * lead has one), returning the new account's id: the customer acquisition of the world, through
 * the pipeline. A lead sitting in a pool is claimed first; a missing one (the day's pipeline did
 * not run) is opened on the spot.
 */
export async function convertArrival(ctx: Context, world: World, ids: SimulationIds, plan: CustomerPlan, today: string, tally?: Tally): Promise<number> {
  const pc = await pipelineContext(ctx, world, ids, async () => (await core.simulationState(ctx.db))?.startDate ?? today);
  const lp = plansOf(world, plan.index, arrivalDayOf(world, plan.index))[0]!;
  let lead = (await crm.leadsByExternalRef(ctx.db, [lp.ref])).get(lp.ref);
  if (!lead) {
    await createLead(ctx, pc, lp, today, ids, tally);
    lead = (await crm.leadsByExternalRef(ctx.db, [lp.ref])).get(lp.ref);
  }
  if (!lead) throw new Error(`the simulator could not open the lead of customer ${plan.index}`);
  if (lead.ownerId === null && (await claimFromPool(ctx, pc, ids, lead, stream(world.seed, 'lead', lp.ref, 'convert').uniform(), today, tally)) === undefined) {
    // Every rep of the region is at the cap: the manager lets the least loaded one take one more.
    const pools = (await crm.repPools(ctx.db, lead.region)).sort((a, b) => a.openLeads - b.openLeads || a.repId - b.repId);
    const rep = pools[0];
    if (!rep) throw new Error(`region ${lead.region} has no rep to take the lead of customer ${plan.index}`);
    await crm.setRepPool(ctx, { repId: rep.repId, leadCap: rep.openLeads + 1 });
    await crm.claimLead(ctx, { leadId: lead.leadId, repId: rep.repId, date: today });
  }
  const region = REGIONS.find((r) => r.code === plan.region)!;
  const result = await crm.convertLead(ctx, {
    leadId: lead.leadId, date: today, winOpportunity: true, contactRole: 'buyer',
    account: {
      currency: region.currency, paymentTermsDays: plan.paymentTermsDays,
      // Limits at about eight typical orders; big orders from small accounts get held.
      creditLimit: Math.round(plan.expectedOrderValue * 8) * 100,
      ...(region.currency !== 'USD' ? { priceListCode: `${region.currency}-LIST` } : {}),
    },
    ...(lead.openOpportunityId === null ? { opportunity: { name: `${plan.name}: first order`, amount: inCurrency(lp.amount, plan.region), expectedCloseDate: today, stage: 'negotiation' } } : {}),
  });
  if (tally) tally.commands++;
  return result.customerId;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
