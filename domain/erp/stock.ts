import { sql, type Kysely, type RawBuilder } from 'kysely';
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
  /**
   * The lot this change takes from or puts into. Without one, an outflow takes the oldest lots
   * of the item in the warehouse first (FIFO) and an inflow starts a new lot.
   */
  lotId?: number;
  /** A new lot's number (an inflow without `lotId`); by default LOT- and its id. */
  lotNo?: string;
  /** The document line the change belongs to (the order line of a delivery, …), kept on its lot moves. */
  lineRef?: number;
}

/** A part of a change that touched one lot (quantity signed like the change). */
export interface LotQuantity {
  lotId: number;
  lotNo: string;
  quantity: number;
}

export interface AppliedStockChange {
  /** Value of the change, negative for outflows. */
  value: number;
  /** The lots it put into or took from. */
  lots: LotQuantity[];
}

export interface StockPosition {
  onHand: number;
  reserved: number;
  value: number;
}

const key = (itemId: number, warehouseId: number) => `${itemId}:${warehouseId}`;

export async function lockStock(db: Kysely<DB>, keys: { itemId: number; warehouseId: number }[], withLots = false): Promise<Map<string, StockPosition & { lots?: LiveLot[] }>> {
  const unique = [...new Map(keys.map((k) => [key(k.itemId, k.warehouseId), k])).values()];
  const { rows } = await sql<{ item_id: number; warehouse_id: number; on_hand: number; reserved: number; value: number; lots: LiveLot[] | null }>`
    select s.item_id, s.warehouse_id, s.on_hand, s.reserved, s.value, ${withLots ? liveLotsOf(sql`s.item_id`, sql`s.warehouse_id`) : sql`null`} as lots
      from erp.stock s
      join jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) as k("itemId" int, "warehouseId" int)
        on s.item_id = k."itemId" and s.warehouse_id = k."warehouseId"
     order by s.item_id, s.warehouse_id
       for update of s`.execute(db);
  return new Map(rows.map((r) => [key(r.item_id, r.warehouse_id), { onHand: r.on_hand, reserved: r.reserved, value: r.value, ...(r.lots ? { lots: r.lots } : {}) }]));
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
  return (await applyStockChangesWithLots(db, move, changes)).map((c) => c.value);
}

/**
 * applyStockChanges, returning for each change the lots it touched too. An outflow without a
 * lot takes the oldest lots of the item in the warehouse first (FIFO); a named lot must hold
 * enough there; an inflow without a lot starts a new one. The lots are read with the stock rows
 * and allocated here; the lot bookkeeping (new lots, erp.lot_moves, erp.lot_stock) rides in the
 * same final statement as the stock and its moves, so it costs no round trip.
 */
