import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erp, finance, scm, verify } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';

describe('order to cash', () => {
  let database: TestDatabase;
  let co: TestCompany;
  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
  });
  afterAll(() => database.drop());

  it('takes an order through reservation, partial delivery, invoice and payment with the right postings', async () => {
    const { ctx, customerId, warehouseId, items } = co;
    const order = await erp.createSalesOrder(ctx, { customerId, date: '2024-02-01', warehouseId, lines: [{ itemId: items.widget, quantity: 10 }, { itemId: items.gadget, quantity: 2 }] });
    expect(order).toMatchObject({ status: 'open', net: 10 * 2_500 + 2 * 9_999, tax: 2_000 + 1_600, reserved: 12, backordered: 0 });
    expect(await erp.stockPosition(ctx.db, items.widget, warehouseId)).toEqual({ onHand: 100, reserved: 10, value: 100_000 });

    const lines = await ctx.db.selectFrom('erp.sales_order_lines').select(['id', 'item_id']).where('order_id', '=', order.orderId).orderBy('line_no').execute();
    const first = await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-02-03', lines: [{ lineId: lines[0]!.id, quantity: 4 }] });
    expect(first.cost).toBe(4_000);
    const inv1 = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2024-02-03' });
    expect(inv1).toMatchObject({ net: 10_000, tax: 800, gross: 10_800, grossFunctional: 10_800 });

    await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-02-05' });
    const inv2 = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2024-02-05' });
    expect(inv1.net + inv2.net).toBe(order.net);
    expect(inv1.tax + inv2.tax).toBe(order.tax);

    const pay = await erp.recordCustomerPayment(ctx, { customerId, date: '2024-03-01', amount: 15_000 });
    expect(pay).toMatchObject({ allocated: 15_000, unallocated: 0 });
    const status = await ctx.db.selectFrom('erp.sales_orders').select('status').where('id', '=', order.orderId).executeTakeFirstOrThrow();
    expect(status.status).toBe('closed');

    const tb = await finance.trialBalance(ctx.db, '2024-12-31');
    expect(tb.balanced).toBe(true);
    const balance = (code: string) => tb.rows.find((r) => r.account === code)?.balance ?? 0;
    expect(balance('4100')).toBe(-order.net); // revenue
    expect(balance('2200')).toBe(-order.tax); // sales tax
    expect(balance('5100')).toBe(10 * 1_000 + 2 * 4_000); // cost of goods sold at moving average
    expect(balance('1200')).toBe(order.net + order.tax - 15_000); // receivables
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('books a realised exchange gain when a foreign invoice is paid at a better rate', async () => {
    const { ctx, eurCustomerId, warehouseId, items } = co;
    const order = await erp.createSalesOrder(ctx, { customerId: eurCustomerId, date: '2024-04-01', warehouseId, lines: [{ itemId: items.widget, quantity: 10 }] });
    expect(order).toMatchObject({ currency: 'EUR', net: 23_000, tax: 4_600 });
    await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-04-02' });
    const invoice = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2024-04-02' });
    expect(invoice.grossFunctional).toBe(30_360); // €276.00 × 1.10
    const { core } = await import('../domain/index.js');
    await core.setExchangeRate(ctx, { currency: 'EUR', date: '2024-05-01', rate: '1.15' });
    const before = await finance.trialBalance(ctx.db, '2024-12-31');
    await erp.recordCustomerPayment(ctx, { customerId: eurCustomerId, date: '2024-05-02', amount: 27_600 });
    const after = await finance.trialBalance(ctx.db, '2024-12-31');
    const gain = (tb: typeof after) => -(tb.rows.find((r) => r.account === '4900')?.balance ?? 0);
    expect(gain(after) - gain(before)).toBe(31_740 - 30_360);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('holds an order beyond the credit limit without reserving stock', async () => {
    const { ctx, customerId, warehouseId, items } = co;
    const held = await erp.createSalesOrder(ctx, { customerId, date: '2024-06-01', warehouseId, lines: [{ itemId: items.gadget, quantity: 1, unitPrice: 20_000_000 }] });
    expect(held).toMatchObject({ status: 'held', reserved: 0 });
    await expect(erp.deliverSalesOrder(ctx, { orderId: held.orderId, date: '2024-06-02' })).rejects.toMatchObject({ code: 'NOT_ALLOWED', field: 'orderId' });
    const released = await erp.releaseCreditHold(ctx, { orderId: held.orderId });
    expect(released.reserved).toBe(1);
    await erp.cancelSalesOrder(ctx, { orderId: held.orderId, reason: 'customer withdrew' });
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('buys stock through purchase order, receipt, bill and payment', async () => {
    const { ctx, supplierId, warehouseId, items } = co;
    const po = await scm.createPurchaseOrder(ctx, { supplierId, warehouseId, date: '2024-06-10', expectedDate: '2024-06-20', lines: [{ itemId: items.scarce, quantity: 10, unitPrice: 21_000 }] });
    const before = await erp.stockPosition(ctx.db, items.scarce, warehouseId);
    await scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-06-20' });
    const after = await erp.stockPosition(ctx.db, items.scarce, warehouseId);
    expect(after.onHand - before.onHand).toBe(10);
    expect(after.value - before.value).toBe(210_000);
    const bill = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'INV-99', date: '2024-06-21' });
    expect(bill.variance).toBe(0);
    await scm.paySupplier(ctx, { supplierId, date: '2024-07-15', amount: bill.gross });
    const tb = await finance.trialBalance(ctx.db, '2024-12-31');
    expect(tb.rows.find((r) => r.account === '2150')?.balance ?? 0).toBe(0); // GRNI cleared
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });
});
