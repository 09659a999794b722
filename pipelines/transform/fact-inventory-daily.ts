import type { Duck } from '../warehouse/duck.js';

/**
 * fact_inventory_daily, derived inside the warehouse from fact_inventory_movement: for every
 * item and warehouse, a row per day from its first move to the last day any stock moved.
 *
 * A run recomputes each pair its new moves touched from the first day they change (opening with
 * the pair's balance the day before), and carries every other pair's last balance forward to the
 * new last day. That gives the same table as rebuilding everything, at the cost of the days that
 * changed. Expects `new_fact_inventory_movement` (this run's moves) and runs after they are loaded.
 *
 * The days involved are read first and written into the statements as constants, so DuckDB
 * skips, by their min/max statistics, the row groups of days no statement needs: a run costs
 * what its days cost, not what the table holds.
 */
export const INVENTORY_DAILY = 'fact_inventory_daily';

interface Bounds {
  /** Last day of the table before this run (null when empty). */
  old_end: string | null;
  /** Last day any stock moved, after this run. */
  new_end: string | null;
}

const day = (d: string | null) => (d === null ? 'null::date' : `date '${d}'`);

/** Brings fact_inventory_daily up to date with the moves loaded by this run; returns the rows inserted. */
export async function refreshInventoryDaily(duck: Duck): Promise<number> {
  const [bounds] = await duck.all<{ old_end: string | null; new_end: string | null }>(
    `select (select max(date) from fact_inventory_daily)::varchar as old_end, (select max(move_date) from fact_inventory_movement)::varchar as new_end`,
  );
  const { old_end: oldEnd, new_end: newEnd } = bounds as Bounds;
  if (newEnd === null) return 0;
  // From which day each touched pair changes: its first new move, or the day after its last
  // row when that comes first (so no day is left out); a new pair starts at its first move.
  // Every pair's rows run to the same last day, so the pairs that have rows are those on it.
  await duck.run(`create or replace temp table daily_touched as
    with touched as (select item_id, warehouse_id, min(move_date) as first_move from new_fact_inventory_movement group by 1, 2),
    ends as (select item_id, warehouse_id, date as pair_end from fact_inventory_daily where date = ${day(oldEnd)})
    select t.item_id, t.warehouse_id, case when e.pair_end is null then t.first_move else least(t.first_move, e.pair_end + 1) end as from_date
      from touched t left join ends e on e.item_id = t.item_id and e.warehouse_id = t.warehouse_id`);
  const [first] = await duck.all<{ d: string | null }>(`select min(from_date)::varchar as d from daily_touched`);
  const from = first!.d;
  let inserted = 0;
  if (oldEnd !== null && newEnd > oldEnd) {
    // Pairs without new moves: their closing balance, unchanged, on each new day.
    inserted += await duck.run(`insert into fact_inventory_daily
      select g.day::date, date_key(g.day::date), d.item_id, d.warehouse_id, d.on_hand_qty, d.value_functional, 0, 0, 0, 0
        from fact_inventory_daily d
       cross join lateral generate_series(${day(oldEnd)} + 1, ${day(newEnd)}, interval 1 day) as g(day)
       where d.date = ${day(oldEnd)}
         and not exists (select 1 from daily_touched t where t.item_id = d.item_id and t.warehouse_id = d.warehouse_id)`);
  }
  if (from === null) return inserted;
  // Every pair has a row for each day from its first move to the last day, so the balance the
  // day before `from_date` is that day's row, or nothing when the pair starts later.
  await duck.run(`create or replace temp table daily_opening as
    select t.item_id, t.warehouse_id, t.from_date, coalesce(d.on_hand_qty, 0) as qty, coalesce(d.value_functional, 0) as value
      from daily_touched t
      left join (select * from fact_inventory_daily where date >= ${day(from)} - 1) d
        on d.item_id = t.item_id and d.warehouse_id = t.warehouse_id and d.date = t.from_date - 1`);
  await duck.run(`delete from fact_inventory_daily d using daily_touched t
                   where d.date >= ${day(from)} and d.item_id = t.item_id and d.warehouse_id = t.warehouse_id and d.date >= t.from_date`);
  // Pairs with new moves: recomputed from the day they change.
  inserted += await duck.run(`insert into fact_inventory_daily
    with moves as (
      select m.item_id, m.warehouse_id, m.move_date as date,
             sum(case when m.quantity > 0 then m.quantity else 0 end) as qty_in,
             sum(case when m.quantity < 0 then -m.quantity else 0 end) as qty_out,
             sum(case when m.quantity > 0 then m.value_functional else 0 end) as value_in,
             sum(case when m.quantity < 0 then -m.value_functional else 0 end) as value_out
        from fact_inventory_movement m join daily_touched t on t.item_id = m.item_id and t.warehouse_id = m.warehouse_id and m.move_date >= t.from_date
       where m.move_date >= ${day(from)}
       group by 1, 2, 3
    ),
    grid as (
      select o.item_id, o.warehouse_id, o.qty, o.value, g.day::date as date
        from daily_opening o cross join lateral generate_series(o.from_date, ${day(newEnd)}, interval 1 day) as g(day)
    )
    select g.date, date_key(g.date), g.item_id, g.warehouse_id,
           g.qty + sum(coalesce(m.qty_in, 0) - coalesce(m.qty_out, 0)) over w,
           g.value + sum(coalesce(m.value_in, 0) - coalesce(m.value_out, 0)) over w,
           coalesce(m.qty_in, 0), coalesce(m.qty_out, 0), coalesce(m.value_in, 0), coalesce(m.value_out, 0)
      from grid g left join moves m on m.item_id = g.item_id and m.warehouse_id = g.warehouse_id and m.date = g.date
    window w as (partition by g.item_id, g.warehouse_id order by g.date rows between unbounded preceding and current row)`);
  return inserted;
}
