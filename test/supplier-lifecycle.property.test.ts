import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { erp, people, scm, verify, DomainError, type Context } from '../domain/index.js';
import { addDaysIso } from '../domain/kernel/dates.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { propertyRuns } from './support/property.js';

/**
 * Random sequences of supplier status changes, certificate recordings and revocations, changes
 * to which certificates a category requires, and purchase-order attempts, checked against a
 * model after every step: an order is created exactly when the supplier is approved and holds a
 * valid certificate of every type its items' categories require on the order date, and a refusal
 * names the right reason and writes nothing.
 *
 * Runs and seed: PROPERTY_RUNS, PROPERTY_SEED. Every run registers its own suppliers; the
 * database is shared by the runs, so shrinking is off.
 */
const RUN_OPTIONS = propertyRuns(30);
const RUNS = RUN_OPTIONS.numRuns;
const BASE = '2024-01-01';
const TYPES = ['CE', 'RoHS', 'ISO9001'] as const;
const CATEGORIES = ['PA', 'PB', 'PC'] as const;
type Status = 'prospective' | 'approved' | 'suspended' | 'blocked';
type Category = (typeof CATEGORIES)[number];
type CertType = (typeof TYPES)[number];

type Step =
  | { kind: 'status'; supplier: number; to: Status; manager: boolean }
  | { kind: 'certificate'; supplier: number; type: CertType; issued: number; days: number }
  | { kind: 'certifyAll'; supplier: number; issued: number; days: number }
  | { kind: 'revoke'; pick: number; at: number }
  | { kind: 'require'; category: Category; types: CertType[] }
  | { kind: 'order'; supplier: number; day: number; categories: Category[] };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), supplier: fc.nat(1), to: fc.constantFrom<Status>('prospective', 'approved', 'approved', 'suspended', 'blocked'), manager: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('certificate' as const), supplier: fc.nat(1), type: fc.constantFrom(...TYPES), issued: fc.integer({ min: 0, max: 360 }), days: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('certifyAll' as const), supplier: fc.nat(1), issued: fc.integer({ min: 0, max: 200 }), days: fc.integer({ min: 100, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), pick: fc.nat(20), at: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('require' as const), category: fc.constantFrom(...CATEGORIES), types: fc.subarray([...TYPES]) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('order' as const), supplier: fc.nat(1), day: fc.integer({ min: 0, max: 420 }), categories: fc.subarray([...CATEGORIES], { minLength: 1 }) }) },
);

const TRANSITIONS: Record<Status, Status[]> = { prospective: ['approved', 'blocked'], approved: ['suspended', 'blocked'], suspended: ['approved', 'blocked'], blocked: ['approved', 'prospective'] };

interface ModelCertificate { id: number; supplier: number; type: CertType; issued: string; validUntil: string; revoked: boolean }

