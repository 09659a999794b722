import type { Context } from '../../domain/kernel/command.js';
import { core, crm, erp, finance, people, scm } from '../../domain/index.js';

/** A small company built through the public commands, for integration tests. */
export interface TestCompany {
  ctx: Context;
  warehouseId: number;
  repId: number;
  customerId: number;
  eurCustomerId: number;
  items: { widget: number; gadget: number; scarce: number };
  supplierId: number;
}

export async function setUpTestCompany(ctx: Context): Promise<TestCompany> {
  await core.setUpCompany(ctx, {
    name: 'Test Co',
    functionalCurrency: 'USD',
    currencies: [{ code: 'USD', name: 'US dollar' }, { code: 'EUR', name: 'Euro' }],
    regions: [{ code: 'NA', name: 'North America', currency: 'USD' }, { code: 'EU', name: 'Europe', currency: 'EUR' }],
  });
  await core.setExchangeRate(ctx, { currency: 'EUR', date: '2024-01-01', rate: '1.10' });
  await erp.addItemCategory(ctx, { code: 'HW', name: 'Hardware' });
  await finance.setTaxRate(ctx, { category: 'HW', region: 'NA', rateBp: 800 });
  await finance.setTaxRate(ctx, { category: 'HW', region: 'EU', rateBp: 2000 });
  const { warehouseId } = await erp.createWarehouse(ctx, { code: 'MAIN', name: 'Main', region: 'NA' });
  const { employeeId: repId } = await people.hireEmployee(ctx, { code: 'R1', name: 'Rep One', role: 'sales_rep', region: 'NA' });
  const widget = (await erp.createItem(ctx, { sku: 'W-1', name: 'Widget', category: 'HW', procurement: 'buy', listPrice: 2_500, standardCost: 1_000 })).itemId;
  const gadget = (await erp.createItem(ctx, { sku: 'G-1', name: 'Gadget', category: 'HW', procurement: 'buy', listPrice: 9_999, standardCost: 4_000 })).itemId;
  const scarce = (await erp.createItem(ctx, { sku: 'S-1', name: 'Scarce', category: 'HW', procurement: 'buy', listPrice: 50_000, standardCost: 20_000 })).itemId;
  await erp.createPriceList(ctx, { code: 'EUR-STD', name: 'Euro list', currency: 'EUR' });
  await erp.setPrices(ctx, { priceListCode: 'EUR-STD', validFrom: '2024-01-01', prices: [{ itemId: widget, unitPrice: 2_300 }, { itemId: gadget, unitPrice: 9_000 }, { itemId: scarce, unitPrice: 45_000 }] });
  await erp.adjustStock(ctx, {
    date: '2024-01-02',
    reason: 'opening',
    lines: [
      { itemId: widget, warehouseId, quantity: 100, unitCost: 1_000 },
      { itemId: gadget, warehouseId, quantity: 30, unitCost: 4_000 },
      { itemId: scarce, warehouseId, quantity: 5, unitCost: 20_000 },
    ],
  });
  const { customerId } = await crm.createCustomer(ctx, { name: 'Acme', region: 'NA', segment: 'mid_market', ownerId: repId, creditLimit: 10_000_000 });
  const { customerId: eurCustomerId } = await crm.createCustomer(ctx, { name: 'Euro GmbH', region: 'EU', segment: 'enterprise', priceListCode: 'EUR-STD' });
  const { supplierId } = await scm.registerSupplier(ctx, { legalName: 'Parts Inc', taxId: 'US-123456', region: 'NA', status: 'approved' });
  return { ctx, warehouseId, repId, customerId, eurCustomerId, items: { widget, gadget, scarce }, supplierId };
}
