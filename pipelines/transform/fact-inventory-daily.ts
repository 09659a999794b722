/**
 * fact_inventory_daily, derived inside the warehouse from fact_inventory_movement: for every
 * item and warehouse, a row per day from its first move to the last day any stock moved. A run
 * rebuilds the pairs its new moves touched and carries every other pair's last balance forward
 * to the new last day, which gives the same table as rebuilding everything.
 *
 * Expects `new_fact_inventory_movement` (this run's moves) and runs after they are loaded.
 */
export const INVENTORY_DAILY = 'fact_inventory_daily';

export function refreshInventoryDaily(): string[] {
  return [
    `create or replace temp table daily_touched as
       select distinct item_id, warehouse_id from new_fact_inventory_movement`,
    `create or replace temp table daily_bounds as
       select (select max(date) from fact_inventory_daily) as old_end, (select max(move_date) from fact_inventory_movement) as new_end`,
    `delete from fact_inventory_daily d using daily_touched t where d.item_id = t.item_id and d.warehouse_id = t.warehouse_id`,
    // Pairs without new moves: their closing balance, unchanged, on each new day.
    `insert into fact_inventory_daily
       select g.day::date, date_key(g.day::date), d.item_id, d.warehouse_id, d.on_hand_qty, d.value_functional, 0, 0, 0, 0
         from daily_bounds b
         join fact_inventory_daily d on d.date = b.old_end
         cross join lateral generate_series(b.old_end + 1, b.new_end, interval 1 day) as g(day)
        where b.new_end > b.old_end`,
    // Pairs with new moves: rebuilt from their first move.
    `insert into fact_inventory_daily
       with moves as (
         select m.item_id, m.warehouse_id, m.move_date as date,
                sum(case when m.quantity > 0 then m.quantity else 0 end) as qty_in,
                sum(case when m.quantity < 0 then -m.quantity else 0 end) as qty_out,
                sum(case when m.quantity > 0 then m.value_functional else 0 end) as value_in,
                sum(case when m.quantity < 0 then -m.value_functional else 0 end) as value_out
           from fact_inventory_movement m semi join daily_touched t on t.item_id = m.item_id and t.warehouse_id = m.warehouse_id
          group by 1, 2, 3
       ),
       spans as (select item_id, warehouse_id, min(date) as first_date from moves group by 1, 2),
       grid as (
         select s.item_id, s.warehouse_id, g.day::date as date
           from spans s cross join daily_bounds b cross join lateral generate_series(s.first_date, b.new_end, interval 1 day) as g(day)
       )
       select g.date, date_key(g.date), g.item_id, g.warehouse_id,
              sum(coalesce(m.qty_in, 0) - coalesce(m.qty_out, 0)) over w,
              sum(coalesce(m.value_in, 0) - coalesce(m.value_out, 0)) over w,
              coalesce(m.qty_in, 0), coalesce(m.qty_out, 0), coalesce(m.value_in, 0), coalesce(m.value_out, 0)
         from grid g left join moves m on m.item_id = g.item_id and m.warehouse_id = g.warehouse_id and m.date = g.date
       window w as (partition by g.item_id, g.warehouse_id order by g.date rows between unbounded preceding and current row)`,
  ];
}
