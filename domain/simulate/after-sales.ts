import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import type { Context } from '../kernel/command.js';
import { isDomainError } from '../kernel/errors.js';
import * as crm from '../crm/index.js';
import * as erp from '../erp/index.js';
import * as people from '../people/index.js';
import * as approvals from '../approvals/index.js';
import { stream, type Rng } from './random.js';
import { dayAfter, daysBetween } from './calendar.js';
import type { Tally } from './tally.js';
import type { TicketPriority, TicketType } from '../crm/after-sales/tables.js';

/**
 * After-sales in the demo company. Returns: each delivered line comes back with a probability
 * that depends on its item's category, a few days after delivery; returns worth more than the
 * approval bands go to the sales manager (and above the top band the general manager too), who
 * rejects a few; approved goods arrive a few days later and are restocked or, after inspection,
 * scrapped; the invoice is credited and what was paid refunded. Service: machines get
 * installation visits and electronics and machines repair calls some weeks later; technicians
 * answer and resolve most tickets within their SLA targets, now and then late, and customers
 * score them on closure (lower after a breach). Every draw is keyed by the document it is about.
 */

/** Probability that a delivered line is returned, by item category. */
const RETURN_RATE_PER_LINE: Record<string, number> = {
  MACHINES: 0.016, ELECTRONICS: 0.014, TOOLS: 0.008, SAFETY: 0.005, COMPONENTS: 0.004, SPARES: 0.004, CONSUMABLES: 0.002, PACKAGING: 0.002,
};
/** Probability that a returned unit is scrapped after inspection rather than restocked. */
const SCRAP_SHARE: Record<string, number> = {
  MACHINES: 0.2, ELECTRONICS: 0.45, TOOLS: 0.25, SAFETY: 0.5, COMPONENTS: 0.3, SPARES: 0.3, CONSUMABLES: 0.6, PACKAGING: 0.6,
};
const RETURN_REASONS = ['damaged in transit', 'defective', 'wrong item shipped', 'not as described', 'no longer needed'] as const;
/**
 * Days from delivery to the return request: most within REQUEST_LAG, a share found in use weeks
 * later (by then the invoice is often paid, and the return is refunded); then from the request
 * to the goods' arrival.
 */
const REQUEST_LAG = { min: 2, max: 10 };
const LATE_REQUEST = { probability: 0.25, lagDays: [40, 60] };
const RECEIPT_LAG = { min: 2, max: 6 };
const REJECT_PROBABILITY = 0.12;
/** Approval bands for returns, functional minor units (USD). */
const RETURN_RULES = [
  { minAmount: 50_000, maxAmount: 500_000, steps: ['sales_manager'] as const },
  { minAmount: 500_000, steps: ['sales_manager', 'manager'] as const },
];

/** Ticket openings, per delivery that carries a line of the category. */
const TICKETS = {
  installation: { categories: ['MACHINES'], probability: 0.05, lagDays: [1, 2, 3] },
  on_site_test: { categories: ['ELECTRONICS'], probability: 0.02, lagDays: [2, 4] },
  repair: { categories: ['MACHINES', 'ELECTRONICS'], probability: 0.018, lagDays: [20, 35, 50, 75] },
} as const satisfies Partial<Record<TicketType, { categories: readonly string[]; probability: number; lagDays: readonly number[] }>>;
const PRIORITY_WEIGHTS: Record<keyof typeof TICKETS, Record<TicketPriority, number>> = {
  installation: { low: 0.2, normal: 0.5, high: 0.25, urgent: 0.05 },
  on_site_test: { low: 0.3, normal: 0.5, high: 0.2, urgent: 0 },
  repair: { low: 0.1, normal: 0.4, high: 0.35, urgent: 0.15 },
};
/** Response and resolution targets in days, by type and priority. */
const SLA: Record<TicketType, Record<TicketPriority, [number, number]>> = {
  installation: { low: [3, 10], normal: [2, 7], high: [1, 4], urgent: [0, 2] },
  on_site_test: { low: [3, 7], normal: [2, 5], high: [1, 3], urgent: [0, 1] },
  demonstration: { low: [5, 10], normal: [3, 7], high: [2, 5], urgent: [1, 3] },
  repair: { low: [3, 10], normal: [2, 6], high: [1, 3], urgent: [0, 2] },
};
const RESPONSE_BREACH_PROBABILITY = 0.08;
const RESOLUTION_BREACH_PROBABILITY = 0.1;
const CANCEL_PROBABILITY = 0.03;
/** Satisfaction scores drawn on closure, by the number of breaches the ticket suffered. */
const SATISFACTION: readonly (readonly number[])[] = [[5, 5, 5, 4, 4, 4, 3], [4, 3, 3, 3, 2], [3, 2, 2, 1]];
const TECHNICIANS = 6;
const CODE = { technician: (i: number) => `AS-TECH${String(i + 1).padStart(2, '0')}`, salesManager: 'AS-SM1', manager: 'AS-GM1' };

