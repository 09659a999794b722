import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columns, stagingTableSql, type StageSpec } from '../extract/stage-spec.js';
import { openMemory, type Duck } from '../warehouse/duck.js';
import { appendRows } from './appender.js';

const spec: StageSpec = {
  name: 'stg_test',
  columns: columns({ id: 'INTEGER', amount: 'BIGINT', code: 'VARCHAR', day: 'DATE', active: 'BOOLEAN' }),
  key: 'id',
  driver: 'x',
  query: () => 'select 1',
};

describe('staging rows from a Postgres driver into DuckDB', () => {
  let duck: Duck;
  beforeAll(async () => {
    duck = await openMemory();
    await duck.run(stagingTableSql(spec));
  });
  afterAll(() => duck.close());

  it('keeps every value exactly, dates without a time zone and int8 text as integers', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ id: i, amount: i === 7 ? '9007199254740993' : i * 1_000_000_007, code: i % 3 ? `C${i}` : null, day: '2024-02-29', active: i % 2 === 0 }));
    await appendRows(duck, spec.name, spec.columns, rows);
    const [summary] = await duck.all<{ n: bigint; days: bigint; nulls: bigint; big: bigint; trues: bigint }>(
      `select count(*) as n, count(distinct day) as days, count(*) filter (where code is null) as nulls,
              max(amount) filter (where id = 7) as big, count(*) filter (where active) as trues from stg_test`,
    );
    expect(summary).toEqual({ n: 5_000n, days: 1n, nulls: 1_667n, big: 9_007_199_254_740_993n, trues: 2_500n });
    const [day] = await duck.all<{ d: string }>(`select min(day)::varchar as d from stg_test`);
    expect(day!.d).toBe('2024-02-29');
  });

  it('refuses a value that does not fit its column, naming the column', async () => {
    await expect(appendRows(duck, spec.name, spec.columns, [{ id: 1, amount: 1, code: 'x', day: '29/02/2024', active: true }])).rejects.toThrow(/column day: cannot stage "29\/02\/2024" as DATE/);
  });
});
