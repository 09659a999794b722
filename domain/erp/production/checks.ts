import { sql } from 'kysely';

/**
 * The invariants of lots, production, transfers and stocktakes, as `ledgerloop verify` checks:
 * each a query returning the rows that break it (subject, expected, actual); none is a pass.
 */
export interface StockOperationsCheck {
  name: string;
  description: string;
  query: ReturnType<typeof sql<{ subject: string; expected: number; actual: number }>>;
}

const role = (r: string) => sql`(select account_code from finance.account_roles where role = ${r})`;
const glBalance = (r: string) => sql`(select coalesce(sum(debit - credit), 0) from finance.journal_lines where account_code = ${role(r)})`;

export const STOCK_OPERATIONS_CHECKS: StockOperationsCheck[] = [
  {
    name: 'lots_match_stock',
    description: 'per item and warehouse, the lots on hand sum to the stock on hand',
    query: sql`select 'item ' || coalesce(s.item_id, l.item_id) || ' warehouse ' || coalesce(s.warehouse_id, l.warehouse_id) as subject,
                      coalesce(s.on_hand, 0)::bigint as expected, coalesce(l.q, 0)::bigint as actual
                 from erp.stock s
                 full join (select item_id, warehouse_id, sum(on_hand) as q from erp.lot_stock group by 1, 2) l
                   on l.item_id = s.item_id and l.warehouse_id = s.warehouse_id
                where coalesce(s.on_hand, 0) <> coalesce(l.q, 0)`,
  },
  {
    name: 'lot_stock_matches_lot_moves',
    description: 'what each lot holds in each warehouse equals the sum of its lot moves there',
    // Lots made from the stock on hand when lots were introduced (0015) start without a move.
    query: sql`with m as (
                 select lot_id, warehouse_id, sum(quantity) as q from (
                   select lot_id, warehouse_id, quantity from erp.lot_moves
                   union all
                   select id, origin_id::int, quantity from erp.lots where origin_type = 'opening'
                 ) x group by 1, 2
               )
               select 'lot ' || coalesce(s.lot_id, m.lot_id) || ' warehouse ' || coalesce(s.warehouse_id, m.warehouse_id) as subject,
                      coalesce(m.q, 0)::bigint as expected, coalesce(s.on_hand, 0)::bigint as actual
                 from erp.lot_stock s full join m on m.lot_id = s.lot_id and m.warehouse_id = s.warehouse_id
                where coalesce(s.on_hand, 0) <> coalesce(m.q, 0)`,
  },
  {
    name: 'lot_moves_match_stock_moves',
    description: 'every lot move belongs to a stock move of its item and warehouse and a lot of its item, and breaks that move down exactly',
    query: sql`select 'stock move ' || coalesce(m.id, l.stock_move_id) as subject, coalesce(m.quantity, 0)::bigint as expected, sum(l.quantity)::bigint as actual
                 from erp.lot_moves l
                 left join erp.stock_moves m on m.id = l.stock_move_id and m.item_id = l.item_id and m.warehouse_id = l.warehouse_id
                 left join erp.lots o on o.id = l.lot_id and o.item_id = l.item_id
                group by coalesce(m.id, l.stock_move_id), m.quantity
               having sum(l.quantity) <> coalesce(m.quantity, 0) or bool_or(o.id is null) or bool_or(m.id is null)`,
  },
  {
    name: 'stock_moves_have_lots',
    description: 'every stock move since lots were introduced is broken down by lot',
    query: sql`select 'stock move ' || m.id as subject, m.quantity as expected, 0::bigint as actual
                 from erp.stock_moves m
                where m.id >= (select min(stock_move_id) from erp.lot_moves)
                  and not exists (select 1 from erp.lot_moves l where l.stock_move_id = m.id)`,
  },
  {
    name: 'wip_control_account',
    description: 'the work-in-progress account equals the work in progress of the production orders',
    query: sql`select 'work in progress' as subject,
                      (select coalesce(sum(issued_value + absorbed_value - received_value - variance_value), 0) from erp.production_orders)::bigint as expected,
                      ${glBalance('work_in_progress')}::bigint as actual
                where (select coalesce(sum(issued_value + absorbed_value - received_value - variance_value), 0) from erp.production_orders) <> ${glBalance('work_in_progress')}`,
  },
  {
    name: 'production_orders_match_documents',
    description: 'each production order\'s issued, absorbed and received values and component quantities equal its issues, shop-floor events and receipts',
    query: sql`select 'production order ' || o.order_no || ' ' || k.what as subject, k.docs as expected, k.ord as actual
                 from erp.production_orders o
                 cross join lateral (values
                   ('issued value', (select coalesce(sum(value), 0) from erp.production_issues where order_id = o.id)::bigint, o.issued_value),
                   ('absorbed value', (select coalesce(sum(absorbed_value), 0) from erp.production_events where order_id = o.id)::bigint, o.absorbed_value),
                   ('received value', (select coalesce(sum(value), 0) from erp.production_receipts where order_id = o.id)::bigint, o.received_value),
                   ('received quantity', (select coalesce(sum(quantity), 0) from erp.production_receipts where order_id = o.id)::bigint, o.received_qty),
                   ('scrapped quantity', (select coalesce(sum(scrap_qty), 0) from erp.production_events where order_id = o.id)::bigint, o.scrapped_qty),
                   ('issued quantity', (select coalesce(sum(l.quantity), 0) from erp.production_issue_lines l join erp.production_issues i on i.id = l.issue_id where i.order_id = o.id)::bigint,
                                       (select coalesce(sum(issued_qty), 0) from erp.production_order_components where order_id = o.id)::bigint)
                 ) as k(what, docs, ord)
                where k.docs <> k.ord`,
  },
  {
    name: 'in_transit_control_account',
    description: 'the inventory-in-transit account equals the value shipped and not yet received',
    query: sql`select 'in transit' as subject, (select coalesce(sum(value - received_value), 0) from erp.transfer_lines)::bigint as expected,
                      ${glBalance('inventory_in_transit')}::bigint as actual
                where (select coalesce(sum(value - received_value), 0) from erp.transfer_lines) <> ${glBalance('inventory_in_transit')}`,
  },
  {
    name: 'transfer_lines_match_lots',
    description: 'each transfer line\'s shipped and received quantities equal those of its lots',
    query: sql`select 'transfer line ' || l.id || ' ' || k.what as subject, k.line as expected, k.lots as actual
                 from erp.transfer_lines l
                 left join (select transfer_line_id, sum(quantity) as q, sum(received_qty) as r from erp.transfer_lots group by 1) t on t.transfer_line_id = l.id
                 cross join lateral (values ('shipped', l.quantity, coalesce(t.q, 0)::bigint), ('received', l.received_qty, coalesce(t.r, 0)::bigint)) as k(what, line, lots)
                where k.line <> k.lots`,
  },
];