/** The after-sales staff, SLA targets and return approval rules; called when the company is founded (again: no-op). */
export async function setUpAfterSales(ctx: Context, _seed: number): Promise<void> {
  const existing = await staff(ctx.db);
  if (existing.technicians.length > 0 || existing.byRole.size > 0) return; // already set up (a continued company)
  for (let i = 0; i < TECHNICIANS; i++) await people.hireEmployee(ctx, { code: CODE.technician(i), name: `Technician ${i + 1}`, role: 'technician' });
  await people.hireEmployee(ctx, { code: CODE.salesManager, name: 'After-sales manager', role: 'sales_manager' });
  await people.hireEmployee(ctx, { code: CODE.manager, name: 'General manager', role: 'manager' });
  for (const rule of RETURN_RULES) {
    await approvals.setApprovalRule(ctx, { documentType: crm.RETURN_DOCUMENT_TYPE, minAmount: rule.minAmount, ...(rule.maxAmount ? { maxAmount: rule.maxAmount } : {}), steps: rule.steps.map((role) => ({ role })) });
  }
  for (const [ticketType, byPriority] of Object.entries(SLA) as [TicketType, Record<TicketPriority, [number, number]>][]) {
    for (const [priority, [responseDays, resolutionDays]] of Object.entries(byPriority) as [TicketPriority, [number, number]][]) {
      await crm.setSlaTarget(ctx, { ticketType, priority, responseDays, resolutionDays });
    }
  }
}

interface Staff {
  technicians: number[];
  byRole: Map<string, number>;
}
const staffCache = new WeakMap<Kysely<DB>, Staff>();

async function staff(db: Kysely<DB>): Promise<Staff> {
  const cached = staffCache.get(db);
  if (cached) return cached;
  const employees = await people.listEmployees(db);
  const id = (code: string) => employees.find((e) => e.code === code)?.id;
  const technicians = Array.from({ length: TECHNICIANS }, (_, i) => id(CODE.technician(i))).filter((x): x is number => x !== undefined);
  const byRole = new Map<string, number>();
  const sm = id(CODE.salesManager);
  const gm = id(CODE.manager);
  if (sm) byRole.set('sales_manager', sm);
  if (gm) byRole.set('manager', gm);
  const found = { technicians, byRole };
  // Only a complete set is kept, so a company set up later in the same process is seen.
  if (technicians.length === TECHNICIANS && sm && gm) staffCache.set(db, found);
  return found;
}

/** One simulated day of after-sales: new returns and tickets, then the work on open ones. */
export async function runAfterSales(ctx: Context, seed: number, today: string, tally: Tally): Promise<void> {
  const team = await staff(ctx.db);
  await requestReturns(ctx, seed, today, tally);
  await decideReturns(ctx, seed, today, team, tally);
  await receiveReturns(ctx, seed, today, tally);
  if (team.technicians.length === 0) return; // no service department (set-up not run)
  await openTickets(ctx, seed, today, tally);
  await workTickets(ctx, seed, today, team, tally);
}

/** When a delivery's return request comes, if it comes: drawn first from the delivery's own stream. */
function returnDay(seed: number, delivery: { deliveryId: number; deliveryDate: string }) {
  const rng = stream(seed, 'return', delivery.deliveryId);
  const lag = rng.chance(LATE_REQUEST.probability) ? rng.pick(LATE_REQUEST.lagDays) : rng.int(REQUEST_LAG.min, REQUEST_LAG.max);
  return { day: dayAfter(delivery.deliveryDate, lag), rng };
}

/** Which lines come back, and how many units: the same stream, after the day. */
function returnedLines(rng: Rng, lines: erp.DeliveredLine[]) {
  return lines.flatMap((l) => {
    if (!rng.chance(RETURN_RATE_PER_LINE[l.category] ?? 0.002)) return [];
    const quantity = l.quantity <= 2 || rng.chance(0.5) ? l.quantity : rng.int(1, l.quantity);
    return [{ deliveryLineId: l.deliveryLineId, quantity, reason: rng.pick(RETURN_REASONS) }];
  });
}

