import { literal } from '../warehouse/duck.js';

/**
 * Converting document amounts as the books did. `shift` is the functional currency's minor
 * units less the document currency's (0 between USD, EUR and GBP): a small table joined once
 * per query rather than looked up per row.
 */
export const currencyShifts = (functional: string) => `
  (select c.code, coalesce(f.minor_units, 2) - c.minor_units as shift
     from stg_currencies c left join stg_currencies f on f.code = ${literal(functional)})`;

/** `amount` (minor units of `currency`) in minor units of the functional currency, at rate_e8, given the row's shift. */
export const toFunctionalSql = (amount: string, currency: string, rateE8: string, shift: string, functional: string) =>
  `to_functional(${amount}, ${currency}, ${rateE8}, coalesce(${shift}, 0), ${literal(functional)})`;
