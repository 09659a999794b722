import type { CustomerForecastRow } from './customers.js';
import type { BgNbdParams } from '../models/clv/index.js';
import type { DemandPattern } from '../models/demand/index.js';

/**
 * The models against the demo company's ground-truth manifest (simulation-truth.json): what the
 * simulator drew the books from. Pure; the CLI prints it and the tests hold it to bounds.
 */
export interface TruthManifest {
  customers: {
    population: BgNbdParams & { p: number; q: number; gamma: number };
    rows: { customerId: number; lambdaPerWeek: number; dropoutProbability: number; droppedOut: boolean; expectedOrderValue: number }[];
  };
  items: { itemId: number; sku: string; pattern: Exclude<DemandPattern, 'none'> }[];
  suppliers?: { supplierId: number; legalName: string; onTimeProbability: number }[];
}

export interface CustomerTruthCheck {
  fitted: BgNbdParams;
  truth: BgNbdParams;
  /** Mean purchase rate per week r/α and mean dropout a/(a+b), fitted and true. */
  meanRate: { fitted: number; truth: number };
  meanDropout: { fitted: number; truth: number };
  /** How well P(alive) tells customers the simulator dropped from those it did not: the area under the ROC curve (0.5 = chance). */
  aliveAuc: number | null;
  /** Mean P(alive) of the customers that had and had not really dropped out. */
  meanAliveOfDropped: number | null;
  meanAliveOfActive: number | null;
  customers: number;
}

export function checkCustomersAgainstTruth(fitted: BgNbdParams, rows: readonly CustomerForecastRow[], truth: TruthManifest): CustomerTruthCheck {
  const t = truth.customers.population;
  const byId = new Map(truth.customers.rows.map((r) => [r.customerId, r]));
  const dropped: number[] = [];
  const active: number[] = [];
  for (const r of rows) {
    const real = byId.get(r.customer_id);
    if (!real) continue;
    (real.droppedOut ? dropped : active).push(r.probability_alive);
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    fitted: { r: fitted.r, alpha: fitted.alpha, a: fitted.a, b: fitted.b },
    truth: { r: t.r, alpha: t.alpha, a: t.a, b: t.b },
    meanRate: { fitted: fitted.r / fitted.alpha, truth: t.r / t.alpha },
    meanDropout: { fitted: fitted.a / (fitted.a + fitted.b), truth: t.a / (t.a + t.b) },
    // Active customers should score higher: AUC of "active" on P(alive).
    aliveAuc: rocAuc(active, dropped),
    meanAliveOfDropped: mean(dropped),
    meanAliveOfActive: mean(active),
    customers: dropped.length + active.length,
  };
}

/**
 * P(a random positive scores above a random negative), ties counting half: the Mann–Whitney
 * form of the area under the ROC curve. Null when either group is empty.
 */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number | null {
  if (positives.length === 0 || negatives.length === 0) return null;
  const all = [...positives.map((v) => ({ v, p: true })), ...negatives.map((v) => ({ v, p: false }))].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j) / 2 + 1; // average rank of the tie group
    for (let k = i; k <= j; k++) if (all[k]!.p) rankSum += rank;
    i = j + 1;
  }
  const n1 = positives.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * negatives.length);
}

export interface PatternTruthCheck {
  /** truth pattern → classified pattern → items. */
  confusion: Record<string, Record<string, number>>;
  agreement: number;
  items: number;
  /** Items the classification and the truth both call intermittent or lumpy, or both smooth or erratic (whether Croston-type methods apply). */
  intermittentAgreement: number;
}

export function checkPatternsAgainstTruth(classified: ReadonlyMap<number, DemandPattern>, truth: TruthManifest): PatternTruthCheck {
  const confusion: Record<string, Record<string, number>> = {};
  let agree = 0;
  let sameFamily = 0;
  let items = 0;
  const intermittent = (p: string) => p === 'intermittent' || p === 'lumpy' || p === 'none';
  for (const item of truth.items) {
    const got = classified.get(item.itemId) ?? 'none';
    const row = (confusion[item.pattern] ??= {});
    row[got] = (row[got] ?? 0) + 1;
    items++;
    if (got === item.pattern) agree++;
    if (intermittent(got) === intermittent(item.pattern)) sameFamily++;
  }
  return { confusion, agreement: items === 0 ? 0 : agree / items, items, intermittentAgreement: items === 0 ? 0 : sameFamily / items };
}
