import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate, money } from '../kernel/inputs.js';
import { postEntry } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { applyStockChanges } from './stock.js';
import { extendedAmount } from '../finance/money.js';

/**
 * Adjusts stock up or down outside the buying and selling flows: opening balances, count
 * differences, damage. Increases come in at the given unit cost; decreases leave at moving
 * average and never touch reserved stock. Posts to inventory against inventory adjustments
 * (or opening balances, for `reason: 'opening'`).
 */
export const adjustStock = defineCommand(
  'erp.adjustStock',
  z.object({
    date: isoDate,
    reason: z.string().trim().min(1).max(200),
    lines: z
      .array(z.object({
        itemId: id,
        warehouseId: id,
        quantity: z.number().int().min(-1e12).max(1e12).refine((q) => q !== 0, 'quantity must not be zero'),
        /** Required for increases: cost per unit, functional minor units. */
        unitCost: money.optional(),
        /** The lot counted up or down; without one a decrease takes the oldest lots and an increase is a new lot. */
        lotId: id.optional(),
      }))
      .min(1)
      .max(5_000),
    /** Count differences of a stocktake: the other side is the stocktake variance account. */
    stocktake: z.boolean().optional(),
  }),
  async (tx, input) => {
    const inflowValues = input.lines.map((l, i) => {
      if (l.quantity > 0 && l.unitCost === undefined) throw new DomainError('INVALID_INPUT', 'an increase needs a unit cost', `lines.${i}.unitCost`);
      return l.quantity > 0 ? extendedAmount(l.quantity, l.unitCost!, `lines.${i}.quantity`) : 0;
    });
    const posting = await beginPosting(tx.db, { table: 'erp.stock_adjustments', sequence: 'erp.adjustment_no', prefix: 'ADJ', date: input.date });
    const adjustment = { id: posting.id, number: posting.number };
    const values = await applyStockChanges(
      tx.db,
      { date: input.date, kind: 'adjustment', sourceType: 'stock_adjustment', sourceId: adjustment.id },
      input.lines.map((l, i) => ({ itemId: l.itemId, warehouseId: l.warehouseId, quantity: l.quantity, ...(l.quantity > 0 ? { value: inflowValues[i]! } : {}), ...(l.lotId === undefined ? {} : { lotId: l.lotId }), field: `lines.${i}.quantity` })),
    );
    const total = values.reduce((s, v) => s + v, 0);
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'stock_adjustment', sourceId: adjustment.id, memo: `${adjustment.number}: ${input.reason}`, lines: postingRules.stockAdjustment({ value: total, openingBalance: input.reason === 'opening', stocktake: input.stocktake === true }) },
      posting.conversion.functionalCurrency,
    );
    const rows = input.lines.map((l, i) => ({ item_id: l.itemId, warehouse_id: l.warehouseId, quantity: l.quantity, value: values[i]! }));
    tx.emit({ aggregateType: 'stock_adjustment', aggregateId: adjustment.id, type: 'stock.adjusted', payload: { adjustmentNo: adjustment.number, reason: input.reason, value: total } });
    await sql`
      with a as (
        insert into erp.stock_adjustments (id, adjustment_no, adjustment_date, reason, journal_entry_id, created_by)
        values (${adjustment.id}, ${adjustment.number}, ${input.date}, ${input.reason}, ${entryId}, ${tx.actor}) returning id
      ), events as (${tx.eventsInsert()})
      insert into erp.stock_adjustment_lines (adjustment_id, item_id, warehouse_id, quantity, value)
      select a.id, x.item_id, x.warehouse_id, x.quantity, x.value
        from a, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(item_id int, warehouse_id int, quantity bigint, value bigint)`.execute(tx.db);
    return { adjustmentId: adjustment.id, adjustmentNo: adjustment.number, value: total };
  },
);
