export { createCustomer, addContact, SEGMENTS } from './customers.js';
