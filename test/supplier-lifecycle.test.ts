import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { erp, people, scm, verify, type DomainError } from '../domain/index.js';
import { buildWorld, CATEGORIES } from '../domain/simulate/world.js';
import { foundCompany, SIMULATOR } from '../domain/simulate/setup.js';
import { newTally } from '../domain/simulate/tally.js';
import { dayAfter } from '../domain/simulate/calendar.js';
import { runSupplierLifecycle, setUpSupplierLifecycle, supplierFor, supplierLifecycleTruth } from '../domain/simulate/supplier-quality.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace, rejectionOf } from './support/fingerprint.js';
import { cliSource, type CliSource } from './support/cli.js';
import { suppliersCommand } from '../cli/commands/suppliers.js';

/**
 * The supplier lifecycle through the public commands: registration, status with its history,
 * risk flags, certificates and the purchase-order check, audits, price lists and RFQs; and the
 * database's own guards for each, by writing past the commands.
 */
describe('supplier lifecycle', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let managerId: number;
  let buyerId: number;
  let electronics: number; // an item of category EL, which will require CE and RoHS
  const db = () => database.db;
  const ctx = () => co.ctx;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    managerId = (await people.hireEmployee(ctx(), { code: 'M1', name: 'Mia Manager', role: 'manager' })).employeeId;
    buyerId = (await people.hireEmployee(ctx(), { code: 'B1', name: 'Bo Buyer', role: 'buyer' })).employeeId;
    await erp.addItemCategory(ctx(), { code: 'EL', name: 'Electronics' });
    electronics = (await erp.createItem(ctx(), { sku: 'EL-1', name: 'Sensor', category: 'EL', procurement: 'buy', listPrice: 5_000, standardCost: 2_000 })).itemId;
  });
  afterAll(() => database.drop());

  const po = (supplierId: number, date: string, lines = [{ itemId: electronics, quantity: 2, unitPrice: 1_500 }]) => () =>
    scm.createPurchaseOrder(ctx(), { supplierId, warehouseId: co.warehouseId, date, expectedDate: date, lines });

  describe('registration', () => {
    it('registers details, normalises the tax id and recognises it however it is written', async () => {
      const { supplierId, code } = await scm.registerSupplier(ctx(), {
        legalName: 'Kabel Werke GmbH',
        taxId: 'de 123.456.789',
        region: 'EU',
        date: '2024-01-05',
        supplierType: 'manufacturer',
        categories: ['EL', 'HW', 'EL'],
        contacts: [{ name: 'Anna Becker', email: 'anna@kabel.example', role: 'sales' }],
        bank: { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Kabel Werke GmbH' },
      });
      const profile = (await scm.supplierProfile(db(), { code }, '2024-01-05'))!;
      expect(profile).toMatchObject({
        supplierId, taxId: 'DE123456789', status: 'prospective', supplierType: 'manufacturer', currency: 'EUR', categories: ['EL', 'HW'],
        contacts: [{ name: 'Anna Becker', email: 'anna@kabel.example', phone: null, role: 'sales' }],
        bank: { account: '…3000', bankCode: null, holder: 'Kabel Werke GmbH' },
        statusHistory: [{ on: '2024-01-05', from: null, to: 'prospective', reason: 'registered as prospective', by: 'test' }],
      });
      const again = () => scm.registerSupplier(ctx(), { legalName: 'Kabelwerke', taxId: 'DE-123456789', region: 'EU' });
      expect((await expectRejectedWithoutTrace(db(), again, 'DUPLICATE', 'taxId')).message).toContain(code);
    });

    it('refuses malformed bank details, unknown categories and unknown regions, naming the field', async () => {
      const base = { legalName: 'Bad Bank Ltd', taxId: 'GB-555', region: 'EU' };
      await expectRejectedWithoutTrace(db(), () => scm.registerSupplier(ctx(), { ...base, bank: { iban: 'DE89 3704 0044 0532 0130 01' } }), 'INVALID_INPUT', 'bank.iban');
      await expectRejectedWithoutTrace(db(), () => scm.registerSupplier(ctx(), { ...base, bank: { accountNumber: '12345678' } }), 'INVALID_INPUT', 'bank.bankCode');
      await expectRejectedWithoutTrace(db(), () => scm.registerSupplier(ctx(), { ...base, bank: { accountNumber: '12345678', bankCode: 'X1' } }), 'INVALID_INPUT', 'bank.bankCode');
      await expectRejectedWithoutTrace(db(), () => scm.registerSupplier(ctx(), { ...base, categories: ['HW', 'NOPE'] }), 'NOT_FOUND', 'categories.1');
      await expectRejectedWithoutTrace(db(), () => scm.registerSupplier(ctx(), { ...base, region: 'MARS' }), 'NOT_FOUND', 'region');
      await expectRejectedWithoutTrace(db(), () => scm.registerSupplier(ctx(), { ...base, taxId: 'x!' }), 'INVALID_INPUT', 'taxId');
    });

    it('updates details, replacing categories and contacts, and removes bank details', async () => {
      const { supplierId, code } = await scm.registerSupplier(ctx(), {
        legalName: 'Acme Parts', taxId: 'US-777001', region: 'NA', categories: ['HW'], contacts: [{ name: 'Old Contact' }],
        bank: { accountNumber: '000123456789', bankCode: '021000021' },
      });
      await scm.updateSupplierRegistration(ctx(), { supplierId, categories: ['EL'], contacts: [{ name: 'New One', phone: '+1 555 0100' }, { name: 'Second' }], paymentTermsDays: 45 });
      let p = (await scm.supplierProfile(db(), { supplierId }, '2024-01-01'))!;
      expect(p).toMatchObject({ categories: ['EL'], paymentTermsDays: 45, bank: { account: '…6789', bankCode: '021000021' } });
      expect(p.contacts.map((c) => c.name)).toEqual(['New One', 'Second']);
      await scm.updateSupplierRegistration(ctx(), { supplierId, bank: null, supplierType: 'distributor' });
      p = (await scm.supplierProfile(db(), { code }, '2024-01-01'))!;
      expect(p).toMatchObject({ supplierType: 'distributor', bank: { account: null, bankCode: null, holder: null }, categories: ['EL'] });
      await expectRejectedWithoutTrace(db(), () => scm.updateSupplierRegistration(ctx(), { supplierId }), 'INVALID_INPUT', 'supplierId');
      await expectRejectedWithoutTrace(db(), () => scm.updateSupplierRegistration(ctx(), { supplierId: 999_999, legalName: 'x' }), 'NOT_FOUND', 'supplierId');
    });
  });

  describe('status', () => {
    it('moves through the lifecycle with reasons; blocked is left only by a manager', async () => {
      const { supplierId } = await scm.registerSupplier(ctx(), { legalName: 'Status Co', taxId: 'US-STATUS-1', region: 'NA' });
      await expectRejectedWithoutTrace(db(), () => scm.changeSupplierStatus(ctx(), { supplierId, status: 'suspended', reason: 'x' }), 'NOT_ALLOWED', 'status');
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'approved', reason: 'audit passed', date: '2024-02-01' });
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'suspended', reason: 'late deliveries', date: '2024-03-01' });
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'approved', reason: 'recovered', date: '2024-04-01' });
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'blocked', reason: 'fraud', date: '2024-05-01' });
      await expectRejectedWithoutTrace(db(), () => scm.changeSupplierStatus(ctx(), { supplierId, status: 'blocked', reason: 'again' }), 'CONFLICT', 'status');
      await expectRejectedWithoutTrace(db(), () => scm.changeSupplierStatus(ctx(), { supplierId, status: 'approved', reason: 'please' }), 'NOT_ALLOWED', 'managerId');
      await expectRejectedWithoutTrace(db(), () => scm.changeSupplierStatus(ctx(), { supplierId, status: 'suspended', reason: 'step back', managerId }), 'NOT_ALLOWED', 'status');
      await expectRejectedWithoutTrace(db(), () => scm.changeSupplierStatus(ctx(), { supplierId, status: 'approved', reason: 'buyer says so', managerId: buyerId }), 'NOT_ALLOWED', 'managerId');
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'approved', reason: 'cleared by investigation', date: '2024-06-01', managerId });
      const p = (await scm.supplierProfile(db(), { supplierId }, '2024-06-01'))!;
      expect(p.status).toBe('approved');
      expect(p.statusHistory.map((h) => [h.from, h.to, h.on, h.reason])).toEqual([
        [null, 'prospective', null, 'registered as prospective'],
        ['prospective', 'approved', '2024-02-01', 'audit passed'],
        ['approved', 'suspended', '2024-03-01', 'late deliveries'],
        ['suspended', 'approved', '2024-04-01', 'recovered'],
        ['approved', 'blocked', '2024-05-01', 'fraud'],
        ['blocked', 'approved', '2024-06-01', 'cleared by investigation'],
      ]);
      const events = await db().selectFrom('core.outbox').select('payload').where('event_type', '=', 'supplier.status_changed').where('aggregate_id', '=', String(supplierId)).execute();
      expect(events).toHaveLength(5);
    });

    it('lets the database refuse a status change past the history, a history rewrite, and a reinstatement without a manager', async () => {
      const { supplierId } = await scm.registerSupplier(ctx(), { legalName: 'Guarded Co', taxId: 'US-GUARD-1', region: 'NA', status: 'approved' });
      const raw = async (query: ReturnType<typeof sql>) => rejectionOf(db().transaction().execute((trx) => query.execute(trx)));
      expect(String(await raw(sql`update scm.suppliers set status = 'blocked' where id = ${supplierId}`))).toContain('LEDGERLOOP:NOT_ALLOWED');
      expect(String(await raw(sql`update scm.supplier_status_history set reason = 'rewritten' where supplier_id = ${supplierId}`))).toContain('LEDGERLOOP:IMMUTABLE');
      expect(String(await raw(sql`insert into scm.supplier_status_history (supplier_id, from_status, to_status, reason, changed_by)
                                  values (${supplierId}, 'prospective', 'approved', 'stale', 'x')`))).toContain('LEDGERLOOP:CONFLICT');
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'blocked', reason: 'sanctions' });
      expect(String(await raw(sql`insert into scm.supplier_status_history (supplier_id, from_status, to_status, reason, changed_by)
                                  values (${supplierId}, 'blocked', 'approved', 'sneaky', 'x')`))).toContain('only a manager');
      expect((await scm.supplierProfile(db(), { supplierId }, '2024-01-01'))!.status).toBe('blocked');
    });
  });

  describe('risk flags', () => {
    it('raises and clears flags with source and date, once', async () => {
      const { flagId } = await scm.raiseSupplierRiskFlag(ctx(), { supplierId: co.supplierId, kind: 'financial', severity: 'high', source: 'credit agency', description: 'rating cut to CCC', date: '2024-03-01' });
      await scm.raiseSupplierRiskFlag(ctx(), { supplierId: co.supplierId, kind: 'delivery', severity: 'low', source: 'on-time monitoring', description: 'two late deliveries', date: '2024-03-02' });
      expect((await scm.openRiskFlags(db(), { supplierId: co.supplierId })).map((f) => [f.kind, f.raisedOn])).toEqual([['financial', '2024-03-01'], ['delivery', '2024-03-02']]);
      await expectRejectedWithoutTrace(db(), () => scm.clearSupplierRiskFlag(ctx(), { flagId, date: '2024-02-01', reason: 'x' }), 'INVALID_INPUT', 'date');
      await scm.clearSupplierRiskFlag(ctx(), { flagId, date: '2024-04-01', reason: 'rating restored' });
      await expectRejectedWithoutTrace(db(), () => scm.clearSupplierRiskFlag(ctx(), { flagId, date: '2024-04-02', reason: 'again' }), 'CONFLICT', 'flagId');
      expect((await scm.openRiskFlags(db(), { supplierId: co.supplierId })).map((f) => f.kind)).toEqual(['delivery']);
      await expectRejectedWithoutTrace(db(), () => scm.raiseSupplierRiskFlag(ctx(), { supplierId: co.supplierId, kind: 'moral' as 'legal', severity: 'low', source: 's', description: 'd', date: '2024-01-01' }), 'INVALID_INPUT', 'kind');
      const error = await rejectionOf(db().transaction().execute((trx) => sql`update scm.supplier_risk_flags set severity = 'low' where id = ${flagId}`.execute(trx)));
      expect(String(error)).toContain('LEDGERLOOP:CONFLICT');
    });
  });

  describe('certificates and purchase orders', () => {
    let supplierId: number;
    let supplierCode: string;
    beforeAll(async () => {
      for (const [code, name] of [['CE', 'CE conformity'], ['RoHS', 'Restriction of hazardous substances'], ['ISO9001', 'Quality management']] as const) {
        await scm.defineCertificateType(ctx(), { code, name });
      }
      await scm.setCertificateRequirements(ctx(), { category: 'EL', certificateTypes: ['CE', 'RoHS'] });
      ({ supplierId, code: supplierCode } = await scm.registerSupplier(ctx(), { legalName: 'Circuit Ltd', taxId: 'US-CIRCUIT', region: 'NA', status: 'approved', supplierType: 'manufacturer' }));
    });

    it('refuses an order while a mandatory certificate is missing, and says which', async () => {
      const e = await expectRejectedWithoutTrace(db(), po(supplierId, '2024-03-01'), 'CERTIFICATE_MISSING', 'supplierId');
      expect(e.message).toMatch(/no valid CE certificate on 2024-03-01, required for EL items \(and 1 more missing certificate\)/);
      // Items of other categories need nothing.
      await po(supplierId, '2024-03-01', [{ itemId: co.items.widget, quantity: 1, unitPrice: 900 }])();
      await scm.recordSupplierCertificate(ctx(), { supplierId, certificateType: 'CE', certificateNo: 'CE-1', issuedOn: '2023-06-01', expiresOn: '2024-05-31', date: '2024-03-01' });
      expect((await expectRejectedWithoutTrace(db(), po(supplierId, '2024-03-01'), 'CERTIFICATE_MISSING', 'supplierId')).message).toContain('RoHS');
      await scm.recordSupplierCertificate(ctx(), { supplierId, certificateType: 'RoHS', certificateNo: 'R-1', issuedOn: '2024-03-01', expiresOn: '2026-02-28', date: '2024-03-01' });
      expect(await po(supplierId, '2024-03-01')()).toMatchObject({ net: 3_000, currency: 'USD' });
      // A certificate issued after the order date does not cover it.
      await expectRejectedWithoutTrace(db(), po(supplierId, '2024-02-29'), 'CERTIFICATE_MISSING', 'supplierId');
    });

    it('refuses an order after a certificate expired, saying since when, until it is renewed', async () => {
      expect((await po(supplierId, '2024-05-31')()).net).toBe(3_000); // the last valid day
      const e = await expectRejectedWithoutTrace(db(), po(supplierId, '2024-06-10'), 'CERTIFICATE_EXPIRED', 'supplierId');
      expect(e.message).toBe(`the CE certificate of supplier ${supplierCode}, required for EL items, expired on 2024-05-31 and has not been renewed by 2024-06-10`);
      expect(e.details).toEqual({ category: 'EL', certificateType: 'CE', lastValidOn: '2024-05-31' });
      const { certificateId } = await scm.recordSupplierCertificate(ctx(), { supplierId, certificateType: 'CE', certificateNo: 'CE-2', issuedOn: '2024-06-15', expiresOn: '2027-06-14', date: '2024-06-15' });
      await expectRejectedWithoutTrace(db(), po(supplierId, '2024-06-14'), 'CERTIFICATE_EXPIRED', 'supplierId');
      await po(supplierId, '2024-06-15')();
      await scm.revokeSupplierCertificate(ctx(), { certificateId, date: '2024-09-01', reason: 'notified body withdrew it' });
      await po(supplierId, '2024-08-31')();
      const revoked = await expectRejectedWithoutTrace(db(), po(supplierId, '2024-09-01'), 'CERTIFICATE_EXPIRED', 'supplierId');
      expect(revoked.message).toContain('expired on 2024-08-31');
      await expectRejectedWithoutTrace(db(), () => scm.revokeSupplierCertificate(ctx(), { certificateId, date: '2024-09-02', reason: 'x' }), 'CONFLICT', 'certificateId');
      await scm.recordSupplierCertificate(ctx(), { supplierId, certificateType: 'CE', certificateNo: 'CE-3', issuedOn: '2024-09-10', expiresOn: '2027-09-09', date: '2024-09-10' });
    });

    it('refuses a blocked or suspended supplier first, with the reason of its last status change', async () => {
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'suspended', reason: 'quality review', date: '2024-10-01' });
      const suspended = await expectRejectedWithoutTrace(db(), po(supplierId, '2024-10-02'), 'SUPPLIER_NOT_APPROVED', 'supplierId');
      expect(suspended.message).toContain('since 2024-10-01: quality review');
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'blocked', reason: 'failed the quality review', date: '2024-10-15' });
      const blocked = await expectRejectedWithoutTrace(db(), po(supplierId, '2024-10-16'), 'SUPPLIER_BLOCKED', 'supplierId');
      expect(blocked.message).toMatch(/is blocked \(since 2024-10-15: failed the quality review\) and cannot receive purchase orders/);
      await scm.changeSupplierStatus(ctx(), { supplierId, status: 'approved', reason: 'reinstated after re-audit', date: '2024-11-01', managerId });
      await po(supplierId, '2024-11-01')();
    });

    it.runIf(onServer)('serialises orders with a concurrent block: an order waits for it and is refused, a block waits for an order', async () => {
      const { supplierId: racy } = await scm.registerSupplier(ctx(), { legalName: 'Racy Ltd', taxId: 'US-RACY', region: 'NA', status: 'approved' });
      const order = () => scm.createPurchaseOrder(ctx(), { supplierId: racy, warehouseId: co.warehouseId, date: '2024-03-01', expectedDate: '2024-03-01', lines: [{ itemId: co.items.widget, quantity: 1, unitPrice: 100 }] });
      const settled = (p: Promise<unknown>) => Promise.race([p.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))]);
      let waiting!: Promise<unknown>;
      await db().transaction().execute(async (trx) => {
        await scm.changeSupplierStatus({ db: trx, actor: 'test' }, { supplierId: racy, status: 'blocked', reason: 'race' });
        waiting = order();
        waiting.catch(() => {});
        expect(await settled(waiting)).toBe(false); // held by the status change
      });
      expect(await rejectionOf(waiting)).toMatchObject({ code: 'SUPPLIER_BLOCKED' });

      const { supplierId: other } = await scm.registerSupplier(ctx(), { legalName: 'Other Racy Ltd', taxId: 'US-RACY-2', region: 'NA', status: 'approved' });
      let blocking!: Promise<unknown>;
      await db().transaction().execute(async (trx) => {
        await scm.createPurchaseOrder({ db: trx, actor: 'test' }, { supplierId: other, warehouseId: co.warehouseId, date: '2024-03-01', expectedDate: '2024-03-01', lines: [{ itemId: co.items.widget, quantity: 1, unitPrice: 100 }] });
        blocking = scm.changeSupplierStatus(ctx(), { supplierId: other, status: 'blocked', reason: 'race' });
        expect(await settled(blocking)).toBe(false); // held by the order
      });
      await blocking;
      expect((await scm.supplierProfile(db(), { supplierId: other }, '2024-03-01'))!.status).toBe('blocked');
    });

    it('lets the database refuse purchase order lines for a non-compliant supplier written past the command', async () => {
      const { supplierId: bare } = await scm.registerSupplier(ctx(), { legalName: 'Bare Ltd', taxId: 'US-BARE', region: 'NA', status: 'approved' });
      const insert = (date: string) =>
        rejectionOf(db().transaction().execute(async (trx) => {
          await sql`
            with p as (insert into scm.purchase_orders (po_no, supplier_id, warehouse_id, order_date, expected_date, currency, net_amount, status, created_by)
                       values ('PO-RAW-' || ${date}, ${bare}, ${co.warehouseId}, ${date}, ${date}, 'USD', 100, 'open', 'raw') returning id)
            insert into scm.purchase_order_lines (po_id, line_no, item_id, quantity, unit_price) select p.id, 1, ${electronics}, 1, 100 from p`.execute(trx);
        }));
      expect(String(await insert('2024-03-01'))).toContain('LEDGERLOOP:CERTIFICATE_MISSING');
      await scm.changeSupplierStatus(ctx(), { supplierId: bare, status: 'blocked', reason: 'x' });
      expect(String(await insert('2024-03-01'))).toContain('LEDGERLOOP:SUPPLIER_BLOCKED');
    });

    it('lists certificates expiring within 30 days, reminds once, and knows which suppliers can take orders', async () => {
      // Valid until 2024-05-31 (CE-1) and 2026-02-28 (RoHS); CE-3 renewed until 2027.
      const expiring = await scm.expiringCertificates(db(), { asOf: '2026-02-01' });
      expect(expiring.map((c) => [c.certificateNo, c.daysLeft, c.requiredFor])).toEqual([['R-1', 27, ['EL']]]);
      expect(await scm.expiringCertificates(db(), { asOf: '2026-01-01', withinDays: 30 })).toEqual([]);
      expect((await scm.expiringCertificates(db(), { asOf: '2026-03-05', includeLapsed: true })).map((c) => [c.certificateNo, c.daysLeft])).toEqual([['R-1', -5]]);
      expect(await scm.remindExpiringCertificates(ctx(), { asOf: '2026-02-01' })).toEqual({ reminded: 1 });
      expect(await scm.remindExpiringCertificates(ctx(), { asOf: '2026-02-02' })).toEqual({ reminded: 0 });
      const reminder = await db().selectFrom('core.outbox').select('payload').where('event_type', '=', 'supplier.certificate_expiring').executeTakeFirstOrThrow();
      expect(reminder.payload).toMatchObject({ certificateNo: 'R-1', validUntil: '2026-02-28', daysLeft: 27 });
      const recorded = await db().selectFrom('core.outbox').select('payload').where('event_type', '=', 'supplier.certificate_recorded').execute();
      expect(recorded.length).toBeGreaterThanOrEqual(4);

      const orderable = await scm.orderableSuppliers(db(), '2026-02-01');
      expect(scm.canOrderFrom(orderable, supplierId, 'EL')).toBe(true);
      expect(scm.canOrderFrom(orderable, co.supplierId, 'EL')).toBe(false);
      expect(scm.canOrderFrom(orderable, co.supplierId, 'HW')).toBe(true);
      expect(scm.canOrderFrom(await scm.orderableSuppliers(db(), '2026-03-01'), supplierId, 'EL')).toBe(false);
    });
  });

  describe('audits', () => {
    let templateId: number;
    let auditee: number;
    const sections = [
      { code: 'QMS', name: 'Quality management', weight: 60, criteria: [{ code: 'QMS.DOC', name: 'Documented procedures', weight: 50 }, { code: 'QMS.CAL', name: 'Calibrated gauges', weight: 50 }] },
      { code: 'DEL', name: 'Delivery', weight: 40, criteria: [{ code: 'DEL.OTD', name: 'On-time delivery', weight: 25 }, { code: 'DEL.PKG', name: 'Packaging', weight: 75 }] },
    ];
    beforeAll(async () => {
      auditee = (await scm.registerSupplier(ctx(), { legalName: 'Audited AG', taxId: 'DE-AUDIT-1', region: 'EU', status: 'approved', supplierType: 'manufacturer' })).supplierId;
    });

    it('validates weights and versions templates', async () => {
      const bad = [{ ...sections[0]!, weight: 50 }, sections[1]!];
      await expectRejectedWithoutTrace(db(), () => scm.defineAuditTemplate(ctx(), { code: 'MFG', name: 'Manufacturer audit', supplierType: 'manufacturer', scale: 'percent', effectiveFrom: '2024-01-01', sections: bad }), 'INVALID_INPUT', 'sections');
      const v1 = await scm.defineAuditTemplate(ctx(), { code: 'MFG', name: 'Manufacturer audit', supplierType: 'manufacturer', scale: 'percent', effectiveFrom: '2024-01-01', sections });
      expect(v1).toMatchObject({ code: 'MFG', version: 1 });
      templateId = v1.templateId;
      const v2 = await scm.defineAuditTemplate(ctx(), { code: 'MFG', name: 'Manufacturer audit (five-point)', supplierType: 'manufacturer', scale: 'five_point', effectiveFrom: '2025-01-01', sections });
      expect(v2.version).toBe(2);
      await expectRejectedWithoutTrace(db(), () => scm.defineAuditTemplate(ctx(), { code: 'MFG', name: 'x', supplierType: 'manufacturer', scale: 'percent', effectiveFrom: '2024-06-01', sections }), 'INVALID_INPUT', 'effectiveFrom');
      expect((await scm.auditTemplate(db(), { code: 'MFG', date: '2024-12-31' }))!.version).toBe(1);
      expect((await scm.auditTemplate(db(), { code: 'MFG', date: '2025-01-01' }))!.version).toBe(2);
      // The database checks the weights at commit too.
      const error = await rejectionOf(db().transaction().execute((trx) => sql`
        insert into scm.audit_templates (code, version, name, supplier_type, scale, effective_from, created_by)
        values ('RAW', 1, 'raw', 'manufacturer', 'percent', '2024-01-01', 'raw')`.execute(trx)));
      expect(String(error)).toContain('LEDGERLOOP:INVALID_WEIGHTS');
    });

    it('scores audits with weights, records findings and corrective actions, and closes them', async () => {
      const scores = [{ criterion: 'QMS.DOC', score: 80 }, { criterion: 'QMS.CAL', score: 90 }, { criterion: 'DEL.OTD', score: 100 }, { criterion: 'DEL.PKG', score: 60 }];
      const audit = await scm.recordSupplierAudit(ctx(), {
        supplierId: auditee, templateCode: 'MFG', date: '2024-04-10', auditorId: buyerId, scores,
        findings: [{ criterion: 'DEL.PKG', severity: 'major', description: 'pallets not wrapped', actions: [{ description: 'introduce wrapping station', ownerId: buyerId, dueOn: '2024-06-30' }] }],
      });
      expect(audit).toMatchObject({ totalScore: 79, sections: [{ code: 'QMS', score: 85 }, { code: 'DEL', score: 70 }] });
      expect(audit.correctiveActionIds).toHaveLength(1);
      // The five-point version in force from 2025: 4, 5, 3, 4 → 80, 100, 60, 80 → QMS 90, DEL 75 → 84.
      const later = await scm.recordSupplierAudit(ctx(), {
        supplierId: auditee, templateCode: 'MFG', date: '2025-02-01', scores: [{ criterion: 'QMS.DOC', score: 4 }, { criterion: 'QMS.CAL', score: 5 }, { criterion: 'DEL.OTD', score: 3 }, { criterion: 'DEL.PKG', score: 4 }],
      });
      expect(later.totalScore).toBe(84);
      const [profile] = (await scm.supplierAuditScores(db())).filter((s) => s.supplierId === auditee);
      expect(profile).toMatchObject({ auditNo: later.auditNo, template: 'MFG v2', totalScore: 84, previousScore: 79, audits: 2, openCorrectiveActions: 1 });
      expect(profile!.sections.map((s) => [s.code, s.weight, s.score])).toEqual([['QMS', 60, 90], ['DEL', 40, 75]]);

      const open = await scm.openCorrectiveActions(db(), { asOf: '2024-07-01', supplierId: auditee });
      expect(open).toMatchObject([{ actionId: audit.correctiveActionIds[0], severity: 'major', ownerName: 'Bo Buyer', dueOn: '2024-06-30', overdue: true }]);
      await expectRejectedWithoutTrace(db(), () => scm.closeCorrectiveAction(ctx(), { actionId: audit.correctiveActionIds[0]!, date: '2024-04-01', note: 'x' }), 'INVALID_INPUT', 'date');
      await scm.closeCorrectiveAction(ctx(), { actionId: audit.correctiveActionIds[0]!, date: '2024-07-05', note: 'station installed' });
      await expectRejectedWithoutTrace(db(), () => scm.closeCorrectiveAction(ctx(), { actionId: audit.correctiveActionIds[0]!, date: '2024-07-06', note: 'again' }), 'CONFLICT', 'actionId');
      expect(await scm.openCorrectiveActions(db(), { supplierId: auditee })).toEqual([]);
    });

    it('refuses incomplete or out-of-range scores, a template for another supplier type, and unknown owners', async () => {
      const full = [{ criterion: 'QMS.DOC', score: 80 }, { criterion: 'QMS.CAL', score: 90 }, { criterion: 'DEL.OTD', score: 100 }, { criterion: 'DEL.PKG', score: 60 }];
      const record = (over: Partial<Parameters<typeof scm.recordSupplierAudit>[1]>) => () => scm.recordSupplierAudit(ctx(), { supplierId: auditee, templateId, date: '2024-05-01', scores: full, ...over });
      await expectRejectedWithoutTrace(db(), record({ scores: full.slice(0, 3) }), 'INVALID_INPUT', 'scores');
      await expectRejectedWithoutTrace(db(), record({ scores: [...full.slice(0, 3), { criterion: 'DEL.PKG', score: 101 }] }), 'INVALID_INPUT', 'scores.3.score');
      await expectRejectedWithoutTrace(db(), record({ scores: [...full, { criterion: 'NOPE', score: 1 }] }), 'NOT_FOUND', 'scores.4.criterion');
      await expectRejectedWithoutTrace(db(), record({ findings: [{ severity: 'minor', description: 'x', actions: [{ description: 'y', ownerId: 999_999, dueOn: '2024-06-01' }] }] }), 'NOT_FOUND', 'findings.0.actions.0.ownerId');
      await expectRejectedWithoutTrace(db(), record({ findings: [{ severity: 'minor', description: 'x', actions: [{ description: 'y', ownerId: buyerId, dueOn: '2024-04-01' }] }] }), 'INVALID_INPUT', 'findings.0.actions.0.dueOn');
      await expectRejectedWithoutTrace(db(), record({ supplierId: co.supplierId }), 'NOT_ALLOWED', 'templateId');
      await expectRejectedWithoutTrace(db(), record({ templateId: undefined, templateCode: 'MFG', date: '2023-12-31' }), 'NOT_FOUND', 'templateCode');
      await expectRejectedWithoutTrace(db(), record({ templateCode: 'MFG' }), 'INVALID_INPUT', 'templateId');
      // Five-point version: a score of 6 is out of range.
      await expectRejectedWithoutTrace(db(), record({ templateId: undefined, templateCode: 'MFG', date: '2025-03-01', scores: full.map((s) => ({ ...s, score: 6 })) }), 'INVALID_INPUT', 'scores.0.score');
    });

    it('lets the database refuse an audit whose total does not follow from its scores', async () => {
      const error = await rejectionOf(db().transaction().execute(async (trx) => {
        await sql`
          with a as (insert into scm.supplier_audits (audit_no, supplier_id, template_id, audit_date, total_score, created_by)
                     values ('AUD-RAW', ${auditee}, ${templateId}, '2024-05-01', 99, 'raw') returning id, template_id)
          insert into scm.supplier_audit_scores (audit_id, template_id, criterion_id, score)
          select a.id, a.template_id, c.id, 50 from a join scm.audit_template_criteria c on c.template_id = a.template_id`.execute(trx);
      }));
      expect(String(error)).toContain('its scores weigh 50.00');
    });
  });

  describe('price lists and requests for quotation', () => {
    let usd: number;
    let eur: number;
    let other: number;
    beforeAll(async () => {
      usd = (await scm.registerSupplier(ctx(), { legalName: 'Price One Inc', taxId: 'US-PRICE-1', region: 'NA', status: 'approved' })).supplierId;
      eur = (await scm.registerSupplier(ctx(), { legalName: 'Preis Zwei GmbH', taxId: 'DE-PREIS-2', region: 'EU', status: 'approved' })).supplierId;
      other = (await scm.registerSupplier(ctx(), { legalName: 'Third Ltd', taxId: 'US-THIRD-3', region: 'NA', status: 'approved' })).supplierId;
    });

    it('keeps validity periods apart: a new price takes over, an overlapping one is refused', async () => {
      const { widget, gadget } = co.items;
      await scm.setSupplierPrices(ctx(), { supplierId: usd, validFrom: '2024-01-01', prices: [{ itemId: widget, unitPrice: 900, leadTimeDays: 10, minOrderQty: 50 }, { itemId: gadget, unitPrice: 3_900, leadTimeDays: 14 }] });
      expect(await scm.setSupplierPrices(ctx(), { supplierId: usd, validFrom: '2024-07-01', validTo: '2024-12-31', prices: [{ itemId: widget, unitPrice: 950, leadTimeDays: 8 }] })).toEqual({ entries: 1, superseded: 1 });
      expect(await scm.supplierPrice(db(), { supplierId: usd, itemId: widget, date: '2024-06-30' })).toMatchObject({ unitPrice: 900, minOrderQty: 50, leadTimeDays: 10, validFrom: '2024-01-01', validTo: '2024-06-30', currency: 'USD' });
      expect(await scm.supplierPrice(db(), { supplierId: usd, itemId: widget, date: '2024-07-01' })).toMatchObject({ unitPrice: 950, validTo: '2024-12-31' });
      expect(await scm.supplierPrice(db(), { supplierId: usd, itemId: widget, date: '2025-01-01' })).toBeUndefined();
      expect(await scm.supplierPrice(db(), { supplierId: usd, itemId: gadget, date: '2030-01-01' })).toMatchObject({ unitPrice: 3_900 });
      await expectRejectedWithoutTrace(db(), () => scm.setSupplierPrices(ctx(), { supplierId: usd, validFrom: '2024-03-01', prices: [{ itemId: gadget, unitPrice: 1, leadTimeDays: 1 }, { itemId: widget, unitPrice: 1, leadTimeDays: 1 }] }), 'CONFLICT', 'prices.1.itemId');
      await expectRejectedWithoutTrace(db(), () => scm.setSupplierPrices(ctx(), { supplierId: usd, validFrom: '2025-01-01', validTo: '2024-01-01', prices: [{ itemId: widget, unitPrice: 1, leadTimeDays: 1 }] }), 'INVALID_INPUT', 'validTo');
      // The exclusion constraint holds even for a writer that skips the command.
      const error = await rejectionOf(db().transaction().execute((trx) => sql`
        insert into scm.supplier_prices (supplier_id, item_id, valid_from, valid_to, currency, unit_price, lead_time_days, created_by)
        values (${usd}, ${widget}, '2024-12-01', null, 'USD', 1, 1, 'raw')`.execute(trx)));
      expect((error as { constraint?: string }).constraint).toBe('supplier_price_validity_disjoint');
      // A purchase order line without a price takes the price list's.
      const order = await scm.createPurchaseOrder(ctx(), { supplierId: usd, warehouseId: co.warehouseId, date: '2024-08-01', expectedDate: '2024-08-09', lines: [{ itemId: widget, quantity: 50 }, { itemId: gadget, quantity: 1, unitPrice: 4_000 }] });
      expect(order.net).toBe(50 * 950 + 4_000);
      await expectRejectedWithoutTrace(db(), () => scm.createPurchaseOrder(ctx(), { supplierId: usd, warehouseId: co.warehouseId, date: '2025-02-01', expectedDate: '2025-02-09', lines: [{ itemId: widget, quantity: 5 }] }), 'NOT_FOUND', 'lines.0.unitPrice');
    });

    it('compares quotations side by side in the functional currency and awards one into the price list', async () => {
      const { widget, gadget, scarce } = co.items;
      const { supplierId: blocked } = await scm.registerSupplier(ctx(), { legalName: 'No Thanks Ltd', taxId: 'US-NOTHX', region: 'NA', status: 'approved' });
      await scm.changeSupplierStatus(ctx(), { supplierId: blocked, status: 'blocked', reason: 'sanctions' });
      const lines = [{ itemId: widget, quantity: 100 }, { itemId: gadget, quantity: 10 }];
      await expectRejectedWithoutTrace(db(), () => scm.issueRfq(ctx(), { title: 'Q3 widgets', date: '2024-08-01', respondBy: '2024-08-10', lines, supplierIds: [usd, blocked] }), 'SUPPLIER_BLOCKED', 'supplierIds.1');
      const { rfqId, rfqNo } = await scm.issueRfq(ctx(), { title: 'Q3 widgets', date: '2024-08-01', respondBy: '2024-08-10', buyerId, lines, supplierIds: [usd, eur, other] });
      expect(rfqNo).toMatch(/^RFQ-\d{6}$/);
      const a = await scm.recordRfqResponse(ctx(), { rfqId, supplierId: usd, date: '2024-08-03', validUntil: '2024-09-30', lines: [{ itemId: widget, unitPrice: 940, leadTimeDays: 9 }, { itemId: gadget, unitPrice: 4_100, leadTimeDays: 12 }] });
      // €8.50 at 1.10 = $9.35 a widget: cheaper than $9.40.
      const b = await scm.recordRfqResponse(ctx(), { rfqId, supplierId: eur, date: '2024-08-04', validUntil: '2024-08-20', lines: [{ itemId: widget, unitPrice: 850, leadTimeDays: 20, minOrderQty: 100 }] });
      await expectRejectedWithoutTrace(db(), () => scm.recordRfqResponse(ctx(), { rfqId, supplierId: usd, date: '2024-08-05', validUntil: '2024-09-30', lines: [{ itemId: widget, unitPrice: 1, leadTimeDays: 1 }] }), 'DUPLICATE', 'supplierId');
      await expectRejectedWithoutTrace(db(), () => scm.recordRfqResponse(ctx(), { rfqId, supplierId: co.supplierId, date: '2024-08-05', validUntil: '2024-09-30', lines: [{ itemId: widget, unitPrice: 1, leadTimeDays: 1 }] }), 'NOT_ALLOWED', 'supplierId');
      await expectRejectedWithoutTrace(db(), () => scm.recordRfqResponse(ctx(), { rfqId, supplierId: other, date: '2024-08-11', validUntil: '2024-09-30', lines: [{ itemId: widget, unitPrice: 1, leadTimeDays: 1 }] }), 'NOT_ALLOWED', 'date');
      await expectRejectedWithoutTrace(db(), () => scm.recordRfqResponse(ctx(), { rfqId, supplierId: other, date: '2024-08-05', validUntil: '2024-09-30', lines: [{ itemId: scarce, unitPrice: 1, leadTimeDays: 1 }] }), 'NOT_FOUND', 'lines.0.itemId');

      const comparison = (await scm.rfqComparison(db(), rfqId))!;
      expect(comparison).toMatchObject({ rfqNo, status: 'open', functionalCurrency: 'USD' });
      const widgetLine = comparison.lines.find((l) => l.itemId === widget)!;
      expect(widgetLine.quotes.map((q) => [q.supplierId, q.currency, q.unitPrice, q.unitPriceFunctional, q.amountFunctional, q.rank])).toEqual([
        [eur, 'EUR', 850, 935, 93_500, 1],
        [usd, 'USD', 940, 940, 94_000, 2],
      ]);
      expect(comparison.lines.find((l) => l.itemId === gadget)!.quotes.map((q) => q.supplierId)).toEqual([usd]);
      const bySupplier = new Map(comparison.suppliers.map((s) => [s.supplierId, s]));
      expect(bySupplier.get(usd)).toMatchObject({ responseId: a.responseId, linesQuoted: 2, totalFunctional: 94_000 + 41_000, maxLeadTimeDays: 12, deliveries: 0, onTimeRate: null, awarded: false });
      expect(bySupplier.get(eur)).toMatchObject({ responseId: b.responseId, linesQuoted: 1, totalFunctional: 93_500, currency: 'EUR' });
      expect(bySupplier.get(other)).toMatchObject({ responseId: null, linesQuoted: 0, totalFunctional: 0 });

      await expectRejectedWithoutTrace(db(), () => scm.awardRfq(ctx(), { rfqId, responseId: b.responseId, date: '2024-08-21', reason: 'cheapest' }), 'QUOTE_EXPIRED', 'responseId');
      const award = await scm.awardRfq(ctx(), { rfqId, responseId: b.responseId, date: '2024-08-12', reason: 'cheapest widget', priceValidTo: null });
      expect(award).toEqual({ rfqId, supplierId: eur, pricesRecorded: 1 });
      expect(await scm.supplierPrice(db(), { supplierId: eur, itemId: widget, date: '2025-06-01' })).toMatchObject({ unitPrice: 850, currency: 'EUR', minOrderQty: 100, leadTimeDays: 20, validFrom: '2024-08-12', validTo: null });
      expect((await scm.rfqComparison(db(), rfqId))!.suppliers.find((s) => s.supplierId === eur)!.awarded).toBe(true);
      await expectRejectedWithoutTrace(db(), () => scm.awardRfq(ctx(), { rfqId, responseId: a.responseId, date: '2024-08-12', reason: 'changed mind' }), 'CONFLICT', 'rfqId');
      await expectRejectedWithoutTrace(db(), () => scm.recordRfqResponse(ctx(), { rfqId, supplierId: other, date: '2024-08-09', validUntil: '2024-09-30', lines: [{ itemId: widget, unitPrice: 1, leadTimeDays: 1 }] }), 'NOT_ALLOWED', 'rfqId');
      expect(await scm.openRfqs(db())).toEqual([]);
      const cancelled = await scm.issueRfq(ctx(), { title: 'nobody answers', date: '2024-09-01', respondBy: '2024-09-05', lines: [{ itemId: scarce, quantity: 1 }], supplierIds: [other] });
      expect((await scm.openRfqs(db())).map((r) => [r.rfqId, r.invited, r.responded])).toEqual([[cancelled.rfqId, [other], []]]);
      await scm.cancelRfq(ctx(), { rfqId: cancelled.rfqId, date: '2024-09-06', reason: 'no quotations' });
      expect(await scm.openRfqs(db())).toEqual([]);
    });
  });

  it('leaves the books and the stock ledger consistent', async () => {
    expect((await verify(db())).breaches).toEqual([]);
  });
});

