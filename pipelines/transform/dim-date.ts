import type { Duck } from '../warehouse/duck.js';

/**
 * dim_date, derived from the facts: whole calendar years from the earliest to the latest date
 * any fact holds. Days are only ever added, so a run adds what its own rows' dates need: the
 * bounds come from this run's rows (`new_<fact>`, every row in a full run) and the calendar
 * already there, never from a scan of every fact.
 */
export const DIM_DATE = 'dim_date';

/** Extends dim_date to whole years covering `dateColumns` of this run's rows; returns the days added. */
export async function refreshDimDate(duck: Duck, dateColumns: readonly { table: string; column: string }[]): Promise<number> {
  if (dateColumns.length === 0) return 0;
  const dates = [
    'select min(date) as lo, max(date) as hi from dim_date',
    ...dateColumns.map((d) => `select min(${d.column}) as lo, max(${d.column}) as hi from ${d.table}`),
  ].join(' union all ');
  return duck.run(`insert into dim_date
     with bounds as (select min(lo) as lo, max(hi) as hi from (${dates})),
     days as (
       select g.day::date as date from bounds b
        cross join lateral generate_series(make_date(year(b.lo), 1, 1), make_date(year(b.hi), 12, 31), interval 1 day) as g(day)
        where b.lo is not null
     )
     select date_key(date), date, year(date), quarter(date), month(date), monthname(date), strftime(date, '%Y-%m'), isoyear(date),
            week(date), day(date), isodow(date), dayname(date), dayofyear(date), isodow(date) >= 6, last_day(date) = date
       from days where date not in (select date from dim_date)`);
}
