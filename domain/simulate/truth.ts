import { POPULATION, TIME_UNIT, type World } from './world.js';
import { commercialTruth } from './commercial.js';
import { salesPipelineTruth } from './sales-pipeline.js';
import { afterSalesTruth } from './after-sales.js';
import { supplierLifecycleTruth } from './supplier-quality.js';
import { organisationTruth } from './payroll.js';
import { productionTruth } from './production.js';
import type { CustomerState } from './customers.js';
import type { SimulationIds } from './setup.js';

/**
 * The ground-truth manifest: the processes the demo company was drawn from, so the models can
 * be checked against what really generated the books. Deterministic: no wall-clock times.
 */
export function truthManifest(world: World, ids: SimulationIds, states: CustomerState[], start: string, lastDate: string) {
  return {
    description: 'Ground truth of the Ledgerloop demo company: the parameters every simulated behaviour was drawn from.',
    seed: world.seed,
    scale: world.scale,
    startDate: start,
    lastDate,
    timeUnit: TIME_UNIT,
    customers: {
      model: 'BG/NBD purchase frequency with Gamma-Gamma order values',
      notes: [
        'Purchase rate λ ~ Gamma(r, α) per week, dropout after each repeat purchase p ~ Beta(a, b); the first purchase is the day of acquisition.',
        'While active, purchases arrive as a Poisson process whose rate is λ times a seasonality factor (weekday profile × annual sine of ±18%) that averages about 1.',
        'Order value ~ Gamma(p, ν) functional major units with ν ~ Gamma(q, γ); the realised order value differs from the draw by whole units of the last line and by unit lines.',
        'Segment follows expected spend (enterprise > 3,000; mid_market > 1,500; small_business > 600), so spend stays Gamma-Gamma.',
        'Acquisition: a launch wave over the first 60 days, then arrivals growing linearly — the trend in revenue.',
        'Payment: each invoice is planned for its due date + Normal(payDelayMeanDays, 3) days and paid in the customer\'s weekly run (weekday 1 + index mod 5), so 0–6 days after the plan.',
      ],
      population: POPULATION,
      rows: states.map((s) => ({
        customerId: s.id,
        index: s.plan.index,
        region: s.plan.region,
        segment: s.plan.segment,
        acquired: s.acquired,
        lambdaPerWeek: round(s.plan.lambda, 6),
        dropoutProbability: round(s.plan.dropout, 6),
        nu: round(s.plan.nu, 8),
        expectedOrderValue: round(s.plan.expectedOrderValue, 2),
        payDelayMeanDays: s.plan.payDelayMeanDays,
        orders: s.orders,
        droppedOut: s.droppedOut,
      })),
    },
    items: world.items.map((item, i) => ({
      itemId: ids.items[i],
      sku: item.sku,
      category: item.category,
      pattern: item.pattern,
      quantityModel: item.mode === 'unit' ? `1 + Poisson(${item.extraUnits}) per line` : 'the rest of the order value ÷ price',
      expectedLinesPerWeek: round(item.linesPerWeek * world.scale, 4),
      listPrice: item.listPrice,
      standardCost: item.standardCost,
      supplierId: ids.suppliers[item.supplier],
    })),
    salesPipeline: salesPipelineTruth(world),
    commercial: commercialTruth(),
    afterSales: afterSalesTruth(),
    supplierLifecycle: supplierLifecycleTruth(world),
    organisation: organisationTruth(world),
    production: productionTruth(world),
    suppliers: world.suppliers.map((s, i) => ({
      supplierId: ids.suppliers[i],
      legalName: s.legalName,
      region: s.region,
      category: s.category,
      promisedLeadTimeDays: s.leadTimeMeanDays,
      actualLeadTimeMeanDays: round(s.leadTimeMeanDays + s.lateBiasDays, 2),
      leadTimeSdDays: s.leadTimeSdDays,
      onTimeProbability: round(normalCdf(-s.lateBiasDays / Math.max(0.01, s.leadTimeSdDays) + 0.5 / Math.max(0.01, s.leadTimeSdDays)), 4),
      priceLevel: s.priceLevel,
    })),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26), for the on-time probability of a lead time. */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
