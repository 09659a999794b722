export { addItemCategory, createItem, createWarehouse, createPriceList, setPrices, addDiscountRule } from './items.js';
export { createSalesOrder, reserveSalesOrder, releaseCreditHold, cancelSalesOrder } from './sales-orders.js';
export { deliverSalesOrder } from './deliveries.js';
export { invoiceSalesOrder } from './invoices.js';
export { issueCreditNote } from './credit-notes.js';
export { recordCustomerPayment, allocateCustomerPayment } from './payments.js';
export { adjustStock } from './stock-adjustments.js';
export { stockPosition, type StockPosition } from './stock.js';
