import { leadTimeDemandQuantiles } from '../demand/lead-time.js';
import { normalQuantile } from '../demand/normal-quantile.js';
import { badInput, finiteAtLeast } from './validate.js';

/**
 * Safety stock, reorder point and economic order quantity, textbook forms (e.g. Silver, Pyke &
 * Thomas ch. 6–7). Demand and lead time must use the same time unit (days or weeks):
 *   SS  = z · sqrt(L · σd² + d̄² · σL²),  z = Φ⁻¹(service level) (cycle service level)
 *   ROP = d̄ · L + SS
 *   EOQ = sqrt(2 · D · S / H), D yearly demand, S cost per order, H holding cost per unit-year.
 * The lead-time-demand spread is computed by models/demand's leadTimeDemandQuantiles (a flat
 * forecast d̄ makes it exactly the formula above), so both modules agree by construction.
 */
export interface DemandAndLeadTime {
  /** Mean demand per period (d̄ ≥ 0). */
  meanDemand: number;
  /** Standard deviation of demand per period (σd ≥ 0). */
  sdDemand: number;
  /** Mean lead time in periods (L ≥ 0). */
  meanLeadTime: number;
  /** Standard deviation of the lead time in periods (σL ≥ 0). */
  sdLeadTime: number;
}

/** z for a cycle service level in [0.5, 1): below one half safety stock would be negative. */
export function serviceLevelZ(serviceLevel: number): number {
  if (!(Number.isFinite(serviceLevel) && serviceLevel >= 0.5 && serviceLevel < 1)) {
    throw badInput('serviceLevel', `serviceLevel must be in [0.5, 1), got ${String(serviceLevel)}`);
  }
  return normalQuantile(serviceLevel);
}

function leadTimeDemand(x: DemandAndLeadTime): { mean: number; sd: number } {
  finiteAtLeast(x.meanDemand, 0, 'meanDemand');
  finiteAtLeast(x.sdDemand, 0, 'sdDemand');
  finiteAtLeast(x.meanLeadTime, 0, 'meanLeadTime');
  finiteAtLeast(x.sdLeadTime, 0, 'sdLeadTime');
  const { mean, sd } = leadTimeDemandQuantiles([x.meanDemand], { sigma: x.sdDemand }, { mean: x.meanLeadTime, sd: x.sdLeadTime }, []);
  return { mean, sd };
}

export function safetyStock(x: DemandAndLeadTime, serviceLevel: number): number {
  const z = serviceLevelZ(serviceLevel);
  return z * leadTimeDemand(x).sd;
}

export function reorderPoint(x: DemandAndLeadTime, serviceLevel: number): number {
  const z = serviceLevelZ(serviceLevel);
  const { mean, sd } = leadTimeDemand(x);
  return mean + z * sd;
}

/**
 * EOQ in units; null when it is undefined: no demand (D = 0: nothing to order) or no holding
 * cost (H = 0: any quantity is as good, the formula diverges).
 */
export function economicOrderQuantity(annualDemand: number, orderCost: number, holdingCostPerUnitYear: number): number | null {
  finiteAtLeast(annualDemand, 0, 'annualDemand');
  finiteAtLeast(orderCost, 0, 'orderCost');
  finiteAtLeast(holdingCostPerUnitYear, 0, 'holdingCostPerUnitYear');
  if (annualDemand === 0 || holdingCostPerUnitYear === 0) return null;
  return Math.sqrt((2 * annualDemand * orderCost) / holdingCostPerUnitYear);
}

/**
 * One item's reorder policy from its demand history (per period of `periodDays` days, zeros
 * included) and lead-time statistics in days. Nulls, with `reason`:
 *  - 'no-lead-time': no received purchase line, so no lead time: SS, ROP null (EOQ still given);
 *  - 'too-few-periods': fewer than two demand periods, σd unknown: SS, ROP null;
 *  - 'no-demand': all periods zero: SS = ROP = 0 (nothing to cover), EOQ null.
 * A lead-time SD of null (a single receipt) is taken as 0 and flagged by leadTimeSdAssumedZero.
 */
export interface ReorderPolicyInput {
  demand: readonly number[];
  periodDays: number;
  leadTime: { meanDays: number; sdDays: number | null } | null;
  serviceLevel: number;
  /** Cost per order S (minor units). */
  orderCost: number;
  /** Holding cost per unit and year H (minor units). */
  holdingCostPerUnitYear: number;
}

export interface ReorderPolicy {
  meanDemand: number | null;
  sdDemand: number | null;
  /** Lead time in periods. */
  meanLeadTime: number | null;
  sdLeadTime: number | null;
  leadTimeSdAssumedZero: boolean;
  z: number;
  safetyStock: number | null;
  reorderPoint: number | null;
  annualDemand: number | null;
  eoq: number | null;
  reason: 'no-lead-time' | 'too-few-periods' | 'no-demand' | null;
}

export function reorderPolicy(input: ReorderPolicyInput): ReorderPolicy {
  const z = serviceLevelZ(input.serviceLevel);
  finiteAtLeast(input.periodDays, 1, 'periodDays');
  input.demand.forEach((d, i) => finiteAtLeast(d, 0, `demand.${i}`));
  const n = input.demand.length;
  const meanDemand = n > 0 ? input.demand.reduce((s, d) => s + d, 0) / n : null;
  const sdDemand = n > 1 ? Math.sqrt(input.demand.reduce((s, d) => s + (d - meanDemand!) ** 2, 0) / (n - 1)) : null;
  const annualDemand = meanDemand === null ? null : (meanDemand * 365) / input.periodDays;
  const eoq = annualDemand === null ? null : economicOrderQuantity(annualDemand, input.orderCost, input.holdingCostPerUnitYear);
  const lt = input.leadTime;
  if (lt) {
    finiteAtLeast(lt.meanDays, 0, 'leadTime.meanDays');
    if (lt.sdDays !== null) finiteAtLeast(lt.sdDays, 0, 'leadTime.sdDays');
  }
  const meanLeadTime = lt ? lt.meanDays / input.periodDays : null;
  const sdLeadTime = lt ? (lt.sdDays ?? 0) / input.periodDays : null;
  const base = { meanDemand, sdDemand, meanLeadTime, sdLeadTime, leadTimeSdAssumedZero: lt !== null && lt.sdDays === null, z, annualDemand, eoq };
  if (meanLeadTime === null) return { ...base, safetyStock: null, reorderPoint: null, reason: 'no-lead-time' };
  if (sdDemand === null) return { ...base, safetyStock: null, reorderPoint: null, reason: 'too-few-periods' };
  const x = { meanDemand: meanDemand!, sdDemand, meanLeadTime, sdLeadTime: sdLeadTime! };
  return {
    ...base,
    safetyStock: safetyStock(x, input.serviceLevel),
    reorderPoint: reorderPoint(x, input.serviceLevel),
    reason: meanDemand === 0 ? 'no-demand' : null,
  };
}
