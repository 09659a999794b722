// No Node imports: the workbench page reads a query's header with this module too.

/**
 * Named queries: SQL files whose header documents their parameters, one per line:
 *
 *   -- @param from date = 2024-01-01  First order date to include.
 *
 * name, type (date, integer or text), an optional default after `=`, then a description. The
 * query refers to a parameter as $name. Lines of `--` before the first @param describe the query.
 */
export type ParamType = 'date' | 'integer' | 'text';

export interface QueryParam {
  name: string;
  type: ParamType;
  default: string | null;
  description: string;
}

export interface NamedQuery {
  description: string;
  params: QueryParam[];
  sql: string;
}

export class QueryInputError extends Error {
  override readonly name = 'QueryInputError';
}

const PARAM = /^--\s*@param\s+([a-z_][a-z0-9_]*)\s+(date|integer|text)(?=\s|$)(?:\s*=\s*(\S+))?\s*(.*)$/i;

export function parseNamedQuery(sql: string): NamedQuery {
  const params: QueryParam[] = [];
  const description: string[] = [];
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('--')) {
      if (trimmed === '') continue;
      break;
    }
    if (/^--\s*@param\b/.test(trimmed)) {
      const m = PARAM.exec(trimmed);
      if (!m) throw new QueryInputError(`cannot read the parameter line '${trimmed}': write -- @param NAME date|integer|text [= DEFAULT] DESCRIPTION`);
      params.push({ name: m[1]!, type: m[2]!.toLowerCase() as ParamType, default: m[3] ?? null, description: m[4]!.trim() });
    } else if (params.length === 0) {
      description.push(trimmed.replace(/^--\s?/, ''));
    }
  }
  return { description: description.join(' ').trim(), params, sql };
}

export type ParamValue = { type: ParamType; value: string | number };

/** Checks `given` (name → text from --param) against the declared parameters; returns each typed value. */
export function bindParams(params: readonly QueryParam[], given: Readonly<Record<string, string>>): Record<string, ParamValue> {
  for (const name of Object.keys(given)) {
    if (!params.some((p) => p.name === name)) {
      throw new QueryInputError(`unknown parameter '${name}'; this query takes ${params.length ? params.map((p) => p.name).join(', ') : 'none'}`);
    }
  }
  const bound: Record<string, ParamValue> = {};
  for (const p of params) {
    const text = given[p.name] ?? p.default;
    if (text === null) throw new QueryInputError(`missing parameter '${p.name}' (${p.type}${p.description ? `: ${p.description}` : ''}); pass --param ${p.name}=VALUE`);
    bound[p.name] = { type: p.type, value: typed(p, text) };
  }
  return bound;
}

function typed(p: QueryParam, text: string): string | number {
  if (p.type === 'text') return text;
  if (p.type === 'integer') {
    if (!/^-?\d{1,15}$/.test(text)) throw new QueryInputError(`parameter '${p.name}' must be a whole number, not '${text}'`);
    return Number(text);
  }
  const d = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) {
    throw new QueryInputError(`parameter '${p.name}' must be a date as YYYY-MM-DD, not '${text}'`);
  }
  return text;
}
