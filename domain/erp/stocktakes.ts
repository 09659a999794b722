import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { mulDivRound } from '../finance/money.js';
import { adjustStock } from './stock-adjustments.js';

/**
 * Stocktakes. A count sheet lists every lot on hand in a warehouse with its book quantity when
 * the sheet is made (counters count against that moment); counted quantities are entered, found
 * stock that is not on the sheet added; posting adjusts stock by count − book for every line that
 * differs, through a stock adjustment whose value goes to the stocktake variance account. Counts
 * up come in at the item's moving-average cost in the warehouse (its standard cost when there is
 * none). A stocktake is posted once; the database refuses any change after that.
 */
export const createStocktake = defineCommand(
  'erp.createStocktake',
  z.object({ warehouseId: id, date: isoDate, itemIds: z.array(id).min(1).max(10_000).optional() }),
  async (tx, input) => {
    const { rows } = await sql<{ warehouse: boolean; open: string | null; id: number; number: string }>`
      select exists (select 1 from erp.warehouses where id = ${input.warehouseId}) as warehouse,
             (select stocktake_no from erp.stocktakes where warehouse_id = ${input.warehouseId} and status = 'counting') as open,
             nextval(pg_get_serial_sequence('erp.stocktakes', 'id'))::int as id,
             'ST-' || lpad(nextval('erp.stocktake_no')::text, 7, '0') as number`.execute(tx.db);
    const found = rows[0]!;
    if (!found.warehouse) throw new DomainError('NOT_FOUND', `warehouse ${input.warehouseId} does not exist`, 'warehouseId');
    if (found.open) throw new DomainError('CONFLICT', `stocktake ${found.open} of this warehouse is still being counted`, 'warehouseId');
    tx.emit({ aggregateType: 'stocktake', aggregateId: found.id, type: 'stocktake.created', payload: { stocktakeNo: found.number, warehouseId: input.warehouseId, date: input.date } });
    const { rows: made } = await sql<{ lines: number }>`
      with s as (
        insert into erp.stocktakes (id, stocktake_no, warehouse_id, count_date, created_by)
        values (${found.id}, ${found.number}, ${input.warehouseId}, ${input.date}, ${tx.actor}) returning id
      ), l as (
        insert into erp.stocktake_lines (stocktake_id, line_no, item_id, lot_id, book_qty)
        select s.id, row_number() over (order by ls.item_id, o.origin_date, ls.lot_id), ls.item_id, ls.lot_id, ls.on_hand
          from s, erp.lot_stock ls join erp.lots o on o.id = ls.lot_id
         where ls.warehouse_id = ${input.warehouseId} and ls.on_hand > 0
           ${input.itemIds ? sql`and ls.item_id = any(${input.itemIds}::int[])` : sql``}
        returning 1
      ), events as (${tx.eventsInsert()})
      select count(*)::int as lines from l`.execute(tx.db);
    return { stocktakeId: found.id, stocktakeNo: found.number, lines: made[0]!.lines };
  },
);

interface StocktakeRow { id: number; stocktake_no: string; warehouse_id: number; count_date: string; status: 'counting' | 'posted' }

async function lockStocktake(db: Kysely<DB>, stocktakeId: number): Promise<StocktakeRow> {
  const row = await db.selectFrom('erp.stocktakes').select(['id', 'stocktake_no', 'warehouse_id', 'count_date', 'status']).where('id', '=', stocktakeId).forUpdate().executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `stocktake ${stocktakeId} does not exist`, 'stocktakeId');
  if (row.status === 'posted') throw new DomainError('ALREADY_POSTED', `stocktake ${row.stocktake_no} is already posted`, 'stocktakeId');
  return row;
}

/**
 * Enters counted quantities against count sheet lines (a recount overwrites), and stock found
 * that is not on the sheet (a new line with a book quantity of zero; of a known lot, or a new one).
 */
