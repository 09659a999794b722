/**
 * CRM after-sales: returns (RMA) approved through the approval engine and received with
 * inspection, credit and refund through ERP; and service work orders with SLA targets.
 */
export { requestReturn, receiveReturn, cancelReturn, RETURN_DOCUMENT_TYPE } from './returns.js';
export { setSlaTarget, openTicket, assignTicket, startTicketWork, resolveTicket, closeTicket, cancelTicket } from './service.js';
export * from './queries.js';
export { TICKET_TYPES, TICKET_PRIORITIES, type ReturnStatus, type TicketType, type TicketPriority, type TicketStatus } from './tables.js';
export { returnDocument, serviceTicketDocument, type ReturnDocument, type ReturnLine, type ServiceTicketDocument, type TicketHistoryLine, type SlaStanding } from './documents.js';