describe('the supplier quality desk of the demo company', () => {
  let database: TestDatabase;
  afterAll(() => database.drop());

  it('renews, lapses, audits, suspends and blocks as the world says, and supplierFor picks only suppliers that may take the order', async () => {
    database = await freshDatabase();
    const ctx = { db: database.db, actor: SIMULATOR };
    const world = buildWorld(11, 0.25);
    const start = '2024-01-01';
    const ids = await foundCompany(ctx, world, start);
    const tally = newTally();
    await setUpSupplierLifecycle(ctx, world, ids, start, tally);
    const setUpCommands = tally.commands;
    expect(setUpCommands).toBeGreaterThan(world.suppliers.length * 3);

    const disagreements: string[] = [];
    let ordersTried = 0;
    for (let day = 0; day < 400; day++) {
      const today = dayAfter(start, day);
      await runSupplierLifecycle(ctx, world, ids, today, tally);
      if (day % 29 !== 3) continue;
      // Every supplier, for an item of its own category and one of another: the order goes through exactly when canOrderFrom says so.
      const orderable = await scm.orderableSuppliers(ctx.db, today);
      for (const s of world.suppliers) {
        for (const category of [s.category, CATEGORIES[(CATEGORIES.findIndex((c) => c.code === s.category) + 3) % CATEGORIES.length]!.code]) {
          const itemIndex = world.items.findIndex((it) => it.category === category);
          if (itemIndex < 0) continue;
          const supplierId = ids.suppliers[s.index]!;
          const expected = scm.canOrderFrom(orderable, supplierId, category);
          const attempt = await scm.createPurchaseOrder(ctx, { supplierId, warehouseId: [...ids.warehouses.values()][0]!, date: today, expectedDate: today, lines: [{ itemId: ids.items[itemIndex]!, quantity: 1, unitPrice: 100 }] })
            .then(() => 'accepted', (e: DomainError) => e.code);
          ordersTried++;
          if ((attempt === 'accepted') !== expected) disagreements.push(`${today} ${s.index} ${category}: canOrderFrom ${expected}, order ${attempt}`);
        }
      }
      world.items.forEach((item, i) => {
        const chosen = supplierFor(world, ids, orderable, i);
        if (chosen !== undefined && !scm.canOrderFrom(orderable, ids.suppliers[chosen]!, item.category)) disagreements.push(`${today} supplierFor(${i}) chose ${chosen}`);
        if (chosen !== undefined && world.suppliers[chosen]!.category !== item.category && chosen !== item.supplier) disagreements.push(`${today} supplierFor(${i}) chose another category`);
      });
    }
    expect(disagreements).toEqual([]);
    expect(ordersTried).toBeGreaterThan(100);

    const persists = world.suppliers.find((s) => s.qualityIssue === 'persists')!;
    const recovers = world.suppliers.find((s) => s.qualityIssue === 'recovers')!;
    const history = async (index: number) => (await scm.supplierProfile(ctx.db, { supplierId: ids.suppliers[index]! }, '2025-02-01'))!.statusHistory.map((h) => h.to);
    expect(await history(persists.index)).toEqual(['approved', 'suspended', 'blocked']);
    expect(await history(recovers.index)).toEqual(['approved', 'suspended', 'approved']);
    // The blocked supplier's items are still orderable from another supplier of its category.
    const lastDay = dayAfter(start, 399);
    const orderable = await scm.orderableSuppliers(ctx.db, lastDay);
    const itemOfBlocked = world.items.findIndex((it) => it.supplier === persists.index);
    if (itemOfBlocked >= 0) expect(supplierFor(world, ids, orderable, itemOfBlocked)).not.toBe(persists.index);

    const { rows } = await sql<{ certificates: number; late: number; audits: number; templates: number; actions: number; closed: number; awarded: number; rfq_prices: number; flags: number }>`
      select (select count(*)::int from scm.supplier_certificates) as certificates,
             (select count(*)::int from scm.supplier_certificates c where exists (
                select 1 from scm.supplier_certificates n where n.supplier_id = c.supplier_id and n.certificate_type = c.certificate_type
                   and n.issued_on > c.valid_until + 1 and not exists (
                     select 1 from scm.supplier_certificates m where m.supplier_id = c.supplier_id and m.certificate_type = c.certificate_type
                        and m.issued_on <= c.valid_until + 1 and m.valid_until > c.valid_until))) as late,
             (select count(*)::int from scm.supplier_audits) as audits,
             (select count(distinct template_id)::int from scm.supplier_audits) as templates,
             (select count(*)::int from scm.corrective_actions) as actions,
             (select count(*)::int from scm.corrective_actions where closed_on is not null) as closed,
             (select count(*)::int from scm.rfqs where status = 'awarded') as awarded,
             (select count(*)::int from scm.supplier_prices where rfq_response_id is not null) as rfq_prices,
             (select count(*)::int from scm.supplier_risk_flags) as flags`.execute(ctx.db);
    const counts = rows[0]!;
    console.info(`quality desk over 400 days: ${setUpCommands} set-up commands, ${tally.commands - setUpCommands} daily commands; ${JSON.stringify(counts)}`);
    expect(counts.late, 'some certificate was renewed only after it lapsed').toBeGreaterThan(0);
    expect(counts.certificates).toBeGreaterThan(world.suppliers.length);
    expect(counts.audits).toBeGreaterThan(world.suppliers.length * 2);
    expect(counts.templates, 'the revised manufacturer template is used after a year').toBe(3);
    expect(counts.actions).toBeGreaterThan(0);
    expect(counts.closed).toBeGreaterThan(0);
    expect(counts.awarded).toBeGreaterThan(3);
    expect(counts.rfq_prices).toBeGreaterThan(0);
    expect(tally.commands - setUpCommands).toBeLessThan(600); // about 1,500 over two years at scale 1
    expect((await verify(ctx.db)).breaches).toEqual([]);
    const truth = supplierLifecycleTruth(world);
    expect(truth.suppliers.filter((s) => s.qualityIssue !== 'none')).toHaveLength(2);
    expect(truth.suppliers[0]).toMatchObject({ capability: expect.any(Number), defectRate: expect.any(Number), lateRenewalProbability: expect.any(Number) });
  });
});