export async function applyStockChangesWithLots(
  db: Kysely<DB>,
  move: { date: string; kind: MoveKind; sourceType: string; sourceId: string | number },
  changes: StockChange[],
): Promise<AppliedStockChange[]> {
  if (changes.length === 0) return [];
  // Rows must exist before they can be locked; a new item/warehouse pair starts empty.
  const inflowKeys = changes.filter((c) => c.quantity > 0).map((c) => ({ i: c.itemId, w: c.warehouseId }));
  if (inflowKeys.length > 0) {
    await sql`insert into erp.stock (item_id, warehouse_id)
              select distinct k.i, k.w from jsonb_to_recordset(${JSON.stringify(inflowKeys)}::jsonb) as k(i int, w int)
              order by 1, 2 on conflict do nothing`.execute(db);
  }
  const outflows = changes.some((c) => c.quantity < 0);
  const positions = await lockStock(db, changes, outflows);
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
    positions.set(k, { ...p, onHand: p.onHand + c.quantity, reserved: p.reserved - (c.releaseReserved ?? 0), value: p.value + value });
    return value;
  });
  const takes = outflows ? await allocateLots(db, changes, positions) : changes.map(() => []);

  const rows = changes.map((c, n) => ({
    n, i: c.itemId, w: c.warehouseId, q: c.quantity, v: values[n]!, r: c.releaseReserved ?? 0,
    new_lot: c.quantity > 0 && c.lotId === undefined, lot_no: c.lotNo ?? null, ref: c.lineRef ?? null,
  }));
  // Named inflows and outflows' takes: (change, lot, signed quantity).
  const named = changes.flatMap((c, n) => (c.quantity > 0 && c.lotId !== undefined ? [{ n, lot: c.lotId, q: c.quantity }] : []));
  const taken = takes.flatMap((t, n) => t.map((x) => ({ n, lot: x.lotId, q: -x.quantity })));
  const statement = lotStatement(rows, [...named, ...taken], move);
  const { rows: created } = await sql<{ n: number; lot_id: number; lot_no: string }>`${statement.sql}`.execute(db);

  const written = created.find((r) => r.n === -1);
  if (written && written.lot_id !== statement.lotRows) {
    throw new DomainError('NOT_FOUND', `lot ${named.map((x) => x.lot).join(', ')} is not a lot of the item it was given for`, changes[named[0]!.n]!.field);
  }
  const newLots = new Map(created.filter((r) => r.n >= 0).map((r) => [r.n, { lotId: r.lot_id, lotNo: r.lot_no }]));
  return changes.map((c, n) => {
    const fresh = newLots.get(n);
    const lots: LotQuantity[] = fresh ? [{ ...fresh, quantity: c.quantity }] : takes[n]!.map((t) => ({ lotId: t.lotId, lotNo: t.lotNo, quantity: -t.quantity }));
    return { value: values[n]!, lots };
  });
}

interface LiveLot { lotId: number; lotNo: string; onHand: number }

/**
 * Which lots each outflow takes: the lot it names, or the oldest lots first. Lots are read with
 * the stock rows, but that statement's snapshot may predate a lock it waited for; when the lots
 * of a key no longer sum to its locked stock they are read again (this statement's snapshot is
 * after the lock). The database refuses a lot going below zero as a serialisation failure, so a
 * stale allocation the check cannot see is retried rather than written.
 */
async function allocateLots(db: Kysely<DB>, changes: StockChange[], positions: Map<string, StockPosition & { lots?: LiveLot[] }>): Promise<{ lotId: number; lotNo: string; quantity: number }[][]> {
  const outKeys = [...new Set(changes.filter((c) => c.quantity < 0).map((c) => key(c.itemId, c.warehouseId)))];
  // positions now hold the stock after the changes; before = after − the changes of the key.
  const before = new Map(outKeys.map((k) => [k, positions.get(k)!.onHand - changes.filter((c) => key(c.itemId, c.warehouseId) === k).reduce((s, c) => s + c.quantity, 0)]));
  const stale = outKeys.filter((k) => (positions.get(k)!.lots ?? []).reduce((s, l) => s + l.onHand, 0) !== before.get(k));
  if (stale.length > 0) {
    const fresh = await liveLots(db, stale.map((k) => { const [i, w] = k.split(':'); return { itemId: Number(i), warehouseId: Number(w) }; }));
    for (const k of stale) positions.get(k)!.lots = fresh.get(k) ?? [];
  }
  const left = new Map<string, LiveLot[]>(outKeys.map((k) => [k, (positions.get(k)!.lots ?? []).map((l) => ({ ...l }))]));
  // Named lots first, so first-in-first-out works around them.
  const result = changes.map(() => [] as { lotId: number; lotNo: string; quantity: number }[]);
  changes.forEach((c, n) => {
    if (c.quantity >= 0 || c.lotId === undefined) return;
    const lot = left.get(key(c.itemId, c.warehouseId))!.find((l) => l.lotId === c.lotId);
    if (!lot) throw new DomainError('NOT_FOUND', `lot ${c.lotId} holds no item ${c.itemId} in warehouse ${c.warehouseId}`, c.field, { itemId: c.itemId, warehouseId: c.warehouseId, lotId: c.lotId });
    if (lot.onHand < -c.quantity) {
      throw new DomainError('INSUFFICIENT_STOCK', `lot ${c.lotId} holds ${lot.onHand} of item ${c.itemId} in warehouse ${c.warehouseId}, not ${-c.quantity}`, c.field, { itemId: c.itemId, warehouseId: c.warehouseId, lotId: c.lotId });
    }
    lot.onHand += c.quantity;
    result[n]!.push({ lotId: lot.lotId, lotNo: lot.lotNo, quantity: -c.quantity });
  });
  changes.forEach((c, n) => {
    if (c.quantity >= 0 || c.lotId !== undefined) return;
    let want = -c.quantity;
    for (const lot of left.get(key(c.itemId, c.warehouseId))!) {
      if (want === 0) break;
      const q = Math.min(want, lot.onHand);
      if (q <= 0) continue;
      lot.onHand -= q;
      want -= q;
      result[n]!.push({ lotId: lot.lotId, lotNo: lot.lotNo, quantity: q });
    }
    if (want > 0) throw new DomainError('LOTS_OUT_OF_STEP', `the lots of item ${c.itemId} in warehouse ${c.warehouseId} hold less than its stock; run verify`, c.field);
  });
  return result;
}

