import type { Duck } from '../warehouse/duck.js';

/**
 * Ledgerloop's money arithmetic as DuckDB macros, so transforms compute exactly what the
 * operational code computed (domain/finance/money.ts): integers in minor units, products in
 * 128-bit integers, and the one rounding rule — half away from zero. Temporary: they live in
 * the pipeline's connection, not in the warehouse file.
 */
export const SQL_FUNCTIONS = [
  // a × b ÷ c rounded half away from zero; null when c is 0. In 64-bit integers when the
  // operands are small enough that nothing can overflow (|a|, |b| < 2^30, |c| < 2^60: the usual
  // amounts and rates), in 128-bit ones otherwise — DuckDB evaluates each branch only for its rows.
  `create or replace temp macro mul_div_round(a, b, c) as (
     case when c = 0 then null
          when abs(a) < 1073741824 and abs(b) < 1073741824 and abs(c) < 1152921504606846976
            then (sign(a) * sign(b) * sign(c) * ((2 * abs(a::bigint * b::bigint) + abs(c::bigint)) // (2 * abs(c::bigint))))::hugeint
          else sign(a::hugeint * b) * sign(c) * ((2 * abs(a::hugeint * b) + abs(c)) // (2 * abs(c::hugeint))) end)`,
  // 10^n for the few minor-unit shifts currencies have (0 to 4 decimals either way).
  `create or replace temp macro pow10(n) as ([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000][n + 1]::bigint)`,
  // An amount in minor units of `currency` in minor units of the functional currency, at a rate
  // scaled by 10^8; `shift` = functional minor units − currency minor units (domain toFunctional):
  // amount × rate × 10^shift, one rounding. (One mul_div_round: each expands the whole formula.)
  `create or replace temp macro to_functional(amount, currency, rate_e8, shift, functional) as (
     case when currency = functional then amount::hugeint
          else mul_div_round(amount, rate_e8::hugeint * pow10(greatest(shift, 0)), 100000000 * pow10(greatest(-shift, 0))) end)`,
  // YYYYMMDD, the key of dim_date.
  `create or replace temp macro date_key(d) as (case when d is null then null else (year(d) * 10000 + month(d) * 100 + day(d))::integer end)`,
  // A rate scaled by 10^8 back as the exact decimal(18, 8) it was.
  `create or replace temp macro rate_decimal(rate_e8) as ((rate_e8::decimal(18, 0) * 0.00000001::decimal(9, 8))::decimal(18, 8))`,
];

export async function installSqlFunctions(duck: Duck): Promise<void> {
  await duck.run(SQL_FUNCTIONS.join(';\n'));
}
