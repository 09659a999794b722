import type { PGlite, Results } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect over PGlite. PGlite is a single connection, so the driver hands it to one
 * user at a time: a transaction holds it from BEGIN to COMMIT and other callers queue.
 */
export function pgliteDialect(pglite: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PgliteDriver(pglite),
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

class PgliteDriver implements Driver {
  readonly #connection: PgliteConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(pglite: PGlite) {
    this.#connection = new PgliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  // BEGIN is not sent on its own: it travels with the transaction's first statement, saving a
  // round trip through the WebAssembly engine per command. A transaction that ran nothing has
  // nothing to commit or roll back.
  async beginTransaction(): Promise<void> {
    this.#connection.beginPending = true;
  }

  async commitTransaction(): Promise<void> {
    await this.#connection.finish('commit');
  }

  async rollbackTransaction(): Promise<void> {
    await this.#connection.finish('rollback');
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {}
}

/**
 * Runs each parameterised statement as a prepared statement (PREPARE once, then EXECUTE with
 * the values as literals). PGlite plans in WebAssembly, where planning a command's CTEs costs
 * more than running them; a prepared statement is planned once per session, which halves the
 * time of a typical command. EXECUTE goes through the simple query protocol (one message, no
 * parse/describe/bind round), with a pending BEGIN in front of it. Prepared statements outlive
 * a rolled-back transaction, and the number kept is bounded: past it, new statement texts run
 * unprepared.
 */
class PgliteConnection implements DatabaseConnection {
  readonly #prepared = new Map<string, string>();
  /** Set by beginTransaction; the next statement sends the BEGIN. */
  beginPending = false;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const parameters = query.parameters as readonly unknown[];
    let result: Results<R>;
    if (parameters.length === 0 || (!this.#prepared.has(query.sql) && this.#prepared.size >= MAX_PREPARED)) {
      if (this.beginPending) await this.#sendBegin();
      result = await this.pglite.query<R>(query.sql, parameters as unknown[]);
    } else {
      const execute = `execute ${await this.#prepare(query.sql)}(${parameters.map(sqlLiteral).join(', ')})`;
      const begin = this.beginPending ? 'begin; ' : '';
      this.beginPending = false;
      result = (await this.pglite.exec(begin + execute)).at(-1) as Results<R>;
    }
    return {
      rows: result.rows,
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  /** Ends the transaction: nothing to send when it never ran a statement. */
  async finish(statement: 'commit' | 'rollback'): Promise<void> {
    if (this.beginPending) {
      this.beginPending = false;
      return;
    }
    await this.pglite.exec(statement);
  }

  async #sendBegin(): Promise<void> {
    this.beginPending = false;
    await this.pglite.exec('begin');
  }

  async #prepare(text: string): Promise<string> {
    let name = this.#prepared.get(text);
    if (!name) {
      name = `ll_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      await this.pglite.query(`prepare ${name} as ${text}`);
      this.#prepared.set(text, name);
    }
    return name;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream; read in pages instead');
  }
}

const MAX_PREPARED = 2_000;

/** A value as a SQL literal, for EXECUTE; the prepared statement's parameter types coerce it. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot send ${value} to the database`);
    return quote(String(value));
  }
  if (typeof value === 'bigint') return quote(value.toString());
  if (typeof value === 'boolean') return value ? "'t'" : "'f'";
  if (value instanceof Date) return quote(value.toISOString());
  if (value instanceof Uint8Array) return quote(`\\x${Buffer.from(value).toString('hex')}`);
  if (Array.isArray(value)) return quote(arrayLiteral(value));
  return quote(JSON.stringify(value));
}

function arrayLiteral(values: readonly unknown[]): string {
  const element = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  };
  return `{${values.map(element).join(',')}}`;
}