const liveLotsOf = (itemId: RawBuilder<unknown> | number, warehouseId: RawBuilder<unknown> | number) => sql<LiveLot[]>`
  coalesce((select jsonb_agg(jsonb_build_object('lotId', ls.lot_id, 'lotNo', o.lot_no, 'onHand', ls.on_hand) order by o.origin_date, ls.lot_id)
              from erp.lot_stock ls join erp.lots o on o.id = ls.lot_id
             where ls.item_id = ${itemId} and ls.warehouse_id = ${warehouseId} and ls.on_hand > 0), '[]')`;

/** The live lots (on hand > 0) of item/warehouse pairs, oldest first. */
async function liveLots(db: Kysely<DB>, keys: { itemId: number; warehouseId: number }[]): Promise<Map<string, LiveLot[]>> {
  const { rows } = await sql<{ i: number; w: number; lots: LiveLot[] }>`
    select k.i, k.w, ${liveLotsOf(sql`k.i`, sql`k.w`)} as lots
      from jsonb_to_recordset(${JSON.stringify(keys.map((k) => ({ i: k.itemId, w: k.warehouseId })))}::jsonb) as k(i int, w int)`.execute(db);
  return new Map(rows.map((r) => [key(r.i, r.w), r.lots]));
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

/**
 * The final statement of applyStockChanges: the stock, its moves, and the lot bookkeeping the
 * call needs (new lots for inflows without one, lot moves, what each lot holds where). Only
 * the parts a call needs are in it: in the embedded database every part costs time.
 */
function lotStatement(
  rows: { n: number; i: number; w: number; q: number; v: number; r: number; new_lot: boolean; lot_no: string | null; ref: number | null }[],
  lots: { n: number; lot: number; q: number }[],
  move: { date: string; kind: MoveKind; sourceType: string; sourceId: string | number },
) {
  const hasNew = rows.some((r) => r.new_lot);
  const sourceId = String(move.sourceId);
  const ctes = [
    sql`l as materialized (
      select l.*, nextval(pg_get_serial_sequence('erp.stock_moves', 'id')) as move_id,
             ${hasNew ? sql`case when l.new_lot then nextval(pg_get_serial_sequence('erp.lots', 'id'))::int end` : sql`null::int`} as lot_id
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as l(n int, i int, w int, q bigint, v bigint, r bigint, new_lot boolean, lot_no text, ref int)
    )`,
    sql`agg as (select i, w, sum(q) as q, sum(v) as v, sum(r) as r from l group by i, w)`,
    sql`upd as (
      update erp.stock s set on_hand = s.on_hand + agg.q, value = s.value + agg.v, reserved = s.reserved - agg.r
        from agg where s.item_id = agg.i and s.warehouse_id = agg.w
    )`,
    sql`mv as (
      insert into erp.stock_moves (id, item_id, warehouse_id, move_date, kind, quantity, value, source_type, source_id)
      select l.move_id, l.i, l.w, ${move.date}, ${move.kind}, l.q, l.v, ${move.sourceType}, ${sourceId} from l
    )`,
  ];
  if (hasNew) {
    ctes.push(sql`nl as (
      insert into erp.lots (id, lot_no, item_id, origin_type, origin_id, origin_line, origin_date, quantity)
      select l.lot_id, coalesce(l.lot_no, 'LOT-' || lpad(l.lot_id::text, 8, '0')), l.i, ${move.sourceType}, ${sourceId}, l.ref, ${move.date}, l.q
        from l where l.lot_id is not null
    )`);
    ctes.push(sql`nls as (insert into erp.lot_stock (lot_id, item_id, warehouse_id, on_hand) select l.lot_id, l.i, l.w, l.q from l where l.lot_id is not null)`);
  }
  const moves = lots.length > 0
    ? sql`select l.move_id, x.lot, l.i, l.w, x.q, l.ref from l join jsonb_to_recordset(${JSON.stringify(lots)}::jsonb) as x(n int, lot int, q bigint) on x.n = l.n`
    : null;
  const moveRows = [
    ...(hasNew ? [sql`select l.move_id, l.lot_id, l.i, l.w, l.q, l.ref from l where l.lot_id is not null`] : []),
    ...(moves ? [moves] : []),
  ];
  ctes.push(sql`lm as (
    insert into erp.lot_moves (stock_move_id, lot_id, item_id, warehouse_id, move_date, kind, quantity, source_type, source_id, line_ref)
    select m.move_id, m.lot, m.i, m.w, ${move.date}, ${move.kind}, m.q, ${move.sourceType}, ${sourceId}, m.ref
      from (${sql.join(moveRows, sql` union all `)}) as m(move_id, lot, i, w, q, ref)
  )`);
  let checkCount = 0;
  if (lots.length > 0) {
    // Existing lots change what they hold here; a named lot new to this warehouse gets a row.
    const delta = new Map<string, { lot: number; i: number; w: number; q: number }>();
    for (const x of lots) {
      const r = rows[x.n]!;
      const k = `${x.lot}:${r.w}`;
      const d = delta.get(k) ?? { lot: x.lot, i: r.i, w: r.w, q: 0 };
      d.q += x.q;
      delta.set(k, d);
    }
    const deltas = [...delta.values()];
    const anyInflow = lots.some((x) => x.q > 0);
    ctes.push(sql`d as (select * from jsonb_to_recordset(${JSON.stringify(deltas)}::jsonb) as d(lot int, i int, w int, q bigint))`);
    ctes.push(sql`lsu as (update erp.lot_stock s set on_hand = s.on_hand + d.q from d where s.lot_id = d.lot and s.warehouse_id = d.w
                           and s.item_id = d.i and s.lot_id = any(${deltas.map((d) => d.lot)}::int[]) returning 1)`);
    if (anyInflow) {
      // A new row's foreign key checks the lot is of the item; a lot of another item already
      // here is neither updated nor inserted, and the count below tells.
      ctes.push(sql`lsi as (
        insert into erp.lot_stock (lot_id, item_id, warehouse_id, on_hand)
        select d.lot, d.i, d.w, d.q from d where not exists (select 1 from erp.lot_stock s where s.lot_id = d.lot and s.warehouse_id = d.w)
        returning 1
      )`);
      checkCount = deltas.length;
    }
  }
  // New lots, and the numbers of named lots coming in.
  const namedIn = lots.filter((x) => x.q > 0);
  return { lotRows: checkCount, sql: sql`
    with ${sql.join(ctes, sql`, `)}
    select l.n, l.lot_id, coalesce(l.lot_no, 'LOT-' || lpad(l.lot_id::text, 8, '0')) as lot_no from l where l.lot_id is not null
    ${namedIn.length > 0 ? sql`union all select x.n, o.id, o.lot_no from jsonb_to_recordset(${JSON.stringify(namedIn)}::jsonb) as x(n int, lot int, q bigint) join erp.lots o on o.id = x.lot` : sql``}
    ${checkCount > 0 ? sql`union all select -1, ((select count(*) from lsu) + (select count(*) from lsi))::int, null` : sql``}` };
}
