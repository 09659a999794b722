import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { QueryRefused } from './query-errors.js';

/**
 * The gate every query a person types passes before it runs on a warehouse reader (the file
 * opened read-only, file and network access off, settings locked: pipelines/warehouse/duck.ts
 * openReader). The reader's configuration already stops most escapes; the gate makes the rule
 * plain and says why in one line: exactly one statement, and only one that reads — a SELECT
 * (DESCRIBE, SUMMARIZE, SHOW, FROM … and PIVOT with its values listed are SELECTs too), or an
 * EXPLAIN [ANALYZE] of one. EXPLAIN ANALYZE runs its statement, so what it explains must be a
 * SELECT as well; a bare EXPLAIN of anything else is refused too, to keep the rule simple.
 */
const WHY: Partial<Record<StatementType, string>> = {
  [StatementType.INSERT]: 'the warehouse is read-only',
  [StatementType.UPDATE]: 'the warehouse is read-only',
  [StatementType.DELETE]: 'the warehouse is read-only',
  [StatementType.MERGE_INTO]: 'the warehouse is read-only',
  [StatementType.CREATE]: 'the warehouse is read-only (a PIVOT without an IN list creates a type: list the values, PIVOT … ON col IN (…))',
  [StatementType.CREATE_FUNC]: 'the warehouse is read-only',
  [StatementType.DROP]: 'the warehouse is read-only',
  [StatementType.ALTER]: 'the warehouse is read-only',
  [StatementType.ANALYZE]: 'the warehouse is read-only',
  [StatementType.VACUUM]: 'the warehouse is read-only',
  [StatementType.COPY]: 'COPY reads or writes files, and queries here cannot touch files (download a result as CSV or Parquet instead)',
  [StatementType.COPY_DATABASE]: 'COPY reads or writes files, and queries here cannot touch files',
  [StatementType.EXPORT]: 'EXPORT writes files, and queries here cannot touch files',
  [StatementType.ATTACH]: 'no other database or file can be attached here (the operational database is out of reach)',
  [StatementType.DETACH]: 'the warehouse stays attached',
  [StatementType.SET]: 'settings are locked for warehouse queries',
  [StatementType.VARIABLE_SET]: 'settings are locked for warehouse queries',
  [StatementType.PRAGMA]: 'settings are locked for warehouse queries',
  [StatementType.LOAD]: 'extensions cannot be installed or loaded here',
  [StatementType.EXTENSION]: 'extensions cannot be installed or loaded here',
  [StatementType.UPDATE_EXTENSIONS]: 'extensions cannot be installed or loaded here',
  [StatementType.CALL]: 'CALL is not run here; write SELECT * FROM function(…) to read a table function',
  [StatementType.PREPARE]: 'give the query itself; parameters are declared in its header (-- @param …)',
  [StatementType.EXECUTE]: 'give the query itself',
  [StatementType.TRANSACTION]: 'each query runs on its own',
};

/** Prepares `sql` if it is one statement that only reads; otherwise a QueryRefused saying why. */
export async function prepareReadOnly(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  const prepared = await prepareOne(connection, sql);
  if (prepared.statementType === StatementType.SELECT) return prepared;
  if (prepared.statementType === StatementType.EXPLAIN) {
    const inner = explained(sql);
    if (inner === null) throw new QueryRefused('only queries that read can run here: write EXPLAIN [ANALYZE] SELECT …');
    const target = await prepareOne(connection, inner);
    if (target.statementType !== StatementType.SELECT) throw refusal(target.statementType, 'EXPLAIN ANALYZE runs the statement it explains; ');
    return prepared;
  }
  throw refusal(prepared.statementType);
}

function refusal(type: StatementType, prefix = ''): QueryRefused {
  const why = WHY[type] ?? 'only SELECT and EXPLAIN run here';
  return new QueryRefused(`${prefix}only queries that read can run here: this is a ${StatementType[type] ?? 'an unknown'} statement, and ${why}`);
}

async function prepareOne(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  return refusing(async () => {
    const statements = await connection.extractStatements(sql);
    if (statements.count !== 1) throw new QueryRefused(statements.count === 0 ? 'the query is empty' : `run one statement at a time, not ${statements.count}`);
    return statements.prepare(0);
  });
}

/** The statement an EXPLAIN explains (its text after EXPLAIN [ANALYZE] or EXPLAIN (options)), or null. */
export function explained(sql: string): string | null {
  const m = /^explain\b\s*(?:analy[sz]e\b|\([^)]*\))?\s*/i.exec(withoutLeadingComments(sql));
  return m ? withoutLeadingComments(sql).slice(m[0].length) : null;
}

function withoutLeadingComments(sql: string): string {
  let text = sql;
  for (;;) {
    const next = text.replace(/^\s+/, '').replace(/^--[^\n]*(\n|$)/, '').replace(/^\/\*[\s\S]*?\*\//, '');
    if (next === text) return text;
    text = next;
  }
}

/** Runs `fn`, turning DuckDB's errors into a QueryRefused with their first line, explained where it is the sandbox that said no. */
export async function refusing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof QueryRefused) throw error;
    throw new QueryRefused(explainDuckError((error instanceof Error ? error.message : String(error)).split('\n')[0]!));
  }
}

export function explainDuckError(message: string): string {
  if (/disabled by configuration|disabled through configuration/.test(message)) return `file and network access is off for warehouse queries (${message})`;
  if (/configuration has been locked/.test(message)) return `settings are locked for warehouse queries (${message})`;
  const extension = /but it exists in the (\w+) extension/.exec(message);
  if (extension) return `extensions are not available to warehouse queries, so ${extension[1]} cannot be used: other databases, files and URLs are out of reach (${message})`;
  if (/Function with name "?getenv"? does not exist/.test(message)) return `the server's environment is out of reach for warehouse queries (${message})`;
  if (/INTERRUPT/.test(message)) return 'the query was interrupted';
  return message;
}
