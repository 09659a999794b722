import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulDivRound, toFunctional } from '../../domain/finance/money.js';
import { openMemory, type Duck } from '../warehouse/duck.js';
import { installSqlFunctions } from './sql-functions.js';

describe('money macros', () => {
  let duck: Duck;
  beforeAll(async () => {
    duck = await openMemory();
    await installSqlFunctions(duck);
  });
  afterAll(() => duck.close());

  const one = async (expression: string) => (await duck.all<{ v: bigint | null }>(`select (${expression})::bigint as v`))[0]!.v;

  it('mul_div_round rounds half away from zero, like the domain', async () => {
    const cases: [number, number, number][] = [[5, 1, 2], [-5, 1, 2], [7, 3, 2], [1, 1, 3], [2, 1, 3], [-2, 1, 3], [10, 0, 7], [999_999_999_999_999, 999_999, 1_000_000]];
    for (const [a, b, c] of cases) expect(await one(`mul_div_round(${a}, ${b}, ${c})`), `${a}*${b}/${c}`).toBe(BigInt(mulDivRound(a, b, c)));
    expect(await one('mul_div_round(1, 1, 0)')).toBeNull();
  });

  it('mul_div_round agrees with the domain on random amounts, in 64-bit and in 128-bit arithmetic', async () => {
    // Around 2^30 the macro switches from 64-bit to 128-bit integers.
    const operand = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1073741800, max: 1073741850 }), fc.integer({ min: -1e12, max: 1e12 }));
    await fc.assert(
      fc.asyncProperty(operand, fc.oneof(fc.integer({ min: 0, max: 1e6 }), operand), fc.integer({ min: -1e12, max: 1e12 }).filter((c) => c !== 0), async (a, b, c) => {
        // the domain's mulDivRound works in doubles' exact range; compare where it is exact
        fc.pre(Math.abs(a * b) < Number.MAX_SAFE_INTEGER);
        expect(await one(`mul_div_round(${a}, ${b}, ${c})`)).toBe(BigInt(mulDivRound(a, b, c)));
      }),
      { numRuns: 300 },
    );
    // Beyond 64 bits: exact in 128.
    const wide = async (expression: string) => BigInt((await duck.all<{ v: string }>(`select (${expression})::varchar as v`))[0]!.v);
    expect(await wide(`mul_div_round(5000000000000, 3000000000, 7)`)).toBe((5_000_000_000_000n * 3_000_000_000n * 2n + 7n) / 14n);
    expect(await wide(`mul_div_round(-5000000000000, 3000000000, 7)`)).toBe(-((5_000_000_000_000n * 3_000_000_000n * 2n + 7n) / 14n));
  });

  it('to_functional converts like the domain, minor-unit shifts included', async () => {
    const cases: [number, string, number][] = [[12_345, '1.10000000', 0], [5, '1.5', 0], [-5, '1.5', 0], [1_000, '0.00712345', 2], [123_456, '150.5', -2], [1, '0.5', 0]];
    for (const [amount, rate, shift] of cases) {
      const rateE8 = BigInt(Math.round(Number(rate) * 1e8));
      expect(await one(`to_functional(${amount}, 'EUR', ${rateE8}, ${shift}, 'USD')`), `${amount}@${rate}>>${shift}`).toBe(BigInt(toFunctional(amount, rate, shift)));
    }
    expect(await one(`to_functional(777, 'USD', 123456789, 0, 'USD')`)).toBe(777n);
  });

  it('date_key and rate_decimal', async () => {
    expect(await one(`date_key(date '2024-03-05')`)).toBe(20240305n);
    const rows = await duck.all<{ r: number }>(`select rate_decimal(110000000)::varchar as r`);
    expect(rows[0]!.r).toBe('1.10000000');
  });
});
