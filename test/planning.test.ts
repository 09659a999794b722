import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { crm, DomainError, erp, people, planning, scm, type Context, type DB } from '../domain/index.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { setUpTestFactory, type TestFactory } from './support/production.js';

/** The refusal a promise ends with (fails the test when it succeeds or throws something else). */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

async function outboxEvents(db: Kysely<DB>, suggestionId: number) {
  const { rows } = await sql<{ aggregate_type: string; event_type: string; tx_id: string }>`
    select aggregate_type, event_type, tx_id::text from core.outbox
     where aggregate_type in ('planning_suggestion', 'planning_decision') and aggregate_id = ${String(suggestionId)} order by id`.execute(db);
  return rows;
}

describe('planning suggestions', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let factory: TestFactory;
  let ctx: Context;
  let db: Kysely<DB>;
  let plannerId: number;
  let otherRepId: number;
  let run = 0;

  const replenishment = (itemId: number, quantity: number, extra: Partial<planning.ReplenishmentProposal> = {}) => ({
    kind: 'replenishment' as const,
    proposal: { itemId, warehouseId: co.warehouseId, quantity, supplierId: co.supplierId, orderBy: '2024-03-05', neededBy: '2024-03-20', ...extra },
    rationale: { forecast: { mean: quantity, p10: quantity - 5, p90: quantity + 5 }, leadTimeDays: 15, safetyStock: 4, supplierWhy: 'cheapest on time' },
    valueAtStake: quantity * 1_000,
  });
  const upsert = (suggestions: planning.SuggestionInput[], kinds?: planning.SuggestionKind[], asOf = '2024-03-01') =>
    planning.upsertSuggestions(ctx, { runId: `run-${++run}`, modelVersion: 'test-1', asOf, suggestions, ...(kinds ? { kinds } : {}) });
  const idOf = (result: planning.UpsertResult, key: string) => result.suggestions.find((s) => s.naturalKey === key)!.suggestionId;

  beforeAll(async () => {
    database = await freshDatabase();
    db = database.db;
    ctx = { db, actor: 'planner-ann' };
    co = await setUpTestCompany(ctx);
    factory = await setUpTestFactory(co);
    const { departmentId } = await people.createDepartment(ctx, { code: 'PLAN', name: 'Planning', costCenter: 'PLAN', costCenterName: 'Planning' });
    plannerId = (await people.hireEmployee(ctx, { code: 'P1', name: 'Ann Planner', role: 'planner', departmentId })).employeeId;
    otherRepId = (await people.hireEmployee(ctx, { code: 'R2', name: 'Rep Two', role: 'sales_rep', region: 'NA' })).employeeId;
  });
  afterAll(() => database?.drop());

  it('a run creates suggestions; the next run revises the open ones in place and expires those it dropped', async () => {
    const first = await upsert([replenishment(co.items.widget, 40), replenishment(co.items.gadget, 12)]);
    expect([first.created, first.updated, first.expired]).toEqual([2, 0, 0]);
    const widgetKey = `replenishment:item:${co.items.widget}:warehouse:${co.warehouseId}`;
    const widgetId = idOf(first, widgetKey);
    const gadgetId = idOf(first, `replenishment:item:${co.items.gadget}:warehouse:${co.warehouseId}`);

    const second = await upsert([replenishment(co.items.widget, 55)]);
    expect([second.created, second.updated, second.expired]).toEqual([0, 1, 1]);
    expect(idOf(second, widgetKey)).toBe(widgetId);
    expect(second.expiredIds).toEqual([gadgetId]);

    const widget = (await planning.suggestion(db, widgetId))!;
    expect(widget).toMatchObject({ status: 'open', revision: 1, runId: `run-${run}`, firstRunId: `run-${run - 1}`, valueAtStake: 55_000, expiresOn: '2024-03-20' });
    expect(widget.proposal).toMatchObject({ quantity: 55 });
    const gadget = (await planning.suggestion(db, gadgetId))!;
    expect(gadget.status).toBe('expired');
    expect(gadget.decision).toMatchObject({ decision: 'expired', decidedBy: 'planner-ann', reason: `not proposed by run run-${run}` });
    const open = await planning.listSuggestions(db, { status: 'open', kind: 'replenishment' });
    expect(open.map((s) => s.suggestionId)).toEqual([widgetId]);
    expect((await outboxEvents(db, widgetId)).map((e) => e.event_type)).toEqual(['planning.suggestion_proposed', 'planning.suggestion_revised']);
    expect((await outboxEvents(db, gadgetId)).map((e) => e.event_type)).toEqual(['planning.suggestion_proposed', 'planning.suggestion_expired']);
    // Proposals are the suggestion's events; what closes it is its decision's, which the warehouse loads.
    expect((await outboxEvents(db, gadgetId)).map((e) => e.aggregate_type)).toEqual(['planning_suggestion', 'planning_decision']);
    // A planner deciding on what they saw before the second run is told it changed.
    const stale = await refusal(planning.rejectSuggestion(ctx, { suggestionId: widgetId, date: '2024-03-02', reason: 'too many', revision: 0 }));
    expect([stale.code, stale.field]).toEqual(['CONFLICT', 'revision']);
    expect((await planning.suggestion(db, widgetId))!.status).toBe('open');
  });

  it('a late suggestion, needed before the day it is decided, is raised as needed on that day', async () => {
    const r = await upsert([replenishment(co.items.gadget, 3, { orderBy: '2024-03-01', neededBy: '2024-03-01' })]);
    const accepted = await planning.acceptSuggestion(ctx, { suggestionId: r.suggestions[0]!.suggestionId, date: '2024-03-04', requesterId: plannerId });
    const requisition = (await scm.requisitionsOf(db, { requesterId: plannerId })).find((q) => q.requisitionId === accepted.document!.id)!;
    expect(requisition.neededBy).toBe('2024-03-04');
  });

  it('accepting creates exactly one requisition, in the same transaction as the decision and its events', async () => {
    const r = await upsert([replenishment(co.items.scarce, 7, { unitPrice: 19_000 })]);
    const id = r.suggestions[0]!.suggestionId;
    const before = await scm.requisitionsOf(db, { requesterId: plannerId });

    const accepted = await planning.acceptSuggestion(ctx, { suggestionId: id, date: '2024-03-02', requesterId: plannerId });
    expect(accepted).toMatchObject({ suggestionId: id, status: 'accepted', decidedBy: 'planner-ann', decidedOn: '2024-03-02', changes: {}, document: { type: 'requisition' } });

    const after = await scm.requisitionsOf(db, { requesterId: plannerId });
    expect(after).toHaveLength(before.length + 1);
    const requisition = after.find((q) => q.requisitionId === accepted.document!.id)!;
    expect(requisition).toMatchObject({ requisitionNo: accepted.document!.number, itemId: co.items.scarce, quantity: 7, amount: 7 * 19_000, neededBy: '2024-03-20' });

    const stored = (await planning.suggestion(db, id))!;
    expect(stored.status).toBe('accepted');
    expect(stored.decision).toMatchObject({ decision: 'accepted', documentType: 'requisition', documentId: requisition.requisitionId, documentNo: requisition.requisitionNo, accepted: stored.proposal });
    const events = await outboxEvents(db, id);
    expect(events.map((e) => e.event_type)).toEqual(['planning.suggestion_proposed', 'planning.suggestion_accepted']);
    expect(events.map((e) => e.aggregate_type)).toEqual(['planning_suggestion', 'planning_decision']);
    const { rows } = await sql<{ tx_id: string }>`select tx_id::text from core.outbox where event_type = 'requisition.created' and aggregate_id = ${String(requisition.requisitionId)}`.execute(db);
    expect(rows[0]!.tx_id).toBe(events[1]!.tx_id);
  });

  it('a double accept creates one document; the second is told who decided and when', async () => {
    const r = await upsert([replenishment(co.items.gadget, 9)]);
    const id = r.suggestions[0]!.suggestionId;
    const count = async () => (await scm.requisitionsOf(db, { requesterId: plannerId })).length;
    const before = await count();
    const first = await planning.acceptSuggestion(ctx, { suggestionId: id, date: '2024-03-02', requesterId: plannerId });
    const e = await refusal(planning.acceptSuggestion({ db, actor: 'planner-bob' }, { suggestionId: id, date: '2024-03-02', requesterId: plannerId }));
    expect(e.code).toBe('ALREADY_DECIDED');
    expect(e.field).toBe('suggestionId');
    expect(e.message).toContain('already accepted by planner-ann on 2024-03-02');
    expect(e.message).toContain(first.document!.number!);
    expect(e.details).toMatchObject({ status: 'accepted', decidedBy: 'planner-ann', decidedAt: first.decidedAt, documentId: first.document!.id });
    // Nor can it be rejected or modified afterwards.
    expect((await refusal(planning.rejectSuggestion(ctx, { suggestionId: id, date: '2024-03-03', reason: 'changed my mind' }))).code).toBe('ALREADY_DECIDED');
    expect((await refusal(planning.modifySuggestion(ctx, { suggestionId: id, date: '2024-03-03', requesterId: plannerId, changes: { quantity: 3 } }))).code).toBe('ALREADY_DECIDED');
    expect(await count()).toBe(before + 1);
  });

  it('a retry with the same idempotency key returns the first result and creates nothing more', async () => {
    const r = await upsert([replenishment(co.items.widget, 21)]);
    const id = r.suggestions[0]!.suggestionId;
    const count = async () => (await scm.requisitionsOf(db, { requesterId: plannerId })).length;
    const before = await count();
    const input = { suggestionId: id, date: '2024-03-02', requesterId: plannerId };
    const first = await planning.acceptSuggestion(ctx, input, { idempotencyKey: `accept-${id}` });
    const retry = await planning.acceptSuggestion(ctx, input, { idempotencyKey: `accept-${id}` });
    expect(retry).toEqual(first);
    expect(await count()).toBe(before + 1);
    // The same key for a different request is refused, a new key finds it decided.
    expect((await refusal(planning.acceptSuggestion(ctx, { ...input, date: '2024-03-03' }, { idempotencyKey: `accept-${id}` }))).code).toBe('IDEMPOTENCY_MISMATCH');
    expect((await refusal(planning.acceptSuggestion(ctx, input, { idempotencyKey: `accept-${id}-again` }))).code).toBe('ALREADY_DECIDED');
    expect(await count()).toBe(before + 1);
  });

  it('a decided key is left alone by later runs, which may propose it afresh', async () => {
    const key = `replenishment:item:${co.items.widget}:warehouse:${co.warehouseId}`;
    const decided = (await planning.listSuggestions(db, { status: 'accepted', kind: 'replenishment', limit: 1000 })).filter((s) => s.naturalKey === key);
    expect(decided.length).toBeGreaterThan(0);
    const again = await upsert([], ['replenishment']);
    const fresh = await upsert([replenishment(co.items.widget, 5)]);
    expect(fresh.created).toBe(1);
    for (const d of decided) expect((await planning.suggestion(db, d.suggestionId))!).toMatchObject({ status: 'accepted', revision: d.revision, runId: d.runId });
    expect(again.expiredIds).not.toContain(decided[0]!.suggestionId);
    expect(decided.map((d) => d.suggestionId)).not.toContain(fresh.suggestions[0]!.suggestionId);
  });

  it('modifying records each change before and after and makes the document from the changed proposal', async () => {
    const r = await upsert([replenishment(co.items.gadget, 30)]);
    const id = r.suggestions[0]!.suggestionId;
    const result = await planning.modifySuggestion(ctx, {
      suggestionId: id, date: '2024-03-02', requesterId: plannerId, changes: { quantity: 24, neededBy: '2024-03-25', supplierId: co.supplierId }, reason: 'warehouse space',
    });
    // The supplier was the one proposed: not a change.
    expect(result.changes).toEqual({ quantity: { before: 30, after: 24 }, neededBy: { before: '2024-03-20', after: '2024-03-25' } });
    expect(result.status).toBe('modified');
    const requisition = (await scm.requisitionsOf(db, { requesterId: plannerId })).find((q) => q.requisitionId === result.document!.id)!;
    expect(requisition).toMatchObject({ quantity: 24, neededBy: '2024-03-25', itemId: co.items.gadget });
    const stored = (await planning.suggestion(db, id))!;
    expect(stored.proposal).toMatchObject({ quantity: 30, neededBy: '2024-03-20' });
    expect(stored.decision).toMatchObject({ decision: 'modified', reason: 'warehouse space', changes: result.changes, accepted: { quantity: 24, neededBy: '2024-03-25' } });
    expect((await outboxEvents(db, id)).at(-1)!.event_type).toBe('planning.suggestion_modified');
  });

  it('rejecting needs a reason, which is kept', async () => {
    const r = await upsert([replenishment(co.items.scarce, 3)]);
    const id = r.suggestions[0]!.suggestionId;
    for (const reason of [undefined, '   ']) {
      const e = await refusal(planning.rejectSuggestion(ctx, { suggestionId: id, date: '2024-03-02', ...(reason === undefined ? {} : { reason }) } as { suggestionId: number; date: string; reason: string }));
      expect([e.code, e.field]).toEqual(['INVALID_INPUT', 'reason']);
    }
    expect((await planning.suggestion(db, id))!.status).toBe('open');
    const rejected = await planning.rejectSuggestion(ctx, { suggestionId: id, date: '2024-03-02', reason: 'supplier on holiday' });
    expect(rejected).toMatchObject({ status: 'rejected', document: null });
    expect((await planning.suggestion(db, id))!.decision).toMatchObject({ decision: 'rejected', reason: 'supplier on holiday', documentType: null, accepted: null });
  });

  it('refuses bad input with the field at fault', async () => {
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => upsert([replenishment(co.items.widget, 5, { orderBy: '2024-03-25' })]), 'INVALID_INPUT', 'suggestions.0.proposal.orderBy'],
      [() => upsert([replenishment(co.items.widget, 0)]), 'INVALID_INPUT', 'suggestions.0.proposal.quantity'],
      [() => upsert([replenishment(co.items.widget, 5), replenishment(co.items.widget, 6)]), 'DUPLICATE', 'suggestions.1'],
      [() => upsert([replenishment(co.items.widget, 5)], ['production']), 'INVALID_INPUT', 'suggestions.0.kind'],
      [() => upsert([{ kind: 'budget', proposal: { quarter: '2024-Q3', costCenter: 'PLAN', lines: [{ account: '6500', month: '2024-10', amount: 1 }] } }]), 'INVALID_INPUT', 'suggestions.0.proposal.lines.0.month'],
      [() => planning.acceptSuggestion(ctx, { suggestionId: 999_999, date: '2024-03-02' }), 'NOT_FOUND', 'suggestionId'],
      [() => planning.acceptSuggestion(ctx, { suggestionId: 1, date: '2024-02-30' }), 'INVALID_INPUT', 'date'],
    ];
    for (const [promise, code, field] of cases) {
      const e = await refusal(promise());
      expect([e.code, e.field], e.message).toEqual([code, field]);
    }
    const r = await upsert([replenishment(co.items.widget, 8)]);
    const id = r.suggestions[0]!.suggestionId;
    const refusals: [() => Promise<unknown>, string, string][] = [
      [() => planning.acceptSuggestion(ctx, { suggestionId: id, date: '2024-03-02' }), 'INVALID_INPUT', 'requesterId'],
      [() => planning.modifySuggestion(ctx, { suggestionId: id, date: '2024-03-02', requesterId: plannerId, changes: { dueDate: '2024-04-01' } }), 'INVALID_INPUT', 'changes.dueDate'],
      [() => planning.modifySuggestion(ctx, { suggestionId: id, date: '2024-03-02', requesterId: plannerId, changes: { quantity: 8 } }), 'INVALID_INPUT', 'changes'],
      [() => planning.modifySuggestion(ctx, { suggestionId: id, date: '2024-03-02', requesterId: plannerId, changes: { orderBy: '2024-04-01' } }), 'INVALID_INPUT', 'changes.orderBy'],
      [() => planning.modifySuggestion(ctx, { suggestionId: id, date: '2024-03-02', requesterId: plannerId, changes: { colour: 'red' } as never }), 'INVALID_INPUT', 'changes'],
    ];
    for (const [promise, code, field] of refusals) {
      const e = await refusal(promise());
      expect([e.code, e.field], e.message).toEqual([code, field]);
    }
    expect((await planning.suggestion(db, id))!.status).toBe('open');
  });

  it('a production suggestion becomes one planned production order with the BOM exploded', async () => {
    const r = await upsert([{
      kind: 'production', proposal: { itemId: factory.machine, warehouseId: co.warehouseId, quantity: 10, neededBy: '2024-03-30' },
      rationale: { components: [{ itemId: co.items.widget, quantity: 21 }] }, valueAtStake: 200_000,
    }]);
    const id = r.suggestions[0]!.suggestionId;
    expect(r.suggestions[0]!.naturalKey).toBe(`production:item:${factory.machine}:warehouse:${co.warehouseId}`);
    const before = (await erp.openProductionOrders(db)).length;
    const accepted = await planning.acceptSuggestion(ctx, { suggestionId: id, date: '2024-03-02' });
    const orders = await erp.openProductionOrders(db);
    expect(orders).toHaveLength(before + 1);
    const order = await erp.productionOrder(db, accepted.document!.id);
    expect(order).toMatchObject({ orderNo: accepted.document!.number, itemId: factory.machine, quantity: 10, status: 'planned', dueDate: '2024-03-30', orderDate: '2024-03-02' });
    // The BOM: 2 widgets a machine with 5 % scrap (⌈2 × 10 × 1.05⌉ = 21), 1 gadget, 4 bolts.
    expect(order!.components.map((c) => [c.itemId, c.plannedQty])).toEqual([[co.items.widget, 21], [co.items.gadget, 10], [factory.bolt, 40]]);
    expect(accepted.document!.type).toBe('production_order');
  });

  it('a re-engagement suggestion becomes a follow-up in the owner\'s plan; a rep who does not own the account leaves it open', async () => {
    const proposal = { customerId: co.customerId, repId: otherRepId, dueDate: '2024-03-10', reason: 'no order for 90 days, usually monthly' };
    const r = await upsert([{ kind: 're_engagement', proposal, valueAtStake: 80_000 }]);
    const id = r.suggestions[0]!.suggestionId;
    const e = await refusal(planning.acceptSuggestion(ctx, { suggestionId: id, date: '2024-03-02' }));
    expect([e.code, e.field]).toEqual(['NOT_ALLOWED', 'repId']);
    expect((await planning.suggestion(db, id))!).toMatchObject({ status: 'open', decision: null });

    const accepted = await planning.modifySuggestion(ctx, { suggestionId: id, date: '2024-03-02', changes: { repId: co.repId } });
    expect(accepted.changes).toEqual({ repId: { before: otherRepId, after: co.repId } });
    const reminders = await crm.reminders(db, { repId: co.repId, date: '2024-03-10' });
    const followUps = reminders.filter((f) => f.customerId === co.customerId);
    expect(followUps.map((f) => f.followUpId)).toEqual([accepted.document!.id]);
    expect(followUps[0]!.note).toContain(proposal.reason);
  });

  it('a budget suggestion goes into a new draft that keeps the approved year, then into that draft', async () => {
    const { versionId: approvedId } = await people.createBudgetVersion(ctx, {
      fiscalYear: 2024, name: 'Budget 2024',
      lines: [{ account: '6500', costCenter: 'PLAN', period: '2024-01', amount: 10_000 }, { account: '6500', costCenter: 'PLAN', period: '2024-07', amount: 20_000 }],
    });
    await people.approveBudgetVersion(ctx, { versionId: approvedId, date: '2024-01-01' });
    const lines = [{ account: '6500', month: '2024-07', amount: 25_000 }, { account: '6200', month: '2024-08', amount: 5_000 }];
    const r = await upsert([{ kind: 'budget', proposal: { quarter: '2024-Q3', costCenter: 'PLAN', lines }, valueAtStake: 30_000 }], undefined, '2024-06-01');
    const id = r.suggestions[0]!.suggestionId;
    expect((await planning.suggestion(db, id))!.expiresOn).toBe('2024-06-30');
    const accepted = await planning.acceptSuggestion(ctx, { suggestionId: id, date: '2024-06-02' });
    expect(accepted.document!.type).toBe('budget_version');
    const draft = (await people.budgetVersions(db, 2024)).find((v) => v.versionId === accepted.document!.id)!;
    expect(draft).toMatchObject({ status: 'draft', version: 2 });
    expect(await people.budgetLines(db, draft.versionId)).toEqual([
      { account: '6200', costCenter: 'PLAN', period: '2024-08', amount: 5_000 },
      { account: '6500', costCenter: 'PLAN', period: '2024-01', amount: 10_000 },
      { account: '6500', costCenter: 'PLAN', period: '2024-07', amount: 25_000 },
    ]);
    // A second one (another cost centre) joins the same draft.
    const other = await upsert([{ kind: 'budget', proposal: { quarter: '2024-Q3', costCenter: null, lines: [{ account: '6500', month: '2024-09', amount: 700 }] } }], undefined, '2024-06-01');
    const second = await planning.acceptSuggestion(ctx, { suggestionId: other.suggestions[0]!.suggestionId, date: '2024-06-02' });
    expect(second.document!.id).toBe(draft.versionId);
    expect((await people.budgetLines(db, draft.versionId)).filter((l) => l.costCenter === null)).toEqual([{ account: '6500', costCenter: null, period: '2024-09', amount: 700 }]);
  });

  it('expires open suggestions past their last useful day', async () => {
    const r = await upsert([
      { kind: 'production', proposal: { itemId: factory.subassembly, warehouseId: co.warehouseId, quantity: 4, neededBy: '2024-04-10' } },
      { kind: 're_engagement', proposal: { customerId: co.eurCustomerId, repId: co.repId, dueDate: '2024-04-20', reason: 'quiet' } },
    ], ['production', 're_engagement']);
    const [production, reEngagement] = r.suggestions.map((s) => s.suggestionId);
    const result = await planning.expireSuggestions(ctx, { asOf: '2024-04-15' });
    expect(result.expiredIds).toContain(production);
    expect(result.expiredIds).not.toContain(reEngagement);
    expect((await planning.suggestion(db, production!))!.decision).toMatchObject({ decision: 'expired', decidedOn: '2024-04-15' });
    expect((await planning.suggestion(db, reEngagement!))!.status).toBe('open');
    expect((await planning.expireSuggestions(ctx, { asOf: '2024-04-15' })).expired).toBe(0);
  });

  it('records outcomes against a suggestion, measuring again on a date replaces that measurement', async () => {
    const [decided] = await planning.listSuggestions(db, { status: 'accepted', limit: 1 });
    const id = decided!.suggestionId;
    await planning.recordOutcome(ctx, { suggestionId: id, measuredAt: '2024-04-01', outcome: { demand: 50 } });
    await planning.recordOutcome(ctx, { suggestionId: id, measuredAt: '2024-04-01', outcome: { demand: 52, stockout: false } });
    await planning.recordOutcome(ctx, { suggestionId: id, measuredAt: '2024-05-01', outcome: { demand: 61 } });
    const stored = (await planning.suggestion(db, id))!;
    expect(stored.outcomes.map((o) => [o.measuredAt, o.outcome])).toEqual([['2024-04-01', { demand: 52, stockout: false }], ['2024-05-01', { demand: 61 }]]);
    expect((await refusal(planning.recordOutcome(ctx, { suggestionId: 999_999, measuredAt: '2024-04-01', outcome: {} }))).field).toBe('suggestionId');
  });

  it('acceptance rate per kind over a range of decision dates', async () => {
    const items = [co.items.widget, co.items.gadget, co.items.scarce, factory.bolt, factory.machine];
    // Machine is made, not bought, but a replenishment suggestion is only a proposal; it is rejected below.
    const r = await upsert(items.map((itemId, i) => replenishment(itemId, 10 + i, { neededBy: '2024-07-20', orderBy: '2024-07-10' })), undefined, '2024-07-01');
    const [a, b, c, d, e] = r.suggestions.map((s) => s.suggestionId) as [number, number, number, number, number];
    for (const id of [a, b, c]) await planning.acceptSuggestion(ctx, { suggestionId: id, date: '2024-07-02', requesterId: plannerId });
    await planning.modifySuggestion(ctx, { suggestionId: d, date: '2024-07-03', requesterId: plannerId, changes: { quantity: 99 } });
    await planning.rejectSuggestion(ctx, { suggestionId: e, date: '2024-07-03', reason: 'we make these' });
    const stats = await planning.acceptanceStats(db, { from: '2024-07-01', to: '2024-07-31' });
    expect(stats.map((s) => s.kind)).toEqual(['replenishment', 'production', 're_engagement', 'budget']);
    expect(stats[0]).toEqual({
      kind: 'replenishment', accepted: 3, modified: 1, rejected: 1, expired: 0, acceptanceRate: 4 / 5, modifiedShare: 1 / 4,
      valueAccepted: (10 + 11 + 12 + 13) * 1_000,
    });
    for (const s of stats.slice(1)) expect(s).toMatchObject({ accepted: 0, rejected: 0, acceptanceRate: null, modifiedShare: null, valueAccepted: 0 });
    await expect(planning.acceptanceStats(db, { from: '2024-08-01', to: '2024-07-01' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
  });

  it('lists by value at stake, largest first, a page at a time', async () => {
    const all = await planning.listSuggestions(db, { limit: 1000 });
    const values = all.map((s) => s.valueAtStake);
    expect(values).toEqual([...values].sort((x, y) => y - x));
    const page = await planning.listSuggestions(db, { limit: 2, offset: 1 });
    expect(page.map((s) => s.suggestionId)).toEqual(all.slice(1, 3).map((s) => s.suggestionId));
    expect((await refusal(planning.listSuggestions(db, { limit: 0 }))).field).toBe('limit');
  });
});

/**
 * The race on the Postgres server, each accept on its own pooled connection (the embedded
 * database has one connection and runs commands one after another, so it cannot race).
 */
describe.skipIf(!onServer)('planning decisions under concurrency', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let plannerId: number;
  beforeAll(async () => {
    database = await freshDatabase({ poolSize: 20 });
    co = await setUpTestCompany({ db: database.db, actor: 'setup' });
    const { departmentId } = await people.createDepartment(co.ctx, { code: 'PLAN', name: 'Planning', costCenter: 'PLAN', costCenterName: 'Planning' });
    plannerId = (await people.hireEmployee(co.ctx, { code: 'P1', name: 'Ann Planner', role: 'planner', departmentId })).employeeId;
  });
  afterAll(() => database?.drop());

  it('8 planners accepting one suggestion at once: one document, 7 told it is already decided', async () => {
    const db = database.db;
    const r = await planning.upsertSuggestions(co.ctx, {
      runId: 'race', modelVersion: 'test-1', asOf: '2024-03-01',
      suggestions: [{ kind: 'replenishment', proposal: { itemId: co.items.widget, warehouseId: co.warehouseId, quantity: 40, supplierId: co.supplierId, orderBy: '2024-03-05', neededBy: '2024-03-20' } }],
    });
    const suggestionId = r.suggestions[0]!.suggestionId;
    const settled = await Promise.allSettled(Array.from({ length: 8 }, (_, i) =>
      planning.acceptSuggestion({ db, actor: `planner-${i}` }, { suggestionId, date: '2024-03-02', requesterId: plannerId })));
    const won = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const e of refused) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('ALREADY_DECIDED');
      expect((e as DomainError).message).toContain(`by ${won[0]!.decidedBy}`);
    }
    const requisitions = await scm.requisitionsOf(db, { requesterId: plannerId });
    expect(requisitions.map((q) => q.requisitionId)).toEqual([won[0]!.document!.id]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from core.outbox where event_type = 'planning.suggestion_accepted' and aggregate_id = ${String(suggestionId)}`.execute(db);
    expect(rows[0]!.n).toBe(1);
  });
});
