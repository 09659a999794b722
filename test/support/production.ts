import { erp, people, scm } from '../../domain/index.js';
import type { TestCompany } from './company.js';

/**
 * A small factory on top of the test company: components (widget and gadget from opening stock,
 * bolts bought from the supplier), a manufactured machine and a sub-assembly, two work centres,
 * routings, BOMs and an operator.
 */
export interface TestFactory {
  bolt: number;
  machine: number;
  subassembly: number;
  assembly: number;
  testing: number;
  operator: number;
  /** Receives `quantity` bolts at `unitPrice` on `date`; returns the receipt (with its lot). */
  buyBolts(quantity: number, unitPrice: number, date: string): Promise<{ receiptNo: string; lotNo: string; lotId: number }>;
}

export async function setUpTestFactory(co: TestCompany, prefix = ''): Promise<TestFactory> {
  const { ctx, items, supplierId, warehouseId } = co;
  const bolt = (await erp.createItem(ctx, { sku: `${prefix}BOLT-1`, name: 'Bolt', category: 'HW', procurement: 'buy', listPrice: 100, standardCost: 50 })).itemId;
  const subassembly = (await erp.createItem(ctx, { sku: `${prefix}SUB-1`, name: 'Frame', category: 'HW', procurement: 'make', listPrice: 9_000, standardCost: 3_000 })).itemId;
  const machine = (await erp.createItem(ctx, { sku: `${prefix}MAC-1`, name: 'Press', category: 'HW', procurement: 'make', listPrice: 20_000, standardCost: 7_000 })).itemId;
  const assembly = (await erp.createWorkCenter(ctx, { code: `${prefix}ASM`, name: 'Assembly', warehouseId, costRatePerHour: 6_000 })).workCenterId;
  const testing = (await erp.createWorkCenter(ctx, { code: `${prefix}TST`, name: 'Test bay', warehouseId, costRatePerHour: 3_000 })).workCenterId;
  const operator = (await people.hireEmployee(ctx, { code: `${prefix}OP-1`, name: 'Olga Operator', role: 'warehouse' })).employeeId;
  await erp.createBomRevision(ctx, { itemId: machine, effectiveFrom: '2024-01-01', lines: [
    { componentItemId: items.widget, quantityPer: 2, scrapBp: 500 },
    { componentItemId: items.gadget, quantityPer: 1 },
    { componentItemId: bolt, quantityPer: 4 },
  ] });
  await erp.createRouting(ctx, { itemId: machine, effectiveFrom: '2024-01-01', operations: [
    { seq: 10, workCenterId: assembly, description: 'assemble', setupMinutes: 30, runMinutes: 12 },
    { seq: 20, workCenterId: testing, description: 'test', setupMinutes: 0, runMinutes: 6 },
  ] });
  await erp.createBomRevision(ctx, { itemId: subassembly, effectiveFrom: '2024-01-01', lines: [
    { componentItemId: items.widget, quantityPer: 1 },
    { componentItemId: bolt, quantityPer: 2 },
  ] });
  const buyBolts = async (quantity: number, unitPrice: number, date: string) => {
    const po = await scm.createPurchaseOrder(ctx, { supplierId, warehouseId, date, expectedDate: date, lines: [{ itemId: bolt, quantity, unitPrice }] });
    const receipt = await scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date });
    const item = receipt.items[0]!;
    return { receiptNo: receipt.receiptNo, lotNo: item.lotNo, lotId: item.lotId };
  };
  return { bolt, machine, subassembly, assembly, testing, operator, buyBolts };
}
