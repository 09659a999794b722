export { createCustomer, addContact, SEGMENTS } from './customers.js';
export * from './queries.js';
