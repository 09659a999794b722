import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, StatementType, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';
import { QueryRefused } from '../query-errors.js';
import { refusing } from '../sandbox.js';

/**
 * A query result as a Parquet file, without giving the analyst's connection any file access.
 *
 * The analyst's query streams on its sandboxed reader (read-only, no files, settings locked).
 * Its chunks are appended to a table in a second DuckDB: in memory, of our own making, that
 * runs no SQL of the analyst's — only a CREATE TABLE whose column names and types this module
 * writes (names and enum values quoted here, from the result's type objects, not from text),
 * and a COPY to a file in a fresh temporary folder. That DuckDB may touch that folder alone
 * (allowed_directories, external access otherwise off, configuration locked). The file is read
 * back and the folder removed.
 */
export async function resultToParquet(result: DuckDBResult, limit: number): Promise<{ bytes: Uint8Array; rows: number; truncated: boolean }> {
  const names = result.columnNames();
  const types = result.columnTypes();
  const dir = mkdtempSync(join(tmpdir(), 'ledgerloop-parquet-'));
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(`set allowed_directories = [${literal(dir)}]`);
    await connection.run('set enable_external_access = false');
    await connection.run('set lock_configuration = true');
    const columns = names.map((name, i) => `${identifier(name || `column${i + 1}`)} ${sqlType(types[i]!)}`);
    const create = await connection.extractStatements(`create table result (${columns.join(', ')})`);
    if (create.count !== 1) throw new QueryRefused('the result cannot be written as Parquet');
    const prepared = await create.prepare(0);
    if (prepared.statementType !== StatementType.CREATE) throw new QueryRefused('the result cannot be written as Parquet');
    await prepared.run();

    const appender = await connection.createAppender('result');
    let rows = 0;
    let truncated = false;
    for (;;) {
      const chunk = await refusing(() => result.fetchChunk());
      if (!chunk || chunk.rowCount === 0) break;
      if (rows + chunk.rowCount > limit) {
        chunk.rowCount = limit - rows;
        truncated = true;
      }
      if (chunk.rowCount > 0) appender.appendDataChunk(chunk);
      rows += chunk.rowCount;
      if (truncated) break;
    }
    appender.closeSync();
    const file = join(dir, 'result.parquet');
    await connection.run(`copy result to ${literal(file)} (format parquet, compression snappy)`);
    return { bytes: new Uint8Array(readFileSync(file)), rows, truncated };
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A column type as SQL, written from the type object (never its text), so no name or value in it can end the statement. */
export function sqlType(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return 'BOOLEAN';
    case DuckDBTypeId.TINYINT: return 'TINYINT';
    case DuckDBTypeId.SMALLINT: return 'SMALLINT';
    case DuckDBTypeId.INTEGER: return 'INTEGER';
    case DuckDBTypeId.BIGINT: return 'BIGINT';
    case DuckDBTypeId.HUGEINT: return 'HUGEINT';
    case DuckDBTypeId.UTINYINT: return 'UTINYINT';
    case DuckDBTypeId.USMALLINT: return 'USMALLINT';
    case DuckDBTypeId.UINTEGER: return 'UINTEGER';
    case DuckDBTypeId.UBIGINT: return 'UBIGINT';
    case DuckDBTypeId.UHUGEINT: return 'UHUGEINT';
    case DuckDBTypeId.FLOAT: return 'FLOAT';
    case DuckDBTypeId.DOUBLE: return 'DOUBLE';
    case DuckDBTypeId.DECIMAL: return `DECIMAL(${integer(type.width)}, ${integer(type.scale)})`;
    case DuckDBTypeId.VARCHAR: return 'VARCHAR';
    case DuckDBTypeId.BLOB: return 'BLOB';
    case DuckDBTypeId.UUID: return 'UUID';
    case DuckDBTypeId.DATE: return 'DATE';
    case DuckDBTypeId.TIME: return 'TIME';
    case DuckDBTypeId.TIME_TZ: return 'TIMETZ';
    case DuckDBTypeId.TIMESTAMP: return 'TIMESTAMP';
    case DuckDBTypeId.TIMESTAMP_S: return 'TIMESTAMP_S';
    case DuckDBTypeId.TIMESTAMP_MS: return 'TIMESTAMP_MS';
    case DuckDBTypeId.TIMESTAMP_NS: return 'TIMESTAMP_NS';
    case DuckDBTypeId.TIMESTAMP_TZ: return 'TIMESTAMPTZ';
    case DuckDBTypeId.INTERVAL: return 'INTERVAL';
    case DuckDBTypeId.BIT: return 'BIT';
    case DuckDBTypeId.ENUM: return `ENUM(${type.values.map(literal).join(', ')})`;
    case DuckDBTypeId.LIST: return `${sqlType(type.valueType)}[]`;
    case DuckDBTypeId.ARRAY: return `${sqlType(type.valueType)}[${integer(type.length)}]`;
    case DuckDBTypeId.MAP: return `MAP(${sqlType(type.keyType)}, ${sqlType(type.valueType)})`;
    case DuckDBTypeId.STRUCT: return `STRUCT(${type.entryNames.map((n, i) => `${identifier(n)} ${sqlType(type.entryTypes[i]!)}`).join(', ')})`;
    case DuckDBTypeId.UNION: return `UNION(${type.memberTags.map((n, i) => `${identifier(n)} ${sqlType(type.memberTypes[i]!)}`).join(', ')})`;
    default:
      throw new QueryRefused(`a ${type.toString()} column cannot be written as Parquet; cast it, e.g. to VARCHAR`);
  }
}

function integer(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new QueryRefused(`unexpected type size ${n}`);
  return String(n);
}

const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
