/**
 * CRM commercial documents: quotes with versioned lines and discount approval, contracts with
 * payment-collection plans, invoicing requests, credit-hold releases through approvals, and the
 * customer 360. Importing this module registers its approval handlers.
 */
export { setDiscountApprovalThreshold, discountApprovalThreshold } from './settings.js';
export { createQuote, reviseQuote, submitQuote, sendQuote, acceptQuote, rejectQuote, expireQuotes, QUOTE_DISCOUNT } from './quotes.js';
export { createContract, submitContract, linkContractOrders, terminateContract, completeContracts, CONTRACT } from './contracts.js';
export { requestInvoicing, INVOICING_REQUEST } from './invoicing.js';
export { requestCreditRelease, CREDIT_HOLD } from './credit-holds.js';
export { splitEvenly, equalInstalments, type PlannedInstalment } from './instalment-plan.js';
export * from './queries.js';
export { customer360, findCustomerId, type Customer360 } from './customer-360.js';
export type { QuoteStatus, ContractStatus, InvoicingRequestStatus, InstalmentStatus } from './tables.js';
