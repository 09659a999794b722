import { stream } from './random.js';

/**
 * The demo company's world, derived only from the seed and scale: its regions, warehouses,
 * reps, catalogue, suppliers and customers, and the hidden processes that drive them.
 * Everything here goes into the ground-truth manifest, so models can be checked against it.
 */
export const TIME_UNIT = 'week' as const;

/** Customer population (BG/NBD + Gamma-Gamma), rates per week, spend in functional major units. */
export const POPULATION = {
  /** Purchase rate λ ~ Gamma(shape r, rate α) per week: mean r/α = 0.08 purchases a week. */
  r: 1.6,
  alpha: 20,
  /** Dropout probability after each repeat purchase p ~ Beta(a, b): mean 0.107. */
  a: 1.2,
  b: 10,
  /** Order value z ~ Gamma(shape p, rate ν), ν ~ Gamma(shape q, rate γ): mean spend pγ/(q−1) = 1,500. */
  p: 6,
  q: 4,
  gamma: 750,
} as const;

export const REGIONS = [
  { code: 'NA', name: 'North America', currency: 'USD', warehouse: 'WH-NA', weight: 0.4, taxBp: 700 },
  { code: 'EU', name: 'Europe', currency: 'EUR', warehouse: 'WH-EU', weight: 0.25, taxBp: 2000 },
  { code: 'UK', name: 'United Kingdom', currency: 'GBP', warehouse: 'WH-EU', weight: 0.15, taxBp: 2000 },
  { code: 'APAC', name: 'Asia Pacific', currency: 'USD', warehouse: 'WH-AP', weight: 0.2, taxBp: 1000 },
] as const;

export const WAREHOUSES = [
  { code: 'WH-NA', name: 'Columbus distribution centre', region: 'NA' },
  { code: 'WH-EU', name: 'Rotterdam distribution centre', region: 'EU' },
  { code: 'WH-AP', name: 'Singapore distribution centre', region: 'APAC' },
] as const;

export const CURRENCIES = [
  { code: 'USD', name: 'US dollar', base: 1 },
  { code: 'EUR', name: 'Euro', base: 1.09 },
  { code: 'GBP', name: 'Pound sterling', base: 1.27 },
] as const;

export const CATEGORIES = [
  { code: 'COMPONENTS', name: 'Components' },
  { code: 'CONSUMABLES', name: 'Consumables', reducedTax: true },
  { code: 'TOOLS', name: 'Tools' },
  { code: 'ELECTRONICS', name: 'Electronics' },
  { code: 'SAFETY', name: 'Safety equipment', reducedTax: true },
  { code: 'PACKAGING', name: 'Packaging' },
  { code: 'SPARES', name: 'Spare parts' },
  { code: 'MACHINES', name: 'Machines' },
] as const;

export type DemandPattern = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

/**
 * How each pattern's demand arises: unit items appear on order lines at their own rate with a
 * small Poisson quantity; value items take the rest of an order's value, so their sizes vary
 * as much as order values do. Rates are lines a week at the reference volume.
 */
export const PATTERNS: Record<DemandPattern, { share: number; mode: 'unit' | 'value'; linesPerWeek: [number, number]; priceMu: number; priceSigma: number; extraUnits?: [number, number] }> = {
  smooth: { share: 0.2, mode: 'unit', linesPerWeek: [3, 8], priceMu: Math.log(25), priceSigma: 0.5, extraUnits: [2, 5] },
  erratic: { share: 0.14, mode: 'value', linesPerWeek: [1.5, 3.5], priceMu: Math.log(250), priceSigma: 0.5 },
  intermittent: { share: 0.4, mode: 'unit', linesPerWeek: [0.15, 0.45], priceMu: Math.log(80), priceSigma: 0.5, extraUnits: [0.3, 1] },
  lumpy: { share: 0.26, mode: 'value', linesPerWeek: [0.2, 0.6], priceMu: Math.log(600), priceSigma: 0.8 },
};

export interface ItemPlan {
  index: number;
  sku: string;
  name: string;
  category: string;
  pattern: DemandPattern;
  mode: 'unit' | 'value';
  /** Expected order lines a week at the reference volume (about 110 orders a week). */
  linesPerWeek: number;
  /** Unit items: quantity on a line is 1 + Poisson(extraUnits). */
  extraUnits: number;
  listPrice: number; // functional minor units
  standardCost: number;
  supplier: number; // index into suppliers
}

