import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { DomainError } from '../kernel/errors.js';
import { proportion } from '../finance/money.js';

/**
 * The stock ledger. Every change of on-hand quantity is a row in erp.stock_moves and the same
 * change to erp.stock, valued at moving average: goods come in at their cost and go out at
 * the current average (value × quantity ÷ on-hand, the last unit taking the remainder).
 * Rows are locked in key order so concurrent commands never deadlock on each other.
 */
export type MoveKind = 'receipt' | 'delivery' | 'adjustment' | 'return' | 'scrap' | 'issue' | 'production' | 'transfer_out' | 'transfer_in';

export interface StockChange {
  itemId: number;
  warehouseId: number;
  /** Positive in, negative out. */
  quantity: number;
  /** Inflows: their value (functional minor units). Outflows: leave undefined for moving average. */
  value?: number;
  /** Outflows that consume a reservation (deliveries) release it by this much. */
  releaseReserved?: number;
  /** Where the error should point if this change is refused. */
  field?: string;
}

export interface StockPosition {
  onHand: number;
  reserved: number;
  value: number;
}

const key = (itemId: number, warehouseId: number) => `${itemId}:${warehouseId}`;

export async function lockStock(db: Kysely<DB>, keys: { itemId: number; warehouseId: number }[]): Promise<Map<string, StockPosition>> {
  const unique = [...new Map(keys.map((k) => [key(k.itemId, k.warehouseId), k])).values()];
  const { rows } = await sql<{ item_id: number; warehouse_id: number; on_hand: number; reserved: number; value: number }>`
    select s.item_id, s.warehouse_id, s.on_hand, s.reserved, s.value
      from erp.stock s
      join jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) as k("itemId" int, "warehouseId" int)
        on s.item_id = k."itemId" and s.warehouse_id = k."warehouseId"
     order by s.item_id, s.warehouse_id
       for update of s`.execute(db);
  return new Map(rows.map((r) => [key(r.item_id, r.warehouse_id), { onHand: r.on_hand, reserved: r.reserved, value: r.value }]));
}

/**
 * Applies stock changes and writes their moves in one statement; returns the value of each
 * change (negative for outflows), in input order.
 */
export async function applyStockChanges(
  db: Kysely<DB>,
  move: { date: string; kind: MoveKind; sourceType: string; sourceId: string | number },
  changes: StockChange[],
): Promise<number[]> {
  if (changes.length === 0) return [];
  // Rows must exist before they can be locked; a new item/warehouse pair starts empty.
  const inflowKeys = changes.filter((c) => c.quantity > 0).map((c) => ({ i: c.itemId, w: c.warehouseId }));
  if (inflowKeys.length > 0) {
    await sql`insert into erp.stock (item_id, warehouse_id)
              select distinct k.i, k.w from jsonb_to_recordset(${JSON.stringify(inflowKeys)}::jsonb) as k(i int, w int)
              order by 1, 2 on conflict do nothing`.execute(db);
  }
  const positions = await lockStock(db, changes);
  const values = changes.map((c) => {
    const k = key(c.itemId, c.warehouseId);
    const p = positions.get(k) ?? { onHand: 0, reserved: 0, value: 0 };
    let value: number;
    if (c.quantity > 0) {
      if (c.value === undefined || c.value < 0) throw new DomainError('INVALID_INPUT', 'an inflow needs a non-negative value', c.field);
      value = c.value;
    } else {
      const out = -c.quantity;
      const release = c.releaseReserved ?? 0;
      const freeAfterRelease = p.onHand - (p.reserved - release);
      if (out > p.onHand || out > freeAfterRelease) {
        throw new DomainError('INSUFFICIENT_STOCK', `item ${c.itemId} in warehouse ${c.warehouseId}: ${out} requested, ${Math.max(0, freeAfterRelease)} available`, c.field, { itemId: c.itemId, warehouseId: c.warehouseId });
      }
      value = -proportion(p.value, out, p.onHand);
    }
    positions.set(k, { onHand: p.onHand + c.quantity, reserved: p.reserved - (c.releaseReserved ?? 0), value: p.value + value });
    return value;
  });
  const rows = changes.map((c, i) => ({ i: c.itemId, w: c.warehouseId, q: c.quantity, v: values[i]!, r: c.releaseReserved ?? 0 }));
  await sql`
    with l as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as l(i int, w int, q bigint, v bigint, r bigint)),
    agg as (select i, w, sum(q) as q, sum(v) as v, sum(r) as r from l group by i, w),
    upd as (
      update erp.stock s set on_hand = s.on_hand + agg.q, value = s.value + agg.v, reserved = s.reserved - agg.r
        from agg where s.item_id = agg.i and s.warehouse_id = agg.w
    )
    insert into erp.stock_moves (item_id, warehouse_id, move_date, kind, quantity, value, source_type, source_id)
    select l.i, l.w, ${move.date}, ${move.kind}, l.q, l.v, ${move.sourceType}, ${String(move.sourceId)} from l`.execute(db);
  return values;
}

export interface ReservationRequest {
  itemId: number;
  warehouseId: number;
  quantity: number;
}

/**
 * Reserves up to the requested quantities from free stock (on hand − reserved), in order;
 * returns what each request got. Never reserves more than is free.
 */
export async function reserveStock(db: Kysely<DB>, requests: ReservationRequest[]): Promise<number[]> {
  if (requests.length === 0) return [];
  const positions = await lockStock(db, requests);
  const granted = requests.map((r) => {
    const p = positions.get(key(r.itemId, r.warehouseId));
    if (!p) return 0;
    const g = Math.max(0, Math.min(r.quantity, p.onHand - p.reserved));
    p.reserved += g;
    return g;
  });
  const rows = requests.map((r, i) => ({ i: r.itemId, w: r.warehouseId, g: granted[i]! })).filter((r) => r.g > 0);
  if (rows.length > 0) {
    await sql`
      update erp.stock s set reserved = s.reserved + g.g
        from (select i, w, sum(g) as g from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(i int, w int, g bigint) group by i, w) g
       where s.item_id = g.i and s.warehouse_id = g.w`.execute(db);
  }
  return granted;
}

/** Releases reservations (cancelled order lines). */
export async function releaseReservations(db: Kysely<DB>, releases: ReservationRequest[]): Promise<void> {
  const rows = releases.filter((r) => r.quantity > 0).map((r) => ({ i: r.itemId, w: r.warehouseId, q: r.quantity }));
  if (rows.length === 0) return;
  await lockStock(db, releases);
  await sql`
    update erp.stock s set reserved = s.reserved - g.q
      from (select i, w, sum(q) as q from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(i int, w int, q bigint) group by i, w) g
     where s.item_id = g.i and s.warehouse_id = g.w`.execute(db);
}

/** On hand, reserved and value of one item in one warehouse (no lock). */
export async function stockPosition(db: Kysely<DB>, itemId: number, warehouseId: number): Promise<StockPosition> {
  const row = await db.selectFrom('erp.stock').select(['on_hand', 'reserved', 'value']).where('item_id', '=', itemId).where('warehouse_id', '=', warehouseId).executeTakeFirst();
  return row ? { onHand: row.on_hand, reserved: row.reserved, value: row.value } : { onHand: 0, reserved: 0, value: 0 };
}
