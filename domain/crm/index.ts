export { createCustomer, addContact, SEGMENTS } from './customers.js';
export * from './queries.js';
export * from './pipeline/index.js';
export * from './commercial/index.js';
export * from './after-sales/index.js';