async function requestReturns(ctx: Context, seed: number, today: string, tally: Tally) {
  const lags = [...Array.from({ length: REQUEST_LAG.max - REQUEST_LAG.min + 1 }, (_, k) => REQUEST_LAG.min + k), ...LATE_REQUEST.lagDays];
  // Only ids and dates for the whole look-back; lines only for the deliveries whose day is today.
  const due = (await erp.deliveriesOn(ctx.db, lags.map((lag) => dayAfter(today, -lag))))
    .map((d) => ({ d, plan: returnDay(seed, d) }))
    .filter((x) => x.plan.day === today);
  const summaries = new Map((await erp.deliverySummaries(ctx.db, due.map((x) => x.d.deliveryId))).map((s) => [s.deliveryId, s]));
  for (const { d, plan } of due) {
    const lines = returnedLines(plan.rng, summaries.get(d.deliveryId)?.lines ?? []);
    if (lines.length === 0) continue;
    try {
      await crm.requestReturn(ctx, { deliveryId: d.deliveryId, date: today, lines });
      tally.commands++;
    } catch (error) {
      // Goods not invoiced yet (an order invoiced on request) are not returned in this simulation.
      if (!(isDomainError(error) && error.code === 'NOT_INVOICED')) throw error;
    }
  }
}

/** The approvers look at returns waiting for them the day after they arrive, one step a day. */
async function decideReturns(ctx: Context, seed: number, today: string, team: Staff, tally: Tally) {
  const waiting = (await approvals.pendingApprovals(ctx.db)).filter((p) => p.documentType === crm.RETURN_DOCUMENT_TYPE && p.requestDate < today);
  for (const p of waiting) {
    const approverId = team.byRole.get(p.role);
    if (approverId === undefined) continue;
    const reject = stream(seed, 'return-approval', p.requestId, p.step).chance(REJECT_PROBABILITY);
    await approvals.decide(ctx, { requestId: p.requestId, approverId, decision: reject ? 'reject' : 'approve', date: today, ...(reject ? { comment: 'outside the return policy' } : {}) });
    tally.commands++;
  }
}

async function receiveReturns(ctx: Context, seed: number, today: string, tally: Tally) {
  for (const r of await crm.openReturns(ctx.db, 'approved')) {
    const rng = stream(seed, 'return-receipt', r.returnId);
    if (daysBetween(r.requestDate, today) < rng.int(RECEIPT_LAG.min, RECEIPT_LAG.max)) continue;
    await crm.receiveReturn(ctx, {
      returnId: r.returnId,
      date: today,
      lines: r.lines.map((l) => {
        // Each unit is inspected on its own.
        let scrap = 0;
        for (let u = 0; u < l.quantity; u++) if (rng.chance(SCRAP_SHARE[l.category] ?? 0.3)) scrap++;
        return { returnLineId: l.returnLineId, restock: l.quantity - scrap, scrap, ...(scrap > 0 ? { note: `${scrap} unusable` } : {}) };
      }),
    });
    tally.commands++;
  }
}

const TICKET_TYPES_SIMULATED = Object.keys(TICKETS) as (keyof typeof TICKETS)[];
const PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** Whether, when and how a delivery leads to a ticket of a type: drawn once from its own stream. */
function ticketPlan(seed: number, delivery: { deliveryId: number; deliveryDate: string }, type: keyof typeof TICKETS) {
  const spec = TICKETS[type];
  const rng = stream(seed, 'ticket', delivery.deliveryId, type);
  if (!rng.chance(spec.probability)) return undefined;
  const day = dayAfter(delivery.deliveryDate, rng.pick(spec.lagDays));
  const weights = PRIORITY_WEIGHTS[type];
  let cumulative = 0;
  const priority = PRIORITIES[rng.weighted(PRIORITIES.map((p) => (cumulative += weights[p])))]!;
  return { day, priority };
}

async function openTickets(ctx: Context, seed: number, today: string, tally: Tally) {
  const lags = [...new Set(TICKET_TYPES_SIMULATED.flatMap((t) => [...TICKETS[t].lagDays]))];
  const due = (await erp.deliveriesOn(ctx.db, lags.map((lag) => dayAfter(today, -lag)))).flatMap((d) =>
    TICKET_TYPES_SIMULATED.flatMap((type) => {
      const plan = ticketPlan(seed, d, type);
      return plan && plan.day === today ? [{ d, type, plan }] : [];
    }));
  const summaries = new Map((await erp.deliverySummaries(ctx.db, [...new Set(due.map((x) => x.d.deliveryId))])).map((s) => [s.deliveryId, s]));
  for (const { d, type, plan } of due) {
    const summary = summaries.get(d.deliveryId);
    // Only deliveries that carried an item of the type's categories need the visit.
    const line = summary?.lines.find((l) => (TICKETS[type].categories as readonly string[]).includes(l.category));
    if (!summary || !line) continue;
    await crm.openTicket(ctx, {
      customerId: summary.customerId, type, priority: plan.priority, itemId: line.itemId, deliveryId: d.deliveryId,
      subject: `${type.replace('_', ' ')} of item ${line.itemId} delivered ${d.deliveryDate}`, date: today,
    });
    tally.commands++;
  }
}

