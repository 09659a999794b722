import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { approvals, crm, DomainError, people, verify } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { rejectionOf } from './support/fingerprint.js';

/**
 * Property tests of the commercial invariants, against the database:
 * - a contract's instalments always sum exactly to its value, whatever the value and count, and
 *   an explicit plan that does not is refused;
 * - under any sequence of quote, revision, submission, approval and acceptance commands, no
 *   sales order comes from a quote version whose discount needed approval and did not get it.
 */
describe('commercial invariants (property-based)', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let managers: number[];
  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    managers = [];
    for (const code of ['SMA', 'SMB']) managers.push((await people.hireEmployee(co.ctx, { code, name: `Manager ${code}`, role: 'sales_manager' })).employeeId);
    await approvals.setApprovalRule(co.ctx, { documentType: 'quote_discount', minAmount: 0, steps: [{ role: 'sales_manager' }] });
  });
  afterAll(() => database.drop());

  it('splits any contract value into instalments that sum to it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (count, extra, intervalMonths, euro) => {
          const value = count + extra;
          const c = await crm.createContract(co.ctx, {
            customerId: euro ? co.eurCustomerId : co.customerId, title: 'Property', signedDate: '2024-03-01', startDate: '2024-03-01', endDate: '2026-02-28',
            value, plan: { count, firstDueDate: '2024-03-31', intervalMonths }, submit: false,
          });
          const stored = (await crm.contractDetail(co.ctx.db, c.contractId))!.instalments;
          expect(stored).toHaveLength(count);
          expect(stored.reduce((s, i) => s + i.amount, 0)).toBe(value);
          const amounts = stored.map((i) => i.amount);
          expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
          expect(stored.every((i, k) => k === 0 || i.dueDate > stored[k - 1]!.dueDate)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('accepts an explicit plan exactly when it sums to the value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 24 }), fc.integer({ min: -2, max: 2 }), async (amounts, error) => {
        const value = amounts.reduce((s, a) => s + a, 0) + error;
        const schedule = amounts.map((amount, k) => ({ dueDate: `2025-${String((k % 12) + 1).padStart(2, '0')}-${String(Math.floor(k / 12) + 10)}`, amount }));
        schedule.sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
        const run = () => crm.createContract(co.ctx, { customerId: co.customerId, title: 'Explicit', signedDate: '2025-01-01', startDate: '2025-01-01', endDate: '2025-12-31', value, plan: { schedule }, submit: false });
        if (error === 0) {
          const c = await run();
          const { rows } = await sql<{ s: number }>`select sum(amount)::bigint as s from crm.contract_instalments where contract_id = ${c.contractId}`.execute(co.ctx.db);
          expect(rows[0]!.s).toBe(value);
        } else if (value > 0) {
          const e = await rejectionOf(run());
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('PLAN_MISMATCH');
        }
      }),
      { numRuns: 40 },
    );
  });

  type Action =
    | { kind: 'create'; slot: number; discountBp: number; submit: boolean }
    | { kind: 'revise'; slot: number; discountBp: number; submit: boolean }
    | { kind: 'submit'; slot: number }
    | { kind: 'decide'; slot: number; approve: boolean; manager: number }
    | { kind: 'accept'; slot: number }
    | { kind: 'decline'; slot: number }
    | { kind: 'expire' };

  const slot = fc.integer({ min: 0, max: 2 });
  const discount = fc.constantFrom(0, 1_000, 1_500, 1_501, 2_500);
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), slot, discountBp: discount, submit: fc.boolean() }),
    fc.record({ kind: fc.constant('revise' as const), slot, discountBp: discount, submit: fc.boolean() }),
    fc.record({ kind: fc.constant('submit' as const), slot }),
    fc.record({ kind: fc.constant('decide' as const), slot, approve: fc.boolean(), manager: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ kind: fc.constant('accept' as const), slot }),
    fc.record({ kind: fc.constant('decline' as const), slot }),
    fc.constant({ kind: 'expire' as const }),
  );

  it('never turns a quote version into an order without the approval its discount needs', async () => {
    let run = 0;
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        run++;
        const quotes: (number | undefined)[] = [];
        let day = 0;
        const date = () => `2024-${String(1 + (run % 12)).padStart(2, '0')}-${String(1 + Math.min(day, 27)).padStart(2, '0')}`;
        const lines = (discountBp: number) => [{ itemId: co.items.widget, quantity: 1, discountBp }];
        for (const a of actions) {
          day++;
          const quoteId = 'slot' in a ? quotes[a.slot] : undefined;
          // What the model says acceptance needs: a live version that is approved or sent, and still valid.
          const before = quoteId === undefined ? undefined : await crm.quoteDetail(co.ctx.db, quoteId);
          try {
            switch (a.kind) {
              case 'create':
                if (quoteId === undefined) quotes[a.slot] = (await crm.createQuote(co.ctx, { customerId: co.customerId, date: date(), validUntil: '2024-12-31', lines: lines(a.discountBp), submit: a.submit })).quoteId;
                break;
              case 'revise':
                if (quoteId !== undefined) await crm.reviseQuote(co.ctx, { quoteId, date: date(), validUntil: `2024-12-31`, lines: lines(a.discountBp), submit: a.submit });
                break;
              case 'submit':
                if (quoteId !== undefined) await crm.submitQuote(co.ctx, { quoteId, date: date() });
                break;
              case 'decide': {
                if (quoteId === undefined) break;
                const pending = (await approvals.pendingApprovals(co.ctx.db)).filter((p) => p.documentType === 'quote_discount' && p.documentId === quoteId);
                for (const p of pending) await approvals.decide(co.ctx, { requestId: p.requestId, approverId: managers[a.manager]!, decision: a.approve ? 'approve' : 'reject', date: date() });
                break;
              }
              case 'accept': {
                if (quoteId === undefined) break;
                const result = await crm.acceptQuote(co.ctx, { quoteId, date: date(), warehouseId: co.warehouseId });
                // It succeeded: the model must have allowed it.
                const v = before!.versions[before!.versions.length - 1]!;
                expect(['approved', 'sent']).toContain(v.status);
                if (v.needsApproval) {
                  const history = await approvals.approvalHistory(co.ctx.db, 'quote_discount', quoteId);
                  expect(history[history.length - 1]).toMatchObject({ requestId: v.approvalRequestId, status: 'approved' });
                }
                expect(result.net).toBe(v.net);
                outcomes.accepted++;
                break;
              }
              case 'decline':
                if (quoteId !== undefined) await crm.rejectQuote(co.ctx, { quoteId, date: date(), reason: 'no' });
                break;
              case 'expire':
                // Every live quote made so far lapses (all are valid until the year's end).
                await crm.expireQuotes(co.ctx, { asOf: '2025-01-01' });
                break;
            }
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            if (a.kind === 'accept' && error.code.startsWith('APPROVAL_')) outcomes.refused++;
          }
        }
        // The invariant over every quote made so far: an order only from an approved version.
        const { rows } = await sql<{ quote_id: number; needs_approval: boolean; approved: boolean; status: string }>`
          select q.id as quote_id, v.needs_approval, v.status,
                 exists (select 1 from approvals.requests r where r.id = v.approval_request_id and r.status = 'approved') as approved
            from crm.quotes q join crm.quote_versions v on v.quote_id = q.id
           where q.sales_order_id is not null and v.status = 'accepted'`.execute(co.ctx.db);
        for (const r of rows) expect(!r.needs_approval || r.approved, `quote ${r.quote_id}`).toBe(true);
        const { rows: orphans } = await sql<{ n: number }>`
          select count(*)::int as n from crm.quotes q
           where (q.sales_order_id is not null) <> exists (select 1 from crm.quote_versions v where v.quote_id = q.id and v.status = 'accepted')`.execute(co.ctx.db);
        expect(orphans[0]!.n).toBe(0);
      }),
      { numRuns: 60, seed: 20261124 }, // fixed, so the run exercises both sides of the gate every time
    );
    // Both sides of the gate were exercised.
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect((await verify(co.ctx.db)).breaches).toEqual([]);
  });
});