export const recordCounts = defineCommand(
  'erp.recordCounts',
  z.object({
    stocktakeId: id,
    counts: z.array(z.object({ lineId: id, countedQty: z.number().int().nonnegative().max(1e12) })).max(20_000).default([]),
    found: z.array(z.object({ itemId: id, lotId: id.optional(), countedQty: z.number().int().positive().max(1e12) })).max(1_000).default([]),
  }),
  async (tx, input) => {
    if (input.counts.length + input.found.length === 0) throw new DomainError('INVALID_INPUT', 'enter at least one count', 'counts');
    const lineIds = input.counts.map((c) => c.lineId);
    lineIds.forEach((l, i) => {
      if (lineIds.indexOf(l) !== i) throw new DomainError('INVALID_INPUT', `line ${l} is counted twice`, `counts.${i}.lineId`);
    });
    const stocktake = await lockStocktake(tx.db, input.stocktakeId);
    tx.emit({ aggregateType: 'stocktake', aggregateId: stocktake.id, type: 'stocktake.counted', payload: { stocktakeNo: stocktake.stocktake_no, counts: input.counts.length, found: input.found.length } });
    const { rows } = await sql<{ missing: number[]; bad_found: number[] }>`
      with x as (select * from jsonb_to_recordset(${JSON.stringify(input.counts)}::jsonb) as x("lineId" int, "countedQty" bigint)),
      f as (select * from jsonb_to_recordset(${JSON.stringify(input.found.map((x, i) => ({ ...x, k: i + 1 })))}::jsonb) as f("itemId" int, "lotId" int, "countedQty" bigint, k int)),
      u as (
        update erp.stocktake_lines l set counted_qty = x."countedQty" from x
         where l.id = x."lineId" and l.stocktake_id = ${stocktake.id} returning l.id
      ),
      bad as (
        select f.k from f left join erp.items i on i.id = f."itemId" left join erp.lots o on o.id = f."lotId"
         where i.id is null or (f."lotId" is not null and (o.id is null or o.item_id <> f."itemId"
                or exists (select 1 from erp.stocktake_lines l where l.stocktake_id = ${stocktake.id} and l.lot_id = f."lotId")))
      ),
      ins as (
        insert into erp.stocktake_lines (stocktake_id, line_no, item_id, lot_id, book_qty, counted_qty)
        select ${stocktake.id}, coalesce((select max(line_no) from erp.stocktake_lines where stocktake_id = ${stocktake.id}), 0) + f.k, f."itemId", f."lotId", 0, f."countedQty"
          from f where not exists (select 1 from bad)
      ), events as (${tx.eventsInsert()})
      select coalesce((select jsonb_agg(x."lineId") from x where x."lineId" not in (select id from u)), '[]') as missing,
             coalesce((select jsonb_agg(k) from bad), '[]') as bad_found`.execute(tx.db);
    const { missing, bad_found: badFound } = rows[0]!;
    if (missing.length > 0) {
      const i = input.counts.findIndex((c) => c.lineId === missing[0]);
      throw new DomainError('NOT_FOUND', `line ${missing[0]} is not on stocktake ${stocktake.stocktake_no}`, `counts.${i}.lineId`);
    }
    if (badFound.length > 0) {
      const k = badFound[0]! - 1;
      throw new DomainError('INVALID_INPUT', `found stock ${k + 1}: unknown item, a lot of another item, or a lot already on the sheet`, `found.${k}`);
    }
    return { stocktakeId: stocktake.id, counted: input.counts.length, found: input.found.length };
  },
);

/**
 * Posts a counted stocktake: every line whose count differs from its book quantity adjusts stock
 * by the difference, in one stock adjustment. Lines not counted are refused unless
 * `uncountedAsBook` says they were found as booked.
 */