describe('ledgerloop suppliers', () => {
  let cli: CliSource;
  beforeAll(async () => {
    cli = await cliSource('ll-suppliers-');
    const ctx = { db: cli.database().db, actor: 'test' };
    const co = await setUpTestCompany(ctx);
    await scm.defineCertificateType(ctx, { code: 'ISO9001', name: 'Quality management' });
    await scm.setCertificateRequirements(ctx, { category: 'HW', certificateTypes: ['ISO9001'] });
    await scm.updateSupplierRegistration(ctx, { supplierId: co.supplierId, categories: ['HW'], supplierType: 'distributor', bank: { accountNumber: '000123456789', bankCode: '021000021' } });
    await scm.recordSupplierCertificate(ctx, { supplierId: co.supplierId, certificateType: 'ISO9001', certificateNo: 'Q-77', issuedOn: '2023-07-01', expiresOn: '2024-06-20', date: '2024-01-01' });
    await cli.handOver();
  });
  afterAll(() => cli?.remove());

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    try {
      return { code: await suppliersCommand.run(argv), stdout: out.join('\n') };
    } finally {
      log.mockRestore();
    }
  };

  it('lists suppliers, shows one, and lists certificates running out', async () => {
    const list = JSON.parse((await run('list', '--date', '2024-06-01', '--json')).stdout);
    expect(list.asOf).toBe('2024-06-01');
    expect(list.suppliers).toMatchObject([{ code: 'S00001', legalName: 'Parts Inc', status: 'approved', categories: ['HW'], certificateGaps: 0, expiringCertificates: 1 }]);
    const lapsed = JSON.parse((await run('list', '--date', '2024-06-21', '--json')).stdout);
    expect(lapsed.suppliers[0]).toMatchObject({ certificateGaps: 1, expiringCertificates: 0 });

    const show = await run('show', 's00001', '--date', '2024-06-01');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('S00001 Parts Inc — approved');
    expect(show.stdout).toContain('…6789 (021000021)');
    expect(show.stdout).toMatch(/ISO9001\s+Q-77\s+2023-07-01\s+2024-06-20\s+yes\s+HW/);
    expect(JSON.parse((await run('show', 'S00001', '--json', '--date', '2024-06-01')).stdout)).toMatchObject({ code: 'S00001', asOf: '2024-06-01', statusHistory: [{ to: 'approved' }] });

    const expiring = JSON.parse((await run('certificates', '--expiring', '--date', '2024-06-01', '--json')).stdout);
    expect(expiring.certificates.map((c: { certificateNo: string; daysLeft: number }) => [c.certificateNo, c.daysLeft])).toEqual([['Q-77', 19]]);
    expect(JSON.parse((await run('certificates', '--expiring', '--date', '2024-05-01', '--within', '20', '--json')).stdout).certificates).toEqual([]);
    expect((await run('certificates', '--expiring', '--date', '2024-07-01', '--lapsed')).stdout).toMatch(/S00001.*Q-77.*2024-06-20\s+-11/);
  });

  it('refuses bad usage with a usage error naming what is wrong', async () => {
    await expect(run()).rejects.toThrow(/name an action: list, show, certificates/);
    await expect(run('delete')).rejects.toThrow(/unknown action 'delete'/);
    await expect(run('show')).rejects.toThrow(/name a supplier by code/);
    await expect(run('certificates')).rejects.toThrow(/needs --expiring/);
    await expect(run('certificates', '--expiring', '--within', '0')).rejects.toThrow(/--within must be a whole number from 1 to 365/);
    await expect(run('list', '--date', '2024-02-30')).rejects.toThrow(/--date must be a date/);
    await expect(run('show', 'S99999')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'supplier' });
  });
});