export interface SupplierPlan {
  index: number;
  legalName: string;
  taxId: string;
  region: string;
  currency: string;
  category: string;
  /** Actual lead time in days ~ Normal(mean + lateBias, sd), at least 1; promised = mean. */
  leadTimeMeanDays: number;
  leadTimeSdDays: number;
  lateBiasDays: number;
  /** Price relative to the item's standard cost. */
  priceLevel: number;
  paymentTermsDays: number;
  /** Quality truths, drawn from their own 'supplier-quality' streams (the draws above are unchanged). */
  /** Share of received units that fail inspection. */
  defectRate: number;
  /** True capability, 0–100: what on-site audits measure, with noise. */
  capability: number;
  /** Probability that a certificate is renewed only after it has lapsed. */
  lateRenewalProbability: number;
  /**
   * A quality problem that shows from the first re-audit (the onboarding audit still passes):
   * 'recovers' after a suspension, or 'persists' until the supplier is blocked.
   */
  qualityIssue: 'none' | 'recovers' | 'persists';
}

type SupplierQuality = Pick<SupplierPlan, 'defectRate' | 'capability' | 'lateRenewalProbability' | 'qualityIssue'>;

export interface CustomerPlan {
  index: number;
  name: string;
  region: string;
  segment: 'enterprise' | 'mid_market' | 'small_business' | 'consumer';
  /** Purchases a week while active. */
  lambda: number;
  /** Probability of dropping out after each repeat purchase. */
  dropout: number;
  /** Gamma-Gamma rate ν: expected order value is p/ν (functional major units). */
  nu: number;
  expectedOrderValue: number;
  paymentTermsDays: number;
  /** Mean days paid after the due date (negative: early). */
  payDelayMeanDays: number;
}

export interface RepPlan {
  code: string;
  name: string;
  region: string;
}

export interface World {
  seed: number;
  scale: number;
  reps: RepPlan[];
  items: ItemPlan[];
  suppliers: SupplierPlan[];
  /** Cumulative weights of unit items and of value items, for drawing order lines. */
  unitItems: { items: ItemPlan[]; cumulative: number[]; linesPerOrder: number };
  valueItems: { items: ItemPlan[]; cumulative: number[] };
  customer(index: number): CustomerPlan;
  /** Customers acquired on day `day` (0 = the start date). */
  arrivals(day: number): number;
}

const FIRST = ['Apex', 'Blue', 'Cedar', 'Delta', 'Echo', 'Fjord', 'Granite', 'Harbor', 'Iron', 'Juniper', 'Keystone', 'Lumen', 'Maple', 'Northwind', 'Orion', 'Pioneer', 'Quarry', 'Ridge', 'Summit', 'Tidal', 'Union', 'Vertex', 'Willow', 'Zenith'];
const SECOND = ['Works', 'Industries', 'Logistics', 'Foods', 'Labs', 'Builders', 'Systems', 'Outfitters', 'Motors', 'Health', 'Energy', 'Retail', 'Studios', 'Farms', 'Marine', 'Robotics'];
const SUFFIX: Record<string, string[]> = { NA: ['Inc', 'LLC', 'Corp'], EU: ['GmbH', 'BV', 'SA', 'AG'], UK: ['Ltd', 'plc'], APAC: ['Pte Ltd', 'Pty Ltd', 'KK'] };
const PEOPLE = ['Ava Chen', 'Ben Okafor', 'Carla Ruiz', 'Dev Patel', 'Elena Novak', 'Farid Haddad', 'Grace Kim', 'Hugo Lambert', 'Ines Costa', 'Jonas Berg', 'Keiko Sato', 'Liam Walsh', 'Maya Singh', 'Noah Fischer', 'Olivia Brown', 'Priya Nair'];
const NOUNS: Record<string, string[]> = {
  COMPONENTS: ['Bearing', 'Gear', 'Shaft', 'Bracket', 'Coupling'],
  CONSUMABLES: ['Lubricant', 'Adhesive', 'Cleaning wipes', 'Filter pad', 'Sealant'],
  TOOLS: ['Torque wrench', 'Drill set', 'Caliper', 'Crimper', 'Socket kit'],
  ELECTRONICS: ['Sensor', 'Controller', 'Relay', 'Power supply', 'Display'],
  SAFETY: ['Gloves', 'Helmet', 'Goggles', 'Harness', 'Ear defenders'],
  PACKAGING: ['Carton', 'Pallet wrap', 'Foam insert', 'Crate', 'Label roll'],
  SPARES: ['Pump seal', 'Motor brush', 'Valve kit', 'Belt', 'Nozzle'],
  MACHINES: ['Compressor', 'Press', 'Conveyor', 'Mixer', 'Packer'],
};

