/**
 * Every way out of the warehouse sandbox the tests try (test/workbench.test.ts on the runner,
 * dashboards/test/workbench.test.ts through the endpoint): writes, files and URLs, other
 * databases (the operational Postgres among them), settings, extensions, several statements,
 * CALL and the rest. Each must be refused with a message that says why.
 */
export const LEAK_FILES = ['/tmp/ledgerloop-leak.csv', '/tmp/ledgerloop-leak.parquet', '/tmp/ledgerloop-export', '/tmp/ledgerloop-other.duckdb'];

const readOnly = (type: string) => new RegExp(`only queries that read can run here: this is a ${type} statement, and the warehouse is read-only`);
const files = /file and network access is off for warehouse queries/;

export const SANDBOX_ESCAPES: [string, string, RegExp][] = [
  ['an INSERT', 'insert into dim_date select * from dim_date', readOnly('INSERT')],
  ['an UPDATE', "update dim_customer set name = 'x'", readOnly('UPDATE')],
  ['a DELETE', 'delete from fact_sales_line', readOnly('DELETE')],
  ['a CREATE TABLE', 'create table t as select 1 as x', readOnly('CREATE')],
  ['a CREATE TEMP TABLE', 'create temp table t as select 1 as x', readOnly('CREATE')],
  ['a CREATE MACRO', 'create macro twice(x) as x * 2', /this is a CREATE(_FUNC)? statement, and the warehouse is read-only/],
  ['a DROP', 'drop table dim_customer', readOnly('DROP')],
  ['an ALTER', 'alter table dim_customer add column leak integer', readOnly('ALTER')],
  ['a write hidden in EXPLAIN ANALYZE', 'explain analyze create temp table t as select 1', /EXPLAIN ANALYZE runs the statement it explains; only queries that read can run here: this is a CREATE statement/],
  ['COPY TO a file', "copy fact_sales_line to '/tmp/ledgerloop-leak.csv'", /this is a COPY statement|file and network access is off/],
  ['COPY of a query TO Parquet', "copy (select * from dim_customer) to '/tmp/ledgerloop-leak.parquet' (format parquet)", /this is a COPY statement|file and network access is off/],
  ['COPY FROM a file', "copy dim_customer from '/etc/passwd'", /this is a COPY statement|file and network access is off/],
  ['EXPORT DATABASE', "export database '/tmp/ledgerloop-export'", /this is a EXPORT statement|file and network access is off/],
  ['read_csv', "select * from read_csv('/etc/passwd')", files],
  ['read_parquet of a file', "select * from read_parquet('/tmp/x.parquet')", files],
  ['read_parquet of a URL', "select * from read_parquet('https://example.com/x.parquet')", files],
  ['read_csv of S3 (httpfs)', "select * from read_csv('s3://bucket/x.csv')", files],
  ['read_json', "select * from read_json('/etc/hostname')", files],
  ['read_text', "select * from read_text('/etc/passwd')", files],
  ['read_blob', "select * from read_blob('/etc/passwd')", files],
  ['glob', "select * from glob('/etc/*')", files],
  ['a file as a table', "select * from '/tmp/ledgerloop-secret.csv'", files],
  ['sniff_csv', "select * from sniff_csv('/etc/passwd')", files],
  ['ATTACH of a file', "attach '/tmp/ledgerloop-other.duckdb' as other", /this is a ATTACH statement, and no other database or file can be attached here/],
  ['ATTACH of the operational Postgres', "attach 'postgres:dbname=ledgerloop host=127.0.0.1' as pg (type postgres)", /this is a ATTACH statement, and no other database or file can be attached here \(the operational database is out of reach\)/],
  ['DETACH', 'detach warehouse', /this is a DETACH statement/],
  ['postgres_scan', "select * from postgres_scan('dbname=ledgerloop host=127.0.0.1', 'public', 'customers')", /extensions are not available to warehouse queries, so postgres_scanner cannot be used/],
  ['postgres_query', "select * from postgres_query('pg', 'select 1')", /extensions are not available to warehouse queries|does not exist/],
  ['sqlite_scan', "select * from sqlite_scan('/tmp/x.db', 't')", /extensions are not available to warehouse queries, so sqlite_scanner cannot be used/],
  ["the server's environment", "select getenv('DATABASE_URL') as url", /the server's environment is out of reach/],
  ['INSTALL httpfs', 'install httpfs', /this is a LOAD statement, and extensions cannot be installed or loaded here/],
  ['LOAD httpfs', 'load httpfs', /this is a LOAD statement, and extensions cannot be installed or loaded here/],
  ['SET of external access', 'set enable_external_access = true', /this is a SET statement, and settings are locked/],
  ['SET of the memory limit', "set memory_limit = '64GB'", /this is a SET statement, and settings are locked/],
  ['unlocking the settings', 'set lock_configuration = false', /this is a SET statement, and settings are locked/],
  ['RESET', 'reset threads', /this is a SET statement, and settings are locked/],
  ['PRAGMA', 'pragma threads = 1', /this is a (SET|PRAGMA) statement, and settings are locked/],
  ['USE of another database', 'use memory', /this is a SET statement/],
  ['CALL', 'call pragma_version()', /this is a CALL statement, and CALL is not run here; write SELECT \* FROM function/],
  ['CHECKPOINT', 'checkpoint', /this is a CALL statement|read-only/],
  ['VACUUM', 'vacuum', /this is a VACUUM statement, and the warehouse is read-only/],
  ['PREPARE', 'prepare leak as select 1', /this is a PREPARE statement/],
  ['a transaction', 'begin transaction', /this is a TRANSACTION statement/],
  ['two statements', 'select 1; drop table dim_customer', /run one statement at a time, not 2/],
  ['a statement after a comment', 'select 1; -- then\ndelete from dim_customer', /run one statement at a time, not 2/],
  ['a write inside query()', "select * from query('drop table dim_customer')", /Expected a single SELECT statement/],
];
