import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { scm, DomainError } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace, fingerprint, fingerprintDiff, rejectionOf } from './support/fingerprint.js';

/**
 * Supplier standings from the scorecard through the public commands: recording them (one
 * transaction, events, idempotent), reading them back, and purchase-order creation acting on
 * them — blocked refused without a trace, watch warned — beside the lifecycle status.
 */
describe('supplier scorecard standings', () => {
  let database: TestDatabase;
  let co: TestCompany;
  const s: Record<'good' | 'watched' | 'bad' | 'both', number> = { good: 0, watched: 0, bad: 0, both: 0 };
  const db = () => database.db;
  const ctx = () => co.ctx;
  const row = (supplierId: number, standing: 'preferred' | 'approved' | 'watch' | 'blocked', score: number, grade: 'A' | 'B' | 'C' | 'D', reason: string) =>
    ({ supplierId, standing, score, grade, reason, period: '2024-05' });
  const po = (supplierId: number) => () =>
    scm.createPurchaseOrder(ctx(), { supplierId, warehouseId: co.warehouseId, date: '2024-06-03', expectedDate: '2024-06-10', lines: [{ itemId: co.items.widget, quantity: 4, unitPrice: 900 }] });
  const outbox = async (type: string) =>
    (await sql<{ aggregate_id: string; payload: Record<string, unknown> }>`select aggregate_id, payload from core.outbox where event_type = ${type} order by id`.execute(db())).rows;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    const register = async (legalName: string, taxId: string) => (await scm.registerSupplier(ctx(), { legalName, taxId, region: 'NA', status: 'approved' })).supplierId;
    s.good = await register('Good Parts', 'US-900001');
    s.watched = await register('Watched Parts', 'US-900002');
    s.bad = await register('Bad Parts', 'US-900003');
    s.both = await register('Doubly Blocked', 'US-900004');
  });
  afterAll(() => database.drop());

  const first = () => ({
    rows: [
      row(s.good, 'preferred', 91.234, 'A', 'preferred (score 91.2, grade A): weakest criteria price 80.0'),
      row(s.watched, 'watch', 55.5, 'C', 'watch (score 55.5, grade C): weakest criteria on_time_in_full 20.0, lateness 31.0'),
      row(s.bad, 'blocked', 31, 'D', 'blocked (score 31.0, grade D): weakest criteria quality 0.0, audit 44.0'),
    ],
    modelVersion: 'supplier-scorecard/1',
    asOf: '2024-05-31',
  });

  it('records standings in one go, with events, and reads them back', async () => {
    const result = await scm.recordSupplierStandings(ctx(), first(), { idempotencyKey: 'standings-2024-05-31' });
    expect(result).toEqual({
      asOf: '2024-05-31', modelVersion: 'supplier-scorecard/1', recorded: 3,
      changed: [{ supplierId: s.good, from: null, to: 'preferred' }, { supplierId: s.watched, from: null, to: 'watch' }, { supplierId: s.bad, from: null, to: 'blocked' }],
    });
    const bad = await scm.supplierStanding(db(), s.bad);
    expect(bad).toMatchObject({ supplierId: s.bad, standing: 'blocked', score: 31, grade: 'D', period: '2024-05', modelVersion: 'supplier-scorecard/1', asOf: '2024-05-31', recordedBy: 'test' });
    expect(bad!.history).toHaveLength(1);
    expect((await scm.supplierStanding(db(), s.good))!.score).toBe(91.23); // kept to two decimals
    expect(await scm.supplierStanding(db(), co.supplierId)).toBeNull();
    expect(await scm.supplierStanding(db(), 999_999)).toBeNull();
    expect((await outbox('supplier.standing_changed')).map((e) => [Number(e.aggregate_id), e.payload.from, e.payload.to])).toEqual([
      [s.good, null, 'preferred'], [s.watched, null, 'watch'], [s.bad, null, 'blocked'],
    ]);
    expect((await outbox('supplier_scorecard.recorded')).map((e) => e.payload)).toEqual([
      { asOf: '2024-05-31', modelVersion: 'supplier-scorecard/1', suppliers: 3, changed: 3, blocked: 1, watch: 1 },
    ]);
  });

  it('a retry with the same key returns the first result and writes nothing; another request with it is refused', async () => {
    const before = await fingerprint(db());
    const again = await scm.recordSupplierStandings(ctx(), first(), { idempotencyKey: 'standings-2024-05-31' });
    expect(again.changed).toHaveLength(3);
    expect(fingerprintDiff(before, await fingerprint(db()))).toEqual([]);
    await expectRejectedWithoutTrace(db(), () => scm.recordSupplierStandings(ctx(), { ...first(), modelVersion: 'supplier-scorecard/2' }, { idempotencyKey: 'standings-2024-05-31' }), 'IDEMPOTENCY_MISMATCH', 'idempotencyKey');
  });

  it('refuses a purchase order to a supplier blocked by its scorecard, leaving no trace', async () => {
    const e = await expectRejectedWithoutTrace(db(), po(s.bad), 'SUPPLIER_BLOCKED_BY_SCORECARD', 'supplierId');
    expect(e.message).toContain('is blocked by its scorecard standing as of 2024-05-31 (blocked (score 31.0, grade D): weakest criteria quality 0.0, audit 44.0)');
    expect(e.details).toEqual({ score: 31, grade: 'D', period: '2024-05', asOf: '2024-05-31', modelVersion: 'supplier-scorecard/1' });
  });

  it('lets an order to a supplier on watch through with a warning and an event; others get none', async () => {
    const watched = await po(s.watched)();
    expect(watched.warnings).toEqual([{
      code: 'SUPPLIER_ON_WATCH', supplierId: s.watched, standing: 'watch', score: 55.5, grade: 'C', asOf: '2024-05-31',
      reason: 'watch (score 55.5, grade C): weakest criteria on_time_in_full 20.0, lateness 31.0',
      message: expect.stringContaining('is on watch by its scorecard standing as of 2024-05-31'),
    }]);
    expect((await outbox('purchase_order.supplier_on_watch')).map((e) => [Number(e.aggregate_id), e.payload.poNo, e.payload.score])).toEqual([[watched.purchaseOrderId, watched.poNo, 55.5]]);
    expect((await po(s.good)()).warnings).toBeUndefined();
    expect((await po(co.supplierId)()).warnings).toBeUndefined(); // no standing recorded: business as usual
  });

  it('keeps the lifecycle status first: a supplier blocked there is refused as SUPPLIER_BLOCKED whatever its standing', async () => {
    await scm.recordSupplierStandings(ctx(), { rows: [row(s.both, 'blocked', 12, 'D', 'blocked (score 12.0, grade D): weakest criteria quality 0.0')], modelVersion: 'supplier-scorecard/1', asOf: '2024-05-31' });
    await scm.changeSupplierStatus(ctx(), { supplierId: s.both, status: 'blocked', reason: 'fraud', date: '2024-06-01' });
    await expectRejectedWithoutTrace(db(), po(s.both), 'SUPPLIER_BLOCKED', 'supplierId');
  });

  it('a later scoring replaces the standing, keeps the history and lets orders through again', async () => {
    const result = await scm.recordSupplierStandings(ctx(), {
      rows: [row(s.bad, 'approved', 71, 'B', 'approved (score 71.0, grade B): weakest criteria quality 60.0'), row(s.good, 'preferred', 90, 'A', 'preferred (score 90.0, grade A): weakest criteria price 81.0')],
      modelVersion: 'supplier-scorecard/1', asOf: '2024-06-30',
    });
    expect(result.changed).toEqual([{ supplierId: s.bad, from: 'blocked', to: 'approved' }]);
    const bad = (await scm.supplierStanding(db(), s.bad))!;
    expect(bad).toMatchObject({ standing: 'approved', asOf: '2024-06-30' });
    expect(bad.history.map((h) => [h.asOf, h.standing])).toEqual([['2024-06-30', 'approved'], ['2024-05-31', 'blocked']]);
    expect((await po(s.bad)()).poNo).toMatch(/^PO-/);
    // Standings move forward in time: an older scoring date is refused.
    await expectRejectedWithoutTrace(db(), () => scm.recordSupplierStandings(ctx(), { ...first(), rows: [first().rows[2]!] }), 'CONFLICT', 'asOf');
  });

  it('refuses bad input, naming the field, without a trace', async () => {
    const base = first();
    const bad = (patch: Record<string, unknown>, rowPatch?: Record<string, unknown>) => () =>
      scm.recordSupplierStandings(ctx(), { ...base, asOf: '2024-07-31', ...(rowPatch ? { rows: [{ ...base.rows[0]!, ...rowPatch }] } : {}), ...patch } as never);
    await expectRejectedWithoutTrace(db(), bad({}, { supplierId: 999_999 }), 'NOT_FOUND', 'rows.0.supplierId');
    await expectRejectedWithoutTrace(db(), bad({ rows: [base.rows[0], base.rows[0]] }), 'INVALID_INPUT', 'rows.1.supplierId');
    await expectRejectedWithoutTrace(db(), bad({}, { score: 100.5 }), 'INVALID_INPUT', 'rows.0.score');
    await expectRejectedWithoutTrace(db(), bad({}, { score: Number.NaN }), 'INVALID_INPUT', 'rows.0.score');
    await expectRejectedWithoutTrace(db(), bad({}, { standing: 'suspended' }), 'INVALID_INPUT', 'rows.0.standing');
    await expectRejectedWithoutTrace(db(), bad({}, { grade: 'E' }), 'INVALID_INPUT', 'rows.0.grade');
    await expectRejectedWithoutTrace(db(), bad({}, { reason: '  ' }), 'INVALID_INPUT', 'rows.0.reason');
    await expectRejectedWithoutTrace(db(), bad({}, { period: '2024-13' }), 'INVALID_INPUT', 'rows.0.period');
    await expectRejectedWithoutTrace(db(), bad({}, { period: '2024-Q4' }), 'INVALID_INPUT', 'rows.0.period'); // starts after the scoring date
    await expectRejectedWithoutTrace(db(), bad({ rows: [] }), 'INVALID_INPUT', 'rows');
    await expectRejectedWithoutTrace(db(), bad({ modelVersion: '' }), 'INVALID_INPUT', 'modelVersion');
    await expectRejectedWithoutTrace(db(), bad({ asOf: '2024-02-30' }), 'INVALID_INPUT', 'asOf');
  });

  it('the database guards the standings and refuses orders to a blocked supplier written past the command', async () => {
    await scm.recordSupplierStandings(ctx(), { rows: [row(s.bad, 'blocked', 20, 'D', 'blocked (score 20.0, grade D): weakest criteria quality 0.0')], modelVersion: 'supplier-scorecard/1', asOf: '2024-07-31' });
    const raw = (text: string) => rejectionOf(sql`${sql.raw(text)}`.execute(db()));
    expect(String(await raw(`update scm.supplier_standings set standing = 'preferred' where supplier_id = ${s.bad}`))).toMatch(/NOT_ALLOWED/);
    expect(String(await raw(`delete from scm.supplier_standings where supplier_id = ${s.bad}`))).toMatch(/NOT_ALLOWED/);
    expect(String(await raw(`update scm.supplier_standing_history set score = 99 where supplier_id = ${s.bad}`))).toMatch(/IMMUTABLE/);
    expect(String(await raw(`insert into scm.supplier_standings (supplier_id, history_id, standing, score, grade, reason, period, model_version, as_of, recorded_at) select ${s.good}, id, 'blocked', 1, 'D', 'x', '2024-07', 'v', '2024-07-31', now() from scm.supplier_standing_history limit 1`))).toMatch(/NOT_ALLOWED/);
    expect(String(await raw(`
      insert into scm.purchase_orders (po_no, supplier_id, warehouse_id, order_date, expected_date, currency, net_amount, status, created_by)
      values ('PO-RAW-1', ${s.bad}, ${co.warehouseId}, '2024-08-01', '2024-08-05', 'USD', 0, 'open', 'raw')`))).toMatch(/SUPPLIER_BLOCKED_BY_SCORECARD/);
    expect((await scm.supplierStanding(db(), s.bad))!.standing).toBe('blocked');
    expect(await rejectionOf(po(s.bad)())).toBeInstanceOf(DomainError);
  });
});
