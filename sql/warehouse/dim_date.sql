create table if not exists dim_date (
  date_key      integer not null,
  date          date not null,
  year          integer not null,
  quarter       integer not null,
  month         integer not null,
  month_name    varchar not null,
  year_month    varchar not null,
  iso_year      integer not null,
  iso_week      integer not null,
  day_of_month  integer not null,
  day_of_week   integer not null,
  day_name      varchar not null,
  day_of_year   integer not null,
  is_weekend    boolean not null,
  is_month_end  boolean not null
);
comment on table dim_date is 'Calendar: one row per day, whole years covering every date in the facts. Facts join on their *_date_key columns.';
comment on column dim_date.date_key is 'The date as a number YYYYMMDD (business key).';
comment on column dim_date.date is 'The calendar date.';
comment on column dim_date.year is 'Calendar year.';
comment on column dim_date.quarter is 'Calendar quarter, 1 to 4.';
comment on column dim_date.month is 'Month number, 1 to 12.';
comment on column dim_date.month_name is 'Month name in English (January …).';
comment on column dim_date.year_month is 'Year and month as YYYY-MM, the accounting period.';
comment on column dim_date.iso_year is 'ISO 8601 week-numbering year.';
comment on column dim_date.iso_week is 'ISO 8601 week number, 1 to 53.';
comment on column dim_date.day_of_month is 'Day of the month, 1 to 31.';
comment on column dim_date.day_of_week is 'ISO day of the week: 1 = Monday … 7 = Sunday.';
comment on column dim_date.day_name is 'Day name in English (Monday …).';
comment on column dim_date.day_of_year is 'Day of the year, 1 to 366.';
comment on column dim_date.is_weekend is 'Saturday or Sunday.';
comment on column dim_date.is_month_end is 'The last day of its month.';
