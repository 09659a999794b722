import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { addDaysIso } from '../../kernel/dates.js';
import { id, isoDate, money, quantity } from '../../kernel/inputs.js';

/**
 * Supplier price lists: a supplier's price for an item (minor units of the supplier's currency)
 * over a validity period, with a minimum order quantity and a lead time. Periods of one supplier
 * and item never overlap (an exclusion constraint); a new price takes over from its first day and
 * the price before it ends the day before.
 */

export interface PriceEntry {
  itemId: number;
  unitPrice: number;
  minOrderQty?: number | undefined;
  leadTimeDays: number;
}

const priceEntry = z.object({ itemId: id, unitPrice: money, minOrderQty: quantity.optional(), leadTimeDays: z.number().int().min(0).max(730) });

export const setSupplierPrices = defineCommand(
  'scm.setSupplierPrices',
  z.object({
    supplierId: id,
    validFrom: isoDate,
    /** Last day of validity; omitted or null: until a newer price takes over. */
    validTo: isoDate.nullable().optional(),
    prices: z.array(priceEntry).min(1).max(5_000),
  }),
  async (tx, input) => writeSupplierPrices(tx, { ...input, validTo: input.validTo ?? null, rfqResponseId: null, field: 'prices' }),
);

/**
 * Writes price entries in two statements (the checks, then the new entries with the ends of the
 * entries they supersede and the event). Shared with the RFQ award, inside its transaction.
 */
export async function writeSupplierPrices(
  tx: Tx,
  input: { supplierId: number; validFrom: string; validTo: string | null; prices: PriceEntry[]; rfqResponseId: number | null; field: string },
): Promise<{ entries: number; superseded: number }> {
  if (input.validTo !== null && input.validTo < input.validFrom) throw new DomainError('INVALID_INPUT', 'a price cannot end before it starts', 'validTo');
  const itemIds = input.prices.map((p) => p.itemId);
  const twice = itemIds.findIndex((itemId, i) => itemIds.indexOf(itemId) !== i);
  if (twice >= 0) throw new DomainError('DUPLICATE', `item ${itemIds[twice]} is priced twice`, `${input.field}.${twice}.itemId`);
  const { rows } = await sql<{ code: string; currency: string; unknown: number[]; overlapping: { id: number; itemId: number; validFrom: string; validTo: string | null }[] }>`
    select s.code, s.currency::text as currency,
           (select coalesce(jsonb_agg(x order by x), '[]') from unnest(${itemIds}::int[]) x where not exists (select 1 from erp.items i where i.id = x)) as unknown,
           (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'itemId', p.item_id, 'validFrom', p.valid_from, 'validTo', p.valid_to)), '[]')
              from scm.supplier_prices p
             where p.supplier_id = s.id and p.item_id = any(${itemIds}::int[])
               and daterange(p.valid_from, p.valid_to, '[]') && daterange(${input.validFrom}::date, ${input.validTo}::date, '[]')) as overlapping
      from scm.suppliers s where s.id = ${input.supplierId}`.execute(tx.db);
  const supplier = rows[0];
  if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
  if (supplier.unknown.length > 0) throw new DomainError('NOT_FOUND', `item ${supplier.unknown[0]} does not exist`, `${input.field}.${itemIds.indexOf(supplier.unknown[0]!)}.itemId`);
  const later = supplier.overlapping.find((p) => p.validFrom >= input.validFrom);
  if (later) {
    throw new DomainError(
      'CONFLICT',
      `supplier ${supplier.code} already has a price for item ${later.itemId} from ${later.validFrom}${later.validTo ? ` to ${later.validTo}` : ''}; a new price may only take over from an earlier one`,
      `${input.field}.${itemIds.indexOf(later.itemId)}.itemId`,
    );
  }
  const superseded = supplier.overlapping.map((p) => p.id);
  const entries = input.prices.map((p) => ({ item_id: p.itemId, unit_price: p.unitPrice, min_order_qty: p.minOrderQty ?? 1, lead_time_days: p.leadTimeDays }));
  tx.emit({
    aggregateType: 'supplier',
    aggregateId: input.supplierId,
    type: 'supplier.prices_set',
    payload: { supplierCode: supplier.code, validFrom: input.validFrom, validTo: input.validTo, currency: supplier.currency, items: entries.length, superseded: superseded.length, rfqResponseId: input.rfqResponseId },
  });
  try {
    await sql`
      with ended as (
        update scm.supplier_prices set valid_to = ${addDaysIso(input.validFrom, -1)}::date where id = any(${superseded}::int[])
      ), added as (
        insert into scm.supplier_prices (supplier_id, item_id, valid_from, valid_to, currency, unit_price, min_order_qty, lead_time_days, rfq_response_id, created_by)
        select ${input.supplierId}, x.item_id, ${input.validFrom}, ${input.validTo}::date, ${supplier.currency}, x.unit_price, x.min_order_qty, x.lead_time_days,
               ${input.rfqResponseId}::int, ${tx.actor}
          from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as x(item_id int, unit_price bigint, min_order_qty bigint, lead_time_days int)
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
  } catch (error) {
    // A concurrent price for the same supplier, item and period committed first.
    if ((error as { constraint?: string }).constraint === 'supplier_price_validity_disjoint') {
      throw new DomainError('CONFLICT', `another price of supplier ${supplier.code} for one of these items overlaps ${input.validFrom}${input.validTo ? ` to ${input.validTo}` : ' onwards'}`, input.field);
    }
    throw error;
  }
  return { entries: entries.length, superseded: superseded.length };
}

export interface SupplierPrice {
  priceId: number;
  supplierId: number;
  itemId: number;
  currency: string;
  /** Minor units of `currency`. */
  unitPrice: number;
  minOrderQty: number;
  leadTimeDays: number;
  validFrom: string;
  validTo: string | null;
}

const priceColumns = sql`p.id as "priceId", p.supplier_id as "supplierId", p.item_id as "itemId", p.currency::text as currency, p.unit_price as "unitPrice",
  p.min_order_qty as "minOrderQty", p.lead_time_days as "leadTimeDays", p.valid_from as "validFrom", p.valid_to as "validTo"`;

/** A supplier's price for an item on a date, or undefined when it has none then. */
export async function supplierPrice(db: Kysely<DB>, at: { supplierId: number; itemId: number; date: string }): Promise<SupplierPrice | undefined> {
  const { rows } = await sql<SupplierPrice>`
    select ${priceColumns} from scm.supplier_prices p
     where p.supplier_id = ${at.supplierId} and p.item_id = ${at.itemId}
       and p.valid_from <= ${at.date}::date and (p.valid_to is null or p.valid_to >= ${at.date}::date)`.execute(db);
  return rows[0];
}

/** Every price of a supplier in force on a date, by item. */
export async function supplierPriceList(db: Kysely<DB>, at: { supplierId: number; date: string }): Promise<SupplierPrice[]> {
  const { rows } = await sql<SupplierPrice>`
    select ${priceColumns} from scm.supplier_prices p
     where p.supplier_id = ${at.supplierId} and p.valid_from <= ${at.date}::date and (p.valid_to is null or p.valid_to >= ${at.date}::date)
     order by p.item_id`.execute(db);
  return rows;
}
