import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, quantity } from '../../kernel/inputs.js';
import { extendedAmount, proportion } from '../../finance/money.js';
import { journalEntryCtes } from '../../finance/journal.js';
import { beginPosting } from '../../finance/posting-context.js';
import { postingRules } from '../../finance/posting-rules.js';
import { applyStockChangesWithLots, type LotQuantity } from '../stock.js';
import { inEffect } from './boms.js';
import { absorptionCost, hundredths, minutes } from './routings.js';

/**
 * Production orders: make a quantity of a manufactured item in a warehouse from the BOM and
 * routing in effect on the order date, both copied onto the order.
 *
 * - Components are issued by hand or backflushed when finished goods are received; they leave
 *   stock at moving average (oldest lots first, or the lot named) into work in progress
 *   (Dr WIP / Cr inventory).
 * - Operations are started and finished on the shop floor by an operator; a finish reports good
 *   and scrapped units and absorbs the work centre's labour and overhead into work in progress
 *   (Dr WIP / Cr labour and overhead absorbed): standard minutes (setup once, run per unit), or
 *   the minutes reported.
 * - Finished goods come into stock as a new lot at standard cost or at actual cost (their share
 *   of the order's work in progress) (Dr inventory / Cr WIP).
 * - Closing the order moves what is left in work in progress to production variances.
 *
 * A backflushed order consumes exactly what the BOM says for the units received and the units
 * scrapped at its operations: quantity per unit × (received + scrapped) of each component.
 */

interface OrderRow {
  id: number; order_no: string; item_id: number; warehouse_id: number; quantity: number; order_date: string; due_date: string;
  costing: 'standard' | 'actual'; backflush: boolean; standard_unit_cost: number; status: 'planned' | 'released' | 'closed';
  released_date: string | null; received_qty: number; scrapped_qty: number; issued_value: number; absorbed_value: number;
  received_value: number; variance_value: number;
}
interface ComponentRow { id: number; line_no: number; item_id: number; quantity_per: number; scrap_bp: number; planned_qty: number; issued_qty: number; issued_value: number }
interface OperationRow {
  id: number; seq: number; work_center_id: number; setup_minutes: string; run_minutes: string; rate_per_hour: number;
  good_qty: number; scrap_qty: number; absorbed_value: number; starts: number; finishes: number;
}
interface LockedOrder { order: OrderRow; components: ComponentRow[]; operations: OperationRow[]; functionalCurrency: string }

const wip = (o: OrderRow) => o.issued_value + o.absorbed_value - o.received_value - o.variance_value;

async function lockProductionOrder(db: Kysely<DB>, orderId: number, field = 'orderId'): Promise<LockedOrder> {
  const { rows } = await sql<OrderRow & { components: ComponentRow[]; operations: OperationRow[]; functional: string }>`
    select o.*, (select value #>> '{}' from core.settings where key = 'functional_currency') as functional,
           coalesce((select jsonb_agg(to_jsonb(c) order by c.line_no) from erp.production_order_components c where c.order_id = o.id), '[]') as components,
           coalesce((select jsonb_agg(to_jsonb(p) || jsonb_build_object(
                              'setup_minutes', p.setup_minutes::text, 'run_minutes', p.run_minutes::text,
                              'starts', (select count(*) from erp.production_events e where e.operation_id = p.id and e.event = 'start'),
                              'finishes', (select count(*) from erp.production_events e where e.operation_id = p.id and e.event = 'finish'))
                            order by p.seq) from erp.production_order_operations p where p.order_id = o.id), '[]') as operations
      from erp.production_orders o where o.id = ${orderId} for update`.execute(db);
  const row = rows[0];
  if (!row) throw new DomainError('NOT_FOUND', `production order ${orderId} does not exist`, field);
  const { components, operations, functional, ...order } = row;
  return { order, components, operations, functionalCurrency: functional };
}

