import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { documentCounts, finance, verify, type Database } from '../domain/index.js';
import { openDatabase } from '../domain/db/connect.js';
import { migrate } from '../domain/db/migrate.js';
import { simulate } from '../domain/simulate/index.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';

/** The books as a fingerprint: every account balance and every document count. */
async function fingerprint(database: Database) {
  const tb = await finance.trialBalance(database.db, '9999-12-31');
  const counts = await documentCounts(database.db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from erp.stock where on_hand > 0`.execute(database.db);
  return { balances: tb.rows.map((r) => `${r.account}:${r.balance}`).join(','), counts, stockRows: rows[0]!.n, hash: createHash('sha256').update(JSON.stringify(tb.rows)).digest('hex') };
}

const SMALL = { seed: 7, scale: 0.05, start: '2024-01-01' };

describe('the demo company', () => {
  const open: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of open) await d.drop();
  });
  const fresh = async () => {
    const d = await freshDatabase();
    open.push(d);
    return d;
  };

  it('simulates a believable company whose books hold every invariant', async () => {
    const database = await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'll-truth-'));
    const result = await simulate({ db: database.db, actor: 'test' }, { ...SMALL, days: 45, truthPath: join(dir, 'truth.json') });
    expect(result.lastDate).toBe('2024-02-14');
    const counts = await documentCounts(database.db);
    for (const kind of ['customers', 'sales_orders', 'deliveries', 'customer_invoices', 'customer_payments', 'purchase_orders', 'goods_receipts', 'vendor_bills']) {
      expect(counts[kind], kind).toBeGreaterThan(0);
    }
    expect((await verify(database.db)).breaches).toEqual([]);
    const tb = await finance.trialBalance(database.db, '9999-12-31');
    expect(tb.balanced).toBe(true);
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
    expect(truth.customers.rows).toHaveLength(result.customers);
    expect(truth.customers.rows[0]).toMatchObject({ lambdaPerWeek: expect.any(Number), dropoutProbability: expect.any(Number), nu: expect.any(Number) });
    expect(new Set(truth.items.map((i: { pattern: string }) => i.pattern))).toEqual(new Set(['smooth', 'erratic', 'intermittent', 'lumpy']));
  });

  it('continues a company from the day after its last day, exactly as one longer run would', async () => {
    const once = await fresh();
    await simulate({ db: once.db, actor: 'test' }, { ...SMALL, days: 40 });
    const twice = await fresh();
    await simulate({ db: twice.db, actor: 'test' }, { ...SMALL, days: 25 });
    const continued = await simulate({ db: twice.db, actor: 'test' }, { ...SMALL, days: 15 });
    expect(continued).toMatchObject({ continued: true, firstDate: '2024-01-26', lastDate: '2024-02-09' });
    expect(await fingerprint(twice)).toEqual(await fingerprint(once));
    await expect(simulate({ db: twice.db, actor: 'test' }, { ...SMALL, seed: 8, days: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'seed' });
  });

  it.runIf(onServer)('gives the same books on the server and on the embedded database', async () => {
    const server = await fresh();
    const embedded = await openDatabase({ dataDir: 'memory' });
    try {
      await migrate(embedded);
      await simulate({ db: server.db, actor: 'test' }, { ...SMALL, days: 30 });
      await simulate({ db: embedded.db, actor: 'test' }, { ...SMALL, days: 30 });
      expect(await fingerprint(server)).toEqual(await fingerprint(embedded));
    } finally {
      await embedded.close();
    }
  });
});