export function buildWorld(seed: number, scale: number): World {
  const itemCount = Math.max(16, Math.round(300 * Math.sqrt(scale)));
  const supplierCount = Math.max(CATEGORIES.length, Math.round(24 * Math.sqrt(scale)));
  const reps: RepPlan[] = REGIONS.flatMap((region, r) =>
    [0, 1, 2].map((k) => ({ code: `REP-${region.code}-${k + 1}`, name: PEOPLE[(r * 3 + k) % PEOPLE.length]!, region: region.code })),
  );

  const suppliers: SupplierPlan[] = withQuality(seed, Array.from({ length: supplierCount }, (_, i): Omit<SupplierPlan, keyof SupplierQuality> => {
    const rng = stream(seed, 'supplier', i);
    const region = i % 3 === 1 ? 'EU' : i % 3 === 2 ? 'APAC' : 'NA';
    const leadTimeMeanDays = Math.round(region === 'APAC' ? rng.int(21, 42) : rng.int(5, 21));
    return {
      index: i,
      legalName: `${FIRST[(i * 7 + 3) % FIRST.length]} ${SECOND[(i * 5 + 1) % SECOND.length]} Supply ${SUFFIX[region]![i % SUFFIX[region]!.length]}`,
      taxId: `${region}-${String(100000 + i * 7919).slice(-6)}${i}`,
      region,
      currency: region === 'EU' ? 'EUR' : 'USD',
      category: CATEGORIES[i % CATEGORIES.length]!.code,
      leadTimeMeanDays,
      leadTimeSdDays: Math.round(rng.gamma(2, leadTimeMeanDays / 12) * 10) / 10,
      lateBiasDays: Math.round(rng.normal(1, 2.5) * 10) / 10,
      priceLevel: Math.round(rng.lognormal(0, 0.07) * 1000) / 1000,
      paymentTermsDays: rng.pick([30, 30, 45, 60]),
    };
  }));

  const patterns = Object.keys(PATTERNS) as DemandPattern[];
  const items: ItemPlan[] = Array.from({ length: itemCount }, (_, i) => {
    const rng = stream(seed, 'item', i);
    // Patterns in fixed proportions, assigned in a seeded order.
    const u = (i + 0.5) / itemCount;
    let acc = 0;
    const pattern = patterns.find((p) => (acc += PATTERNS[p].share) >= u) ?? 'lumpy';
    const spec = PATTERNS[pattern];
    const category = CATEGORIES[rng.int(0, CATEGORIES.length - 1)]!.code;
    const price = Math.max(2, rng.lognormal(spec.priceMu, spec.priceSigma));
    const listPrice = Math.round(price) * 100 - 1; // 24.99 style
    const categorySuppliers = suppliers.filter((s) => s.category === category);
    return {
      index: i,
      sku: `${category.slice(0, 3)}-${String(1000 + i)}`,
      name: `${NOUNS[category]![i % 5]} ${String.fromCharCode(65 + (i % 26))}${(i * 37) % 900 + 100}`,
      category,
      pattern,
      mode: spec.mode,
      linesPerWeek: Math.round(rng.uniform() * (spec.linesPerWeek[1] - spec.linesPerWeek[0]) * 1000 + spec.linesPerWeek[0] * 1000) / 1000,
      extraUnits: spec.extraUnits ? Math.round((spec.extraUnits[0] + rng.uniform() * (spec.extraUnits[1] - spec.extraUnits[0])) * 100) / 100 : 0,
      listPrice,
      standardCost: Math.round(listPrice * (0.5 + rng.uniform() * 0.2)),
      supplier: categorySuppliers.length > 0 ? categorySuppliers[i % categorySuppliers.length]!.index : i % suppliers.length,
    };
  });

  const cumulative = (list: ItemPlan[]) => list.reduce<number[]>((acc, it) => [...acc, (acc[acc.length - 1] ?? 0) + it.linesPerWeek], []);
  const unit = items.filter((i) => i.mode === 'unit');
  const value = items.filter((i) => i.mode === 'value');
  const REFERENCE_ORDERS_PER_WEEK = 110 * scale;
  const unitLinesPerWeek = unit.reduce((s, i) => s + i.linesPerWeek, 0) * scale;

  return {
    seed,
    scale,
    reps,
    items,
    suppliers,
    unitItems: { items: unit, cumulative: cumulative(unit), linesPerOrder: unitLinesPerWeek / REFERENCE_ORDERS_PER_WEEK },
    valueItems: { items: value, cumulative: cumulative(value) },
    customer: (index) => planCustomer(seed, index),
    arrivals: (day) => {
      const rng = stream(seed, 'arrivals', day);
      // A launch wave over the first 60 days, then steady acquisition that grows over time.
      const rate = day < 60 ? (800 / 60) * scale : (1.35 + 0.0015 * (day - 60)) * scale;
      return rng.poisson(rate);
    },
  };
}

