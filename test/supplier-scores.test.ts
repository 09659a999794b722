import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { scm, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { runPipeline } from '../pipelines/index.js';
import { scorecardVersion, standingRows, supplierScoresFromWarehouse, type SupplierScores } from '../warehouse/supplier-scores.js';
import { compareWithTruth, STANDINGS, supplierTruthFromManifest } from '../warehouse/models/suppliers/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { query } from './support/warehouse.js';
import { expectRejectedWithoutTrace } from './support/fingerprint.js';

/**
 * The supplier scorecard loader on a real warehouse: a small simulated company, its pipeline run,
 * the named queries handed to the model; variables checked against SQL written independently over
 * the facts, and the ranking against the simulator's ground truth.
 */
const COMPANY = { seed: 11, scale: 0.1, start: '2024-01-01' };
const AS_OF = '2024-08-27';

describe('supplier scores from a simulated warehouse', () => {
  let database: TestDatabase;
  let dir: string;
  let scores: SupplierScores;
  let ctx: Context;
  const warehouse = () => join(dir, 'warehouse.duckdb');

  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'test' };
    dir = mkdtempSync(join(tmpdir(), 'll-supplier-scores-'));
    await simulate(ctx, { ...COMPANY, days: 240, truthPath: join(dir, 'truth.json') });
    await runPipeline(database, { warehousePath: warehouse() });
    scores = await supplierScoresFromWarehouse(warehouse(), { asOf: AS_OF, periods: 6 });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores every supplier over the six months ending with the scoring date', async () => {
    const suppliers = await query(warehouse(), 'select supplier_id, code from dim_supplier where is_current order by 1');
    expect(scores.from).toBe('2024-03-01');
    expect(scores.suppliers.map((s) => [s.supplierId, s.code])).toEqual(suppliers.map((s) => [s.supplier_id, s.code]));
    for (const s of scores.suppliers) {
      expect(s.history.map((h) => h.period)).toEqual(['2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08']);
      expect(s.score).not.toBeNull();
      expect(s.score!).toBeGreaterThanOrEqual(0);
      expect(s.score!).toBeLessThanOrEqual(100);
      expect(STANDINGS).toContain(s.standing);
      expect(s.reason).toMatch(new RegExp(`^${s.standing} \\(score ${s.score!.toFixed(1)}, grade ${s.grade}\\)`));
    }
  });

  it('computes on-time-in-full and defects as SQL over the facts does', async () => {
    const otif = await query(warehouse(), `
      select supplier_id,
             count(*) filter (where fully_received_date <= expected_date and fully_received_date <= date '${AS_OF}')::double / count(*) as otif
        from fact_purchase_line
       where po_status <> 'cancelled' and expected_date between date '2024-07-01' and date '2024-07-31'
         and (fully_received_date <= date '${AS_OF}' or expected_date < date '${AS_OF}')
       group by 1 order by 1`);
    expect(otif.length).toBeGreaterThan(0);
    for (const row of otif) {
      const v = scores.variables.find((x) => x.supplierId === row.supplier_id && x.period === '2024-07')!;
      expect(v.values.otif_rate).toBeCloseTo(row.otif as number, 12);
    }
    const defects = await query(warehouse(), `
      select supplier_id, 1e6 * sum(rejected_qty)::double / sum(received_qty) as ppm
        from fact_receipt_inspection where inspected and receipt_date between date '2024-03-01' and date '2024-03-31' group by 1 order by 1`);
    expect(defects.length).toBeGreaterThan(0);
    for (const row of defects) {
      const v = scores.variables.find((x) => x.supplierId === row.supplier_id && x.period === '2024-03')!;
      expect(v.values.defects_ppm).toBeCloseTo(row.ppm as number, 6);
    }
  });

  it('ranks suppliers in the order of their true capability and defect rates more often than not', () => {
    const truth = supplierTruthFromManifest(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    const c = compareWithTruth(scores.suppliers, truth);
    expect(c.suppliers).toBe(scores.suppliers.length);
    expect(c.spearman.capability).toBeGreaterThan(0.3);
    expect(c.spearman.defectRate).toBeGreaterThan(0.3);
    // The supplier drawn with a quality issue scores last.
    for (const q of c.qualityIssues) expect(q.rank).toBe(q.of);
  });

  it('closes the loop: the standings recorded in the books, and an order to the supplier the scorecard blocks refused', async () => {
    const rows = standingRows(scores);
    expect(rows.length).toBe(scores.suppliers.length);
    const result = await scm.recordSupplierStandings(ctx, { rows, modelVersion: scorecardVersion(), asOf: AS_OF }, { idempotencyKey: `scorecard-${AS_OF}` });
    expect(result.recorded).toBe(rows.length);
    for (const r of rows) {
      expect(await scm.supplierStanding(database.db, r.supplierId)).toMatchObject({ standing: r.standing, score: Math.round(r.score * 100) / 100, period: '2024-08', asOf: AS_OF });
    }
    const blocked = rows.find((r) => r.standing === 'blocked');
    expect(blocked, 'the seeded company has a supplier the default scorecard blocks').toBeDefined();
    const { rows: [target] } = await sql<{ item_id: number; warehouse_id: number; status: string }>`
      select (select id from erp.items where active order by id limit 1) as item_id, (select id from erp.warehouses order by id limit 1) as warehouse_id,
             (select status from scm.suppliers where id = ${blocked!.supplierId}) as status`.execute(database.db);
    expect(target!.status).toBe('approved'); // blocked by the scorecard only, not by the lifecycle
    await expectRejectedWithoutTrace(database.db, () => scm.createPurchaseOrder(ctx, {
      supplierId: blocked!.supplierId, warehouseId: target!.warehouse_id, date: '2024-08-28', expectedDate: '2024-09-05', lines: [{ itemId: target!.item_id, quantity: 1, unitPrice: 100 }],
    }), 'SUPPLIER_BLOCKED_BY_SCORECARD', 'supplierId');
  });
});