function assertReleased(order: OrderRow, date: string) {
  if (order.status !== 'released') throw new DomainError('NOT_ALLOWED', `production order ${order.order_no} is ${order.status}`, 'orderId');
  if (date < (order.released_date ?? order.order_date)) throw new DomainError('INVALID_INPUT', `production order ${order.order_no} was released on ${order.released_date}`, 'date');
}

/** Planned requirement of a component: quantity per unit × units × (1 + scrap allowance), rounded up. */
export function plannedRequirement(quantityPer: number, units: number, scrapBp: number): number {
  const exact = BigInt(quantityPer) * BigInt(units) * BigInt(10_000 + scrapBp);
  return Number((exact + 9_999n) / 10_000n);
}

export const createProductionOrder = defineCommand(
  'erp.createProductionOrder',
  z.object({
    itemId: id,
    quantity,
    warehouseId: id,
    date: isoDate,
    dueDate: isoDate,
    /** Finished goods at the item's standard cost, or at their share of the order's actual cost. */
    costing: z.enum(['standard', 'actual']).default('actual'),
    /** Issue components automatically when finished goods are received (and on close). */
    backflush: z.boolean().default(false),
    /** Release it at once. */
    release: z.boolean().default(false),
  }),
  async (tx, input) => {
    if (input.dueDate < input.date) throw new DomainError('INVALID_INPUT', 'the due date cannot precede the order date', 'dueDate');
    const { rows } = await sql<{
      procurement: string | null; standard_cost: number; active: boolean; warehouse: boolean; bom_id: number | null; routing_id: number | null;
      bom: { item_id: number; quantity_per: number; scrap_bp: number; line_no: number }[];
      ops: { seq: number; work_center_id: number; description: string; setup_minutes: string; run_minutes: string; rate: number }[];
      id: number; order_no: string;
    }>`
      with b as (${inEffect('erp.bom_revisions', input.itemId, input.date)}), r as (${inEffect('erp.routings', input.itemId, input.date)})
      select i.procurement, i.standard_cost, i.active,
             exists (select 1 from erp.warehouses where id = ${input.warehouseId}) as warehouse,
             (select id from b) as bom_id, (select id from r) as routing_id,
             coalesce((select jsonb_agg(jsonb_build_object('item_id', l.component_item_id, 'quantity_per', l.quantity_per, 'scrap_bp', l.scrap_bp, 'line_no', l.line_no) order by l.line_no)
                         from erp.bom_lines l where l.revision_id = (select id from b)), '[]') as bom,
             coalesce((select jsonb_agg(jsonb_build_object('seq', o.seq, 'work_center_id', o.work_center_id, 'description', o.description,
                                                           'setup_minutes', o.setup_minutes::text, 'run_minutes', o.run_minutes::text, 'rate', w.cost_rate_per_hour) order by o.seq)
                         from erp.routing_operations o join erp.work_centers w on w.id = o.work_center_id where o.routing_id = (select id from r)), '[]') as ops,
             nextval(pg_get_serial_sequence('erp.production_orders', 'id'))::int as id,
             'MO-' || lpad(nextval('erp.production_order_no')::text, 7, '0') as order_no
        from (select 1) one left join erp.items i on i.id = ${input.itemId}`.execute(tx.db);
    const found = rows[0]!;
    if (found.procurement === null) throw new DomainError('NOT_FOUND', `item ${input.itemId} does not exist`, 'itemId');
    if (found.procurement !== 'make' || !found.active) throw new DomainError('NOT_ALLOWED', `item ${input.itemId} is not an active manufactured item`, 'itemId');
    if (!found.warehouse) throw new DomainError('NOT_FOUND', `warehouse ${input.warehouseId} does not exist`, 'warehouseId');
    if (found.bom_id === null) throw new DomainError('NO_BOM', `item ${input.itemId} has no bill of materials in effect on ${input.date}`, 'itemId');

    const components = found.bom.map((l) => ({ ...l, planned_qty: plannedRequirement(l.quantity_per, input.quantity, l.scrap_bp) }));
    const status = input.release ? 'released' : 'planned';
    const order = { id: found.id, orderNo: found.order_no };
    tx.emit({
      aggregateType: 'production_order', aggregateId: order.id, type: 'production_order.created',
      payload: { orderNo: order.orderNo, itemId: input.itemId, quantity: input.quantity, warehouseId: input.warehouseId, dueDate: input.dueDate, bomRevisionId: found.bom_id, routingId: found.routing_id, costing: input.costing, backflush: input.backflush },
    });
    if (input.release) tx.emit({ aggregateType: 'production_order', aggregateId: order.id, type: 'production_order.released', payload: { orderNo: order.orderNo, date: input.date } });
    await sql`
      with o as (
        insert into erp.production_orders (id, order_no, item_id, warehouse_id, quantity, order_date, due_date, bom_revision_id, routing_id,
                                           costing, backflush, standard_unit_cost, status, released_date, created_by)
        values (${order.id}, ${order.orderNo}, ${input.itemId}, ${input.warehouseId}, ${input.quantity}, ${input.date}, ${input.dueDate}, ${found.bom_id}, ${found.routing_id},
                ${input.costing}, ${input.backflush}, ${found.standard_cost}, ${status}, ${input.release ? input.date : null}, ${tx.actor})
        returning id
      ), c as (
        insert into erp.production_order_components (order_id, line_no, item_id, quantity_per, scrap_bp, planned_qty)
        select o.id, x.line_no, x.item_id, x.quantity_per, x.scrap_bp, x.planned_qty
          from o, jsonb_to_recordset(${JSON.stringify(components)}::jsonb) as x(line_no int, item_id int, quantity_per bigint, scrap_bp int, planned_qty bigint)
      ), p as (
        insert into erp.production_order_operations (order_id, seq, work_center_id, description, setup_minutes, run_minutes, rate_per_hour)
        select o.id, x.seq, x.work_center_id, x.description, x.setup_minutes::numeric, x.run_minutes::numeric, x.rate
          from o, jsonb_to_recordset(${JSON.stringify(found.ops)}::jsonb) as x(seq int, work_center_id int, description text, setup_minutes text, run_minutes text, rate bigint)
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return {
      orderId: order.id, orderNo: order.orderNo, status, bomRevisionId: found.bom_id, routingId: found.routing_id,
      components: components.map((c) => ({ itemId: c.item_id, quantityPer: c.quantity_per, plannedQty: c.planned_qty })),
      operations: found.ops.map((o) => o.seq),
    };
  },
);

export const releaseProductionOrder = defineCommand(
  'erp.releaseProductionOrder',
  z.object({ orderId: id, date: isoDate }),
  async (tx, input) => {
    const { order } = await lockProductionOrder(tx.db, input.orderId);
    if (order.status !== 'planned') throw new DomainError('NOT_ALLOWED', `production order ${order.order_no} is ${order.status}`, 'orderId');
    if (input.date < order.order_date) throw new DomainError('INVALID_INPUT', `a release cannot precede the order date ${order.order_date}`, 'date');
    tx.emit({ aggregateType: 'production_order', aggregateId: order.id, type: 'production_order.released', payload: { orderNo: order.order_no, date: input.date } });
    await sql`with events as (${tx.eventsInsert()})
              update erp.production_orders set status = 'released', released_date = ${input.date} where id = ${order.id}`.execute(tx.db);
    return { orderId: order.id, orderNo: order.order_no, status: 'released' as const };
  },
);

interface IssueRequest { component: ComponentRow; quantity: number; lotId?: number | undefined; field: string }

export interface IssueResult {
  issueId: number;
  issueNo: string;
  mode: 'manual' | 'backflush';
  value: number;
  lines: { itemId: number; quantity: number; value: number; lots: LotQuantity[] }[];
}

/** Issues components to a locked order: a production issue document, its stock moves and entry. */
async function issueToOrder(tx: Tx, locked: LockedOrder, requests: IssueRequest[], date: string, mode: 'manual' | 'backflush'): Promise<IssueResult> {
  const { order } = locked;
  const posting = await beginPosting(tx.db, { table: 'erp.production_issues', sequence: 'erp.production_issue_no', prefix: 'PI', date });
  const applied = await applyStockChangesWithLots(
    tx.db,
    { date, kind: 'issue', sourceType: 'production_issue', sourceId: posting.id },
    requests.map((r) => ({ itemId: r.component.item_id, warehouseId: order.warehouse_id, quantity: -r.quantity, field: r.field, lineRef: r.component.id, ...(r.lotId === undefined ? {} : { lotId: r.lotId }) })),
  );
  const lines = requests.map((r, i) => ({ component_id: r.component.id, item_id: r.component.item_id, quantity: r.quantity, value: -applied[i]!.value }));
  const value = lines.reduce((s, l) => s + l.value, 0);
  const entry = await journalEntryCtes(
    tx.db,
    tx.actor,
    { date, sourceType: 'production_issue', sourceId: posting.id, memo: `${posting.number} to ${order.order_no}`, lines: postingRules.productionIssue({ value }) },
    posting.conversion.functionalCurrency,
  );
  const result: IssueResult = {
    issueId: posting.id, issueNo: posting.number, mode, value,
    lines: lines.map((l, i) => ({ itemId: l.item_id, quantity: l.quantity, value: l.value, lots: applied[i]!.lots.map((x) => ({ ...x, quantity: -x.quantity })) })),
  };
  tx.emit({
    aggregateType: 'production_order', aggregateId: order.id, type: 'production.components_issued',
    payload: { orderNo: order.order_no, issueId: posting.id, issueNo: posting.number, mode, value, lines: result.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, lots: l.lots.map((x) => x.lotNo) })) },
  });
  await sql`
    with ${entry.ctes}, x as (
      select * from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(component_id int, item_id int, quantity bigint, value bigint)
    ), i as (
      insert into erp.production_issues (id, issue_no, order_id, issue_date, mode, value, journal_entry_id, created_by)
      values (${posting.id}, ${posting.number}, ${order.id}, ${date}, ${mode}, ${value}, ${entry.id}, ${tx.actor}) returning id
    ), il as (
      insert into erp.production_issue_lines (issue_id, component_id, item_id, quantity, value) select i.id, x.component_id, x.item_id, x.quantity, x.value from i, x
    ), c as (
      update erp.production_order_components c set issued_qty = c.issued_qty + g.q, issued_value = c.issued_value + g.v
        from (select component_id, sum(quantity) as q, sum(value) as v from x group by 1) g
       where c.id = g.component_id and c.id = any(${lines.map((l) => l.component_id)}::int[])
    ), events as (${tx.eventsInsert()})
    update erp.production_orders set issued_value = issued_value + ${value} where id = ${order.id}`.execute(tx.db);
  // Keep the locked copy current for what the command does next.
  order.issued_value += value;
  for (const l of lines) {
    const c = locked.components.find((x) => x.id === l.component_id)!;
    c.issued_qty += l.quantity;
    c.issued_value += l.value;
  }
  return result;
}

/** Backflush: what the BOM says `units` consumed, less what was issued already, per component. */
function backflushRequests(locked: LockedOrder, units: number): IssueRequest[] {
  return locked.components
    .map((c) => ({ component: c, quantity: c.quantity_per * units - c.issued_qty, field: 'orderId' }))
    .filter((r) => r.quantity > 0);
}

/**
 * Issues components to a released order: the given quantities (optionally from a given lot), or
 * by default what is still planned of each component.
 */
export const issueComponents = defineCommand(
  'erp.issueComponents',
  z.object({
    orderId: id,
    date: isoDate,
    lines: z.array(z.object({ itemId: id, quantity, lotId: id.optional() })).min(1).max(500).optional(),
  }),
  async (tx, input) => {
    const locked = await lockProductionOrder(tx.db, input.orderId);
    assertReleased(locked.order, input.date);
    const requests: IssueRequest[] = input.lines
      ? input.lines.map((l, i) => {
          const component = locked.components.find((c) => c.item_id === l.itemId);
          if (!component) throw new DomainError('NOT_ALLOWED', `item ${l.itemId} is not a component of ${locked.order.order_no}`, `lines.${i}.itemId`);
          return { component, quantity: l.quantity, lotId: l.lotId, field: `lines.${i}.quantity` };
        })
      : locked.components.filter((c) => c.planned_qty > c.issued_qty).map((c) => ({ component: c, quantity: c.planned_qty - c.issued_qty, field: 'orderId' }));
    if (requests.length === 0) throw new DomainError('NOTHING_TO_ISSUE', `production order ${locked.order.order_no} has every planned component issued`, 'orderId');
    return issueToOrder(tx, locked, requests, input.date, 'manual');
  },
);

const operationKey = z.object({ orderId: id, seq: z.number().int().positive(), date: isoDate, employeeId: id });

async function operationFor(tx: Tx, input: { orderId: number; seq: number; date: string; employeeId: number }) {
  const locked = await lockProductionOrder(tx.db, input.orderId);
  assertReleased(locked.order, input.date);
  const op = locked.operations.find((o) => o.seq === input.seq);
  if (!op) throw new DomainError('NOT_FOUND', `production order ${locked.order.order_no} has no operation ${input.seq}`, 'seq');
  return { locked, op };
}

/** An operator starts an operation (a shop-floor event; an operation may run in several sessions). */
export const startOperation = defineCommand('erp.startOperation', operationKey, async (tx, input) => {
  const { locked, op } = await operationFor(tx, input);
  tx.emit({ aggregateType: 'production_order', aggregateId: locked.order.id, type: 'production.operation_started', payload: { orderNo: locked.order.order_no, seq: op.seq, employeeId: input.employeeId, date: input.date } });
  const { rows } = await sql<{ id: number }>`
    with e as (
      insert into erp.production_events (order_id, operation_id, event, event_date, employee_id, created_by)
      select ${locked.order.id}, ${op.id}, 'start', ${input.date}, p.id, ${tx.actor} from people.employees p where p.id = ${input.employeeId} and p.active
      returning id
    ), events as (${tx.eventsInsert()})
    select id from e`.execute(tx.db);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', `employee ${input.employeeId} does not exist or has left`, 'employeeId');
  return { eventId: rows[0]!.id, orderId: locked.order.id, seq: op.seq };
});

/**
 * An operator finishes (part of) an operation, reporting good and scrapped units; the work
 * centre's labour and overhead for them are absorbed into work in progress. An operation cannot
 * report more units than the operation before it passed on (the first: than the order quantity).
 */
export const finishOperation = defineCommand(
  'erp.finishOperation',
  operationKey.extend({
    goodQty: z.number().int().nonnegative().max(1e12),
    scrapQty: z.number().int().nonnegative().max(1e12).default(0),
    /** Minutes actually worked; absorbed instead of the standard minutes when given. */
    minutes: minutes.optional(),
  }).refine((f) => f.goodQty + f.scrapQty > 0, { message: 'report at least one good or scrapped unit', path: ['goodQty'] }),
  async (tx, input) => {
    const { locked, op } = await operationFor(tx, input);
    const { order } = locked;
    if (op.starts === 0) throw new DomainError('NOT_STARTED', `operation ${op.seq} of ${order.order_no} has not been started`, 'seq');
    const before = locked.operations.filter((o) => o.seq < op.seq).at(-1);
    const limit = before ? before.good_qty : order.quantity;
    const units = input.goodQty + input.scrapQty;
    if (op.good_qty + op.scrap_qty + units > limit) {
      throw new DomainError('EXCEEDS_OPEN_QUANTITY', `operation ${op.seq} can report ${limit - op.good_qty - op.scrap_qty} more units, not ${units}`, 'goodQty');
    }
    const standard = (op.finishes === 0 ? hundredths(op.setup_minutes) : 0) + hundredths(op.run_minutes) * units;
    const worked = input.minutes === undefined ? standard : hundredths(input.minutes);
    const absorbed = absorptionCost(worked, op.rate_per_hour);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'production_order', sourceId: order.id, memo: `${order.order_no} operation ${op.seq}`, lines: postingRules.productionAbsorption({ value: absorbed }) },
      locked.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'production_order', aggregateId: order.id, type: 'production.operation_finished',
      payload: { orderNo: order.order_no, seq: op.seq, employeeId: input.employeeId, date: input.date, goodQty: input.goodQty, scrapQty: input.scrapQty, minutes: worked / 100, absorbed },
    });
    const { rows } = await sql<{ id: number }>`
      with ${entry.ctes}, e as (
        insert into erp.production_events (order_id, operation_id, event, event_date, employee_id, good_qty, scrap_qty, minutes, absorbed_value, journal_entry_id, created_by)
        select ${order.id}, ${op.id}, 'finish', ${input.date}, p.id, ${input.goodQty}, ${input.scrapQty}, ${(worked / 100).toFixed(2)}::numeric, ${absorbed}, ${entry.id}, ${tx.actor}
          from people.employees p where p.id = ${input.employeeId} and p.active
        returning id
      ), p as (
        update erp.production_order_operations set good_qty = good_qty + ${input.goodQty}, scrap_qty = scrap_qty + ${input.scrapQty},
               absorbed_value = absorbed_value + ${absorbed} where id = ${op.id} and exists (select 1 from e)
      ), o as (
        update erp.production_orders set absorbed_value = absorbed_value + ${absorbed}, scrapped_qty = scrapped_qty + ${input.scrapQty}
         where id = ${order.id} and exists (select 1 from e)
      ), events as (${tx.eventsInsert()})
      select id from e`.execute(tx.db);
    if (rows.length === 0) throw new DomainError('NOT_FOUND', `employee ${input.employeeId} does not exist or has left`, 'employeeId');
    return { eventId: rows[0]!.id, orderId: order.id, seq: op.seq, goodQty: input.goodQty, scrapQty: input.scrapQty, absorbed };
  },
);

/**
 * Receives finished goods of a released order into its warehouse as a new lot: by default every
 * unit its last operation passed (all of the order without a routing) not yet received. A
 * backflushed order first issues what the BOM says the received and scrapped units consumed.
 */
export const receiveProduction = defineCommand(
  'erp.receiveProduction',
  z.object({ orderId: id, date: isoDate, quantity: quantity.optional(), lotNo: z.string().trim().min(1).max(60).optional() }),
  async (tx, input) => {
    const locked = await lockProductionOrder(tx.db, input.orderId);
    const { order } = locked;
    assertReleased(order, input.date);
    const last = locked.operations.at(-1);
    const available = (last ? last.good_qty : order.quantity - order.scrapped_qty) - order.received_qty;
    const qty = input.quantity ?? available;
    if (qty <= 0) throw new DomainError('NOTHING_TO_RECEIVE', `production order ${order.order_no} has no finished units to receive`, 'orderId');
    if (qty > available) throw new DomainError('EXCEEDS_OPEN_QUANTITY', `production order ${order.order_no} has ${available} finished units to receive, not ${qty}`, 'quantity');

    const backflush = order.backflush ? backflushRequests(locked, order.received_qty + qty + order.scrapped_qty) : [];
    const issue = backflush.length > 0 ? await issueToOrder(tx, locked, backflush, input.date, 'backflush') : null;

    // Actual cost: the units' share of what is in process (the last units take all of it).
    const unitsInProcess = Math.max(qty, order.quantity - order.received_qty - order.scrapped_qty);
    const value = order.costing === 'standard'
      ? extendedAmount(qty, order.standard_unit_cost, 'quantity')
      : Math.max(0, proportion(wip(order), qty, unitsInProcess));
    const posting = await beginPosting(tx.db, { table: 'erp.production_receipts', sequence: 'erp.production_receipt_no', prefix: 'PR', date: input.date });
    const [applied] = await applyStockChangesWithLots(
      tx.db,
      { date: input.date, kind: 'production', sourceType: 'production_receipt', sourceId: posting.id },
      [{ itemId: order.item_id, warehouseId: order.warehouse_id, quantity: qty, value, field: 'quantity', lineRef: order.id, ...(input.lotNo ? { lotNo: input.lotNo } : {}) }],
    );
    const lot = applied!.lots[0]!;
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'production_receipt', sourceId: posting.id, memo: `${posting.number} from ${order.order_no}`, lines: postingRules.productionReceipt({ value }) },
      posting.conversion.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'production_order', aggregateId: order.id, type: 'production.received',
      payload: { orderNo: order.order_no, receiptId: posting.id, receiptNo: posting.number, quantity: qty, value, lotNo: lot.lotNo, backflushIssueNo: issue?.issueNo ?? null },
    });
    await sql`
      with ${entry.ctes}, r as (
        insert into erp.production_receipts (id, receipt_no, order_id, receipt_date, quantity, value, lot_id, journal_entry_id, created_by)
        values (${posting.id}, ${posting.number}, ${order.id}, ${input.date}, ${qty}, ${value}, ${lot.lotId}, ${entry.id}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      update erp.production_orders set received_qty = received_qty + ${qty}, received_value = received_value + ${value} where id = ${order.id}`.execute(tx.db);
    return { receiptId: posting.id, receiptNo: posting.number, orderId: order.id, quantity: qty, value, lotId: lot.lotId, lotNo: lot.lotNo, backflush: issue };
  },
);

/**
 * Closes an order: a backflushed order first issues what its received and scrapped units
 * consumed and were not yet issued; what is left in work in progress then goes to production
 * variances (Dr variances / Cr WIP; a favourable variance the other way round).
 */
export const closeProductionOrder = defineCommand(
  'erp.closeProductionOrder',
  z.object({ orderId: id, date: isoDate }),
  async (tx, input) => {
    const locked = await lockProductionOrder(tx.db, input.orderId);
    const { order } = locked;
    if (order.status === 'closed') throw new DomainError('NOT_ALLOWED', `production order ${order.order_no} is already closed`, 'orderId');
    if (input.date < (order.released_date ?? order.order_date)) throw new DomainError('INVALID_INPUT', `a close cannot precede ${order.released_date ?? order.order_date}`, 'date');
    const backflush = order.backflush && order.status === 'released' ? backflushRequests(locked, order.received_qty + order.scrapped_qty) : [];
    const issue = backflush.length > 0 ? await issueToOrder(tx, locked, backflush, input.date, 'backflush') : null;
    const variance = wip(order);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'production_order', sourceId: order.id, memo: `${order.order_no} closed`, lines: postingRules.productionVariance({ value: variance }) },
      locked.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'production_order', aggregateId: order.id, type: 'production_order.closed',
      payload: { orderNo: order.order_no, date: input.date, receivedQty: order.received_qty, scrappedQty: order.scrapped_qty, variance, backflushIssueNo: issue?.issueNo ?? null },
    });
    await sql`
      with ${entry.ctes}, events as (${tx.eventsInsert()})
      update erp.production_orders set status = 'closed', closed_date = ${input.date}, variance_value = variance_value + ${variance}, close_entry_id = ${entry.id}
       where id = ${order.id}`.execute(tx.db);
    return { orderId: order.id, orderNo: order.order_no, variance, receivedQty: order.received_qty, scrappedQty: order.scrapped_qty, backflush: issue };
  },
);

// ---- queries --------------------------------------------------------------------------------

export interface ProductionOrderSummary {
  id: number;
  orderNo: string;
  itemId: number;
  warehouseId: number;
  quantity: number;
  orderDate: string;
  dueDate: string;
  status: 'planned' | 'released' | 'closed';
  costing: 'standard' | 'actual';
  backflush: boolean;
  receivedQty: number;
  scrappedQty: number;
  wip: number;
  components: { itemId: number; quantityPer: number; plannedQty: number; issuedQty: number; issuedValue: number }[];
  operations: { seq: number; workCenterId: number; goodQty: number; scrapQty: number; absorbedValue: number; started: boolean }[];
}

const summaryColumns = sql`
  o.id, o.order_no as "orderNo", o.item_id as "itemId", o.warehouse_id as "warehouseId", o.quantity, o.order_date as "orderDate", o.due_date as "dueDate",
  o.status, o.costing, o.backflush, o.received_qty as "receivedQty", o.scrapped_qty as "scrappedQty",
  (o.issued_value + o.absorbed_value - o.received_value - o.variance_value)::bigint as wip,
  coalesce((select jsonb_agg(jsonb_build_object('itemId', c.item_id, 'quantityPer', c.quantity_per, 'plannedQty', c.planned_qty, 'issuedQty', c.issued_qty,
                                                'issuedValue', c.issued_value) order by c.line_no)
              from erp.production_order_components c where c.order_id = o.id), '[]') as components,
  coalesce((select jsonb_agg(jsonb_build_object('seq', p.seq, 'workCenterId', p.work_center_id, 'goodQty', p.good_qty, 'scrapQty', p.scrap_qty,
                                                'absorbedValue', p.absorbed_value,
                                                'started', exists (select 1 from erp.production_events e where e.operation_id = p.id and e.event = 'start')) order by p.seq)
              from erp.production_order_operations p where p.order_id = o.id), '[]') as operations`;

/** Production orders not yet closed, oldest first. */
export async function openProductionOrders(db: Kysely<DB>): Promise<ProductionOrderSummary[]> {
  const { rows } = await sql<ProductionOrderSummary>`select ${summaryColumns} from erp.production_orders o where o.status <> 'closed' order by o.id`.execute(db);
  return rows;
}

/** One production order with its components, operations, shop-floor events, issues and receipts. */
export async function productionOrder(db: Kysely<DB>, orderId: number) {
  const { rows } = await sql<ProductionOrderSummary & {
    issuedValue: number; absorbedValue: number; receivedValue: number; varianceValue: number;
    events: { seq: number; event: 'start' | 'finish'; date: string; employeeId: number; goodQty: number; scrapQty: number; minutes: number | null; absorbed: number }[];
    issues: { issueNo: string; date: string; mode: 'manual' | 'backflush'; value: number }[];
    receipts: { receiptNo: string; date: string; quantity: number; value: number; lotNo: string }[];
  }>`
    select ${summaryColumns}, o.issued_value as "issuedValue", o.absorbed_value as "absorbedValue", o.received_value as "receivedValue", o.variance_value as "varianceValue",
           coalesce((select jsonb_agg(jsonb_build_object('seq', p.seq, 'event', e.event, 'date', e.event_date, 'employeeId', e.employee_id, 'goodQty', e.good_qty,
                                                         'scrapQty', e.scrap_qty, 'minutes', e.minutes, 'absorbed', e.absorbed_value) order by e.id)
                       from erp.production_events e join erp.production_order_operations p on p.id = e.operation_id where e.order_id = o.id), '[]') as events,
           coalesce((select jsonb_agg(jsonb_build_object('issueNo', i.issue_no, 'date', i.issue_date, 'mode', i.mode, 'value', i.value) order by i.id)
                       from erp.production_issues i where i.order_id = o.id), '[]') as issues,
           coalesce((select jsonb_agg(jsonb_build_object('receiptNo', r.receipt_no, 'date', r.receipt_date, 'quantity', r.quantity, 'value', r.value, 'lotNo', l.lot_no) order by r.id)
                       from erp.production_receipts r join erp.lots l on l.id = r.lot_id where r.order_id = o.id), '[]') as receipts
      from erp.production_orders o where o.id = ${orderId}`.execute(db);
  return rows[0];
}

/** Quantity still to come from open production orders, per item and warehouse (planning). */
export async function inProduction(db: Kysely<DB>): Promise<{ itemId: number; warehouseId: number; quantity: number }[]> {
  const { rows } = await sql<{ itemId: number; warehouseId: number; quantity: number }>`
    select item_id as "itemId", warehouse_id as "warehouseId", sum(greatest(quantity - received_qty - scrapped_qty, 0))::bigint as quantity
      from erp.production_orders where status <> 'closed' group by 1, 2`.execute(db);
  return rows;
}
