export { addItemCategory, createItem, createWarehouse, createPriceList, setPrices, addDiscountRule, priceLines, type PricedLine } from './items.js';
export { createSalesOrder, reserveSalesOrder, releaseCreditHold, cancelSalesOrder, allocateBackorders } from './sales-orders.js';
export { deliverSalesOrder } from './deliveries.js';
export { invoiceSalesOrder } from './invoices.js';
export { issueServiceInvoice } from './service-invoices.js';
export { issueCreditNote } from './credit-notes.js';
export { returnableDelivery, receiveReturnedGoods, creditReturnedGoods, type ReturnableDelivery, type ReturnableDeliveryLine, type ReturnableInvoiceLine, type ReturnCredit } from './returns.js';
export { recordCustomerPayment, allocateCustomerPayment } from './payments.js';
export { adjustStock } from './stock-adjustments.js';
export { stockPosition, applyStockChanges, applyStockChangesWithLots, type StockPosition, type StockChange, type MoveKind, type LotQuantity, type AppliedStockChange } from './stock.js';
export * from './queries.js';
export { lotStock, findLot, traceLot, traceDocument, traceLots, type LotSummary, type LotInWarehouse, type LotTrace, type DocumentTrace, type SupplierReceiptTrace, type CustomerDeliveryTrace, type ProductionTrace } from './lots.js';
export { setProcurement, createBomRevision, bomInEffect, bomHistory, explodeBom, type BomLine, type BomRevision, type BomChange } from './production/boms.js';
export { createWorkCenter, setWorkCenterRate, createRouting, routingInEffect, listWorkCenters, type Routing, type RoutingOperation } from './production/routings.js';
export {
  createProductionOrder, releaseProductionOrder, issueComponents, startOperation, finishOperation, receiveProduction, closeProductionOrder,
  openProductionOrders, productionOrder, inProduction, plannedRequirement, type ProductionOrderSummary, type IssueResult,
} from './production/production-orders.js';
export { shipTransfer, receiveTransfer, inTransit, type InTransit } from './transfers.js';
export { createStocktake, recordCounts, postStocktake, stocktake, type CountSheetLine } from './stocktakes.js';
export {
  salesOrderDocument, deliveryDocument, invoiceDocument, creditNoteDocument, customerPaymentDocument,
  type SalesOrderDocument, type SalesOrderLine, type DeliveryDocument, type DeliveryLine, type InvoiceDocument, type InvoiceLine,
  type CreditNoteDocument, type CustomerPaymentDocument, type PaymentAllocationLine,
} from './documents.js';
export { productionOrderDocument, type ProductionOrderDocument, type ProductionComponentLine, type ProductionOperationLine } from './production/documents.js';
