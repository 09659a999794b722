import { addMonths } from 'date-fns';
import type { Context } from '../kernel/command.js';
import * as approvals from '../approvals/index.js';
import * as crm from '../crm/index.js';
import * as erp from '../erp/index.js';
import * as people from '../people/index.js';
import { stream } from './random.js';
import { CURRENCIES, REGIONS, type World } from './world.js';
import type { SimulationIds } from './setup.js';
import type { CustomerState } from './customers.js';
import type { Tally } from './tally.js';
import { dayAfter, daysBetween, iso, toDate } from './calendar.js';

/**
 * The demo company's commercial side: a share of large orders goes through a quote (with an
 * occasional deep discount that a sales manager approves or not), a few dozen annual service
 * contracts are signed with enterprise customers, their instalments are invoiced through
 * invoicing requests and paid — some late — and credit holds can be released through approvals.
 * Every decision is a keyed draw (`stream(seed, 'quote' | 'contract', …)`), so a continued run
 * draws what one long run would have. The order lines of a quoted order are exactly those the
 * customer model drew: quotes change prices and discounts, never demand.
 */
export const COMMERCIAL = {
  discountThresholdBp: 1_500,
  quote: {
    segments: ['enterprise', 'mid_market'] as readonly string[],
    /** Orders worth at least this (functional minor units, as drawn) may go through a quote. */
    minValue: 150_000,
    /** Share of eligible orders quoted first. */
    share: 0.3,
    validDays: 30,
    /** Share of quotes with a negotiated discount on every line, and the discounts offered. */
    discountShare: 0.45,
    discountsBp: [500, 1_000, 1_000, 1_500, 2_000, 2_500] as readonly number[],
    /** Share of discount approvals the sales manager (or general manager) rejects. */
    approvalRejectShare: 0.2,
    /** After a rejected discount, share of quotes revised down to the threshold (else ordered at list). */
    reviseAfterRejectShare: 0.5,
    /** Outcome of an approved quote: accepted, declined by the customer, or left to lapse. */
    acceptShare: 0.86,
    declineShare: 0.07,
  },
  contracts: {
    /** Chance a day that one enterprise customer signs an annual service contract. */
    perDay: 0.06,
    /** Contract value = the customer's expected order value × U(min, max). */
    valueMultiple: [1.5, 4] as const,
    instalmentCounts: [2, 4, 4, 12] as readonly number[],
    taxCategory: 'MACHINES',
    approvalRejectShare: 0.05,
    /** Instalments are put up for invoicing this many days before they fall due. */
    invoiceLeadDays: 14,
    invoicingRejectShare: 0.03,
  },
  instalmentPayment: {
    /** Share of instalments paid late: 3 + Gamma(2, 9) days after the due date (mean 21); the rest 0–5 days early. */
    lateShare: 0.25,
    lateDays: { offset: 3, shape: 2, scale: 9 },
    earlyDaysMax: 5,
  },
  creditHold: { releaseAfterDays: 2, rejectShare: 0.1 },
  /** Approval rules, functional minor units. */
  rules: [
    { documentType: 'quote_discount', minAmount: 0, steps: ['sales_manager'] },
    { documentType: 'quote_discount', minAmount: 100_000, steps: ['sales_manager', 'manager'] },
    { documentType: 'contract', minAmount: 0, steps: ['sales_manager'] },
    { documentType: 'contract', minAmount: 5_000_000, steps: ['sales_manager', 'manager'] },
    { documentType: 'invoicing_request', minAmount: 2_000_000, steps: ['accountant'] },
    { documentType: 'credit_hold', minAmount: 2_000_000, steps: ['sales_manager'] },
  ] as const,
} as const;

/** Who decides the commercial approvals. */
export interface CommercialStaff {
  salesManagers: Map<string, number>;
  director: number;
  accountant: number;
}

interface CommercialState {
  staff: CommercialStaff;
}

// One run's state, keyed by its ids object, so simulations in one process never share it.
const states = new WeakMap<SimulationIds, CommercialState>();

const MANAGER_NAMES = ['Rosa Alvarez', 'Tomas Eriksen', 'Amara Obi', 'Kenji Mori'];

