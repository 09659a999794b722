import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { core, crm, erp, finance } from '../domain/index.js';
import type { Context } from '../domain/kernel/command.js';
import { withServerDatabase } from './server-database.js';

/**
 * Sales orders of five lines (validated, priced, taxed, reserved, with their event) per second
 * from 8 concurrent clients, against a baseline on the same server and client count: one-row
 * insert transactions. An order is about a dozen row writes, so the aim is a ratio ≥ 0.25.
 */
export async function domainBenchmark(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { clients: { type: 'string' }, seconds: { type: 'string' } } });
  const clients = Number(values.clients ?? 8);
  const seconds = Number(values.seconds ?? 10);
  await withServerDatabase('ledgerloop_bench', clients + 2, async (database) => {
    const ctx: Context = { db: database.db, actor: 'bench' };
    const setup = await seedCompany(ctx);
    await sql`create table public.bench_baseline (id bigserial primary key, customer_id int not null, amount bigint not null, created_at timestamptz not null default now())`.execute(database.db);

    const baseline = await drive(clients, seconds, async (client, n) => {
      await database.db.transaction().execute((trx) => sql`insert into public.bench_baseline (customer_id, amount) values (${client}, ${n})`.execute(trx));
    });
    const orders = await drive(clients, seconds, async (client, n) => {
      const customerId = setup.customers[(client * 7919 + n) % setup.customers.length]!;
      const lines = Array.from({ length: 5 }, (_, k) => ({ itemId: setup.items[(client * 31 + n * 5 + k) % setup.items.length]!, quantity: 1 + ((n + k) % 3) }));
      await erp.createSalesOrder(ctx, { customerId, date: '2024-03-01', warehouseId: setup.warehouseId, lines });
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from erp.sales_orders`.execute(database.db);
    console.log(`Postgres server, ${clients} clients, ${seconds} s each (${database.location})`);
    console.log(`  baseline: single-row insert transactions  ${baseline.perSecond.toFixed(0).padStart(7)} /s   p50 ${baseline.p50.toFixed(2)} ms  p95 ${baseline.p95.toFixed(2)} ms`);
    console.log(`  five-line sales orders (reserved, events) ${orders.perSecond.toFixed(0).padStart(7)} /s   p50 ${orders.p50.toFixed(2)} ms  p95 ${orders.p95.toFixed(2)} ms`);
    console.log(`  ratio orders / baseline: ${(orders.perSecond / baseline.perSecond).toFixed(2)} (aim ≥ 0.25); ${rows[0]!.n} orders written, ${orders.errors} errors`);
  });
}

async function seedCompany(ctx: Context) {
  await core.setUpCompany(ctx, { name: 'Bench Co', functionalCurrency: 'USD', currencies: [{ code: 'USD', name: 'US dollar' }], regions: [{ code: 'NA', name: 'North America', currency: 'USD' }] });
  await erp.addItemCategory(ctx, { code: 'GEN', name: 'General' });
  await finance.setTaxRate(ctx, { category: 'GEN', region: 'NA', rateBp: 700 });
  const { warehouseId } = await erp.createWarehouse(ctx, { code: 'MAIN', name: 'Main', region: 'NA' });
  const items: number[] = [];
  for (let i = 0; i < 200; i++) items.push((await erp.createItem(ctx, { sku: `B-${i}`, name: `Bench item ${i}`, category: 'GEN', procurement: 'buy', listPrice: 1_000 + i, standardCost: 500 })).itemId);
  await erp.adjustStock(ctx, { date: '2024-01-01', reason: 'opening', lines: items.map((itemId) => ({ itemId, warehouseId, quantity: 10_000_000, unitCost: 500 })) });
  const customers: number[] = [];
  for (let i = 0; i < 100; i++) customers.push((await crm.createCustomer(ctx, { name: `Bench customer ${i}`, region: 'NA', segment: 'mid_market' })).customerId);
  return { warehouseId, items, customers };
}

/** Runs `clients` loops for `seconds`, each awaiting one operation at a time. */
async function drive(clients: number, seconds: number, op: (client: number, n: number) => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; performance.now() < until; n++) {
        const t = performance.now();
        try {
          await op(client, n);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { perSecond: latencies.length / elapsed, p50: q(0.5), p95: q(0.95), errors };
}
