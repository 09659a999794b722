import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { basisPoints, currency, isoDate, money } from '../kernel/inputs.js';

export const addItemCategory = defineCommand(
  'erp.addItemCategory',
  z.object({ code: z.string().regex(/^[A-Z0-9_-]{1,24}$/, 'capitals, digits, _ or -, at most 24'), name: z.string().trim().min(1).max(120) }),
  async (tx, input) => {
    await tx.db.insertInto('erp.item_categories').values(input).execute();
    tx.emit({ aggregateType: 'item_category', aggregateId: input.code, type: 'item_category.added', payload: input });
    return input;
  },
);

export const createItem = defineCommand(
  'erp.createItem',
  z.object({
    sku: z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,39}$/, 'capitals, digits, dot, dash or underscore, at most 40'),
    name: z.string().trim().min(1).max(200),
    unit: z.string().trim().min(1).max(12).default('pcs'),
    category: z.string().min(1),
    procurement: z.enum(['buy', 'make']),
    listPrice: money,
    standardCost: money,
  }),
  async (tx, input) => {
    const category = await tx.db.selectFrom('erp.item_categories').select('code').where('code', '=', input.category).executeTakeFirst();
    if (!category) throw new DomainError('NOT_FOUND', `item category ${input.category} does not exist`, 'category');
    const row = await tx.db
      .insertInto('erp.items')
      .values({ sku: input.sku, name: input.name, unit: input.unit, category: input.category, procurement: input.procurement, list_price: input.listPrice, standard_cost: input.standardCost, created_by: tx.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.emit({ aggregateType: 'item', aggregateId: row.id, type: 'item.created', payload: { sku: input.sku, category: input.category, procurement: input.procurement } });
    return { itemId: row.id };
  },
);

export const createWarehouse = defineCommand(
  'erp.createWarehouse',
  z.object({ code: z.string().regex(/^[A-Z0-9_-]{1,16}$/), name: z.string().trim().min(1).max(120), region: z.string().min(1) }),
  async (tx, input) => {
    const region = await tx.db.selectFrom('core.regions').select('code').where('code', '=', input.region).executeTakeFirst();
    if (!region) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    const row = await tx.db.insertInto('erp.warehouses').values(input).returning('id').executeTakeFirstOrThrow();
    tx.emit({ aggregateType: 'warehouse', aggregateId: row.id, type: 'warehouse.created', payload: input });
    return { warehouseId: row.id };
  },
);

export const createPriceList = defineCommand(
  'erp.createPriceList',
  z.object({ code: z.string().regex(/^[A-Z0-9_-]{1,20}$/), name: z.string().trim().min(1), currency }),
  async (tx, input) => {
    await tx.db.insertInto('erp.price_lists').values(input).execute();
    tx.emit({ aggregateType: 'price_list', aggregateId: input.code, type: 'price_list.created', payload: input });
    return input;
  },
);

export const setPrices = defineCommand(
  'erp.setPrices',
  z.object({
    priceListCode: z.string().min(1),
    validFrom: isoDate,
    prices: z.array(z.object({ itemId: z.number().int().positive(), unitPrice: money })).min(1).max(10_000),
  }),
  async (tx, input) => {
    const list = await tx.db.selectFrom('erp.price_lists').select('code').where('code', '=', input.priceListCode).executeTakeFirst();
    if (!list) throw new DomainError('NOT_FOUND', `price list ${input.priceListCode} does not exist`, 'priceListCode');
    await tx.db
      .insertInto('erp.price_list_prices')
      .values(input.prices.map((p) => ({ price_list_code: input.priceListCode, item_id: p.itemId, valid_from: input.validFrom, unit_price: p.unitPrice })))
      .onConflict((oc) => oc.columns(['price_list_code', 'item_id', 'valid_from']).doUpdateSet((eb) => ({ unit_price: eb.ref('excluded.unit_price') })))
      .execute();
    tx.emit({ aggregateType: 'price_list', aggregateId: input.priceListCode, type: 'price_list.prices_set', payload: { validFrom: input.validFrom, count: input.prices.length } });
    return { count: input.prices.length };
  },
);

export const addDiscountRule = defineCommand(
  'erp.addDiscountRule',
  z.object({ segment: z.string().optional(), category: z.string().optional(), minQuantity: z.number().int().positive().default(1), discountBp: basisPoints }),
  async (tx, input) => {
    const row = await tx.db
      .insertInto('erp.discount_rules')
      .values({ segment: input.segment ?? null, category: input.category ?? null, min_quantity: input.minQuantity, discount_bp: input.discountBp })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.emit({ aggregateType: 'discount_rule', aggregateId: row.id, type: 'discount_rule.added', payload: input });
    return { discountRuleId: row.id };
  },
);

export interface PricedLine {
  itemId: number;
  category: string;
  procurement: 'buy' | 'make';
  /** Unit price in the customer's currency: their price list on the date, else the list price. */
  unitPrice: number;
  /** Largest discount rule matching the customer's segment, the category and the line quantity. */
  discountBp: number;
  /** When a warehouse was given: its stock of the item, locked until the transaction ends. */
  onHand: number;
  reserved: number;
}

/**
 * Prices order lines for a customer in one query, in input order: the customer's price list
 * valid on `date`, else the item's list price (functional currency, so only when the customer
 * buys in it). With a warehouse it also locks the items' stock rows there (in key order, so
 * concurrent orders never deadlock), ready for reservation. A line whose item is unknown,
 * inactive or unpriced comes back `undefined`.
 */
export async function priceLines(
  db: Kysely<DB>,
  customer: { segment: string; priceListCode: string | null; currency: string; functionalCurrency: string },
  date: string,
  lines: { itemId: number; quantity: number }[],
  lockStockIn?: number,
): Promise<(PricedLine | undefined)[]> {
  const { rows } = await sql<{ n: number; id: number; category: string; procurement: 'buy' | 'make'; list_price: number; active: boolean; price: number | null; discount_bp: number; on_hand: number | null; reserved: number | null }>`
    with l as (
      select * from jsonb_to_recordset(${JSON.stringify(lines.map((l, n) => ({ n, i: l.itemId, q: l.quantity })))}::jsonb) as l(n int, i int, q bigint)
    ), locked as (
      select s.item_id, s.on_hand, s.reserved from erp.stock s
       where s.warehouse_id = ${lockStockIn ?? null} and s.item_id in (select i from l)
       order by s.item_id for update
    )
    select l.n, i.id, i.category, i.procurement, i.list_price, i.active, k.on_hand, k.reserved,
           (select p.unit_price from erp.price_list_prices p
             where p.price_list_code = ${customer.priceListCode} and p.item_id = i.id and p.valid_from <= ${date}
             order by p.valid_from desc limit 1) as price,
           coalesce((select max(d.discount_bp) from erp.discount_rules d
             where (d.segment is null or d.segment = ${customer.segment}) and (d.category is null or d.category = i.category)
               and d.min_quantity <= l.q), 0) as discount_bp
      from l join erp.items i on i.id = l.i left join locked k on k.item_id = i.id`.execute(db);
  const priced: (PricedLine | undefined)[] = lines.map(() => undefined);
  for (const r of rows) {
    const unitPrice = r.price ?? (customer.currency === customer.functionalCurrency ? r.list_price : null);
    if (!r.active || unitPrice === null) continue;
    priced[r.n] = { itemId: r.id, category: r.category, procurement: r.procurement, unitPrice, discountBp: r.discount_bp, onHand: r.on_hand ?? 0, reserved: r.reserved ?? 0 };
  }
  return priced;
}