/**
 * Sets up the commercial side of the company (idempotent, so it also serves a continued run):
 * a sales manager per region, a general manager and an accountant unless such employees exist,
 * the approval rules for quote discounts, contracts, invoicing requests and credit holds unless
 * rules for those document types exist, and the discount threshold.
 */
export async function setUpCommercial(ctx: Context, world: World, ids: SimulationIds): Promise<CommercialStaff> {
  void world;
  const employees = (await people.listEmployees(ctx.db)).filter((e) => e.active);
  const salesManagers = new Map<string, number>();
  for (const [r, region] of REGIONS.entries()) {
    const existing = employees.find((e) => e.role === 'sales_manager' && e.region === region.code);
    salesManagers.set(region.code, existing?.id ?? (await people.hireEmployee(ctx, { code: `COM-SM-${region.code}`, name: MANAGER_NAMES[r % MANAGER_NAMES.length]!, role: 'sales_manager', region: region.code })).employeeId);
  }
  const director = employees.find((e) => e.role === 'manager')?.id ?? (await people.hireEmployee(ctx, { code: 'COM-GM', name: 'Helena Marsh', role: 'manager' })).employeeId;
  const accountant = employees.find((e) => e.role === 'accountant')?.id ?? (await people.hireEmployee(ctx, { code: 'COM-ACC', name: 'Victor Lindqvist', role: 'accountant' })).employeeId;

  const existing = new Set((await approvals.approvalRules(ctx.db)).map((r) => r.documentType));
  for (const rule of COMMERCIAL.rules) {
    if (existing.has(rule.documentType)) continue;
    await approvals.setApprovalRule(ctx, { documentType: rule.documentType, minAmount: rule.minAmount, steps: rule.steps.map((role) => ({ role })) });
  }
  if ((await crm.discountApprovalThreshold(ctx.db)) !== COMMERCIAL.discountThresholdBp) {
    await crm.setDiscountApprovalThreshold(ctx, { thresholdBp: COMMERCIAL.discountThresholdBp });
  }
  const staff = { salesManagers, director, accountant };
  states.set(ids, { staff });
  return staff;
}

function stateOf(ids: SimulationIds): CommercialState {
  const state = states.get(ids);
  if (!state) throw new Error('call setUpCommercial(ctx, world, ids) before the commercial behaviours');
  return state;
}

export interface PlacedOrder {
  orderId: number;
  orderNo: string;
  status: string;
  /** Whether a quote was accepted for it (false: ordered at list after a declined, lapsed or refused quote). */
  quoted: boolean;
}

type OrderInput = { customerId: number; date: string; warehouseId: number; lines: { itemId: number; quantity: number }[] };

/**
 * Places a drawn order through a quote when it is eligible (a large enough order of an
 * enterprise or mid-market customer, and the quote draw says so): quote → discount approval if
 * needed → accepted (the sales order at the quoted prices), or declined / lapsed / refused and
 * then ordered at list prices. Returns undefined when the order is not quoted — the caller then
 * creates it as before. Counts its own commands in `tally` (the order included), not `tally.orders`.
 */
