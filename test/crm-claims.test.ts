import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { crm, DomainError, people, type Context, type DB } from '../domain/index.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';

/**
 * Races on the Postgres server, each command on its own pooled connection (the embedded
 * database has one connection and runs commands one after another, so it cannot race).
 */
describe.skipIf(!onServer)('CRM claims and duplicates under concurrency', () => {
  let database: TestDatabase;
  let db: Kysely<DB>;
  let reps: number[];
  const client = (i: number): Context => ({ db, actor: `client-${i}` });
  const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  const outcomes = async <T>(promises: Promise<T>[]) => {
    const settled = await Promise.allSettled(promises);
    for (const s of settled) {
      if (s.status === 'rejected' && !(s.reason instanceof DomainError)) throw s.reason;
    }
    return {
      won: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
      refused: settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as DomainError] : [])),
    };
  };

  beforeAll(async () => {
    database = await freshDatabase({ poolSize: 20 });
    db = database.db;
    const ctx = client(0);
    const { core } = await import('../domain/index.js');
    await core.setUpCompany(ctx, { name: 'Race Co', functionalCurrency: 'USD', currencies: [{ code: 'USD', name: 'US dollar' }], regions: [{ code: 'NA', name: 'North America', currency: 'USD' }] });
    reps = [];
    for (let i = 0; i < 16; i++) reps.push((await people.hireEmployee(ctx, { code: `R${i}`, name: `Rep ${i}`, role: 'sales_rep', region: 'NA' })).employeeId);
  });
  afterAll(() => database?.drop());

  it('16 reps claiming one lead at once: exactly one wins, the others are told who owns it', async () => {
    const { leadId } = await crm.createLead(client(0), { companyName: 'Contested Co', region: 'NA', segment: 'enterprise', source: 'web', date: '2024-03-01' });
    const { won, refused } = await outcomes(reps.map((repId, i) => crm.claimLead(client(i), { leadId, repId, date: '2024-03-02' })));
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(15);
    const winner = won[0]!.ownerId;
    for (const e of refused) {
      expect(e.code).toBe('ALREADY_OWNED');
      expect(e.field).toBe('leadId');
      expect(e.message).toContain(`(id ${winner})`);
    }
    const lead = await db.selectFrom('crm.leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ owner_id: winner, pool: null });
    const history = await crm.ownershipHistory(db, { leadId });
    expect(history.filter((h) => h.reason === 'claimed')).toEqual([expect.objectContaining({ toOwner: winner, fromPool: 'lead' })]);
    const followUps = await db.selectFrom('crm.follow_ups').select(['rep_id']).where('lead_id', '=', leadId).execute();
    expect(followUps).toEqual([{ rep_id: winner }]);
    const pools = await crm.repPools(db);
    expect(pools.reduce((s, p) => s + p.openLeads, 0)).toBe(1);
    expect(pools.find((p) => p.repId === winner)?.openLeads).toBe(1);
  });

  it('16 reps opening the same company at once: one holds it, the others are refused as duplicates', async () => {
    const { won, refused } = await outcomes(reps.map((repId, i) =>
      crm.createLead(client(i), { companyName: i % 2 ? 'Same Widgets Inc.' : 'SAME WIDGETS', email: `buyer${i}@same.example`, region: 'NA', segment: 'consumer', source: 'outbound', date: '2024-03-03', ownerId: repId })));
    expect(won).toHaveLength(1);
    expect(refused.map((e) => [e.code, e.field])).toEqual(times(15, () => ['DUPLICATE', 'companyName']));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from crm.leads where name_key = 'same widgets'`.execute(db);
    expect(rows[0]!.n).toBe(1);
  });

  it('one rep claiming 16 pool leads at once never goes past the cap', async () => {
    await crm.setRegionPipelineSettings(client(0), { region: 'NA', leadCap: 5 });
    const repId = reps[3]!;
    const held = (await crm.repPools(db)).find((p) => p.repId === repId)?.openLeads ?? 0;
    const leads = [];
    for (let i = 0; i < 16; i++) leads.push((await crm.createLead(client(0), { companyName: `Pool lead ${i}`, region: 'NA', segment: 'consumer', source: 'web', date: '2024-03-04' })).leadId);
    const { won, refused } = await outcomes(leads.map((leadId, i) => crm.claimLead(client(i), { leadId, repId, date: '2024-03-05' })));
    expect(won).toHaveLength(5 - held);
    expect(refused.every((e) => e.code === 'CAP_EXCEEDED')).toBe(true);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from crm.leads where owner_id = ${repId} and status in ('new', 'working', 'nurturing')`.execute(db);
    expect(rows[0]!.n).toBe(5);
    expect((await crm.repPools(db)).find((p) => p.repId === repId)?.openLeads).toBe(5);
  });

  it('a handover racing a recycle and a claim leaves one owner and a consistent history', async () => {
    await crm.setRegionPipelineSettings(client(0), { region: 'NA', leadRecycleDays: 5, leadCap: 100 });
    const leads = [];
    for (let i = 0; i < 8; i++) leads.push((await crm.createLead(client(0), { companyName: `Race lead ${i}`, region: 'NA', segment: 'consumer', source: 'web', date: '2024-04-01', ownerId: reps[i]! })).leadId);
    await outcomes<unknown>([
      crm.recycleStaleOwnership(client(1), { date: '2024-04-10' }),
      ...leads.map((leadId, i) => crm.handOver(client(2 + i), { fromRepId: reps[i]!, toRepId: reps[15]!, date: '2024-04-10', leadIds: [leadId] })),
      ...leads.map((leadId, i) => crm.claimLead(client(2 + i), { leadId, repId: reps[14]!, date: '2024-04-10' })),
    ]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from crm.leads l
       where (l.status in ('new', 'working', 'nurturing') and (l.owner_id is null) = (l.pool is null))
          or (select (h.to_owner, h.to_pool) is distinct from (l.owner_id, l.pool)
                from crm.ownership_history h where h.lead_id = l.id order by h.id desc limit 1)`.execute(db);
    expect(rows[0]!.n).toBe(0);
    const counted = await sql<{ rep_id: number; n: number; held: number }>`
      select p.rep_id, p.open_leads as held, (select count(*)::int from crm.leads l where l.owner_id = p.rep_id and l.status in ('new', 'working', 'nurturing')) as n
        from crm.rep_pools p`.execute(db);
    for (const r of counted.rows) expect(r.held, `rep ${r.rep_id}`).toBe(r.n);
  });
});