/**
 * Each supplier's quality. One supplier whose category has another supplier gets a quality problem
 * that persists (it ends up blocked, and its items are bought elsewhere), and one other a problem
 * it recovers from after a suspension; the rest are capable, with defect rates that fall as
 * capability rises.
 */
function withQuality(seed: number, base: Omit<SupplierPlan, keyof SupplierQuality>[]): SupplierPlan[] {
  const issues = stream(seed, 'supplier-quality', 'issues');
  const replaceable = base.filter((s) => base.some((o) => o.index !== s.index && o.category === s.category));
  const persists = replaceable.length > 0 ? issues.pick(replaceable).index : -1;
  const recovers = issues.pick(base.filter((s) => s.index !== persists)).index;
  return base.map((s) => {
    const rng = stream(seed, 'supplier-quality', s.index);
    const qualityIssue = s.index === persists ? 'persists' : s.index === recovers ? 'recovers' : 'none';
    const capability = qualityIssue === 'none' ? Math.min(97, Math.max(70, rng.normal(83, 6))) : 44 + rng.uniform() * 8;
    const defectRate = qualityIssue === 'none' ? 0.002 + rng.gamma(2, (100 - capability) / 1500) : 0.06 + rng.uniform() * 0.06;
    const lateRenewalProbability = qualityIssue === 'none' ? 0.05 + rng.uniform() * 0.2 : 0.4 + rng.uniform() * 0.3;
    return {
      ...s,
      defectRate: Math.round(defectRate * 10_000) / 10_000,
      capability: Math.round(capability * 10) / 10,
      lateRenewalProbability: Math.round(lateRenewalProbability * 1000) / 1000,
      qualityIssue,
    };
  });
}

function planCustomer(seed: number, index: number): CustomerPlan {
  const rng = stream(seed, 'customer', index);
  const P = POPULATION;
  const lambda = rng.gamma(P.r, 1 / P.alpha);
  const dropout = rng.beta(P.a, P.b);
  const nu = rng.gamma(P.q, 1 / P.gamma);
  const expectedOrderValue = P.p / nu;
  const regionDraw = rng.uniform();
  let acc = 0;
  const region = REGIONS.find((r) => (acc += r.weight) >= regionDraw) ?? REGIONS[0];
  // Segment follows spend, so big spenders read as enterprises; spend itself stays Gamma-Gamma.
  const segment = expectedOrderValue > 3000 ? 'enterprise' : expectedOrderValue > 1500 ? 'mid_market' : expectedOrderValue > 600 ? 'small_business' : 'consumer';
  const paymentTermsDays = segment === 'enterprise' ? 45 : segment === 'consumer' ? 14 : 30;
  const region2 = region!.code;
  return {
    index,
    name: `${FIRST[index % FIRST.length]} ${SECOND[Math.floor(index / FIRST.length) % SECOND.length]} ${SUFFIX[region2]![index % SUFFIX[region2]!.length]} #${index + 1}`,
    region: region2,
    segment,
    lambda,
    dropout,
    nu,
    expectedOrderValue,
    paymentTermsDays,
    payDelayMeanDays: Math.round((rng.gamma(1.5, 6) - 3) * 10) / 10,
  };
}

/** Weekly and annual seasonality multiplier on purchase rates; averages 1 over a year. */
export function seasonality(date: Date): number {
  const weekday = [0.3, 1.25, 1.25, 1.25, 1.25, 1.2, 0.5][date.getUTCDay()]!; // Sun..Sat, mean 1
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  const dayOfYear = (date.getTime() - start) / 86_400_000;
  return weekday * (1 + 0.18 * Math.sin((2 * Math.PI * (dayOfYear - 100)) / 365.25));
}
