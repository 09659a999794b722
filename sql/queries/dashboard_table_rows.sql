-- Row count of every warehouse table after the latest successful pipeline run (its rows_after
-- log), largest first, for the Data page; the models' output tables, which forecast runs append
-- to, are counted as they stand now.
select key as table_name, value::bigint as row_count, 'pipeline' as written_by
  from json_each((select rows_after from meta_pipeline_run where status = 'succeeded' order by run_id desc limit 1))
union all
select table_name, estimated_size as row_count, 'models' as written_by
  from duckdb_tables()
 where database_name = current_database()
   and (table_name like 'fact\_forecast\_%' escape '\' or table_name like 'fact\_funnel\_%' escape '\' or table_name like 'fact\_supplier\_score%' escape '\'
        or table_name in ('fact_inventory_turnover', 'fact_inventory_item', 'fact_inventory_position', 'meta_model_run'))
 order by row_count desc, table_name