/** How a ticket's work goes, in days from its opening: drawn once from its own stream. */
function ticketLife(seed: number, ticketId: number, responseDays: number, resolutionDays: number, technicians: number) {
  const rng: Rng = stream(seed, 'ticket-life', ticketId);
  const cancel = rng.chance(CANCEL_PROBABILITY);
  const assign = rng.int(0, Math.min(1, responseDays));
  const respond = rng.chance(RESPONSE_BREACH_PROBABILITY) ? responseDays + rng.int(1, 3) : rng.int(assign, responseDays);
  const resolve = rng.chance(RESOLUTION_BREACH_PROBABILITY) ? Math.max(respond, resolutionDays) + rng.int(1, 4) : rng.int(Math.min(respond, resolutionDays), resolutionDays);
  return { cancel, assign, respond: Math.max(respond, assign), resolve: Math.max(resolve, respond, assign), closeAfter: rng.int(1, 3), technician: rng.int(0, technicians - 1), rng };
}

async function workTickets(ctx: Context, seed: number, today: string, team: Staff, tally: Tally) {
  for (const t of await crm.serviceTickets(ctx.db, { asOf: today })) {
    const life = ticketLife(seed, t.ticketId, daysBetween(t.openedDate, t.responseDue), daysBetween(t.openedDate, t.resolutionDue), team.technicians.length);
    const due = (days: number) => daysBetween(t.openedDate, today) >= days;
    const ticketId = t.ticketId;
    let status = t.status;
    if (status === 'open' && life.cancel) {
      if (due(1)) {
        await crm.cancelTicket(ctx, { ticketId, date: today, reason: 'customer no longer needs the visit' });
        tally.commands++;
      }
      continue;
    }
    if (status === 'open' && due(life.assign)) {
      await crm.assignTicket(ctx, { ticketId, technicianId: team.technicians[life.technician]!, date: today });
      tally.commands++;
      status = 'assigned';
    }
    if (status === 'assigned' && due(life.respond)) {
      await crm.startTicketWork(ctx, { ticketId, date: today });
      tally.commands++;
      status = 'in_progress';
    }
    if (status === 'in_progress' && due(life.resolve)) {
      await crm.resolveTicket(ctx, { ticketId, date: today, resolution: 'fixed on site' });
      tally.commands++;
      continue; // closed by the customer a few days later
    }
    if (status === 'resolved' && t.resolvedDate && daysBetween(t.resolvedDate, today) >= life.closeAfter) {
      const breaches = (t.responseBreached ? 1 : 0) + (t.resolutionBreached ? 1 : 0);
      await crm.closeTicket(ctx, { ticketId, date: today, satisfaction: life.rng.pick(SATISFACTION[breaches]!) });
      tally.commands++;
    }
  }
}

/** The after-sales processes' true parameters, for the ground-truth manifest. */
export function afterSalesTruth() {
  return {
    returns: {
      notes: [
        'Each delivered line is returned with the probability of its item category; the request comes requestLagDays after delivery (uniform), or with lateRequest.probability one of lateRequest.lagDays later; a returned line comes back whole (lines of 1–2 units, or half the time) or in part (uniform 1..quantity).',
        'Returns worth at least the lowest approval band go to the sales manager, and from the top band to the general manager as well; each step rejects with rejectProbability.',
        'Approved goods arrive receiptLagDays after the request (uniform); each unit is scrapped with its category\'s scrap share, else restocked; the invoice is credited and any paid part refunded.',
      ],
      returnRatePerLineByCategory: RETURN_RATE_PER_LINE,
      scrapShareByCategory: SCRAP_SHARE,
      requestLagDays: REQUEST_LAG,
      lateRequest: LATE_REQUEST,
      receiptLagDays: RECEIPT_LAG,
      rejectProbability: REJECT_PROBABILITY,
      approvalRules: RETURN_RULES,
      reasons: RETURN_REASONS,
    },
    tickets: {
      notes: [
        'A delivery with a line of the listed categories leads to a ticket of each type with its probability, lagDays after delivery (one of the listed lags, equally likely); priority drawn from the type\'s weights.',
        'Technicians are assigned within a day; work starts within the response target, except with responseBreachProbability 1–3 days after it; work is resolved within the resolution target, except with resolutionBreachProbability 1–4 days after it; a few tickets are cancelled the day after opening.',
        'Closed 1–3 days after resolution with a satisfaction score drawn uniformly from the list for the number of breaches (0, 1, 2).',
      ],
      openings: TICKETS,
      priorityWeights: PRIORITY_WEIGHTS,
      slaTargetsDays: SLA,
      responseBreachProbability: RESPONSE_BREACH_PROBABILITY,
      resolutionBreachProbability: RESOLUTION_BREACH_PROBABILITY,
      cancelProbability: CANCEL_PROBABILITY,
      satisfactionByBreaches: SATISFACTION,
      technicians: TECHNICIANS,
    },
  };
}
