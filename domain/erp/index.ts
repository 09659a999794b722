export { addItemCategory, createItem, createWarehouse, createPriceList, setPrices, addDiscountRule } from './items.js';
export { createSalesOrder, reserveSalesOrder, releaseCreditHold, cancelSalesOrder, allocateBackorders } from './sales-orders.js';
export { deliverSalesOrder } from './deliveries.js';
export { invoiceSalesOrder } from './invoices.js';
export { issueCreditNote } from './credit-notes.js';
export { recordCustomerPayment, allocateCustomerPayment } from './payments.js';
export { adjustStock } from './stock-adjustments.js';
export { stockPosition, applyStockChanges, type StockPosition, type StockChange, type MoveKind } from './stock.js';
export * from './queries.js';
