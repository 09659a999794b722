import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate, quantity } from '../kernel/inputs.js';
import { mulDivRound } from '../finance/money.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { applyStockChangesWithLots } from './stock.js';

/**
 * Transfers between warehouses. Shipping takes the goods out of the source warehouse at moving
 * average (oldest lots first, or the lot named) into transit (Dr inventory in transit /
 * Cr inventory); receiving, in one go or in parts, puts them into the destination under the same
 * lots at the cost they were shipped at (Dr inventory / Cr inventory in transit). The first n
 * units of a line are worth round(value × n ÷ quantity), so the parts always sum to the line.
 */
const cumulative = (total: number, n: number, whole: number) => (n >= whole ? total : mulDivRound(total, n, whole));
const slice = (total: number, before: number, n: number, whole: number) => cumulative(total, before + n, whole) - cumulative(total, before, whole);

export const shipTransfer = defineCommand(
  'erp.shipTransfer',
  z.object({
    fromWarehouseId: id,
    toWarehouseId: id,
    date: isoDate,
    lines: z.array(z.object({ itemId: id, quantity, lotId: id.optional() })).min(1).max(500),
  }),
  async (tx, input) => {
    if (input.fromWarehouseId === input.toWarehouseId) throw new DomainError('INVALID_INPUT', 'a transfer goes to another warehouse', 'toWarehouseId');
    const { rows: known } = await sql<{ id: number }>`select id from erp.warehouses where id in (${input.fromWarehouseId}, ${input.toWarehouseId})`.execute(tx.db);
    for (const [w, field] of [[input.fromWarehouseId, 'fromWarehouseId'], [input.toWarehouseId, 'toWarehouseId']] as const) {
      if (!known.some((k) => k.id === w)) throw new DomainError('NOT_FOUND', `warehouse ${w} does not exist`, field);
    }
    const posting = await beginPosting(tx.db, { table: 'erp.transfers', sequence: 'erp.transfer_no', prefix: 'TR', date: input.date });
    const transfer = { id: posting.id, number: posting.number };
    const applied = await applyStockChangesWithLots(
      tx.db,
      { date: input.date, kind: 'transfer_out', sourceType: 'transfer', sourceId: transfer.id },
      input.lines.map((l, i) => ({ itemId: l.itemId, warehouseId: input.fromWarehouseId, quantity: -l.quantity, field: `lines.${i}.quantity`, lineRef: i + 1, ...(l.lotId === undefined ? {} : { lotId: l.lotId }) })),
    );
    const lines = input.lines.map((l, i) => ({ line_no: i + 1, item_id: l.itemId, quantity: l.quantity, value: -applied[i]!.value }));
    const lots = applied.flatMap((a, i) => a.lots.map((x) => ({ line_no: i + 1, lot_id: x.lotId, quantity: -x.quantity })));
    const value = lines.reduce((s, l) => s + l.value, 0);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'transfer', sourceId: transfer.id, memo: `${transfer.number} shipped`, lines: postingRules.transferShipment({ value }) },
      posting.conversion.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'transfer', aggregateId: transfer.id, type: 'transfer.shipped',
      payload: { transferNo: transfer.number, fromWarehouseId: input.fromWarehouseId, toWarehouseId: input.toWarehouseId, value, lines: lines.map((l) => ({ itemId: l.item_id, quantity: l.quantity })) },
    });
    await sql`
      with ${entry.ctes}, t as (
        insert into erp.transfers (id, transfer_no, from_warehouse_id, to_warehouse_id, ship_date, status, value, journal_entry_id, created_by)
        values (${transfer.id}, ${transfer.number}, ${input.fromWarehouseId}, ${input.toWarehouseId}, ${input.date}, 'in_transit', ${value}, ${entry.id}, ${tx.actor})
        returning id
      ), tl as (
        insert into erp.transfer_lines (transfer_id, line_no, item_id, quantity, value)
        select t.id, x.line_no, x.item_id, x.quantity, x.value from t, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_no int, item_id int, quantity bigint, value bigint)
        returning id, line_no
      ), events as (${tx.eventsInsert()})
      insert into erp.transfer_lots (transfer_line_id, lot_id, quantity)
      select tl.id, x.lot_id, x.quantity from tl join jsonb_to_recordset(${JSON.stringify(lots)}::jsonb) as x(line_no int, lot_id int, quantity bigint) on x.line_no = tl.line_no`.execute(tx.db);
    return {
      transferId: transfer.id, transferNo: transfer.number, value,
      lines: lines.map((l, i) => ({ lineNo: l.line_no, itemId: l.item_id, quantity: l.quantity, value: l.value, lots: applied[i]!.lots.map((x) => ({ ...x, quantity: -x.quantity })) })),
    };
  },
);

