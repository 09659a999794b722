import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { core, crm, defineCommand, DomainError, people, type Context } from '../domain/index.js';
import { addDaysIso } from '../domain/kernel/dates.js';
import { buildWorld } from '../domain/simulate/world.js';
import { foundCompany, loadIds, SIMULATOR } from '../domain/simulate/setup.js';
import { acquireCustomers, loadCustomerStates } from '../domain/simulate/customers.js';
import { runSalesPipeline, salesPipelineTruth, setUpSalesPipeline } from '../domain/simulate/sales-pipeline.js';
import { newTally } from '../domain/simulate/tally.js';
import { setUpCommercial } from '../domain/simulate/commercial.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { cliSource, type CliSource } from './support/cli.js';
import { crmCommand } from '../cli/commands/crm.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace, rejectionOf } from './support/fingerprint.js';
import { z } from 'zod';

/**
 * The CRM sales pipeline through its public commands: campaigns, leads in pools, assignment,
 * claims and caps, duplicate detection, handover, recycling at the day boundary, follow-ups and
 * reminders, conversion, opportunities with their append-only stage history, and the queries
 * the customer 360 and the models use.
 */
describe('CRM sales pipeline', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let ctx: Context;
  let reps: { r1: number; r2: number; r3: number; eu: number };
  let campaignId: number;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    ctx = co.ctx;
    const hire = async (code: string, region: string) => (await people.hireEmployee(ctx, { code, name: `Rep ${code}`, role: 'sales_rep', region })).employeeId;
    reps = { r1: co.repId, r2: await hire('R2', 'NA'), r3: await hire('R3', 'NA'), eu: await hire('E1', 'EU') };
    campaignId = (await crm.createCampaign(ctx, { code: 'SPRING-24', name: 'Spring webinar series', channel: 'webinar', source: 'web', startDate: '2024-03-01', endDate: '2024-05-31', cost: 1_250_000, currency: 'USD' })).campaignId;
  });
  afterAll(() => database.drop());

  const lead = (name: string, extra: Partial<Parameters<typeof crm.createLead>[1]> = {}) =>
    crm.createLead(ctx, { companyName: name, region: 'NA', segment: 'mid_market', source: 'referral', date: '2024-03-01', assign: false, ...extra });
  const row = (leadId: number) => ctx.db.selectFrom('crm.leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
  const openFollowUps = (leadId: number) => ctx.db.selectFrom('crm.follow_ups').selectAll().where('lead_id', '=', leadId).where('status', '=', 'open').execute();

  it('records campaigns with channel, dates, cost and source, and refuses a duplicate code or an unknown source', async () => {
    const c = await ctx.db.selectFrom('crm.campaigns').selectAll().where('id', '=', campaignId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ code: 'SPRING-24', channel: 'webinar', source_code: 'web', start_date: '2024-03-01', end_date: '2024-05-31', cost: 1_250_000, currency: 'USD' });
    await expectRejectedWithoutTrace(ctx.db, () => crm.createCampaign(ctx, { code: 'SPRING-24', name: 'again', channel: 'email', source: 'web', startDate: '2024-03-01' }), 'DUPLICATE', 'code');
    await expectRejectedWithoutTrace(ctx.db, () => crm.createCampaign(ctx, { code: 'X', name: 'x', channel: 'email', source: 'carrier_pigeon', startDate: '2024-03-01' }), 'NOT_FOUND', 'source');
    await expectRejectedWithoutTrace(ctx.db, () => crm.createCampaign(ctx, { code: 'Y', name: 'y', channel: 'email', source: 'web', startDate: '2024-03-02', endDate: '2024-03-01' }), 'INVALID_INPUT', 'endDate');
  });

  it('puts an unassigned lead in its region\'s lead pool with its source and campaign, and an owned one in the rep\'s private pool with a follow-up plan', async () => {
    const pooled = await lead('Initech', { campaignId, source: undefined, email: 'info@initech.example' });
    expect(pooled).toMatchObject({ ownerId: null, pool: 'lead', source: 'web' });
    expect(await row(pooled.leadId)).toMatchObject({ status: 'new', pool: 'lead', owner_id: null, source_code: 'web', campaign_id: campaignId, touched_on: null });

    const owned = await lead('Hooli', { ownerId: reps.r2, phone: '+1 (415) 555-0100' });
    expect(owned).toMatchObject({ ownerId: reps.r2, pool: null });
    expect(await row(owned.leadId)).toMatchObject({ owner_id: reps.r2, pool: null, owned_since: '2024-03-01', touched_on: '2024-03-01' });
    expect(await openFollowUps(owned.leadId)).toMatchObject([{ rep_id: reps.r2, due_date: '2024-03-08', cadence_days: 7 }]);
    expect(await crm.ownershipHistory(ctx.db, { leadId: owned.leadId })).toMatchObject([{ reason: 'created', toOwner: reps.r2, toPool: null }]);
    await expectRejectedWithoutTrace(ctx.db, () => lead('Nobody', { source: 'carrier_pigeon' }), 'NOT_FOUND', 'source');
    await expectRejectedWithoutTrace(ctx.db, () => lead('Nobody', { region: 'MARS' }), 'NOT_FOUND', 'region');
  });

  it('hands new leads out round-robin, by capacity or by source and segment rules, never past a cap', async () => {
    for (const repId of [reps.r1, reps.r2, reps.r3]) await crm.setRepPool(ctx, { repId, region: 'NA', acceptsLeads: true });
    await crm.setRegionPipelineSettings(ctx, { region: 'NA', assignment: 'round_robin', leadCap: 50, followUpDays: 5 });
    const rr = [];
    for (let i = 0; i < 6; i++) rr.push((await lead(`Round ${i}`, { assign: true })).ownerId);
    const order = [reps.r1, reps.r2, reps.r3].sort((a, b) => a - b);
    expect(rr).toEqual([...order, ...order]);

    await crm.setRegionPipelineSettings(ctx, { region: 'NA', assignment: 'capacity' });
    const before = await crm.repPools(ctx.db, 'NA');
    const fewest = before.reduce((a, b) => (b.openLeads < a.openLeads || (b.openLeads === a.openLeads && b.repId < a.repId) ? b : a));
    expect((await lead('Capacity 1', { assign: true })).ownerId).toBe(fewest.repId);

    await crm.setAssignmentRules(ctx, { region: 'NA', rules: [{ source: 'trade_show', segment: 'enterprise', repId: reps.r3 }, { source: 'trade_show', repId: reps.r2 }] });
    await crm.setRegionPipelineSettings(ctx, { region: 'NA', assignment: 'rules' });
    expect((await lead('Rule 1', { assign: true, source: 'trade_show', segment: 'enterprise' })).ownerId).toBe(reps.r3);
    expect((await lead('Rule 2', { assign: true, source: 'trade_show', segment: 'consumer' })).ownerId).toBe(reps.r2);

    // A cap of what r3 holds now: r3 takes nothing more, by any method or by claiming.
    const r3 = (await crm.repPools(ctx.db, 'NA')).find((p) => p.repId === reps.r3)!;
    await crm.setRepPool(ctx, { repId: reps.r3, leadCap: r3.openLeads });
    expect((await lead('Rule 3', { assign: true, source: 'trade_show', segment: 'enterprise' })).ownerId).toBe(reps.r2);
    const pooled = await lead('Capped', { assign: false });
    const e = await expectRejectedWithoutTrace(ctx.db, () => crm.claimLead(ctx, { leadId: pooled.leadId, repId: reps.r3, date: '2024-03-02' }), 'CAP_EXCEEDED');
    expect(e.message).toMatch(/cap/);
    // The batch: round-robin over the lead pool skips r3 at its cap.
    await crm.setRegionPipelineSettings(ctx, { region: 'NA', assignment: 'round_robin' });
    const batch = await crm.assignLeads(ctx, { region: 'NA', date: '2024-03-02' });
    expect(batch.assigned.length).toBeGreaterThan(0);
    expect(batch.assigned.every((a) => a.repId !== reps.r3)).toBe(true);
    expect(await crm.listLeads(ctx.db, { region: 'NA', pool: 'lead' })).toEqual([]);
    for (const p of await crm.repPools(ctx.db)) if (p.leadCap !== null) expect(p.openLeads).toBeLessThanOrEqual(p.leadCap);
    await crm.setRepPool(ctx, { repId: reps.r3, leadCap: null });
    await crm.setRegionPipelineSettings(ctx, { region: 'NA', assignment: 'none' });
  });

  it('lets one rep claim a pool lead exclusively and refuses the next claim naming the owner', async () => {
    const { leadId } = await lead('Pied Piper');
    const claimed = await crm.claimLead(ctx, { leadId, repId: reps.r1, date: '2024-03-03' });
    expect(claimed).toMatchObject({ ownerId: reps.r1, fromPool: 'lead' });
    const e = await expectRejectedWithoutTrace(ctx.db, () => crm.claimLead(ctx, { leadId, repId: reps.r2, date: '2024-03-03' }), 'ALREADY_OWNED', 'leadId');
    expect(e.message).toContain('Rep One');
    expect(await crm.ownershipHistory(ctx.db, { leadId })).toMatchObject([{ reason: 'created', toPool: 'lead' }, { reason: 'claimed', fromPool: 'lead', toOwner: reps.r1 }]);
    await expectRejectedWithoutTrace(ctx.db, () => crm.claimLead(ctx, { leadId: 999_999, repId: reps.r2, date: '2024-03-03' }), 'NOT_FOUND', 'leadId');
  });

  it('refuses a lead or account whose company, e-mail or phone another rep already holds, naming the owner', async () => {
    const globex = await lead('Globex, Inc.', { ownerId: reps.r2, email: 'Hank@Globex.example', phone: '+1 (555) 010-2030' });
    let e = await expectRejectedWithoutTrace(ctx.db, () => lead('GLOBEX', { ownerId: reps.r3 }), 'DUPLICATE', 'companyName');
    expect(e.message).toMatch(/globex.*owned by R2 Rep R2/);
    await expectRejectedWithoutTrace(ctx.db, () => lead('Globex Corporation', { assign: false }), 'DUPLICATE', 'companyName');
    e = await expectRejectedWithoutTrace(ctx.db, () => lead('Other Co', { ownerId: reps.r3, email: ' hank@globex.EXAMPLE ' }), 'DUPLICATE', 'email');
    expect(e.message).toContain('e-mail');
    await expectRejectedWithoutTrace(ctx.db, () => lead('Third Co', { ownerId: reps.r3, phone: '+15550102030' }), 'DUPLICATE', 'phone');
    // Accounts and leads are one namespace: an account may not copy an owned lead, nor a lead an owned account.
    await expectRejectedWithoutTrace(ctx.db, () => crm.createCustomer(ctx, { name: 'Globex LLC', region: 'NA', segment: 'small_business' }), 'DUPLICATE', 'name');
    await expectRejectedWithoutTrace(ctx.db, () => crm.createCustomer(ctx, { name: 'Fresh Co', region: 'NA', segment: 'small_business', contacts: [{ name: 'H', email: 'hank@globex.example' }] }), 'DUPLICATE', 'contacts');
    e = await expectRejectedWithoutTrace(ctx.db, () => lead('ACME Ltd.', { ownerId: reps.r2 }), 'DUPLICATE', 'companyName');
    expect(e.message).toMatch(/account C\d+ \(Acme\)/);
    // A lead in a pool holds nothing: once Globex is released, another rep may take it.
    await crm.releaseLead(ctx, { leadId: globex.leadId, repId: reps.r2, date: '2024-03-04', note: 'not my territory' });
    const claim = await crm.claimLead(ctx, { leadId: globex.leadId, repId: reps.r3, date: '2024-03-04' });
    expect(claim).toMatchObject({ ownerId: reps.r3, fromPool: 'public' });
    expect(crm.companyKey('Globex, Inc.')).toBe('globex');
  });

  it('computes the same duplicate keys in the database as in TypeScript', async () => {
    const names = ['Acme, Inc.', 'Apex Works Pte. Ltd. #12', 'Café Müller B.V.', "O'Neil & Sons GmbH", 'AG Works Inc', '...', 'Inc', 'Zenith Robotics KK #2000'];
    const phones = ['+1 (555) 010-2030', '12-34', '+44 20 7946 0958'];
    const { rows } = await sql<{ name: string; key: string | null }>`select x as name, crm.company_key(x) as key from unnest(${names}::text[]) x`.execute(ctx.db);
    expect(rows.map((r) => r.key)).toEqual(names.map(crm.companyKey));
    const p = await sql<{ key: string | null }>`select crm.phone_key(x) as key from unnest(${phones}::text[]) with ordinality t(x, n) order by n`.execute(ctx.db);
    expect(p.rows.map((r) => r.key)).toEqual(phones.map(crm.phoneKey));
  });

  it('hands leads and accounts over with their open follow-ups and opportunities, keeping the history', async () => {
    const { leadId } = await lead('Umbrella', { ownerId: reps.r1, date: '2024-03-05' });
    const opp = await crm.createOpportunity(ctx, { leadId, name: 'Umbrella pilot', amount: 500_000, expectedCloseDate: '2024-04-30', date: '2024-03-05' });
    const { customerId } = await crm.createCustomer(ctx, { name: 'Stark Industries', region: 'NA', segment: 'enterprise', ownerId: reps.r1, date: '2024-03-05' });
    await crm.scheduleFollowUp(ctx, { repId: reps.r1, customerId, dueDate: '2024-03-12', cadenceDays: 14 });
    await expectRejectedWithoutTrace(ctx.db, () => crm.handOver(ctx, { fromRepId: reps.r2, toRepId: reps.r3, date: '2024-03-06', leadIds: [leadId] }), 'ALREADY_OWNED', 'leadIds.0');
    const done = await crm.handOver(ctx, { fromRepId: reps.r1, toRepId: reps.r2, date: '2024-03-06', leadIds: [leadId], customerIds: [customerId], note: 'territory change' });
    expect(done).toEqual({ leads: 1, accounts: 1 });
    expect(await openFollowUps(leadId)).toMatchObject([{ rep_id: reps.r2 }]);
    const accountFollowUps = await ctx.db.selectFrom('crm.follow_ups').selectAll().where('customer_id', '=', customerId).execute();
    expect(accountFollowUps).toMatchObject([{ rep_id: reps.r2, status: 'open', cadence_days: 14 }]);
    expect((await crm.opportunity(ctx.db, opp.opportunityId))!.ownerId).toBe(reps.r2);
    expect(await crm.ownershipHistory(ctx.db, { leadId })).toMatchObject([{ reason: 'created', toOwner: reps.r1 }, { reason: 'handover', fromOwner: reps.r1, toOwner: reps.r2, note: 'territory change' }]);
    expect(await crm.ownershipHistory(ctx.db, { customerId })).toMatchObject([{ reason: 'created', toOwner: reps.r1 }, { reason: 'handover', fromOwner: reps.r1, toOwner: reps.r2 }]);
    const history = await rejectionOf(sql`update crm.ownership_history set note = 'x' where lead_id = ${leadId}`.execute(ctx.db));
    expect(String(history)).toMatch(/IMMUTABLE/);
  });

  it('recycles a lead exactly after the region\'s days without a follow-up: N days stays, N + 1 goes', async () => {
    await crm.setRegionPipelineSettings(ctx, { region: 'EU', leadRecycleDays: 10, accountRecycleDays: 30 });
    const { leadId } = await crm.createLead(ctx, { companyName: 'Boundary GmbH', region: 'EU', segment: 'consumer', source: 'outbound', date: '2024-04-01', ownerId: reps.eu });
    const { customerId } = await crm.createCustomer(ctx, { name: 'Account Boundary', region: 'EU', segment: 'consumer', ownerId: reps.eu, date: '2024-04-01' });
    await crm.logActivity(ctx, { repId: reps.eu, leadId, method: 'call', content: 'intro call', date: '2024-04-05' });
    expect((await row(leadId)).touched_on).toBe('2024-04-05');

    const atN = await crm.recycleStaleOwnership(ctx, { date: '2024-04-15', region: 'EU' });
    expect(atN.leads).toEqual([]);
    expect((await row(leadId)).owner_id).toBe(reps.eu);
    const atN1 = await crm.recycleStaleOwnership(ctx, { date: '2024-04-16', region: 'EU' });
    expect(atN1.leads).toEqual([{ leadId, previousOwnerId: reps.eu, lastTouched: '2024-04-05', reason: 'no follow-up since 2024-04-05, more than 10 days' }]);
    expect(await row(leadId)).toMatchObject({ owner_id: null, pool: 'public', touched_on: null });
    expect(await openFollowUps(leadId)).toEqual([]);
    expect((await crm.ownershipHistory(ctx.db, { leadId })).at(-1)).toMatchObject({ reason: 'recycled', fromOwner: reps.eu, toPool: 'public', note: expect.stringContaining('2024-04-05') });

    // The account: 30 days from its opening on 2024-04-01.
    expect((await crm.recycleStaleOwnership(ctx, { date: '2024-05-01', region: 'EU' })).accounts).toEqual([]);
    const later = await crm.recycleStaleOwnership(ctx, { date: '2024-05-02', region: 'EU' });
    expect(later.accounts).toMatchObject([{ customerId, previousOwnerId: reps.eu }]);
    const account = await ctx.db.selectFrom('crm.customers').select(['owner_id']).where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(account.owner_id).toBeNull();
    // Back in the public pool, any rep of the region may claim them.
    await crm.claimAccount(ctx, { customerId, repId: reps.eu, date: '2024-05-03' });
    await crm.claimLead(ctx, { leadId, repId: reps.eu, date: '2024-05-03' });
  });

  it('completes follow-ups by cadence and lists each rep\'s reminders due today and overdue', async () => {
    const { leadId } = await lead('Cadence Labs', { ownerId: reps.r3, date: '2024-06-01' });
    const plan = await openFollowUps(leadId);
    expect(plan).toHaveLength(1);
    const dueDate = plan[0]!.due_date; // region cadence (5 days, set above)
    expect(dueDate).toBe('2024-06-06');
    const due = await crm.reminders(ctx.db, { repId: reps.r3, date: '2024-06-06' });
    expect(due.find((r) => r.leadId === leadId)).toMatchObject({ kind: 'due_today', daysOverdue: 0, name: 'Cadence Labs' });
    expect((await crm.reminders(ctx.db, { repId: reps.r3, date: '2024-06-09' })).find((r) => r.leadId === leadId)).toMatchObject({ kind: 'overdue', daysOverdue: 3 });
    expect((await crm.reminders(ctx.db, { repId: reps.r3, date: '2024-06-05' })).find((r) => r.leadId === leadId)).toBeUndefined();

    const done = await crm.completeFollowUp(ctx, { followUpId: plan[0]!.id, method: 'visit', content: 'site visit, needs a quote', date: '2024-06-09', time: '14:30' });
    expect(done).toMatchObject({ followUpDone: plan[0]!.id, nextFollowUp: { dueDate: '2024-06-14' } });
    expect(await row(leadId)).toMatchObject({ status: 'working', touched_on: '2024-06-09' });
    expect((await crm.reminders(ctx.db, { repId: reps.r3, date: '2024-06-09' })).find((r) => r.leadId === leadId)).toBeUndefined();
    // An activity completes the due follow-up too; an explicit date overrides the cadence.
    const next = await crm.logActivity(ctx, { repId: reps.r3, leadId, method: 'email', content: 'sent brochure', date: '2024-06-10', nextFollowUp: '2024-07-01', leadStatus: 'nurturing' });
    expect(next.nextFollowUp).toMatchObject({ dueDate: '2024-07-01' });
    expect((await row(leadId)).status).toBe('nurturing');
    // Only the owner records activities; a pool lead must be claimed first.
    await expectRejectedWithoutTrace(ctx.db, () => crm.logActivity(ctx, { repId: reps.r1, leadId, method: 'call', content: 'x', date: '2024-06-10' }), 'NOT_ALLOWED', 'leadId');
    await expectRejectedWithoutTrace(ctx.db, () => crm.completeFollowUp(ctx, { followUpId: plan[0]!.id, method: 'call', content: 'x', date: '2024-06-10' }), 'CONFLICT', 'followUpId');
    const activity = await rejectionOf(sql`delete from crm.activities where lead_id = ${leadId}`.execute(ctx.db));
    expect(String(activity)).toMatch(/IMMUTABLE/);
  });

  it('converts an owned lead into account, contact and opportunity keeping source and campaign, once', async () => {
    const { leadId } = await lead('Wayne Enterprises', { campaignId, source: undefined, contactName: 'Lucius Fox', email: 'lucius@wayne.example', phone: '+1 555 0199', date: '2024-03-10' });
    await expectRejectedWithoutTrace(ctx.db, () => crm.convertLead(ctx, { leadId, date: '2024-03-20' }), 'NOT_ALLOWED', 'leadId');
    await crm.claimLead(ctx, { leadId, repId: reps.r1, date: '2024-03-11' });
    await crm.logActivity(ctx, { repId: reps.r1, leadId, method: 'meeting', content: 'discovery', date: '2024-03-12' });
    const early = await crm.createOpportunity(ctx, { leadId, name: 'Wayne fleet', amount: 2_000_000, expectedCloseDate: '2024-04-30', date: '2024-03-12', lines: [{ itemId: co.items.gadget, quantity: 100 }] });
    await expectRejectedWithoutTrace(ctx.db, () => crm.winOpportunity(ctx, { opportunityId: early.opportunityId, date: '2024-03-13' }), 'NOT_ALLOWED', 'opportunityId');
    await expectRejectedWithoutTrace(ctx.db, () => crm.convertLead(ctx, { leadId, date: '2024-03-20', repId: reps.r2 }), 'NOT_ALLOWED', 'repId');

    const converted = await crm.convertLead(ctx, {
      leadId, date: '2024-03-20', contactRole: 'CTO', account: { paymentTermsDays: 45 },
      opportunity: { name: 'Wayne spares', amount: 300_000, expectedCloseDate: '2024-05-31', stage: 'proposal', lines: [{ itemId: co.items.widget, quantity: 120, expectedDate: '2024-06-15' }] },
    });
    expect(converted).toMatchObject({ ownerId: reps.r1, won: false });
    const account = await ctx.db.selectFrom('crm.customers').selectAll().where('id', '=', converted.customerId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ name: 'Wayne Enterprises', owner_id: reps.r1, source_code: 'web', campaign_id: campaignId, lead_id: leadId, payment_terms_days: 45, touched_on: '2024-03-20' });
    const contact = await ctx.db.selectFrom('crm.contacts').selectAll().where('customer_id', '=', converted.customerId).execute();
    expect(contact).toMatchObject([{ id: converted.contactId, name: 'Lucius Fox', email: 'lucius@wayne.example', role: 'CTO' }]);
    expect(await row(leadId)).toMatchObject({ status: 'converted', customer_id: converted.customerId, closed_on: '2024-03-20' });
    const opps = await crm.opportunitiesForCustomer(ctx.db, converted.customerId);
    expect(opps.map((o) => [o.name, o.stage, o.source, o.campaignId])).toEqual([['Wayne fleet', 'qualification', 'web', campaignId], ['Wayne spares', 'proposal', 'web', campaignId]]);
    expect(opps[1]!.lines).toEqual([{ lineNo: 1, itemId: co.items.widget, quantity: 120, unitPrice: null, expectedDate: '2024-06-15' }]);
    expect((await crm.activitiesForCustomer(ctx.db, converted.customerId)).map((a) => a.content)).toEqual(['discovery']);
    // The account took over the lead's identity: its name, e-mail and phone are still held.
    await expectRejectedWithoutTrace(ctx.db, () => lead('Wayne Enterprises Inc', { ownerId: reps.r2 }), 'DUPLICATE', 'companyName');
    const again = await expectRejectedWithoutTrace(ctx.db, () => crm.convertLead(ctx, { leadId, date: '2024-03-21' }), 'CONFLICT', 'leadId');
    expect(again.message).toContain(converted.customerCode);
    await expectRejectedWithoutTrace(ctx.db, () => crm.claimLead(ctx, { leadId, repId: reps.r2, date: '2024-03-21' }), 'NOT_ALLOWED', 'leadId');
  });

  it('moves opportunities through the stages with an append-only history, won or lost with a reason, and never after', async () => {
    const { customerId } = await crm.createCustomer(ctx, { name: 'Cyberdyne', region: 'NA', segment: 'enterprise', ownerId: reps.r2, date: '2024-04-01' });
    const o = await crm.createOpportunity(ctx, { customerId, name: 'T-800 line', amount: 9_000_000, expectedCloseDate: '2024-06-30', date: '2024-04-01', competitor: 'Skynet', lines: [{ itemId: co.items.scarce, quantity: 10 }] });
    expect(o).toMatchObject({ stage: 'qualification', currency: 'USD' });
    const act = await crm.logActivity(ctx, { repId: reps.r2, customerId, opportunityId: o.opportunityId, stage: 'needs_analysis', method: 'meeting', content: 'workshop', date: '2024-04-10' });
    expect(act.stage).toBe('needs_analysis');
    await crm.moveOpportunityStage(ctx, { opportunityId: o.opportunityId, stage: 'negotiation', date: '2024-05-01', amount: 8_500_000 });
    await expectRejectedWithoutTrace(ctx.db, () => crm.moveOpportunityStage(ctx, { opportunityId: o.opportunityId, stage: 'negotiation', date: '2024-05-02' }), 'CONFLICT', 'stage');
    await expectRejectedWithoutTrace(ctx.db, () => crm.moveOpportunityStage(ctx, { opportunityId: o.opportunityId, stage: 'won', date: '2024-05-02' }), 'NOT_ALLOWED', 'stage');
    await expectRejectedWithoutTrace(ctx.db, () => crm.moveOpportunityStage(ctx, { opportunityId: o.opportunityId, stage: 'nowhere', date: '2024-05-02' }), 'NOT_FOUND', 'stage');

    // The pipeline as it stood on a past day, with that day's probability.
    const asOf = (d: string) => crm.openPipelineLines(ctx.db, { asOf: d }).then((lines) => lines.filter((l) => l.opportunityId === o.opportunityId));
    expect(await asOf('2024-03-31')).toEqual([]);
    expect(await asOf('2024-04-05')).toMatchObject([{ itemId: co.items.scarce, quantity: 10, expectedDate: '2024-06-30', stage: 'qualification', probabilityBp: 1000 }]);
    expect(await asOf('2024-04-20')).toMatchObject([{ stage: 'needs_analysis', probabilityBp: 2500 }]);

    const lost = await crm.loseOpportunity(ctx, { opportunityId: o.opportunityId, date: '2024-05-20', reason: 'competitor', competitor: 'Skynet', note: 'lower price' });
    expect(lost).toMatchObject({ status: 'lost' });
    expect(await asOf('2024-05-19')).toMatchObject([{ stage: 'negotiation', probabilityBp: 7500 }]);
    expect(await asOf('2024-05-20')).toEqual([]);
    expect((await crm.opportunityStageHistory(ctx.db, o.opportunityId)).map((h) => [h.fromStage, h.toStage, h.changedOn, h.probabilityBp])).toEqual([
      [null, 'qualification', '2024-04-01', 1000],
      ['qualification', 'needs_analysis', '2024-04-10', 2500],
      ['needs_analysis', 'negotiation', '2024-05-01', 7500],
      ['negotiation', 'lost', '2024-05-20', 0],
    ]);
    expect((await crm.opportunityStageHistory(ctx.db, o.opportunityId))[1]!.activityId).toBe(act.activityId);
    await expectRejectedWithoutTrace(ctx.db, () => crm.moveOpportunityStage(ctx, { opportunityId: o.opportunityId, stage: 'proposal', date: '2024-05-21' }), 'CONFLICT', 'opportunityId');
    await expectRejectedWithoutTrace(ctx.db, () => crm.winOpportunity(ctx, { opportunityId: o.opportunityId, date: '2024-05-21' }), 'CONFLICT', 'opportunityId');
    // The database refuses edits of the history and of a closed opportunity, whoever tries.
    for (const attempt of [
      sql`update crm.opportunity_stage_history set to_stage = 'won' where opportunity_id = ${o.opportunityId}`,
      sql`delete from crm.opportunity_stage_history where opportunity_id = ${o.opportunityId}`,
      sql`update crm.opportunities set stage_code = 'proposal', status = 'open', lost_reason = null, closed_on = null where id = ${o.opportunityId}`,
      sql`update crm.opportunity_lines set quantity = 1 where opportunity_id = ${o.opportunityId}`,
    ]) {
      const e = await rejectionOf(attempt.execute(ctx.db));
      expect(String(e)).toMatch(/LEDGERLOOP:IMMUTABLE/);
    }
    expect((await crm.opportunity(ctx.db, o.opportunityId))).toMatchObject({ status: 'lost', stage: 'lost', lostReason: 'competitor', competitor: 'Skynet' });
  });

  it('lets the company shape its pipeline: a new stage in between, renamed stages, fixed won and lost', async () => {
    const demo = await crm.setPipelineStage(ctx, { code: 'demo', name: 'Demonstration', position: 25, probabilityBp: 4000 });
    expect(demo).toMatchObject({ code: 'demo', outcome: 'open', active: true });
    expect((await crm.pipelineStages(ctx.db)).map((s) => s.code)).toEqual(['qualification', 'needs_analysis', 'demo', 'proposal', 'negotiation', 'won', 'lost']);
    const { customerId } = await crm.createCustomer(ctx, { name: 'Soylent', region: 'NA', segment: 'mid_market', ownerId: reps.r1, date: '2024-04-01' });
    const o = await crm.createOpportunity(ctx, { customerId, name: 'Green', amount: 50_000, expectedCloseDate: '2024-06-30', date: '2024-04-01', stage: 'demo' });
    expect((await crm.opportunityStageHistory(ctx.db, o.opportunityId))[0]).toMatchObject({ toStage: 'demo', probabilityBp: 4000 });
    await crm.setPipelineStage(ctx, { code: 'demo', name: 'Demo', active: false });
    await expectRejectedWithoutTrace(ctx.db, () => crm.createOpportunity(ctx, { customerId, name: 'Blue', amount: 1, expectedCloseDate: '2024-06-30', date: '2024-04-01', stage: 'demo' }), 'NOT_FOUND', 'stage');
    await crm.moveOpportunityStage(ctx, { opportunityId: o.opportunityId, stage: 'proposal', date: '2024-04-02' });
    await expectRejectedWithoutTrace(ctx.db, () => crm.moveOpportunityStage(ctx, { opportunityId: o.opportunityId, stage: 'demo', date: '2024-04-03' }), 'NOT_ALLOWED', 'stage');
    await expectRejectedWithoutTrace(ctx.db, () => crm.setPipelineStage(ctx, { code: 'won', name: 'Won', probabilityBp: 9000 }), 'NOT_ALLOWED', 'probabilityBp');
    expect(await crm.setPipelineStage(ctx, { code: 'won', name: 'Closed — won' })).toMatchObject({ name: 'Closed — won', probabilityBp: 10_000 });
    await expectRejectedWithoutTrace(ctx.db, () => crm.setPipelineStage(ctx, { code: 'brand_new', name: 'No order' }), 'INVALID_INPUT', 'position');
  });

  it('lets another area mark an opportunity won inside its own transaction', async () => {
    const { customerId } = await crm.createCustomer(ctx, { name: 'Tyrell Corp', region: 'NA', segment: 'enterprise', ownerId: reps.r3, date: '2024-04-01' });
    const o = await crm.createOpportunity(ctx, { customerId, name: 'Replicant spares', amount: 100_000, expectedCloseDate: '2024-05-30', date: '2024-04-01' });
    // A stand-in for a quote acceptance: its own command, which fails after winning.
    const acceptQuote = defineCommand('test.acceptQuote', z.object({ opportunityId: z.number(), fail: z.boolean() }), async (tx, input) => {
      const won = await crm.markOpportunityWon(tx, { opportunityId: input.opportunityId, date: '2024-05-01', reason: 'quote Q-1 accepted' });
      if (input.fail) throw new DomainError('CONFLICT', 'the order could not be placed');
      return won;
    });
    await expectRejectedWithoutTrace(ctx.db, () => acceptQuote(ctx, { opportunityId: o.opportunityId, fail: true }), 'CONFLICT');
    expect((await crm.opportunity(ctx.db, o.opportunityId))!.status).toBe('open');
    expect(await acceptQuote(ctx, { opportunityId: o.opportunityId, fail: false })).toMatchObject({ status: 'won', customerId, amount: 100_000 });
    expect((await crm.opportunitiesForCustomer(ctx.db, customerId))[0]).toMatchObject({ status: 'won', stage: 'won', probabilityBp: 10_000, closedOn: '2024-05-01' });
  });

  it('disqualifies a lead with its reason, losing its open opportunities', async () => {
    const { leadId } = await lead('Vandelay Industries', { ownerId: reps.r1, date: '2024-04-02' });
    const o = await crm.createOpportunity(ctx, { leadId, name: 'Latex', amount: 10_000, expectedCloseDate: '2024-05-01', date: '2024-04-02' });
    const result = await crm.disqualifyLead(ctx, { leadId, date: '2024-04-20', reason: 'no budget this year', lostReason: 'no_budget' });
    expect(result).toEqual({ leadId, status: 'disqualified', opportunitiesLost: [o.opportunityId] });
    expect(await row(leadId)).toMatchObject({ status: 'disqualified', closed_on: '2024-04-20', disqualified_reason: 'no budget this year', pool: null });
    expect(await crm.opportunity(ctx.db, o.opportunityId)).toMatchObject({ status: 'lost', lostReason: 'no_budget' });
    expect(await openFollowUps(leadId)).toEqual([]);
    // Its identity is free again.
    await lead('Vandelay Industries', { ownerId: reps.r2, date: '2024-04-21' });
  });

  it('counts the funnel by source and stage', async () => {
    const funnel = await crm.leadFunnel(ctx.db, { from: '2024-01-01', to: '2024-12-31' });
    const web = funnel.bySource.find((s) => s.source === 'web')!;
    expect(web).toMatchObject({ converted: 1 });
    expect(web.leads).toBeGreaterThanOrEqual(2);
    const total = (k: 'leads' | 'converted' | 'disqualified' | 'open') => funnel.bySource.reduce((s, r) => s + r[k], 0);
    expect(total('converted') + total('disqualified') + total('open')).toBe(total('leads'));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from crm.leads`.execute(ctx.db);
    expect(total('leads')).toBe(rows[0]!.n);
    expect(funnel.byStage.find((s) => s.stage === 'lost')).toBeDefined();
  });

  it('keeps every invariant of the pipeline after all of the above', async () => {
    const checks = await crm.pipelineChecks(ctx.db);
    expect(checks.length).toBeGreaterThanOrEqual(10);
    expect(checks.filter((c) => c.breaches > 0)).toEqual([]);
    // …and the checks do see a breach: one made behind the commands' back, undone again.
    await ctx.db.transaction().execute(async (trx) => {
      await sql`update crm.rep_pools set open_leads = open_leads + 1 where rep_id = ${reps.r1}`.execute(trx);
      expect((await crm.pipelineChecks(trx)).find((c) => c.name === 'crm_pool_counters')!.breaches).toBe(1);
      throw new Error('undo');
    }).catch((e: Error) => expect(e.message).toBe('undo'));
    expect((await crm.pipelineChecks(ctx.db)).filter((c) => c.breaches > 0)).toEqual([]);
  });
});

/**
 * The simulator's pipeline behaviour, driven the way domain/simulate/run.ts is to drive a day
 * (set-up at founding; each day runSalesPipeline, then acquireCustomers, whose arrivals convert
 * their leads), without the rest of the day's behaviours.
 */
describe('the demo company\'s sales pipeline', () => {
  const START = '2024-01-01';
  const open: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of open) await d.drop();
  });

  async function drive(database: TestDatabase, from: number, days: number) {
    const world = buildWorld(7, 0.05);
    const sim: Context = { db: database.db, actor: SIMULATOR };
    const ids = from === 0 ? await foundCompany(sim, world, START) : await loadIds(sim, world);
    if (from === 0) await setUpSalesPipeline(sim, world, ids, START);
    await setUpCommercial(sim, world, ids); // acquireCustomers' first orders may go through a quote
    const states = from === 0 ? [] : await loadCustomerStates(sim, world, ids);
    const tally = newTally();
    for (let day = from; day < from + days; day++) {
      const today = addDaysIso(START, day);
      await runSalesPipeline(sim, world, ids, day, today, tally);
      await acquireCustomers(sim, world, ids, states, day, today, tally);
      await core.recordSimulation(sim, { seed: world.seed, scale: world.scale, startDate: START, lastDate: today });
    }
    return { world, ids, states, tally };
  }

  /** The pipeline's rows as comparable text (ids and dates included, timestamps left out). */
  async function pipelineFingerprint(database: TestDatabase) {
    const { rows } = await sql<{ t: string; h: string }>`
      select 'leads' as t, md5(string_agg(concat_ws('|', id, lead_no, external_ref, status, owner_id, pool, touched_on, customer_id, closed_on, source_code, campaign_id), ',' order by id)) as h from crm.leads
      union all select 'opportunities', md5(string_agg(concat_ws('|', id, customer_id, lead_id, owner_id, stage_code, status, amount, lost_reason, closed_on), ',' order by id)) from crm.opportunities
      union all select 'activities', md5(string_agg(concat_ws('|', id, lead_id, customer_id, opportunity_id, rep_id, method, activity_date), ',' order by id)) from crm.activities
      union all select 'history', md5(string_agg(concat_ws('|', id, lead_id, customer_id, reason, from_owner, to_owner, to_pool, event_date), ',' order by id)) from crm.ownership_history
      union all select 'follow_ups', md5(string_agg(concat_ws('|', id, lead_id, customer_id, rep_id, due_date, status), ',' order by id)) from crm.follow_ups
      union all select 'customers', md5(string_agg(concat_ws('|', id, code, name, owner_id, lead_id, source_code), ',' order by id)) from crm.customers`.execute(database.db);
    return Object.fromEntries(rows.map((r) => [r.t, r.h]));
  }

  it('makes every customer the conversion of a lead, around leads that are worked, lost, recycled or left', async () => {
    const database = await freshDatabase();
    open.push(database);
    const { world, states } = await drive(database, 0, 30);
    const db = database.db;
    const { rows } = await sql<Record<string, number>>`
      select (select count(*)::int from crm.leads) as leads,
             (select count(*)::int from crm.leads where status = 'converted') as converted,
             (select count(*)::int from crm.leads where status = 'disqualified') as disqualified,
             (select count(*)::int from crm.leads where pool = 'public') as in_public_pool,
             (select count(*)::int from crm.customers) as customers,
             (select count(*)::int from crm.customers where lead_id is null) as customers_without_lead,
             (select count(*)::int from crm.activities) as activities,
             (select count(*)::int from crm.follow_ups) as follow_ups,
             (select count(*)::int from crm.opportunities where status = 'open') as open_opportunities,
             (select count(*)::int from crm.opportunities where status = 'won') as won,
             (select count(*)::int from crm.opportunities where status = 'lost') as lost,
             (select count(*)::int from crm.opportunity_lines) as opportunity_lines,
             (select count(*)::int from crm.ownership_history where reason = 'recycled') as recycled,
             (select count(*)::int from crm.campaigns) as campaigns,
             (select count(distinct source_code)::int from crm.leads) as sources`.execute(db);
    const n = rows[0]!;
    expect(n.customers).toBe(states.length);
    expect(n.converted).toBe(n.customers);
    expect(n.customers_without_lead).toBe(0);
    expect(n.won).toBeGreaterThanOrEqual(n.converted!);
    for (const k of ['leads', 'disqualified', 'in_public_pool', 'activities', 'follow_ups', 'open_opportunities', 'lost', 'opportunity_lines', 'recycled']) expect(n[k], k).toBeGreaterThan(0);
    expect(n.leads).toBeGreaterThan(n.customers!);
    expect(n.campaigns).toBe(60);
    expect(n.sources).toBeGreaterThanOrEqual(4);
    // The customers are the world's, as before: names, contacts and arrival order.
    const first = await db.selectFrom('crm.customers').select(['name', 'region', 'segment']).orderBy('id').executeTakeFirstOrThrow();
    expect(first).toEqual({ name: world.customer(0).name, region: world.customer(0).region, segment: world.customer(0).segment });
    const contact = await db.selectFrom('crm.contacts').select(['name', 'email']).orderBy('id').executeTakeFirstOrThrow();
    expect(contact).toEqual({ name: 'Buyer 1', email: 'buyer1@example.com' });
    // Every lead has one owner or one pool, with its history agreeing, caps held, counters right…
    expect((await crm.pipelineChecks(db)).filter((c) => c.breaches > 0)).toEqual([]);
    const truth = salesPipelineTruth(world);
    expect(truth.sources.map((s) => s.source)).toContain('referral');
    expect(truth.reps).toHaveLength(world.reps.length);
    expect(new Set(truth.reps.map((r) => r.followUpDiscipline)).size).toBeGreaterThan(1);
  });

  it('continues from the database exactly as one longer run', async () => {
    const once = await freshDatabase();
    const twice = await freshDatabase();
    open.push(once, twice);
    await drive(once, 0, 24);
    await drive(twice, 0, 15);
    await drive(twice, 15, 9);
    expect(await pipelineFingerprint(twice)).toEqual(await pipelineFingerprint(once));
  });
});

describe('ledgerloop crm', () => {
  let cli: CliSource;
  let repId: number;
  let leadId: number;

  async function run(...argv: string[]) {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    try {
      return { code: await crmCommand.run(argv), stdout: out.join('\n') };
    } finally {
      log.mockRestore();
    }
  }

  beforeAll(async () => {
    cli = await cliSource('ll-crm-cli-');
    const co = await setUpTestCompany({ db: cli.database().db, actor: 'test' });
    repId = co.repId;
    await crm.setRegionPipelineSettings(co.ctx, { region: 'NA', leadRecycleDays: 7 });
    leadId = (await crm.createLead(co.ctx, { companyName: 'CLI Works', region: 'NA', segment: 'consumer', source: 'web', date: '2024-05-01', ownerId: repId })).leadId;
    await crm.createOpportunity(co.ctx, { leadId, name: 'CLI deal', amount: 1_000, expectedCloseDate: '2024-06-01', date: '2024-05-01', lines: [{ itemId: co.items.widget, quantity: 4 }] });
    await cli.handOver();
  });
  afterAll(() => cli?.remove());

  it('lists a rep\'s reminders due and overdue', async () => {
    const due = await run('reminders', '--rep', String(repId), '--date', '2024-05-08', '--json');
    expect(due.code).toBe(0);
    expect(JSON.parse(due.stdout)).toMatchObject([{ leadId, kind: 'due_today', dueDate: '2024-05-08', name: 'CLI Works' }]);
    const text = await run('reminders', '--rep', String(repId), '--date', '2024-05-10');
    expect(text.stdout).toMatch(/2 days overdue/);
    await expect(crmCommand.run(['reminders'])).rejects.toThrow(/--rep is required/);
    await expect(crmCommand.run(['reminders', '--rep', 'x'])).rejects.toThrow(/--rep must be a whole number/);
    await expect(crmCommand.run(['frob'])).rejects.toThrow(/unknown action 'frob'/);
  });

  it('shows the open pipeline and the funnel', async () => {
    const pipeline = await run('pipeline', '--as-of', '2024-05-15', '--json');
    expect(JSON.parse(pipeline.stdout)).toMatchObject([{ quantity: 4, stage: 'qualification', probabilityBp: 1000 }]);
    const funnel = await run('funnel', '--from', '2024-05-01', '--to', '2024-05-31', '--json');
    expect(JSON.parse(funnel.stdout).bySource).toEqual([expect.objectContaining({ source: 'web', leads: 1, open: 1, withOpportunity: 1 })]);
  });

  it('recycles stale ownership on the date given, saying why', async () => {
    const early = await run('recycle', '--date', '2024-05-08', '--json');
    expect(JSON.parse(early.stdout)).toMatchObject({ date: '2024-05-08', leads: [], accounts: [] });
    const late = await run('recycle', '--date', '2024-05-09');
    expect(late.code).toBe(0);
    expect(late.stdout).toMatch(/Recycled on 2024-05-09: 1 leads, 0 accounts/);
    expect(late.stdout).toMatch(/no follow-up since 2024-05-01, more than 7 days/);
    const pool = await run('leads', '--pool', 'public', '--json');
    expect(JSON.parse(pool.stdout)).toMatchObject([{ leadId, pool: 'public', ownerId: null }]);
    await expect(crmCommand.run(['recycle', '--date', '2024-02-30'])).rejects.toThrow(/--date must be a date/);
  });
});
