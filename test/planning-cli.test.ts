import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, planning, scm } from '../domain/index.js';
import { SYSTEM_ACTOR } from '../cli/database.js';
import { cliSource, runMain, type CliSource } from './support/cli.js';
import { setUpTestCompany } from './support/company.js';

const run = (...argv: string[]) => runMain(argv);

describe('ledgerloop planning', () => {
  /** The company's database, which the CLI opens; the test takes it back with `reopen` to look. */
  let cli: CliSource;
  let plannerId: number;
  let ids: { widget: number; gadget: number; quiet: number };

  beforeAll(async () => {
    cli = await cliSource('ll-planning-cli-');
    const ctx = { db: cli.database().db, actor: 'forecast' };
    const co = await setUpTestCompany(ctx);
    const { departmentId } = await people.createDepartment(ctx, { code: 'PLAN', name: 'Planning', costCenter: 'PLAN', costCenterName: 'Planning' });
    plannerId = (await people.hireEmployee(ctx, { code: 'P1', name: 'Ann Planner', role: 'planner', departmentId })).employeeId;
    const buy = (itemId: number, quantity: number) => ({
      kind: 'replenishment' as const, valueAtStake: quantity * 1_000, rationale: { leadTimeDays: 15 },
      proposal: { itemId, warehouseId: co.warehouseId, quantity, supplierId: co.supplierId, orderBy: '2024-03-05', neededBy: '2024-03-20' },
    });
    const r = await planning.upsertSuggestions(ctx, {
      runId: 'nightly-1', modelVersion: 'test-1', asOf: '2024-03-01',
      suggestions: [buy(co.items.widget, 40), buy(co.items.gadget, 12), { kind: 're_engagement', valueAtStake: 30_000, proposal: { customerId: co.customerId, repId: co.repId, dueDate: '2024-03-10', reason: 'quiet for 90 days' } }],
    });
    const [widget, gadget, quiet] = r.suggestions.map((s) => s.suggestionId) as [number, number, number];
    ids = { widget, gadget, quiet };
    await cli.handOver();
  });
  afterAll(() => cli?.remove());

  it('prints its help and refuses bad options before opening the database', async () => {
    const help = await run('planning', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ledgerloop planning list/);
    expect((await run('--help')).stdout).toMatch(/planning\s+planning suggestions/);
    for (const [argv, message] of [
      [['planning'], /name an action/],
      [['planning', 'frobnicate'], /unknown action 'frobnicate'/],
      [['planning', 'list', '--kind', 'bogus'], /--kind is one of replenishment/],
      [['planning', 'accept'], /name the suggestion/],
      [['planning', 'accept', 'x'], /--id must be a whole number/],
      [['planning', 'reject', '1'], /--reason is required/],
      [['planning', 'accept', '1', '--needed-by', '2024-02-30'], /--needed-by must be a date/],
    ] as const) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('lists the open suggestions, largest value at stake first, and shows one', async () => {
    const list = await run('planning', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { suggestionId: number }) => s.suggestionId)).toEqual([ids.widget, ids.quiet, ids.gadget]);
    const text = await run('planning', 'list', '--kind', 'replenishment');
    expect(text.stdout).toMatch(/replenishment\s+open\s+400\.00\s+40 of item/);
    const shown = await run('planning', 'show', String(ids.widget));
    expect(shown.stdout).toContain('Run nightly-1 (model test-1, data to 2024-03-01)');
    expect(shown.stdout).toContain('"leadTimeDays":15');
  });

  it('accepts once, refuses a second accept, accepts with changes and rejects with a reason', async () => {
    const stale = await run('planning', 'accept', String(ids.widget), '--requester', String(plannerId), '--revision', '1', '--date', '2024-03-02');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^error \[CONFLICT\] revision: planning suggestion \d+ was revised by run nightly-1 \(revision 0, not 1\)/);
    const accepted = await run('planning', 'accept', String(ids.widget), '--requester', String(plannerId), '--revision', '0', '--date', '2024-03-02', '--json');
    expect(accepted.code, accepted.stderr).toBe(0);
    const first = JSON.parse(accepted.stdout) as planning.DecisionResult;
    expect(first).toMatchObject({ status: 'accepted', decidedBy: SYSTEM_ACTOR, document: { type: 'requisition' } });

    const again = await run('planning', 'accept', String(ids.widget), '--requester', String(plannerId), '--date', '2024-03-02');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error \[ALREADY_DECIDED\] suggestionId: planning suggestion \d+ was already accepted by \S+ on 2024-03-02/);
    expect(again.stderr).toContain(`by ${SYSTEM_ACTOR} on`);

    const modified = await run('planning', 'accept', String(ids.gadget), '--requester', String(plannerId), '--quantity', '10', '--reason', 'shelf space', '--date', '2024-03-02');
    expect(modified.code, modified.stderr).toBe(0);
    expect(modified.stdout).toMatch(/^suggestion \d+ modified by \S+ on 2024-03-02: requisition REQ-\d+\n {2}quantity: 12 → 10$/);

    const rejected = await run('planning', 'reject', String(ids.quiet), '--reason', 'customer moved away', '--date', '2024-03-02');
    expect(rejected.stdout).toBe(`suggestion ${ids.quiet} rejected by ${SYSTEM_ACTOR} on 2024-03-02`);
    const all = JSON.parse((await run('planning', 'list', '--status', 'all', '--json')).stdout) as planning.SuggestionRecord[];
    expect(Object.fromEntries(all.map((s) => [s.suggestionId, s.status]))).toEqual({ [ids.widget]: 'accepted', [ids.gadget]: 'modified', [ids.quiet]: 'rejected' });

    const database = await cli.reopen();
    try {
      const requisitions = await scm.requisitionsOf(database.db, { requesterId: plannerId });
      expect(requisitions).toHaveLength(2);
      expect(requisitions.find((q) => q.requisitionId === first.document!.id)?.quantity).toBe(40);
      expect(requisitions.find((q) => q.requisitionId !== first.document!.id)?.quantity).toBe(10);
    } finally {
      await cli.release();
    }
  });
});
