import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { approvals, core, crm, erp, people, verify } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace, rejectionOf } from './support/fingerprint.js';

/**
 * Quotes, contracts with payment-collection plans, invoicing requests and credit-hold releases,
 * each through its approval gate; the customer 360.
 */
describe('CRM commercial documents', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let manager: number; // sales manager
  let director: number; // general manager
  let accountant: number;
  let secondManager: number;
  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    const { ctx } = co;
    manager = (await people.hireEmployee(ctx, { code: 'SM1', name: 'Sales Manager', role: 'sales_manager', region: 'NA' })).employeeId;
    secondManager = (await people.hireEmployee(ctx, { code: 'SM2', name: 'Second Manager', role: 'sales_manager', region: 'NA' })).employeeId;
    director = (await people.hireEmployee(ctx, { code: 'GM1', name: 'General Manager', role: 'manager' })).employeeId;
    accountant = (await people.hireEmployee(ctx, { code: 'AC1', name: 'Accountant', role: 'accountant' })).employeeId;
    await approvals.setApprovalRule(ctx, { documentType: 'quote_discount', minAmount: 0, steps: [{ role: 'sales_manager' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'contract', minAmount: 0, steps: [{ role: 'sales_manager' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'contract', minAmount: 1_000_000, steps: [{ role: 'sales_manager' }, { role: 'manager' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'invoicing_request', minAmount: 50_000, steps: [{ role: 'accountant' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'credit_hold', minAmount: 1_000_000, steps: [{ role: 'sales_manager' }] });
  });
  afterAll(() => database.drop());

  const latestStatus = async (quoteId: number) => (await crm.quoteDetail(co.ctx.db, quoteId))!.status;

  describe('quotes', () => {
    it('prices from the price list and discount rules, and an approved quote becomes a sales order at the quoted prices', async () => {
      const { ctx, eurCustomerId, warehouseId, items } = co;
      const quote = await crm.createQuote(ctx, { customerId: eurCustomerId, date: '2024-02-01', validUntil: '2024-02-29', lines: [{ itemId: items.widget, quantity: 10 }, { itemId: items.gadget, quantity: 1, discountBp: 1_000 }], submit: true });
      // The euro price list: widget €23.00, gadget €90.00 less 10%; no discount above 15%, so no approval.
      expect(quote).toMatchObject({ version: 1, status: 'approved', list: 23_000 + 9_000, net: 23_000 + 8_100, currency: 'EUR', needsApproval: false, approvalRequestId: null });
      await crm.sendQuote(ctx, { quoteId: quote.quoteId, date: '2024-02-02' });
      expect(await latestStatus(quote.quoteId)).toBe('sent');
      const accepted = await crm.acceptQuote(ctx, { quoteId: quote.quoteId, date: '2024-02-05', warehouseId });
      expect(accepted).toMatchObject({ orderStatus: 'open', net: 31_100 });
      const lines = await ctx.db.selectFrom('erp.sales_order_lines').select(['item_id', 'quantity', 'unit_price', 'discount_bp', 'net_amount']).where('order_id', '=', accepted.orderId).orderBy('line_no').execute();
      expect(lines).toEqual([
        { item_id: items.widget, quantity: 10, unit_price: 2_300, discount_bp: 0, net_amount: 23_000 },
        { item_id: items.gadget, quantity: 1, unit_price: 9_000, discount_bp: 1_000, net_amount: 8_100 },
      ]);
      const detail = await crm.quoteDetail(ctx.db, quote.quoteId);
      expect(detail).toMatchObject({ status: 'accepted', salesOrderId: accepted.orderId });
      await expectRejectedWithoutTrace(ctx.db, () => crm.acceptQuote(ctx, { quoteId: quote.quoteId, date: '2024-02-06', warehouseId }), 'CONFLICT', 'quoteId');
      await expectRejectedWithoutTrace(ctx.db, () => crm.reviseQuote(ctx, { quoteId: quote.quoteId, date: '2024-02-06', validUntil: '2024-03-01', lines: [{ itemId: items.widget, quantity: 1 }] }), 'NOT_ALLOWED', 'quoteId');
    });

    it('lets no unapproved quote become an order: not requested, pending or rejected', async () => {
      const { ctx, customerId, warehouseId, items } = co;
      const draft = await crm.createQuote(ctx, { customerId, date: '2024-03-01', validUntil: '2024-03-31', lines: [{ itemId: items.widget, quantity: 20, discountBp: 2_000 }] });
      expect(draft).toMatchObject({ status: 'draft', needsApproval: true, net: 40_000 });
      await expectRejectedWithoutTrace(ctx.db, () => crm.acceptQuote(ctx, { quoteId: draft.quoteId, date: '2024-03-02', warehouseId }), 'APPROVAL_REQUIRED', 'quoteId');

      const submitted = await crm.submitQuote(ctx, { quoteId: draft.quoteId, date: '2024-03-02' });
      expect(submitted.status).toBe('pending_approval');
      const pending = await approvals.pendingApprovals(ctx.db, { role: 'sales_manager' });
      expect(pending.find((p) => p.requestId === submitted.approvalRequestId)).toMatchObject({ documentType: 'quote_discount', documentId: draft.quoteId, amount: 10_000 });
      await expectRejectedWithoutTrace(ctx.db, () => crm.acceptQuote(ctx, { quoteId: draft.quoteId, date: '2024-03-03', warehouseId }), 'APPROVAL_PENDING', 'quoteId');
      await expectRejectedWithoutTrace(ctx.db, () => crm.sendQuote(ctx, { quoteId: draft.quoteId, date: '2024-03-03' }), 'APPROVAL_PENDING', 'quoteId');

      // The database refuses the shortcut too.
      const shortcut = await rejectionOf(sql`update crm.quote_versions set status = 'approved' where quote_id = ${draft.quoteId}`.execute(ctx.db));
      expect(String(shortcut)).toMatch(/LEDGERLOOP:APPROVAL_REQUIRED/);

      await approvals.decide(ctx, { requestId: submitted.approvalRequestId!, approverId: manager, decision: 'reject', comment: 'too deep', date: '2024-03-03' });
      expect(await latestStatus(draft.quoteId)).toBe('rejected');
      await expectRejectedWithoutTrace(ctx.db, () => crm.acceptQuote(ctx, { quoteId: draft.quoteId, date: '2024-03-04', warehouseId }), 'APPROVAL_REJECTED', 'quoteId');

      // Revised with a deeper discount: a new version, a new request, approved this time.
      const revised = await crm.reviseQuote(ctx, { quoteId: draft.quoteId, date: '2024-03-04', validUntil: '2024-03-31', lines: [{ itemId: items.widget, quantity: 20, discountBp: 1_800 }], submit: true });
      expect(revised).toMatchObject({ version: 2, status: 'pending_approval', net: 41_000 });
      await approvals.decide(ctx, { requestId: revised.approvalRequestId!, approverId: secondManager, decision: 'approve', date: '2024-03-05' });
      const detail = await crm.quoteDetail(ctx.db, draft.quoteId);
      expect(detail!.versions.map((v) => [v.version, v.status])).toEqual([[1, 'superseded'], [2, 'approved']]);
      const accepted = await crm.acceptQuote(ctx, { quoteId: draft.quoteId, date: '2024-03-06', warehouseId });
      expect(accepted.net).toBe(41_000);
      expect((await approvals.approvalHistory(ctx.db, 'quote_discount', draft.quoteId)).map((r) => r.status)).toEqual(['rejected', 'approved']);
    });

    it('wins the linked opportunity when its quote is accepted, in the same transaction', async () => {
      const { ctx, customerId, eurCustomerId, warehouseId, items, repId } = co;
      const opp = await crm.createOpportunity(ctx, { customerId, name: 'Widgets for the new plant', expectedCloseDate: '2024-03-31', amount: 50_000, date: '2024-03-05' });
      await expectRejectedWithoutTrace(ctx.db, () => crm.createQuote(ctx, { customerId: eurCustomerId, opportunityId: opp.opportunityId, date: '2024-03-06', validUntil: '2024-03-31', lines: [{ itemId: items.widget, quantity: 1 }] }), 'INVALID_INPUT', 'opportunityId');
      const q = await crm.createQuote(ctx, { customerId, opportunityId: opp.opportunityId, date: '2024-03-06', validUntil: '2024-03-31', lines: [{ itemId: items.widget, quantity: 20 }], submit: true });
      await crm.logActivity(ctx, { repId, customerId, opportunityId: opp.opportunityId, method: 'meeting', content: 'walked through the quote', date: '2024-03-07' });
      expect((await crm.opportunity(ctx.db, opp.opportunityId))!.status).toBe('open');
      await crm.acceptQuote(ctx, { quoteId: q.quoteId, date: '2024-03-08', warehouseId });
      expect((await crm.opportunity(ctx.db, opp.opportunityId))!).toMatchObject({ status: 'won', closedOn: '2024-03-08' });
      const view = await crm.customer360(ctx.db, customerId);
      expect(view!.opportunities.find((o) => o.opportunityId === opp.opportunityId)).toMatchObject({ status: 'won' });
      expect(view!.activities.some((a) => a.opportunityId === opp.opportunityId)).toBe(true);
      await expectRejectedWithoutTrace(ctx.db, () => crm.createQuote(ctx, { customerId, opportunityId: opp.opportunityId, date: '2024-03-09', validUntil: '2024-03-31', lines: [{ itemId: items.widget, quantity: 1 }] }), 'NOT_ALLOWED', 'opportunityId');
    });

    it('keeps earlier versions read-only in the database', async () => {
      const { ctx, customerId, items } = co;
      const q = await crm.createQuote(ctx, { customerId, date: '2024-03-10', validUntil: '2024-04-10', lines: [{ itemId: items.widget, quantity: 2 }] });
      await crm.reviseQuote(ctx, { quoteId: q.quoteId, date: '2024-03-11', validUntil: '2024-04-10', lines: [{ itemId: items.widget, quantity: 3 }] });
      const old = await rejectionOf(sql`update crm.quote_versions set status = 'approved' where id = ${q.versionId}`.execute(ctx.db));
      expect(String(old)).toMatch(/LEDGERLOOP:CONFLICT:quote version \d+ cannot go from superseded to approved/);
      const lines = await rejectionOf(sql`update crm.quote_lines set quantity = 1 where version_id = ${q.versionId}`.execute(ctx.db));
      expect(String(lines)).toMatch(/LEDGERLOOP:IMMUTABLE/);
      const amounts = await rejectionOf(sql`update crm.quote_versions set net_amount = 1 where id = ${q.versionId}`.execute(ctx.db));
      expect(String(amounts)).toMatch(/LEDGERLOOP:IMMUTABLE/);
      const added = await rejectionOf(sql`insert into crm.quote_lines (version_id, line_no, item_id, quantity, unit_price, discount_bp, net_amount) values (${q.versionId}, 9, ${items.gadget}, 1, 1, 0, 1)`.execute(ctx.db));
      expect(String(added)).toMatch(/totals do not match its lines/);
      await expectRejectedWithoutTrace(ctx.db, () => crm.reviseQuote(ctx, { quoteId: q.quoteId, date: '2024-03-09', validUntil: '2024-04-10', lines: [{ itemId: items.widget, quantity: 3 }] }), 'INVALID_INPUT', 'date');
    });

    it('approves a discount at once when no rule covers it, and expires quotes past their validity', async () => {
      const { ctx, customerId, warehouseId, items } = co;
      await crm.setDiscountApprovalThreshold(ctx, { thresholdBp: 500 });
      expect(await crm.discountApprovalThreshold(ctx.db)).toBe(500);
      const q = await crm.createQuote(ctx, { customerId, date: '2024-04-01', validUntil: '2024-04-10', lines: [{ itemId: items.widget, quantity: 1, discountBp: 600 }], submit: true });
      expect(q).toMatchObject({ status: 'pending_approval', needsApproval: true });
      await crm.setDiscountApprovalThreshold(ctx, { thresholdBp: 1_500 });
      await expectRejectedWithoutTrace(ctx.db, () => crm.acceptQuote(ctx, { quoteId: q.quoteId, date: '2024-04-05', warehouseId }), 'APPROVAL_PENDING');
      expect((await crm.expireQuotes(ctx, { asOf: '2024-04-11' })).quoteIds).toContain(q.quoteId);
      expect(await latestStatus(q.quoteId)).toBe('expired');
      // Deciding the stale request changes nothing.
      await approvals.decide(ctx, { requestId: q.approvalRequestId!, approverId: manager, decision: 'approve', date: '2024-04-12' });
      expect(await latestStatus(q.quoteId)).toBe('expired');

      const late = await crm.createQuote(ctx, { customerId, date: '2024-04-01', validUntil: '2024-04-10', lines: [{ itemId: items.gadget, quantity: 1 }], submit: true });
      await expectRejectedWithoutTrace(ctx.db, () => crm.acceptQuote(ctx, { quoteId: late.quoteId, date: '2024-04-11', warehouseId }), 'QUOTE_EXPIRED', 'date');
      await crm.rejectQuote(ctx, { quoteId: late.quoteId, date: '2024-04-09', reason: 'bought elsewhere' });
      expect(await latestStatus(late.quoteId)).toBe('rejected');
    });
  });

  describe('contracts and invoicing requests', () => {
    it('splits the value into instalments that sum to it, and refuses a plan that does not', async () => {
      const { ctx, customerId } = co;
      const contract = await crm.createContract(ctx, {
        customerId, title: 'Support 2024', signedDate: '2024-05-01', startDate: '2024-05-01', endDate: '2025-04-30', value: 100_001, taxCategory: 'HW',
        plan: { count: 3, firstDueDate: '2024-05-31', intervalMonths: 4 },
      });
      expect(contract).toMatchObject({ status: 'pending_approval', valueFunctional: 100_001 });
      expect(contract.instalments).toEqual([{ dueDate: '2024-05-31', amount: 33_334 }, { dueDate: '2024-09-30', amount: 33_333 }, { dueDate: '2025-01-31', amount: 33_334 }]);
      await expectRejectedWithoutTrace(
        ctx.db,
        () => crm.createContract(ctx, { customerId, title: 'Bad', signedDate: '2024-05-01', startDate: '2024-05-01', endDate: '2024-12-31', value: 1_000, plan: { schedule: [{ dueDate: '2024-06-01', amount: 600 }, { dueDate: '2024-07-01', amount: 300 }] } }),
        'PLAN_MISMATCH',
        'plan.schedule',
      );
      // The database checks the sum at commit, whoever writes.
      const extra = await rejectionOf(sql`insert into crm.contract_instalments (contract_id, seq, due_date, amount) values (${contract.contractId}, 4, '2025-03-31', 1)`.execute(ctx.db));
      expect(String(extra)).toMatch(/LEDGERLOOP:PLAN_MISMATCH/);
      const changed = await rejectionOf(sql`update crm.contract_instalments set amount = amount + 1 where contract_id = ${contract.contractId} and seq = 1`.execute(ctx.db));
      expect(String(changed)).toMatch(/LEDGERLOOP:IMMUTABLE/);
      const activated = await rejectionOf(sql`update crm.contracts set status = 'active' where id = ${contract.contractId}`.execute(ctx.db));
      expect(String(activated)).toMatch(/LEDGERLOOP:APPROVAL_REQUIRED/);
    });

    it('activates a contract through its approval chain, invoices instalments through requests and tracks their payment', async () => {
      const { ctx, customerId, warehouseId, items } = co;
      const order = await erp.createSalesOrder(ctx, { customerId, date: '2024-06-01', warehouseId, lines: [{ itemId: items.widget, quantity: 1 }] });
      const contract = await crm.createContract(ctx, {
        customerId, title: 'Maintenance', signedDate: '2024-06-01', startDate: '2024-06-01', endDate: '2024-11-30', value: 2_000_000, taxCategory: 'HW',
        plan: { schedule: [{ dueDate: '2024-07-01', amount: 40_000 }, { dueDate: '2024-09-01', amount: 960_000 }, { dueDate: '2024-11-30', amount: 1_000_000 }] },
        orderIds: [order.orderId],
      });
      expect(contract.status).toBe('pending_approval');
      const [first, second, third] = (await crm.contractDetail(ctx.db, contract.contractId))!.instalments;
      await expectRejectedWithoutTrace(ctx.db, () => crm.requestInvoicing(ctx, { instalmentId: first!.instalmentId, date: '2024-06-02' }), 'NOT_ALLOWED', 'instalmentId');

      // Two steps above 10,000.00: a sales manager, then the general manager.
      const step1 = await approvals.decide(ctx, { requestId: contract.approvalRequestId!, approverId: manager, decision: 'approve', date: '2024-06-02' });
      expect(step1).toMatchObject({ status: 'pending', nextRole: 'manager' });
      expect((await crm.contractDetail(ctx.db, contract.contractId))!.status).toBe('pending_approval');
      await approvals.decide(ctx, { requestId: contract.approvalRequestId!, approverId: director, decision: 'approve', date: '2024-06-03' });
      expect((await crm.contractDetail(ctx.db, contract.contractId))!.status).toBe('active');

      // 400.00 is below the invoicing rule: invoiced at once, due on the instalment's date, taxed 8%.
      const r1 = await crm.requestInvoicing(ctx, { instalmentId: first!.instalmentId, date: '2024-06-20' });
      expect(r1).toMatchObject({ status: 'invoiced' });
      const invoice1 = await ctx.db.selectFrom('erp.customer_invoices').selectAll().where('id', '=', r1.invoiceId!).executeTakeFirstOrThrow();
      expect(invoice1).toMatchObject({ order_id: null, due_date: '2024-07-01', net_amount: 40_000, tax_amount: 3_200, gross_amount: 43_200 });
      await expectRejectedWithoutTrace(ctx.db, () => crm.requestInvoicing(ctx, { instalmentId: first!.instalmentId, date: '2024-06-21' }), 'CONFLICT', 'instalmentId');

      // 9,600.00 needs the accountant: the invoice is issued when the request is approved.
      const r2 = await crm.requestInvoicing(ctx, { instalmentId: second!.instalmentId, date: '2024-08-15' });
      expect(r2).toMatchObject({ status: 'pending_approval', invoiceId: null });
      await expectRejectedWithoutTrace(ctx.db, () => crm.requestInvoicing(ctx, { instalmentId: second!.instalmentId, date: '2024-08-16' }), 'DUPLICATE', 'instalmentId');
      await approvals.decide(ctx, { requestId: r2.approvalRequestId, approverId: accountant, decision: 'approve', date: '2024-08-16' });
      const requests = await crm.invoicingRequests(ctx.db, { customerId });
      expect(requests.find((r) => r.requestId === r2.requestId)).toMatchObject({ status: 'invoiced', statusDate: '2024-08-16' });

      // The third is refused once, then asked again and approved.
      const r3 = await crm.requestInvoicing(ctx, { instalmentId: third!.instalmentId, date: '2024-11-01' });
      await approvals.decide(ctx, { requestId: r3.approvalRequestId, approverId: accountant, decision: 'reject', comment: 'wait for sign-off', date: '2024-11-02' });
      expect((await crm.invoicingRequests(ctx.db, { status: 'rejected' })).map((r) => r.requestId)).toContain(r3.requestId);

      // Payments: the first instalment in full, the second in part.
      const detailBefore = await crm.contractDetail(ctx.db, contract.contractId);
      const invoice2 = detailBefore!.instalments[1]!;
      expect(invoice2).toMatchObject({ status: 'invoiced', invoiceGross: 1_036_800 });
      await erp.recordCustomerPayment(ctx, { customerId, date: '2024-07-01', amount: 43_200, allocations: [{ invoiceId: r1.invoiceId!, amount: 43_200 }] });
      await erp.recordCustomerPayment(ctx, { customerId, date: '2024-09-10', amount: 500_000, allocations: [{ invoiceId: invoice2.invoiceId!, amount: 500_000 }] });
      const detail = await crm.contractDetail(ctx.db, contract.contractId);
      expect(detail!.orderIds).toEqual([order.orderId]);
      expect(detail!.instalments.map((i) => [i.seq, i.status, i.paid])).toEqual([[1, 'paid', 43_200], [2, 'partially_paid', 500_000], [3, 'open', 0]]);
      expect(detail!.instalments[0]!.payments).toHaveLength(1);
      expect(detail!.instalments.reduce((s, i) => s + i.amount, 0)).toBe(2_000_000);

      // Overdue as of a date: the part-paid second, and the third once its date has passed unbilled.
      const overdue = (asOf: string) => crm.overdueInstalments(ctx.db, { asOf, customerId }).then((rows) => rows.filter((r) => r.contractId === contract.contractId).map((r) => [r.seq, r.daysOverdue, r.outstanding]));
      expect(await overdue('2024-09-01')).toEqual([]);
      expect(await overdue('2024-09-11')).toEqual([[2, 10, 536_800]]);
      expect(await overdue('2024-12-01')).toEqual([[2, 91, 536_800], [3, 1, 1_000_000]]);
      expect((await crm.instalmentsToInvoice(ctx.db, { asOf: '2024-11-30' })).map((i) => i.instalmentId)).toContain(third!.instalmentId);

      const r3b = await crm.requestInvoicing(ctx, { instalmentId: third!.instalmentId, date: '2024-11-20' });
      await approvals.decide(ctx, { requestId: r3b.approvalRequestId, approverId: accountant, decision: 'approve', date: '2024-11-21' });
      expect((await crm.completeContracts(ctx, { date: '2024-12-04' })).contractIds).not.toContain(contract.contractId);
      await erp.recordCustomerPayment(ctx, { customerId, date: '2024-12-05', amount: 536_800 + 1_080_000 });
      expect((await crm.completeContracts(ctx, { date: '2024-12-05' })).contractIds).toContain(contract.contractId);
      expect((await crm.contractDetail(ctx.db, contract.contractId))!.status).toBe('completed');
      expect((await verify(ctx.db)).breaches).toEqual([]);
    });

    it('sends a rejected contract back to draft and lets it be terminated', async () => {
      const { ctx, customerId } = co;
      const c = await crm.createContract(ctx, { customerId, title: 'Pilot', signedDate: '2024-07-01', startDate: '2024-07-01', endDate: '2024-12-31', value: 5_000, plan: { count: 2, firstDueDate: '2024-08-01', intervalMonths: 3 } });
      await approvals.decide(ctx, { requestId: c.approvalRequestId!, approverId: manager, decision: 'reject', date: '2024-07-02' });
      expect((await crm.contractDetail(ctx.db, c.contractId))!.status).toBe('draft');
      const again = await crm.submitContract(ctx, { contractId: c.contractId, date: '2024-07-03' });
      expect(again.status).toBe('pending_approval');
      await crm.terminateContract(ctx, { contractId: c.contractId, date: '2024-07-04', reason: 'customer withdrew' });
      expect((await crm.contractDetail(ctx.db, c.contractId))!.status).toBe('terminated');
      await expectRejectedWithoutTrace(ctx.db, () => crm.terminateContract(ctx, { contractId: c.contractId, date: '2024-07-05', reason: 'again' }), 'CONFLICT', 'contractId');
    });

    it('bills a foreign-currency contract in its currency at the invoice date\'s rate', async () => {
      const { ctx, eurCustomerId } = co;
      await core.setExchangeRate(ctx, { currency: 'EUR', date: '2024-08-01', rate: '1.20' });
      const c = await crm.createContract(ctx, { customerId: eurCustomerId, title: 'EU service', signedDate: '2024-08-01', startDate: '2024-08-01', endDate: '2025-07-31', value: 30_000, taxCategory: 'HW', plan: { count: 12, firstDueDate: '2024-08-31' } });
      expect(c).toMatchObject({ status: 'pending_approval', valueFunctional: 36_000 });
      await approvals.decide(ctx, { requestId: c.approvalRequestId!, approverId: director, decision: 'approve', comment: 'a manager may decide any step', date: '2024-08-01' });
      const [first] = (await crm.contractDetail(ctx.db, c.contractId))!.instalments;
      const r = await crm.requestInvoicing(ctx, { instalmentId: first!.instalmentId, date: '2024-08-10' });
      const invoice = await ctx.db.selectFrom('erp.customer_invoices').selectAll().where('id', '=', r.invoiceId!).executeTakeFirstOrThrow();
      expect(invoice).toMatchObject({ currency: 'EUR', net_amount: 2_500, tax_amount: 500, gross_functional: 3_600 });
      expect((await verify(ctx.db)).breaches).toEqual([]);
    });

    it('invoices an order\'s delivered goods through an approved request', async () => {
      const { ctx, customerId, warehouseId, items } = co;
      const order = await erp.createSalesOrder(ctx, { customerId, date: '2024-09-01', warehouseId, lines: [{ itemId: items.gadget, quantity: 10 }] });
      await expectRejectedWithoutTrace(ctx.db, () => crm.requestInvoicing(ctx, { orderId: order.orderId, date: '2024-09-01' }), 'NOTHING_TO_INVOICE', 'orderId');
      await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-09-02' });
      const r = await crm.requestInvoicing(ctx, { orderId: order.orderId, date: '2024-09-02' });
      expect(r).toMatchObject({ status: 'pending_approval' });
      await approvals.decide(ctx, { requestId: r.approvalRequestId, approverId: accountant, decision: 'approve', date: '2024-09-03' });
      const invoices = await ctx.db.selectFrom('erp.customer_invoices').select(['id', 'net_amount']).where('order_id', '=', order.orderId).execute();
      expect(invoices).toEqual([{ id: expect.any(Number), net_amount: 99_990 }]);
      expect((await crm.invoicingRequests(ctx.db, { customerId })).find((x) => x.requestId === r.requestId)).toMatchObject({ status: 'invoiced', invoiceId: invoices[0]!.id, kind: 'order' });
      await expectRejectedWithoutTrace(ctx.db, () => crm.requestInvoicing(ctx, { instalmentId: 1, orderId: order.orderId, date: '2024-09-04' }), 'INVALID_INPUT', 'instalmentId');
    });
  });

  describe('concurrent callers', () => {
    it('turns one quote into one order and one instalment into one invoice, however many try at once', async () => {
      const { ctx, customerId, warehouseId, items } = co;
      const q = await crm.createQuote(ctx, { customerId, date: '2024-10-10', validUntil: '2024-10-31', lines: [{ itemId: items.widget, quantity: 1 }], submit: true });
      const accepts = await Promise.allSettled(Array.from({ length: 8 }, () => crm.acceptQuote({ db: ctx.db, actor: 'racer' }, { quoteId: q.quoteId, date: '2024-10-11', warehouseId })));
      expect(accepts.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(accepts.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill('CONFLICT'));
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from crm.quotes where id = ${q.quoteId} and sales_order_id is not null`.execute(ctx.db);
      expect(rows[0]!.n).toBe(1);

      const c = await crm.createContract(ctx, { customerId, title: 'Race', signedDate: '2024-10-10', startDate: '2024-10-10', endDate: '2025-10-09', value: 40_000, plan: { count: 1, firstDueDate: '2024-11-10' } });
      await approvals.decide(ctx, { requestId: c.approvalRequestId!, approverId: manager, decision: 'approve', date: '2024-10-10' });
      const [instalment] = (await crm.contractDetail(ctx.db, c.contractId))!.instalments;
      const requests = await Promise.allSettled(Array.from({ length: 8 }, () => crm.requestInvoicing({ db: ctx.db, actor: 'racer' }, { instalmentId: instalment!.instalmentId, date: '2024-10-20' })));
      expect(requests.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of requests.filter((x) => x.status === 'rejected')) expect(['CONFLICT', 'DUPLICATE']).toContain((r as PromiseRejectedResult).reason.code);
      const invoices = await sql<{ n: number }>`select count(*)::int as n from crm.invoicing_requests where instalment_id = ${instalment!.instalmentId}`.execute(ctx.db);
      expect(invoices.rows[0]!.n).toBe(1);
      expect((await verify(ctx.db)).breaches).toEqual([]);
    });
  });

  describe('credit holds', () => {
    it('releases a held order through approval: at once below the rule, after a decision above it', async () => {
      const { ctx, warehouseId, items } = co;
      const { customerId } = await crm.createCustomer(ctx, { name: 'Tight Credit Ltd', region: 'NA', segment: 'small_business', creditLimit: 1_000 });
      const small = await erp.createSalesOrder(ctx, { customerId, date: '2024-10-01', warehouseId, lines: [{ itemId: items.widget, quantity: 1 }] });
      expect(small.status).toBe('held');
      const released = await crm.requestCreditRelease(ctx, { orderId: small.orderId, date: '2024-10-01' });
      expect(released).toMatchObject({ status: 'approved', released: true, reserved: 1 });
      await expectRejectedWithoutTrace(ctx.db, () => crm.requestCreditRelease(ctx, { orderId: small.orderId, date: '2024-10-02' }), 'CONFLICT', 'orderId');

      const big = await erp.createSalesOrder(ctx, { customerId, date: '2024-10-02', warehouseId, lines: [{ itemId: items.gadget, quantity: 1, unitPrice: 1_000_000 }] });
      const request = await crm.requestCreditRelease(ctx, { orderId: big.orderId, date: '2024-10-02', comment: 'long-standing customer' });
      expect(request).toMatchObject({ status: 'pending', released: false });
      expect((await erp.heldOrders(ctx.db)).map((o) => o.id)).toContain(big.orderId);
      await approvals.decide(ctx, { requestId: request.approvalRequestId, approverId: manager, decision: 'approve', date: '2024-10-03' });
      expect((await erp.heldOrders(ctx.db)).map((o) => o.id)).not.toContain(big.orderId);
      expect((await verify(ctx.db)).breaches).toEqual([]);
    });
  });

  describe('customer 360', () => {
    it('gathers an account\'s documents in one call', async () => {
      const { ctx, customerId } = co;
      await crm.addContact(ctx, { customerId, name: 'Pat Buyer', email: 'pat@acme.example', role: 'purchasing' });
      const view = await crm.customer360(ctx.db, customerId, { asOf: '2024-12-31' });
      expect(view!.account).toMatchObject({ id: customerId, name: 'Acme', owner: { id: co.repId, role: 'sales_rep' } });
      expect(view!.contacts).toEqual([expect.objectContaining({ name: 'Pat Buyer', email: 'pat@acme.example', role: 'purchasing' })]);
      expect(view!.quotes.length).toBeGreaterThanOrEqual(4);
      expect(view!.orders.some((o) => o.quoteId !== null)).toBe(true);
      expect(view!.orders.some((o) => o.contractId !== null)).toBe(true);
      expect(view!.contracts.map((c) => c.status)).toEqual(expect.arrayContaining(['completed', 'terminated']));
      expect(view!.invoices.some((i) => i.kind === 'service')).toBe(true);
      const receivable = await sql<{ b: number }>`select coalesce(sum(debit - credit), 0)::bigint as b from finance.journal_lines where customer_id = ${customerId} and account_code = '1200'`.execute(ctx.db);
      expect(view!.openBalance.functional).toBe(receivable.rows[0]!.b);
      expect(view).toHaveProperty('activities');
      expect(view).toHaveProperty('opportunities');
      expect(view).toHaveProperty('returns');
      expect(view).toHaveProperty('tickets');
      expect(await crm.customer360(ctx.db, 999_999)).toBeUndefined();
    });
  });
});

describe('the commercial behaviours of the demo company', () => {
  let database: TestDatabase;
  afterAll(() => database.drop());

  it('quotes large orders, signs contracts, invoices instalments through requests and collects them, some late', async () => {
    const { buildWorld } = await import('../domain/simulate/world.js');
    const { foundCompany, SIMULATOR } = await import('../domain/simulate/setup.js');
    const { setUpCommercial, placeOrderThroughQuote, runContracts, payDate, commercialTruth } = await import('../domain/simulate/commercial.js');
    const { newTally } = await import('../domain/simulate/tally.js');
    const { dayAfter } = await import('../domain/simulate/calendar.js');
    database = await freshDatabase();
    const ctx = { db: database.db, actor: SIMULATOR };
    const world = buildWorld(11, 0.05);
    const ids = await foundCompany(ctx, world, '2024-01-01');
    const staff = await setUpCommercial(ctx, world, ids);
    expect(await setUpCommercial(ctx, world, ids)).toEqual(staff); // idempotent: nothing hired or set twice
    expect((await approvals.approvalRules(ctx.db)).length).toBe(6);
    const tally = newTally();

    // Quotes: the order lines are the drawn ones whatever happens to the quote.
    const index = [...Array(400).keys()].find((i) => world.customer(i).segment === 'enterprise')!;
    const plan = world.customer(index);
    const { customerId } = await crm.createCustomer(ctx, { name: plan.name, region: plan.region, segment: plan.segment, currency: 'USD', paymentTermsDays: 45 });
    const state = { plan: { ...plan, region: 'NA' }, id: customerId, acquired: '2024-01-01', orders: 0, droppedOut: false };
    const input = { customerId, date: '2024-01-02', warehouseId: ids.warehouses.get('WH-NA')!, lines: [{ itemId: ids.items[0]!, quantity: 3 }, { itemId: ids.items[1]!, quantity: 2 }] };
    let quoted = 0;
    for (let purchase = 0; purchase < 12; purchase++) {
      const placed = await placeOrderThroughQuote(ctx, world, ids, state, purchase, 1_000_000, input, tally);
      if (!placed) continue;
      quoted++;
      const lines = await ctx.db.selectFrom('erp.sales_order_lines').select(['item_id', 'quantity']).where('order_id', '=', placed.orderId).orderBy('line_no').execute();
      expect(lines).toEqual(input.lines.map((l) => ({ item_id: l.itemId, quantity: l.quantity })));
    }
    expect(quoted).toBeGreaterThan(0);
    expect(await placeOrderThroughQuote(ctx, world, ids, state, 99, 1_000, input, tally)).toBeUndefined(); // too small to quote

    // A contract with monthly instalments, then four months of contract runs.
    ids.customers.push(customerId);
    const contract = await crm.createContract(ctx, { customerId, title: 'Service', signedDate: '2024-01-02', startDate: '2024-01-02', endDate: '2024-12-31', value: 1_200_000, taxCategory: 'MACHINES', plan: { count: 12, firstDueDate: '2024-02-01' } });
    expect(contract.status).toBe('pending_approval');
    await approvals.decide(ctx, { requestId: contract.approvalRequestId!, approverId: staff.salesManagers.get('NA')!, decision: 'approve', date: '2024-01-02' });
    for (let day = 3; day <= 130; day++) await runContracts(ctx, world, ids, dayAfter('2024-01-01', day - 1), tally);
    const detail = (await crm.contractDetail(ctx.db, contract.contractId))!;
    expect(detail.status).toBe('active');
    const invoiced = detail.instalments.filter((i) => i.invoiceId !== null);
    expect(invoiced.map((i) => i.seq)).toEqual([1, 2, 3, 4]); // due by 2024-05-23 (the last run day + 14 days)
    for (const i of detail.instalments) {
      const paidOn = i.payments[0]?.date;
      const planned = payDate(world.seed, i.instalmentId, i.dueDate);
      if (i.status === 'paid') expect(paidOn).toBe(planned);
      else expect(planned > '2024-05-09' || i.invoiceId === null).toBe(true);
    }
    expect(tally.commands).toBeGreaterThan(10);
    // Over many instalments, the drawn share paid late is the manifest's.
    const late = [...Array(4_000).keys()].filter((k) => payDate(world.seed, k + 1, '2024-06-01') > '2024-06-01').length / 4_000;
    expect(Math.abs(late - commercialTruth().expected.instalmentLatePaymentShare)).toBeLessThan(0.03);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });
});