describe('supplier lifecycle: a purchase order only for an approved, certified supplier', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let ctx: Context;
  let managerId: number;
  const items = {} as Record<Category, number>;
  const tally = { orders: 0, accepted: 0, codes: new Map<string, number>() };

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'setup' });
    ctx = { db: database.db, actor: 'property' };
    managerId = (await people.hireEmployee(co.ctx, { code: 'PM', name: 'Pat Manager', role: 'manager' })).employeeId;
    for (const t of TYPES) await scm.defineCertificateType(co.ctx, { code: t, name: t });
    for (const c of CATEGORIES) {
      await erp.addItemCategory(co.ctx, { code: c, name: `Category ${c}` });
      items[c] = (await erp.createItem(co.ctx, { sku: `P-${c}`, name: `Item ${c}`, category: c, procurement: 'buy', listPrice: 1_000, standardCost: 500 })).itemId;
    }
  });
  afterAll(async () => {
    console.info(`property: ${tally.orders} order attempts, ${tally.accepted} accepted; refusals ${JSON.stringify(Object.fromEntries(tally.codes))}`);
    await database.drop();
  });

  it('holds over random sequences of commands', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        run++;
        const requirements: Record<Category, CertType[]> = { PA: ['CE', 'RoHS'], PB: ['ISO9001'], PC: [] };
        for (const c of CATEGORIES) await scm.setCertificateRequirements(ctx, { category: c, certificateTypes: requirements[c] });
        const suppliers = [0, 1].map(() => ({ id: 0, status: 'approved' as Status }));
        for (const [i, s] of suppliers.entries()) {
          s.id = (await scm.registerSupplier(ctx, { legalName: `Run ${run} supplier ${i}`, taxId: `PR-${run}-${i}`, region: 'NA', status: 'approved' })).supplierId;
        }
        const certificates: ModelCertificate[] = [];

        for (const [n, st] of steps.entries()) {
          const where = `run ${run} step ${n} ${JSON.stringify(st)}`;
          if (st.kind === 'status') {
            const s = suppliers[st.supplier]!;
            const outcome = await attempt(() => scm.changeSupplierStatus(ctx, { supplierId: s.id, status: st.to, reason: 'property', ...(st.manager ? { managerId } : {}) }));
            const allowed = st.to !== s.status && TRANSITIONS[s.status].includes(st.to) && (s.status !== 'blocked' || st.manager);
            expect(outcome === 'ok', `${where}: ${outcome}`).toBe(allowed);
            if (allowed) s.status = st.to;
          } else if (st.kind === 'certificate') {
            const issued = addDaysIso(BASE, st.issued);
            const expires = addDaysIso(issued, st.days);
            const s = suppliers[st.supplier]!;
            const { certificateId } = await scm.recordSupplierCertificate(ctx, { supplierId: s.id, certificateType: st.type, certificateNo: `C-${n}`, issuedOn: issued, expiresOn: expires, date: issued });
            certificates.push({ id: certificateId, supplier: st.supplier, type: st.type, issued, validUntil: expires, revoked: false });
          } else if (st.kind === 'certifyAll') {
            const issued = addDaysIso(BASE, st.issued);
            const expires = addDaysIso(issued, st.days);
            for (const type of TYPES) {
              const { certificateId } = await scm.recordSupplierCertificate(ctx, { supplierId: suppliers[st.supplier]!.id, certificateType: type, certificateNo: `A-${n}`, issuedOn: issued, expiresOn: expires, date: issued });
              certificates.push({ id: certificateId, supplier: st.supplier, type, issued, validUntil: expires, revoked: false });
            }
          } else if (st.kind === 'revoke') {
            const c = certificates[st.pick % Math.max(1, certificates.length)];
            if (!c) continue;
            const at = addDaysIso(BASE, st.at);
            const outcome = await attempt(() => scm.revokeSupplierCertificate(ctx, { certificateId: c.id, date: at, reason: 'property' }));
            const allowed = !c.revoked && at >= c.issued;
            expect(outcome === 'ok', `${where}: ${outcome}`).toBe(allowed);
            if (allowed) {
              c.revoked = true;
              const dayBefore = addDaysIso(at, -1);
              if (dayBefore < c.validUntil) c.validUntil = dayBefore;
            }
          } else if (st.kind === 'require') {
            await scm.setCertificateRequirements(ctx, { category: st.category, certificateTypes: st.types });
            requirements[st.category] = [...st.types];
          } else {
            const s = suppliers[st.supplier]!;
            const date = addDaysIso(BASE, st.day);
            const expected = expectedRefusal(s.status, st.supplier, date, st.categories, requirements, certificates);
            const before = await counts();
            const outcome = await attempt(() =>
              scm.createPurchaseOrder(ctx, { supplierId: s.id, warehouseId: co.warehouseId, date, expectedDate: date, lines: st.categories.map((c) => ({ itemId: items[c], quantity: 1, unitPrice: 100 })) }),
            );
            tally.orders++;
            if (outcome === 'ok') tally.accepted++;
            else tally.codes.set(outcome, (tally.codes.get(outcome) ?? 0) + 1);
            expect(outcome, where).toBe(expected ?? 'ok');
            const after = await counts();
            // A refused order leaves no trace; an accepted one writes its order event and, since
            // purchase orders go through approvals, the approval's own event.
            if (outcome !== 'ok') expect(after, where).toEqual(before);
            else {
              expect({ orders: after.orders, lines: after.lines }, where).toEqual({ orders: before.orders + 1, lines: before.lines + st.categories.length });
              expect(after.events, where).toBeGreaterThan(before.events);
            }
          }
        }
      }),
      RUN_OPTIONS,
    );
    expect(tally.accepted).toBeGreaterThan(0);
    for (const code of ['SUPPLIER_BLOCKED', 'SUPPLIER_NOT_APPROVED', 'CERTIFICATE_MISSING', 'CERTIFICATE_EXPIRED']) expect([...tally.codes.keys()]).toContain(code);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  async function counts() {
    const { rows } = await sql<{ orders: number; lines: number; events: number }>`
      select (select count(*)::int from scm.purchase_orders) as orders, (select count(*)::int from scm.purchase_order_lines) as lines,
             (select count(*)::int from core.outbox) as events`.execute(ctx.db);
    return rows[0]!;
  }
});

/** What the model says an order should meet: undefined (accepted) or the refusal's code. */
function expectedRefusal(status: Status, supplier: number, date: string, categories: Category[], requirements: Record<Category, CertType[]>, certificates: ModelCertificate[]): string | undefined {
  if (status === 'blocked') return 'SUPPLIER_BLOCKED';
  if (status !== 'approved') return 'SUPPLIER_NOT_APPROVED';
  const gaps = [...categories].sort().flatMap((c) =>
    [...requirements[c]].sort().filter((type) => !certificates.some((x) => x.supplier === supplier && x.type === type && x.issued <= date && date <= x.validUntil)).map((type) => ({ c, type })),
  );
  const first = gaps[0];
  if (!first) return undefined;
  const heldBefore = certificates.some((x) => x.supplier === supplier && x.type === first.type && x.issued <= date);
  return heldBefore ? 'CERTIFICATE_EXPIRED' : 'CERTIFICATE_MISSING';
}

async function attempt(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.code;
  }
}