interface TransferLineRow {
  id: number; line_no: number; item_id: number; quantity: number; value: number; received_qty: number; received_value: number;
  lots: { lot_id: number; quantity: number; received_qty: number }[];
}

/**
 * Receives a transfer at its destination: everything still in transit, or the given quantities
 * per line (a partial receipt). Each line's units arrive under their lots, oldest lot first.
 */
export const receiveTransfer = defineCommand(
  'erp.receiveTransfer',
  z.object({ transferId: id, date: isoDate, lines: z.array(z.object({ lineId: id, quantity })).min(1).optional() }),
  async (tx, input) => {
    const { rows } = await sql<{ id: number; transfer_no: string; to_warehouse_id: number; ship_date: string; status: string; lines: TransferLineRow[] }>`
      select t.id, t.transfer_no, t.to_warehouse_id, t.ship_date, t.status,
             coalesce((select jsonb_agg(to_jsonb(l) || jsonb_build_object('lots',
                         coalesce((select jsonb_agg(jsonb_build_object('lot_id', x.lot_id, 'quantity', x.quantity, 'received_qty', x.received_qty) order by x.lot_id)
                                     from erp.transfer_lots x where x.transfer_line_id = l.id), '[]')) order by l.line_no)
                         from erp.transfer_lines l where l.transfer_id = t.id), '[]') as lines
        from erp.transfers t where t.id = ${input.transferId} for update`.execute(tx.db);
    const transfer = rows[0];
    if (!transfer) throw new DomainError('NOT_FOUND', `transfer ${input.transferId} does not exist`, 'transferId');
    if (transfer.status !== 'in_transit') throw new DomainError('NOT_ALLOWED', `transfer ${transfer.transfer_no} is already received`, 'transferId');
    if (input.date < transfer.ship_date) throw new DomainError('INVALID_INPUT', `a transfer cannot arrive before it was shipped on ${transfer.ship_date}`, 'date');

    const wanted = input.lines
      ? input.lines.map((w, i) => {
          const line = transfer.lines.find((l) => l.id === w.lineId);
          if (!line) throw new DomainError('NOT_FOUND', `line ${w.lineId} is not on ${transfer.transfer_no}`, `lines.${i}.lineId`);
          if (w.quantity > line.quantity - line.received_qty) {
            throw new DomainError('EXCEEDS_OPEN_QUANTITY', `line ${line.line_no}: ${w.quantity} exceeds the ${line.quantity - line.received_qty} in transit`, `lines.${i}.quantity`);
          }
          return { line, quantity: w.quantity, field: `lines.${i}.quantity` };
        })
      : transfer.lines.filter((l) => l.received_qty < l.quantity).map((line) => ({ line, quantity: line.quantity - line.received_qty, field: 'transferId' }));
    if (new Set(wanted.map((w) => w.line.id)).size !== wanted.length) throw new DomainError('INVALID_INPUT', 'each transfer line may appear once', 'lines');

    // Per line: its value slice, spread over the lots it takes (oldest first), as stock changes.
    const changes = wanted.flatMap((w) => {
      const lineValue = slice(w.line.value, w.line.received_qty, w.quantity, w.line.quantity);
      let left = w.quantity;
      let taken = 0;
      return w.line.lots.flatMap((lot) => {
        const q = Math.min(left, lot.quantity - lot.received_qty);
        if (q <= 0) return [];
        const value = slice(lineValue, taken, q, w.quantity);
        left -= q;
        taken += q;
        return [{ line: w.line, lotId: lot.lot_id, quantity: q, value, field: w.field }];
      });
    });
    const posting = await beginPosting(tx.db, { table: 'erp.transfer_receipts', sequence: 'erp.transfer_receipt_no', prefix: 'TI', date: input.date });
    await applyStockChangesWithLots(
      tx.db,
      { date: input.date, kind: 'transfer_in', sourceType: 'transfer_receipt', sourceId: posting.id },
      changes.map((c) => ({ itemId: c.line.item_id, warehouseId: transfer.to_warehouse_id, quantity: c.quantity, value: c.value, lotId: c.lotId, lineRef: c.line.line_no, field: c.field })),
    );
    const lines = wanted.map((w) => ({ line_id: w.line.id, quantity: w.quantity, value: changes.filter((c) => c.line.id === w.line.id).reduce((s, c) => s + c.value, 0) }));
    const lots = changes.map((c) => ({ line_id: c.line.id, lot_id: c.lotId, quantity: c.quantity }));
    const value = lines.reduce((s, l) => s + l.value, 0);
    const complete = transfer.lines.every((l) => l.received_qty + (wanted.find((w) => w.line.id === l.id)?.quantity ?? 0) === l.quantity);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'transfer_receipt', sourceId: posting.id, memo: `${posting.number} for ${transfer.transfer_no}`, lines: postingRules.transferReceipt({ value }) },
      posting.conversion.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'transfer', aggregateId: transfer.id, type: 'transfer.received',
      payload: { transferNo: transfer.transfer_no, receiptNo: posting.number, value, complete, lines: wanted.map((w) => ({ itemId: w.line.item_id, quantity: w.quantity })) },
    });
    await sql`
      with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_id int, quantity bigint, value bigint)),
      r as (
        insert into erp.transfer_receipts (id, receipt_no, transfer_id, receipt_date, value, journal_entry_id, created_by)
        values (${posting.id}, ${posting.number}, ${transfer.id}, ${input.date}, ${value}, ${entry.id}, ${tx.actor}) returning id
      ), rl as (
        insert into erp.transfer_receipt_lines (receipt_id, transfer_line_id, quantity, value) select r.id, x.line_id, x.quantity, x.value from r, x
      ), tl as (
        update erp.transfer_lines l set received_qty = l.received_qty + x.quantity, received_value = l.received_value + x.value
          from x where l.id = x.line_id and l.id = any(${lines.map((l) => l.line_id)}::int[])
      ), lt as (
        update erp.transfer_lots t set received_qty = t.received_qty + y.quantity
          from jsonb_to_recordset(${JSON.stringify(lots)}::jsonb) as y(line_id int, lot_id int, quantity bigint)
         where t.transfer_line_id = y.line_id and t.lot_id = y.lot_id and t.transfer_line_id = any(${lines.map((l) => l.line_id)}::int[])
      ), events as (${tx.eventsInsert()})
      update erp.transfers set status = 'received' where id = ${transfer.id} and ${complete}`.execute(tx.db);
    return { receiptId: posting.id, receiptNo: posting.number, transferId: transfer.id, value, complete };
  },
);

