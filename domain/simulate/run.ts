import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import * as core from '../core/index.js';
import { buildWorld } from './world.js';
import { foundCompany, loadIds, SIMULATOR } from './setup.js';
import { acquireCustomers, loadCustomerStates, placeOrders, type CustomerState } from './customers.js';
import { runFulfilment } from './fulfilment.js';
import { runCollections } from './collections.js';
import { runBuying } from './buying.js';
import { runTreasury } from './treasury.js';
import { truthManifest } from './truth.js';
import { routeCreditHolds, runContracts, setUpCommercial } from './commercial.js';
import { runAfterSales, setUpAfterSales } from './after-sales.js';
import { runSupplierLifecycle, setUpSupplierLifecycle } from './supplier-quality.js';
import { runSalesPipeline, setUpSalesPipeline } from './sales-pipeline.js';
import { runPayrollAndExpenses, setUpOrganisation } from './payroll.js';
import { runProduction, setUpProduction } from './production.js';
import { dayAfter, daysBetween } from './calendar.js';
import { newTally, type Tally } from './tally.js';

export interface SimulateOptions {
  seed: number;
  days: number;
  /** First day of a new company (ignored when continuing). Default 2024-01-01. */
  start?: string;
  scale: number;
  /** Where to write the ground-truth manifest. */
  truthPath?: string;
  onProgress?: (p: { day: number; days: number; date: string; tally: Tally }) => void;
}

export interface SimulateResult {
  continued: boolean;
  startDate: string;
  firstDate: string;
  lastDate: string;
  days: number;
  tally: Tally;
  customers: number;
  seconds: number;
}

/**
 * Runs the demo company day by day through the public commands only. On a database that already
 * holds a simulated company it continues from the day after the last simulated day with the
 * same seed and scale, drawing exactly what one longer run would have drawn.
 */
export async function simulate(ctx: Context, options: SimulateOptions): Promise<SimulateResult> {
  const began = Date.now();
  const sim: Context = { db: ctx.db, actor: SIMULATOR };
  const previous = await core.simulationState(ctx.db);
  if (!previous && (await core.isSetUp(ctx.db))) {
    throw new DomainError('NOT_ALLOWED', 'this database holds a company that the simulator did not create; simulate into an empty database', 'database');
  }
  if (previous && previous.seed !== options.seed) {
    throw new DomainError('INVALID_INPUT', `the simulated company here was made with seed ${previous.seed}; continue it with --seed ${previous.seed}`, 'seed');
  }
  if (previous && previous.scale !== options.scale) {
    throw new DomainError('INVALID_INPUT', `the simulated company here was made at scale ${previous.scale}; continue it with --scale ${previous.scale}`, 'scale');
  }
  const world = buildWorld(options.seed, options.scale);
  const start = previous?.startDate ?? options.start ?? '2024-01-01';
  const tally = newTally();
  const ids = previous ? await loadIds(sim, world) : await foundCompany(sim, world, start);
  if (!previous) {
    await setUpSalesPipeline(sim, world, ids, start);
    await setUpSupplierLifecycle(sim, world, ids, start, tally);
    await setUpOrganisation(sim, world, ids, start);
    await setUpProduction(sim, world, ids, start);
  }
  // Each area's standing data (staff, rules, settings); idempotent, so a continued run repeats it harmlessly.
  await setUpCommercial(sim, world, ids);
  await setUpAfterSales(sim, world.seed);
  const states: CustomerState[] = previous ? await loadCustomerStates(sim, world, ids) : [];
  const byCustomerId = new Map(states.map((s) => [s.id, s]));
  const firstDate = previous ? dayAfter(previous.lastDate, 1) : start;

  let lastDate = previous?.lastDate ?? dayAfter(start, -1);
  for (let k = 0; k < options.days; k++) {
    const today = dayAfter(firstDate, k);
    const day = daysBetween(start, today);
    await runTreasury(sim, world.seed, start, today, tally);
    const before = states.length;
    await runSalesPipeline(sim, world, ids, day, today, tally);
    await acquireCustomers(sim, world, ids, states, day, today, tally);
    for (const s of states.slice(before)) byCustomerId.set(s.id, s);
    await placeOrders(sim, world, ids, states, day, today, tally);
    await runSupplierLifecycle(sim, world, ids, today, tally);
    await runBuying(sim, world, ids, start, today, tally);
    await runProduction(sim, world, ids, today, tally);
    await routeCreditHolds(sim, ids, today, tally);
    await runFulfilment(sim, world.seed, today, tally);
    await runCollections(sim, world.seed, byCustomerId, today, tally);
    await runContracts(sim, world, ids, today, tally);
    await runAfterSales(sim, world.seed, today, tally);
    await runPayrollAndExpenses(sim, world, today, tally);
    lastDate = today;
    // Saved after every simulated day, so an interrupted run continues from the last whole day.
    await core.recordSimulation(sim, { seed: world.seed, scale: world.scale, startDate: start, lastDate: today });
    options.onProgress?.({ day: k + 1, days: options.days, date: today, tally });
  }
  if (options.truthPath) {
    mkdirSync(dirname(options.truthPath), { recursive: true });
    writeFileSync(options.truthPath, `${JSON.stringify(truthManifest(world, ids, states, start, lastDate), null, 1)}\n`);
  }
  return { continued: Boolean(previous), startDate: start, firstDate, lastDate, days: options.days, tally, customers: states.length, seconds: (Date.now() - began) / 1000 };
}
