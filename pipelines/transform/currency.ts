import { literal } from '../warehouse/duck.js';

/**
 * SQL fragments for converting document amounts as the books did: `shift` is the functional
 * currency's minor units less the document currency's (0 between USD, EUR and GBP).
 */
export const functionalMinorUnits = (functional: string) =>
  `(select coalesce((select c.minor_units from stg_currencies c where c.code = ${literal(functional)}), 2))`;

export const shiftOf = (currencyColumn: string, functional: string) =>
  `(${functionalMinorUnits(functional)} - coalesce((select c.minor_units from stg_currencies c where c.code = ${currencyColumn}), ${functionalMinorUnits(functional)}))`;

/** `amount` (minor units of `currency`) in minor units of the functional currency, at rate_e8. */
export const toFunctionalSql = (amount: string, currency: string, rateE8: string, functional: string) =>
  `to_functional(${amount}, ${currency}, ${rateE8}, ${shiftOf(currency, functional)}, ${literal(functional)})`;
