import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { z } from 'zod';
import { approvals, defineCommand, people, DomainError, type Context } from '../domain/index.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';
import { rejectionOf } from './support/fingerprint.js';

/** Stand-ins for a document area's commands: one submits a document, one moves it past its gate. */
const submit = defineCommand(
  'test.submit',
  z.object({ documentType: z.string(), documentId: z.number(), amount: z.number(), department: z.string().optional(), date: z.string() }),
  (tx, input) => approvals.requestApproval(tx, input),
);
const passGate = defineCommand('test.passGate', z.object({ documentType: z.string(), documentId: z.number() }), async (tx, input) => {
  await approvals.assertApproved(tx, input.documentType, input.documentId, 'documentId');
  return { passed: true };
});

describe('approval engine', () => {
  let database: TestDatabase;
  let ctx: Context;
  const staff: Record<string, number> = {};
  let nextDoc = 1;
  const doc = () => nextDoc++;

  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'test' };
    const hires: [string, (typeof people.EMPLOYEE_ROLES)[number]][] = [
      ['SM1', 'sales_manager'], ['SM2', 'sales_manager'], ['ACC1', 'accountant'], ['ACC2', 'accountant'],
      ['MGR1', 'manager'], ['MGR2', 'manager'], ['REP1', 'sales_rep'], ['BUY1', 'buyer'],
    ];
    for (const [code, role] of hires) staff[code] = (await people.hireEmployee(ctx, { code, name: code, role })).employeeId;
    await approvals.setApprovalRule(ctx, { documentType: 'quote_discount', minAmount: 0, maxAmount: 100_000, steps: [{ role: 'sales_manager' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'quote_discount', minAmount: 100_000, steps: [{ role: 'sales_manager' }, { role: 'accountant' }, { role: 'manager' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'quote_discount', department: 'EU', minAmount: 0, steps: [{ role: 'accountant' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'credit_hold', minAmount: 1_000, maxAmount: 5_000, steps: [{ role: 'accountant' }] });
  });
  afterAll(() => database.drop());

  it('picks the most specific rule: department before any department, then the highest band the amount reaches', async () => {
    expect(await submit(ctx, { documentType: 'quote_discount', documentId: doc(), amount: 50_000, date: '2024-03-01' })).toMatchObject({ status: 'pending', nextRole: 'sales_manager' });
    expect(await submit(ctx, { documentType: 'quote_discount', documentId: doc(), amount: 100_000, date: '2024-03-01' })).toMatchObject({ status: 'pending', nextRole: 'sales_manager' });
    const eu = await submit(ctx, { documentType: 'quote_discount', documentId: doc(), amount: 250_000, department: 'EU', date: '2024-03-01' });
    expect(eu).toMatchObject({ status: 'pending', nextRole: 'accountant' });
    const na = await submit(ctx, { documentType: 'quote_discount', documentId: doc(), amount: 250_000, department: 'NA', date: '2024-03-01' });
    const [history] = await approvals.approvalHistory(ctx.db, 'quote_discount', nextDoc - 1);
    expect(history).toMatchObject({ requestId: na.requestId, steps: ['sales_manager', 'accountant', 'manager'], status: 'pending' });
  });

  it('approves automatically when no rule matches, outside every band or for an unruled type', async () => {
    for (const [documentType, amount] of [['credit_hold', 999], ['credit_hold', 5_000], ['contract', 1_000_000]] as const) {
      const id = doc();
      const result = await submit(ctx, { documentType, documentId: id, amount, date: '2024-03-01' });
      expect(result, `${documentType} ${amount}`).toEqual({ requestId: expect.any(Number), status: 'approved' });
      expect((await approvals.approvalHistory(ctx.db, documentType, id))[0]).toMatchObject({ status: 'approved', reason: 'no rule', steps: [], decisions: [] });
      await expect(passGate(ctx, { documentType, documentId: id })).resolves.toEqual({ passed: true });
    }
    expect(await submit(ctx, { documentType: 'credit_hold', documentId: doc(), amount: 4_999, date: '2024-03-01' })).toMatchObject({ status: 'pending', nextRole: 'accountant' });
  });

  it('replaces a rule with a new version and keeps the old one in the history', async () => {
    const first = await approvals.setApprovalRule(ctx, { documentType: 'return', minAmount: 0, steps: [{ role: 'sales_manager' }] });
    const second = await approvals.setApprovalRule(ctx, { documentType: 'return', minAmount: 0, steps: [{ role: 'accountant' }] });
    expect(second.replaces).toBe(first.ruleId);
    expect(await approvals.approvalRules(ctx.db, { documentType: 'return' })).toEqual([expect.objectContaining({ ruleId: second.ruleId, steps: ['accountant'] })]);
    expect((await approvals.approvalRules(ctx.db, { documentType: 'return', history: true })).map((r) => [r.ruleId, r.supersededBy])).toEqual([[first.ruleId, second.ruleId], [second.ruleId, null]]);
    expect(await submit(ctx, { documentType: 'return', documentId: doc(), amount: 10, date: '2024-03-01' })).toMatchObject({ nextRole: 'accountant' });
    await expect(sql`update approvals.rules set steps = '{manager}' where id = ${second.ruleId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:IMMUTABLE/);
  });

  it('walks a multi-step chain by role and only then lets the document past its gate', async () => {
    const id = doc();
    const { requestId } = await submit(ctx, { documentType: 'quote_discount', documentId: id, amount: 150_000, date: '2024-03-02' });
    const gate = () => passGate(ctx, { documentType: 'quote_discount', documentId: id });
    await expect(gate()).rejects.toMatchObject({ code: 'APPROVAL_PENDING', field: 'documentId' });
    expect(await approvals.pendingApprovals(ctx.db, { role: 'sales_manager' })).toContainEqual(expect.objectContaining({ requestId, step: 1, steps: 3 }));
    expect(await approvals.decide(ctx, { requestId, approverId: staff.SM1!, decision: 'approve', date: '2024-03-02' })).toEqual({ requestId, status: 'pending', nextRole: 'accountant' });
    expect((await approvals.pendingApprovals(ctx.db, { approverId: staff.ACC1! })).map((p) => p.requestId)).toContain(requestId);
    expect((await approvals.pendingApprovals(ctx.db, { approverId: staff.SM2! })).map((p) => p.requestId)).not.toContain(requestId);
    await expect(gate()).rejects.toMatchObject({ code: 'APPROVAL_PENDING' });
    expect(await approvals.decide(ctx, { requestId, approverId: staff.ACC1!, decision: 'approve', comment: 'margin ok', date: '2024-03-03' })).toMatchObject({ status: 'pending', nextRole: 'manager' });
    expect(await approvals.decide(ctx, { requestId, approverId: staff.MGR1!, decision: 'approve', date: '2024-03-04' })).toEqual({ requestId, status: 'approved' });
    await expect(gate()).resolves.toEqual({ passed: true });
    const [record] = await approvals.approvalHistory(ctx.db, 'quote_discount', id);
    expect(record).toMatchObject({ status: 'approved', closedDate: '2024-03-04' });
    expect(record!.decisions.map((d) => [d.step, d.role, d.approverId, d.decision, d.comment])).toEqual([
      [1, 'sales_manager', staff.SM1, 'approve', null],
      [2, 'accountant', staff.ACC1, 'approve', 'margin ok'],
      [3, 'manager', staff.MGR1, 'approve', null],
    ]);
    await expect(approvals.decide(ctx, { requestId, approverId: staff.MGR2!, decision: 'reject', date: '2024-03-05' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses the wrong role, an inactive or unknown approver, and the same approver for two steps', async () => {
    const { requestId } = await submit(ctx, { documentType: 'quote_discount', documentId: doc(), amount: 150_000, date: '2024-03-02' });
    const attempt = (approverId: number) => approvals.decide(ctx, { requestId, approverId, decision: 'approve', date: '2024-03-02' });
    await expect(attempt(staff.REP1!)).rejects.toMatchObject({ code: 'NOT_ALLOWED', field: 'approverId' });
    await expect(attempt(staff.ACC1!)).rejects.toMatchObject({ code: 'NOT_ALLOWED', field: 'approverId' });
    await expect(attempt(999_999)).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'approverId' });
    // A manager may decide any step, but only one step of a request.
    expect(await attempt(staff.MGR1!)).toMatchObject({ status: 'pending', nextRole: 'accountant' });
    await expect(attempt(staff.MGR1!)).rejects.toMatchObject({ code: 'NOT_ALLOWED', field: 'approverId' });
    const { employeeId: gone } = await people.hireEmployee(ctx, { code: 'ACC-OLD', name: 'Left', role: 'accountant' });
    await sql`update people.employees set active = false where id = ${gone}`.execute(ctx.db);
    await expect(attempt(gone)).rejects.toMatchObject({ code: 'NOT_ALLOWED', field: 'approverId' });
    expect((await approvals.approvalHistory(ctx.db, 'quote_discount', nextDoc - 1))[0]!.decisions).toHaveLength(1);
  });

  it('the database refuses a decision by an unqualified role or for a step the request does not ask for', async () => {
    const { requestId } = await submit(ctx, { documentType: 'quote_discount', documentId: doc(), amount: 10, date: '2024-03-02' });
    const insert = (stepNo: number, stepRole: string, approverRole: string) => sql`
      insert into approvals.decisions (request_id, step_no, step_role, approver_id, approver_role, decision, decision_date, created_by)
      values (${requestId}, ${stepNo}, ${stepRole}, ${staff.REP1!}, ${approverRole}, 'approve', '2024-03-02', 'x')`.execute(ctx.db);
    await expect(insert(0, 'sales_manager', 'sales_rep')).rejects.toThrow(/decision_role_qualifies/);
    await expect(insert(0, 'sales_rep', 'sales_rep')).rejects.toThrow(/LEDGERLOOP:CONFLICT/);
    await expect(insert(1, 'sales_manager', 'manager')).rejects.toThrow(/LEDGERLOOP:CONFLICT/);
  });

  it('a reject ends the chain and the gate then refuses with APPROVAL_REJECTED; a new request starts over', async () => {
    const id = doc();
    const gate = () => passGate(ctx, { documentType: 'quote_discount', documentId: id });
    await expect(gate()).rejects.toMatchObject({ code: 'APPROVAL_REQUIRED', field: 'documentId' });
    const { requestId } = await submit(ctx, { documentType: 'quote_discount', documentId: id, amount: 150_000, date: '2024-03-02' });
    expect(await approvals.decide(ctx, { requestId, approverId: staff.SM1!, decision: 'reject', comment: 'too deep', date: '2024-03-02' })).toEqual({ requestId, status: 'rejected' });
    await expect(gate()).rejects.toMatchObject({ code: 'APPROVAL_REJECTED' });
    await expect(approvals.decide(ctx, { requestId, approverId: staff.SM2!, decision: 'approve', date: '2024-03-02' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await approvals.pendingApprovals(ctx.db)).not.toContainEqual(expect.objectContaining({ requestId }));

    // Resubmitted (say, with a smaller discount): a new chain; a newer request supersedes a pending one.
    const second = await submit(ctx, { documentType: 'quote_discount', documentId: id, amount: 150_000, date: '2024-03-03' });
    const third = await submit(ctx, { documentType: 'quote_discount', documentId: id, amount: 90_000, date: '2024-03-04' });
    expect((await approvals.approvalHistory(ctx.db, 'quote_discount', id)).map((r) => [r.requestId, r.status])).toEqual([
      [requestId, 'rejected'], [second.requestId, 'superseded'], [third.requestId, 'pending'],
    ]);
    await expect(approvals.decide(ctx, { requestId: second.requestId, approverId: staff.SM2!, decision: 'approve', date: '2024-03-04' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await approvals.decide(ctx, { requestId: third.requestId, approverId: staff.SM2!, decision: 'approve', date: '2024-03-04' });
    await expect(gate()).resolves.toEqual({ passed: true });
  });

  it('decision rows and decided requests cannot be updated or deleted', async () => {
    const { requestId } = await submit(ctx, { documentType: 'quote_discount', documentId: doc(), amount: 10, date: '2024-03-02' });
    await approvals.decide(ctx, { requestId, approverId: staff.SM1!, decision: 'reject', date: '2024-03-02' });
    await expect(sql`update approvals.decisions set decision = 'approve' where request_id = ${requestId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:IMMUTABLE/);
    await expect(sql`delete from approvals.decisions where request_id = ${requestId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:IMMUTABLE/);
    await expect(sql`update approvals.requests set status = 'approved', current_step = 1 where id = ${requestId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:CONFLICT/);
    await expect(sql`delete from approvals.requests where id = ${requestId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:IMMUTABLE/);
  });

  it('runs the owning area\'s handler in the deciding transaction: a failing handler undoes the decision', async () => {
    const seen: { documentId: number; status: string }[] = [];
    let fail = true;
    const off = approvals.onApprovalDecided('invoicing_request', async (tx, e) => {
      if (fail) throw new DomainError('NOT_ALLOWED', 'the invoice cannot be produced');
      seen.push({ documentId: e.documentId, status: e.status });
      tx.emit({ aggregateType: 'invoicing_request', aggregateId: e.documentId, type: 'invoicing_request.approved_by_handler' });
    });
    try {
      await approvals.setApprovalRule(ctx, { documentType: 'invoicing_request', minAmount: 0, steps: [{ role: 'accountant' }] });
      const id = doc();
      const { requestId } = await submit(ctx, { documentType: 'invoicing_request', documentId: id, amount: 500, date: '2024-03-02' });
      const decideIt = () => approvals.decide(ctx, { requestId, approverId: staff.ACC1!, decision: 'approve', date: '2024-03-02' });
      expect(await rejectionOf(decideIt())).toMatchObject({ code: 'NOT_ALLOWED', message: 'the invoice cannot be produced' });
      expect((await approvals.approvalHistory(ctx.db, 'invoicing_request', id))[0]).toMatchObject({ status: 'pending', decisions: [] });
      fail = false;
      expect(await decideIt()).toMatchObject({ status: 'approved' });
      expect(seen).toEqual([{ documentId: id, status: 'approved' }]);
      const events = await sql<{ n: number }>`select count(*)::int as n from core.outbox where event_type = 'invoicing_request.approved_by_handler' and aggregate_id = ${String(id)}`.execute(ctx.db);
      expect(events.rows[0]!.n).toBe(1);
    } finally {
      off();
    }
  });

  it(`lets exactly one of several concurrent decisions on one step win (${onServer ? 'server' : 'embedded'})`, async () => {
    const approvers: number[] = [];
    for (let i = 0; i < 8; i++) approvers.push((await people.hireEmployee(ctx, { code: `RACE${i}`, name: `Race ${i}`, role: 'buyer' })).employeeId);
    await approvals.setApprovalRule(ctx, { documentType: 'purchase_order', minAmount: 0, steps: [{ role: 'buyer' }, { role: 'manager' }] });
    const { requestId } = await submit(ctx, { documentType: 'purchase_order', documentId: doc(), amount: 1_000, date: '2024-03-02' });
    const results = await Promise.allSettled(approvers.map((approverId, i) =>
      approvals.decide(ctx, { requestId, approverId, decision: i % 2 === 0 ? 'approve' : 'reject', date: '2024-03-02' })));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: expect.stringMatching(/^(CONFLICT|NOT_ALLOWED)$/) });
    const decisions = await sql<{ n: number }>`select count(*)::int as n from approvals.decisions where request_id = ${requestId}`.execute(ctx.db);
    expect(decisions.rows[0]!.n).toBe(1);
  });
});