export async function placeOrderThroughQuote(
  ctx: Context,
  world: World,
  ids: SimulationIds,
  customer: CustomerState,
  purchase: number,
  /** The order's drawn value, functional minor units. */
  value: number,
  order: OrderInput,
  tally: Tally,
): Promise<PlacedOrder | undefined> {
  const q = COMMERCIAL.quote;
  if (!q.segments.includes(customer.plan.segment) || value < q.minValue) return undefined;
  const rng = stream(world.seed, 'quote', customer.plan.index, purchase);
  if (!rng.chance(q.share)) return undefined;
  const { staff } = stateOf(ids);
  const discountBp = rng.chance(q.discountShare) ? rng.pick(q.discountsBp) : undefined;
  const approveDiscount = !rng.chance(q.approvalRejectShare);
  const revise = rng.chance(q.reviseAfterRejectShare);
  const outcome = rng.uniform();
  const validUntil = dayAfter(order.date, q.validDays);
  const lines = (bp: number | undefined) => order.lines.map((l) => (bp === undefined ? l : { ...l, discountBp: bp }));

  const quote = await crm.createQuote(ctx, { customerId: order.customerId, date: order.date, validUntil, lines: lines(discountBp), submit: true });
  tally.commands++;
  let approved = quote.status === 'approved';
  if (quote.status === 'pending_approval') {
    approved = await decideChain(ctx, staff, quote.approvalRequestId!, customer.plan.region, approveDiscount, order.date, tally);
    if (!approved && revise) {
      await crm.reviseQuote(ctx, { quoteId: quote.quoteId, date: order.date, validUntil, lines: lines(COMMERCIAL.discountThresholdBp), submit: true });
      tally.commands++;
      approved = true;
    }
  }
  if (approved && outcome < q.acceptShare) {
    const accepted = await crm.acceptQuote(ctx, { quoteId: quote.quoteId, date: order.date, warehouseId: order.warehouseId });
    tally.commands++;
    return { orderId: accepted.orderId, orderNo: accepted.orderNo, status: accepted.orderStatus, quoted: true };
  }
  if (approved && outcome < q.acceptShare + q.declineShare) {
    await crm.rejectQuote(ctx, { quoteId: quote.quoteId, date: order.date, reason: 'customer chose to order at list price' });
    tally.commands++;
  }
  // Declined, lapsed (left for the weekly expiry) or refused: the customer orders at list price.
  const placed = await erp.createSalesOrder(ctx, order);
  tally.commands++;
  return { orderId: placed.orderId, orderNo: placed.orderNo, status: placed.status, quoted: false };
}

/** Decides every step of a request the same day: the region's sales manager, then the general manager. */
async function decideChain(ctx: Context, staff: CommercialStaff, requestId: number, region: string, approve: boolean, date: string, tally: Tally): Promise<boolean> {
  let role: string | undefined = (await approvals.pendingApprovals(ctx.db)).find((p) => p.requestId === requestId)?.role;
  while (role !== undefined) {
    const approverId = role === 'sales_manager' ? (staff.salesManagers.get(region) ?? staff.director) : staff.director;
    const result = await approvals.decide(ctx, { requestId, approverId, decision: approve ? 'approve' : 'reject', date, ...(approve ? {} : { comment: 'discount too deep' }) });
    tally.commands++;
    if (result.status !== 'pending') return result.status === 'approved';
    role = result.nextRole;
  }
  return false;
}

/**
 * The daily contract run: decides yesterday's pending contract, invoicing and credit-hold
 * approvals; now and then signs an annual service contract with an enterprise customer; puts
 * instalments falling due within two weeks up for invoicing; lets customers pay instalment
 * invoices (a quarter of them late); expires lapsed quotes on Mondays and completes finished
 * contracts on the 1st.
 */
export async function runContracts(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally): Promise<void> {
  const state = stateOf(ids);
  await decidePending(ctx, world, state.staff, today, tally);
  await maybeSignContract(ctx, world, ids, today, tally);

  for (const due of await crm.instalmentsToInvoice(ctx.db, { asOf: today, leadDays: COMMERCIAL.contracts.invoiceLeadDays })) {
    await crm.requestInvoicing(ctx, { instalmentId: due.instalmentId, date: today });
    tally.commands++;
  }

  for (const open of await crm.instalmentsAwaitingPayment(ctx.db)) {
    if (today < payDate(world.seed, open.instalmentId, open.dueDate)) continue;
    await erp.recordCustomerPayment(ctx, {
      customerId: open.customerId,
      date: today,
      amount: open.openAmount,
      currency: open.currency,
      allocations: [{ invoiceId: open.invoiceId, amount: open.openAmount }],
      reference: `contract instalment ${open.seq}`,
    });
    tally.commands++;
  }

  if (toDate(today).getUTCDay() === 1 && (await crm.quotesToExpire(ctx.db, today)) > 0) {
    await crm.expireQuotes(ctx, { asOf: today });
    tally.commands++;
  }
  if (today.endsWith('-01') && (await crm.contractsToComplete(ctx.db, today)).length > 0) {
    await crm.completeContracts(ctx, { date: today });
    tally.commands++;
  }
}

