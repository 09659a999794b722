/**
 * A workbench query as plain values and as its own URL, so it can be shared and reopened:
 *
 *   /workbench?sql=select…&p.from=2024-01-01&limit=1000&timeout=30
 *
 * `sql` is the editor's text (its `-- @param` header included), `p.NAME` a parameter's value,
 * `limit` the most rows to return and `timeout` the seconds it may run. A link to a named query
 * is `?query=NAME` (with its p.NAME values). No Node imports: the page uses this module too.
 */
export const ROW_LIMIT = { default: 1_000, max: 100_000 } as const;
export const TIME_LIMIT_SECONDS = { default: 30, max: 300 } as const;
/** Longer text would not fit a URL most servers and browsers accept. */
export const MAX_SQL_LENGTH = 20_000;

export interface WorkbenchQuery {
  sql: string;
  params: Record<string, string>;
  limit: number;
  timeoutSeconds: number;
}

export class WorkbenchInputError extends Error {
  override readonly name = 'WorkbenchInputError';
}

const PARAM_NAME = /^[a-z_][a-z0-9_]*$/i;

/** Checks values from a request body or a URL; throws WorkbenchInputError saying what is wrong. */
export function workbenchQuery(input: { sql?: unknown; params?: unknown; limit?: unknown; timeout?: unknown }): WorkbenchQuery {
  if (typeof input.sql !== 'string' || input.sql.trim() === '') throw new WorkbenchInputError('write a query to run');
  if (input.sql.length > MAX_SQL_LENGTH) throw new WorkbenchInputError(`the query is ${input.sql.length} characters long; at most ${MAX_SQL_LENGTH} can run here`);
  const params: Record<string, string> = {};
  if (input.params !== undefined && input.params !== null) {
    if (typeof input.params !== 'object' || Array.isArray(input.params)) throw new WorkbenchInputError('params must be an object of name: value');
    for (const [name, value] of Object.entries(input.params)) {
      if (!PARAM_NAME.test(name)) throw new WorkbenchInputError(`'${name}' is not a parameter name`);
      if (typeof value !== 'string') throw new WorkbenchInputError(`parameter '${name}' must be given as text`);
      params[name] = value;
    }
  }
  return {
    sql: input.sql,
    params,
    limit: bounded(input.limit, 'limit', 'rows', ROW_LIMIT),
    timeoutSeconds: bounded(input.timeout, 'timeout', 'seconds', TIME_LIMIT_SECONDS),
  };
}

function bounded(value: unknown, name: string, unit: string, range: { default: number; max: number }): number {
  if (value === undefined || value === null || value === '') return range.default;
  const text = String(value).trim();
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1 || Number(text) > range.max) {
    throw new WorkbenchInputError(`${name} must be a whole number of ${unit} from 1 to ${range.max.toLocaleString('en-US')}, not '${String(value)}'`);
  }
  return Number(text);
}

/** The query in a URL's search parameters, or null when it holds none. */
export function queryFromSearch(search: URLSearchParams): WorkbenchQuery | null {
  if (!search.has('sql')) return null;
  return workbenchQuery({ sql: search.get('sql'), params: paramsFromSearch(search), limit: search.get('limit'), timeout: search.get('timeout') });
}

/** The `p.NAME` values of a URL's search parameters. */
export function paramsFromSearch(search: URLSearchParams): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of search) if (key.startsWith('p.')) params[key.slice(2)] = value;
  return params;
}

/** The search parameters of a query's URL; the limits are left out when they are the defaults. */
export function searchFor(query: WorkbenchQuery): URLSearchParams {
  const search = new URLSearchParams();
  search.set('sql', query.sql);
  for (const [name, value] of Object.entries(query.params)) search.set(`p.${name}`, value);
  if (query.limit !== ROW_LIMIT.default) search.set('limit', String(query.limit));
  if (query.timeoutSeconds !== TIME_LIMIT_SECONDS.default) search.set('timeout', String(query.timeoutSeconds));
  return search;
}
