import type { Context } from '../kernel/command.js';
import * as core from '../core/index.js';
import * as erp from '../erp/index.js';
import * as crm from '../crm/index.js';
import * as scm from '../scm/index.js';
import * as people from '../people/index.js';
import * as finance from '../finance/index.js';
import { CATEGORIES, CURRENCIES, REGIONS, WAREHOUSES, type World } from './world.js';
import { exchangeRate } from './treasury.js';

/** Ids of what the simulation created, by the world's indexes and codes. */
export interface SimulationIds {
  warehouses: Map<string, number>;
  items: number[];
  suppliers: number[];
  repsByRegion: Map<string, number[]>;
  customers: number[];
}

export const SIMULATOR = 'simulator';

/** Founds the company on its start date through the public commands. */
export async function foundCompany(ctx: Context, world: World, start: string): Promise<SimulationIds> {
  await core.setUpCompany(ctx, {
    name: 'Northwind Supply Co',
    functionalCurrency: 'USD',
    currencies: CURRENCIES.map((c) => ({ code: c.code, name: c.name })),
    regions: REGIONS.map((r) => ({ code: r.code, name: r.name, currency: r.currency })),
  });
  for (const c of CURRENCIES) if (c.code !== 'USD') await core.setExchangeRate(ctx, { currency: c.code, date: start, rate: exchangeRate(world.seed, c.code, 0) });
  for (const c of CATEGORIES) {
    await erp.addItemCategory(ctx, { code: c.code, name: c.name });
    for (const r of REGIONS) {
      await finance.setTaxRate(ctx, { category: c.code, region: r.code, rateBp: 'reducedTax' in c && c.reducedTax && r.taxBp > 1000 ? 500 : r.taxBp });
    }
  }
  const warehouses = new Map<string, number>();
  for (const w of WAREHOUSES) warehouses.set(w.code, (await erp.createWarehouse(ctx, w)).warehouseId);
  const repsByRegion = new Map<string, number[]>();
  for (const rep of world.reps) {
    const { employeeId } = await people.hireEmployee(ctx, { code: rep.code, name: rep.name, role: 'sales_rep', region: rep.region });
    repsByRegion.set(rep.region, [...(repsByRegion.get(rep.region) ?? []), employeeId]);
  }
  const items: number[] = [];
  for (const item of world.items) {
    items.push((await erp.createItem(ctx, { sku: item.sku, name: item.name, category: item.category, procurement: 'buy', listPrice: item.listPrice, standardCost: item.standardCost })).itemId);
  }
  for (const c of CURRENCIES.filter((c) => c.code !== 'USD')) {
    await erp.createPriceList(ctx, { code: `${c.code}-LIST`, name: `${c.name} list prices`, currency: c.code });
    await erp.setPrices(ctx, { priceListCode: `${c.code}-LIST`, validFrom: start, prices: world.items.map((it, i) => ({ itemId: items[i]!, unitPrice: priceIn(it.listPrice, c.code) })) });
  }
  await erp.addDiscountRule(ctx, { segment: 'enterprise', discountBp: 500 });
  await erp.addDiscountRule(ctx, { segment: 'mid_market', minQuantity: 10, discountBp: 200 });
  await erp.addDiscountRule(ctx, { category: 'PACKAGING', minQuantity: 50, discountBp: 800 });

  const suppliers: number[] = [];
  for (const s of world.suppliers) {
    suppliers.push((await scm.registerSupplier(ctx, { legalName: s.legalName, taxId: s.taxId, region: s.region, currency: s.currency, paymentTermsDays: s.paymentTermsDays, status: 'approved' })).supplierId);
  }
  // Opening balance sheet: paid-in capital in the bank and eight weeks of stock in every warehouse.
  await finance.postManualJournal(ctx, { date: start, memo: 'Opening capital', lines: [{ account: '1100', debit: 150_000_000 }, { account: '3100', credit: 150_000_000 }] });
  const lines = world.items.flatMap((item, i) =>
    WAREHOUSES.map((w) => {
      const regionShare = REGIONS.filter((r) => r.warehouse === w.code).reduce((s, r) => s + r.weight, 0);
      const weekly = item.linesPerWeek * world.scale * regionShare * (item.mode === 'unit' ? 1 + item.extraUnits : 3);
      return { itemId: items[i]!, warehouseId: warehouses.get(w.code)!, quantity: Math.max(2, Math.ceil(weekly * 8)), unitCost: item.standardCost };
    }),
  );
  await erp.adjustStock(ctx, { date: start, reason: 'opening', lines });
  return { warehouses, items, suppliers, repsByRegion, customers: [] };
}

/** A list price in another currency at the world's base rate, ending in .99 or .00. */
export function priceIn(listPriceUsd: number, currency: string): number {
  const base = CURRENCIES.find((c) => c.code === currency)?.base ?? 1;
  const major = Math.max(1, Math.round(listPriceUsd / 100 / base));
  return major * 100 - (major > 10 ? 1 : 0);
}

/** Finds the ids of a company the simulator founded earlier, to continue it. */
export async function loadIds(ctx: Context, world: World): Promise<SimulationIds> {
  const warehouses = new Map((await erp.listWarehouses(ctx.db)).map((w) => [w.code, w.id]));
  const bySku = new Map((await erp.listItems(ctx.db)).map((i) => [i.sku, i.id]));
  const items = world.items.map((i) => bySku.get(i.sku)!);
  const supplierRows = await scm.listSuppliers(ctx.db);
  const byName = new Map(supplierRows.map((s) => [s.legal_name, s.id]));
  const suppliers = world.suppliers.map((s) => byName.get(s.legalName)!);
  const repsByRegion = new Map<string, number[]>();
  const employees = await people.listEmployees(ctx.db);
  for (const rep of world.reps) {
    const e = employees.find((x) => x.code === rep.code);
    if (e) repsByRegion.set(rep.region, [...(repsByRegion.get(rep.region) ?? []), e.id]);
  }
  const customers = (await crm.customersCreatedBy(ctx.db, SIMULATOR)).map((c) => c.id);
  if (items.some((i) => i === undefined) || suppliers.some((s) => s === undefined)) {
    throw new Error('the database holds a simulated company built with another scale or seed');
  }
  return { warehouses, items, suppliers, repsByRegion, customers };
}