export const postStocktake = defineCommand(
  'erp.postStocktake',
  z.object({ stocktakeId: id, date: isoDate, uncountedAsBook: z.boolean().default(false) }),
  async (tx, input) => {
    const stocktake = await lockStocktake(tx.db, input.stocktakeId);
    if (input.date < stocktake.count_date) throw new DomainError('INVALID_INPUT', `a stocktake cannot be posted before its count date ${stocktake.count_date}`, 'date');
    const { rows: lines } = await sql<{ id: number; line_no: number; item_id: number; lot_id: number | null; book_qty: number; counted_qty: number | null; on_hand: number; value: number; standard_cost: number }>`
      select l.id, l.line_no, l.item_id, l.lot_id, l.book_qty, l.counted_qty, coalesce(s.on_hand, 0) as on_hand, coalesce(s.value, 0) as value, i.standard_cost
        from erp.stocktake_lines l join erp.items i on i.id = l.item_id
        left join erp.stock s on s.item_id = l.item_id and s.warehouse_id = ${stocktake.warehouse_id}
       where l.stocktake_id = ${stocktake.id} order by l.line_no`.execute(tx.db);
    const uncounted = lines.find((l) => l.counted_qty === null);
    if (uncounted && !input.uncountedAsBook) {
      throw new DomainError('COUNT_INCOMPLETE', `line ${uncounted.line_no} of ${stocktake.stocktake_no} has not been counted`, 'stocktakeId');
    }
    const differences = lines
      .map((l) => ({ ...l, variance: (l.counted_qty ?? l.book_qty) - l.book_qty }))
      .filter((l) => l.variance !== 0);
    let adjustment: { adjustmentId: number; adjustmentNo: string; value: number } | null = null;
    if (differences.length > 0) {
      adjustment = await adjustStock(tx.context, {
        date: input.date,
        reason: `stocktake ${stocktake.stocktake_no}`,
        stocktake: true,
        lines: differences.map((l) => ({
          itemId: l.item_id,
          warehouseId: stocktake.warehouse_id,
          quantity: l.variance,
          ...(l.lot_id === null ? {} : { lotId: l.lot_id }),
          ...(l.variance > 0 ? { unitCost: l.on_hand > 0 ? mulDivRound(l.value, 1, l.on_hand) : l.standard_cost } : {}),
        })),
      });
    }
    const varianceValue = adjustment?.value ?? 0;
    tx.emit({
      aggregateType: 'stocktake', aggregateId: stocktake.id, type: 'stocktake.posted',
      payload: { stocktakeNo: stocktake.stocktake_no, date: input.date, lines: lines.length, differences: differences.length, value: varianceValue, adjustmentNo: adjustment?.adjustmentNo ?? null },
    });
    await sql`
      with events as (${tx.eventsInsert()})
      update erp.stocktakes set status = 'posted', posted_date = ${input.date}, adjustment_id = ${adjustment?.adjustmentId ?? null}, variance_value = ${varianceValue}
       where id = ${stocktake.id}`.execute(tx.db);
    return { stocktakeId: stocktake.id, stocktakeNo: stocktake.stocktake_no, differences: differences.length, value: varianceValue, adjustmentNo: adjustment?.adjustmentNo ?? null };
  },
);

export interface CountSheetLine {
  lineId: number;
  lineNo: number;
  itemId: number;
  sku: string;
  lotId: number | null;
  lotNo: string | null;
  bookQty: number;
  countedQty: number | null;
  varianceQty: number | null;
}

/** A stocktake and its count sheet. */
export async function stocktake(db: Kysely<DB>, stocktakeId: number) {
  const { rows } = await sql<{ id: number; stocktakeNo: string; warehouseId: number; countDate: string; status: 'counting' | 'posted'; postedDate: string | null; varianceValue: number | null; lines: CountSheetLine[] }>`
    select s.id, s.stocktake_no as "stocktakeNo", s.warehouse_id as "warehouseId", s.count_date as "countDate", s.status, s.posted_date as "postedDate",
           s.variance_value as "varianceValue",
           coalesce((select jsonb_agg(jsonb_build_object('lineId', l.id, 'lineNo', l.line_no, 'itemId', l.item_id, 'sku', i.sku, 'lotId', l.lot_id, 'lotNo', o.lot_no,
                                                         'bookQty', l.book_qty, 'countedQty', l.counted_qty, 'varianceQty', l.variance_qty) order by l.line_no)
                       from erp.stocktake_lines l join erp.items i on i.id = l.item_id left join erp.lots o on o.id = l.lot_id
                      where l.stocktake_id = s.id), '[]') as lines
      from erp.stocktakes s where s.id = ${stocktakeId}`.execute(db);
  return rows[0];
}