/** When the customer pays an instalment: its due date plus a keyed delay (late for a quarter of them). */
export function payDate(seed: number, instalmentId: number, dueDate: string): string {
  const p = COMMERCIAL.instalmentPayment;
  const rng = stream(seed, 'contract', 'pay', instalmentId);
  const days = rng.chance(p.lateShare) ? p.lateDays.offset + Math.round(rng.gamma(p.lateDays.shape, p.lateDays.scale)) : -rng.int(0, p.earlyDaysMax);
  return dayAfter(dueDate, days);
}

const DECIDED_HERE = new Set(['contract', 'invoicing_request', 'credit_hold']);

/** Requests made before today wait a day, then each gets one decision (one step) a day. */
async function decidePending(ctx: Context, world: World, staff: CommercialStaff, today: string, tally: Tally) {
  const pending = (await approvals.pendingApprovals(ctx.db)).filter((p) => DECIDED_HERE.has(p.documentType) && p.requestDate < today);
  const managers = [...staff.salesManagers.values()];
  for (const p of pending) {
    const rng = stream(world.seed, 'contract', 'decide', p.requestId, p.step);
    const rejectShare = p.documentType === 'contract' ? COMMERCIAL.contracts.approvalRejectShare
      : p.documentType === 'invoicing_request' ? COMMERCIAL.contracts.invoicingRejectShare : COMMERCIAL.creditHold.rejectShare;
    const approve = !rng.chance(rejectShare);
    const approverId = p.role === 'accountant' ? staff.accountant : p.role === 'sales_manager' ? managers[p.requestId % managers.length]! : staff.director;
    const result = await approvals.decide(ctx, { requestId: p.requestId, approverId, decision: approve ? 'approve' : 'reject', date: today });
    tally.commands++;
    if (result.status !== 'rejected') continue;
    // A refused contract is dropped (so the customer may sign another); a refused release cancels the order.
    if (p.documentType === 'contract') await crm.terminateContract(ctx, { contractId: p.documentId, date: today, reason: 'approval refused' });
    else if (p.documentType === 'credit_hold') await erp.cancelSalesOrder(ctx, { orderId: p.documentId, reason: 'credit release refused' });
    else continue;
    tally.commands++;
  }
}

/**
 * Signs an annual service contract with an enterprise customer that has none live, now and then.
 * Its latest order placed through an accepted quote, if not under a contract yet, is linked to it
 * (read from the books, so a continued run links what one long run would have).
 */
async function maybeSignContract(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally) {
  const c = COMMERCIAL.contracts;
  const rng = stream(world.seed, 'contract', 'sign', today);
  if (!rng.chance(c.perDay)) return;
  const enterprise = ids.customers.map((id, index) => ({ id, plan: world.customer(index) })).filter((x) => x.plan.segment === 'enterprise');
  for (let attempt = 0; attempt < 5 && enterprise.length > 0; attempt++) {
    const pick = enterprise[rng.int(0, enterprise.length - 1)]!;
    const current = await crm.contractsForCustomer(ctx.db, pick.id);
    if (current.some((k) => k.status === 'active' || k.status === 'pending_approval' || k.status === 'draft')) continue;
    const region = REGIONS.find((r) => r.code === pick.plan.region)!;
    const base = CURRENCIES.find((x) => x.code === region.currency)?.base ?? 1;
    const major = Math.max(100, Math.round((pick.plan.expectedOrderValue * (c.valueMultiple[0] + rng.uniform() * (c.valueMultiple[1] - c.valueMultiple[0]))) / base));
    const count = rng.pick(c.instalmentCounts);
    const interval = 12 / count;
    const end = dayAfter(iso(addMonths(toDate(today), 12)), -1);
    const underContract = new Set(current.flatMap((k) => k.orderIds));
    const linked = (await crm.quotesForCustomer(ctx.db, pick.id)).find((q) => q.salesOrderId !== null)?.salesOrderId ?? undefined;
    await crm.createContract(ctx, {
      customerId: pick.id,
      title: `Service agreement ${today.slice(0, 4)}`,
      signedDate: today,
      startDate: today,
      endDate: end,
      value: major * 100,
      currency: region.currency,
      taxCategory: c.taxCategory,
      plan: { count, firstDueDate: iso(addMonths(toDate(today), interval)), intervalMonths: interval },
      orderIds: linked === undefined || underContract.has(linked) ? [] : [linked],
    });
    tally.commands++;
    return;
  }
}