export interface InTransit {
  transferId: number;
  transferNo: string;
  fromWarehouseId: number;
  toWarehouseId: number;
  shipDate: string;
  itemId: number;
  lineId: number;
  quantity: number;
  value: number;
}

/** What is in transit between warehouses, line by line: shipped and not yet received. */
export async function inTransit(db: Kysely<DB>, filter: { toWarehouseId?: number; itemId?: number } = {}): Promise<InTransit[]> {
  const { rows } = await sql<InTransit>`
    select t.id as "transferId", t.transfer_no as "transferNo", t.from_warehouse_id as "fromWarehouseId", t.to_warehouse_id as "toWarehouseId",
           t.ship_date as "shipDate", l.item_id as "itemId", l.id as "lineId", (l.quantity - l.received_qty)::bigint as quantity,
           (l.value - l.received_value)::bigint as value
      from erp.transfers t join erp.transfer_lines l on l.transfer_id = t.id
     where t.status = 'in_transit' and l.received_qty < l.quantity
       ${filter.toWarehouseId === undefined ? sql`` : sql`and t.to_warehouse_id = ${filter.toWarehouseId}`}
       ${filter.itemId === undefined ? sql`` : sql`and l.item_id = ${filter.itemId}`}
     order by t.id, l.line_no`.execute(db);
  return rows;
}