/**
 * Releases credit holds through approvals (a replacement for the direct release in the
 * fulfilment run): orders held `releaseAfterDays` or more get a release request — released at
 * once below the rule's amount, otherwise decided the next day by a sales manager; a refused
 * release cancels the order.
 */
export async function routeCreditHolds(ctx: Context, ids: SimulationIds, today: string, tally: Tally): Promise<void> {
  stateOf(ids);
  const waiting = new Set((await approvals.pendingApprovals(ctx.db)).filter((p) => p.documentType === 'credit_hold').map((p) => p.documentId));
  for (const held of await erp.heldOrders(ctx.db)) {
    if (waiting.has(held.id) || daysBetween(held.orderDate, today) < COMMERCIAL.creditHold.releaseAfterDays) continue;
    await crm.requestCreditRelease(ctx, { orderId: held.id, date: today, comment: 'credit control review' });
    tally.commands++;
  }
}

/** The commercial processes' parameters, for the ground-truth manifest. */
export function commercialTruth() {
  return {
    description: 'How quotes, discount approvals, contracts and instalment payments were drawn.',
    notes: [
      `Orders of enterprise and mid-market customers drawn at ${COMMERCIAL.quote.minValue / 100} or more (functional) go through a quote with probability ${COMMERCIAL.quote.share}; the order lines are the drawn ones either way.`,
      `A quote carries a negotiated discount on every line with probability ${COMMERCIAL.quote.discountShare}; above ${COMMERCIAL.discountThresholdBp / 100}% it needs approval, refused with probability ${COMMERCIAL.quote.approvalRejectShare}; after a refusal the quote is revised to the threshold with probability ${COMMERCIAL.quote.reviseAfterRejectShare}, else the customer orders at list price.`,
      `An approved quote is accepted with probability ${COMMERCIAL.quote.acceptShare}, declined with ${COMMERCIAL.quote.declineShare} and otherwise lapses (expired on the next Monday after ${COMMERCIAL.quote.validDays} days); declined and lapsed quotes are followed by an order at list price.`,
      `Each day an enterprise customer without a live contract signs an annual service contract with probability ${COMMERCIAL.contracts.perDay}; value = expected order value × U(${COMMERCIAL.contracts.valueMultiple.join(', ')}); ${COMMERCIAL.contracts.instalmentCounts.join('/')} equal instalments (drawn uniformly), the first one interval after signing.`,
      `Instalments are requested for invoicing ${COMMERCIAL.contracts.invoiceLeadDays} days before they fall due; approvals (where a rule applies) are decided the next day.`,
      `An instalment is paid late with probability ${COMMERCIAL.instalmentPayment.lateShare}: ${COMMERCIAL.instalmentPayment.lateDays.offset} + Gamma(${COMMERCIAL.instalmentPayment.lateDays.shape}, ${COMMERCIAL.instalmentPayment.lateDays.scale}) days after its due date; otherwise 0–${COMMERCIAL.instalmentPayment.earlyDaysMax} days early.`,
    ],
    parameters: COMMERCIAL,
    expected: {
      quoteAcceptanceRate: COMMERCIAL.quote.acceptShare,
      discountApprovalRejectionRate: COMMERCIAL.quote.approvalRejectShare,
      instalmentLatePaymentShare: COMMERCIAL.instalmentPayment.lateShare,
      instalmentMeanDaysLateWhenLate: COMMERCIAL.instalmentPayment.lateDays.offset + COMMERCIAL.instalmentPayment.lateDays.shape * COMMERCIAL.instalmentPayment.lateDays.scale,
      contractsPerYear: Math.round(COMMERCIAL.contracts.perDay * 365 * 10) / 10,
    },
  };
}
