import { z } from 'zod';
import { classifyDemand } from '../models/demand/classify.js';
import { spearman } from '../models/suppliers/spearman.js';

/**
 * Model blocks: a notebook's way to call a `ledgerloop/models` function on an earlier block's
 * result, for what SQL cannot do (warehouse/models/index.ts). A block names one of the
 * functions below and the block whose rows it reads; its JSON body says which columns to use:
 *
 *   ```model name=demand_patterns fn=classifyDemand data=item_weeks
 *   {"by": "item_id", "order": "week_start", "value": "qty"}
 *   ```
 *
 * Only these functions can be called, each through an adapter that turns rows into the
 * function's arguments and its answer into rows with declared columns; nothing in a notebook is
 * code. The result is a block result like a SQL block's: shown as a table, drawn by charts,
 * read by later SQL blocks as a table of its name, and quoted inline.
 */
export interface ModelColumn {
  name: string;
  type: 'VARCHAR' | 'DOUBLE' | 'BIGINT';
}

export interface ModelOutput {
  columns: ModelColumn[];
  rows: Record<string, string | number | null>[];
}

export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
}

interface ModelFunction<Options> {
  summary: string;
  options: z.ZodType<Options>;
  /** The columns of the input it needs (to check before running). */
  needs(options: Options): string[];
  run(rows: readonly Record<string, unknown>[], options: Options): ModelOutput;
}

const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a column name');

const classify: ModelFunction<{ by: string; order: string; value: string }> = {
  summary: "Syntetos–Boylan–Croston demand pattern (smooth, erratic, intermittent, lumpy or none) of each series: rows grouped by `by`, ordered by `order`, demand in `value` (zero-filled periods included)",
  options: z.strictObject({ by: column, order: column, value: column }),
  needs: (o) => [o.by, o.order, o.value],
  run(rows, o) {
    const groups = groupBy(rows, o.by);
    const out = [...groups].map(([key, group]) => {
      const series = [...group].sort((a, b) => compare(a[o.order], b[o.order])).map((r) => numberIn(r, o.value));
      const c = classifyDemand(series);
      return { [o.by]: key, pattern: c.pattern, adi: Number.isFinite(c.adi) ? round(c.adi, 4) : null, cv2: round(c.cv2, 4), non_zero_periods: c.nonZeroPeriods, periods: series.length };
    });
    return { columns: [keyColumn(o.by, groups), { name: 'pattern', type: 'VARCHAR' }, { name: 'adi', type: 'DOUBLE' }, { name: 'cv2', type: 'DOUBLE' }, { name: 'non_zero_periods', type: 'BIGINT' }, { name: 'periods', type: 'BIGINT' }], rows: out };
  },
};

const rankCorrelation: ModelFunction<{ x: string; y: string; by?: string | undefined }> = {
  summary: 'Spearman rank correlation of columns `x` and `y` (ties averaged), over all rows or per group of `by`; null when it is undefined (fewer than two rows, or a constant column)',
  options: z.strictObject({ x: column, y: column, by: column.optional() }),
  needs: (o) => [o.x, o.y, ...(o.by ? [o.by] : [])],
  run(rows, o) {
    const groups = o.by ? groupBy(rows, o.by) : new Map([['all', rows]]);
    const out = [...groups].map(([key, group]) => {
      const pairs = group.filter((r) => r[o.x] !== null && r[o.x] !== undefined && r[o.y] !== null && r[o.y] !== undefined);
      const rho = spearman(pairs.map((r) => numberIn(r, o.x)), pairs.map((r) => numberIn(r, o.y)));
      return { ...(o.by ? { [o.by]: key } : {}), n: pairs.length, rho: rho === null ? null : round(rho, 4) };
    });
    return { columns: [...(o.by ? [keyColumn(o.by, groups)] : []), { name: 'n', type: 'BIGINT' }, { name: 'rho', type: 'DOUBLE' }], rows: out };
  },
};

export const MODEL_FUNCTIONS = { classifyDemand: classify, spearman: rankCorrelation } as const;
export type ModelFunctionName = keyof typeof MODEL_FUNCTIONS;

export function isModelFunction(name: string): name is ModelFunctionName {
  return Object.hasOwn(MODEL_FUNCTIONS, name);
}

/** Checks a block's options against its function; a list of problems (field, message), empty when fine. */
export function checkModelOptions(fn: ModelFunctionName, options: unknown): { field: string; message: string }[] {
  const parsed = (MODEL_FUNCTIONS[fn].options as z.ZodType).safeParse(options);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(options)', message: i.message }));
}

/** Runs model function `fn` on `rows` (with these `columns`); ModelInputError names a missing column or a value that is not a number. */
export function runModel(fn: ModelFunctionName, options: unknown, input: { columns: readonly { name: string }[]; rows: readonly Record<string, unknown>[] }): ModelOutput {
  const model = MODEL_FUNCTIONS[fn] as ModelFunction<unknown>;
  const parsed = model.options.parse(options);
  const missing = model.needs(parsed).filter((c) => !input.columns.some((col) => col.name === c));
  if (missing.length > 0) throw new ModelInputError(`no column ${missing.map((m) => `'${m}'`).join(', ')} in the data (its columns: ${input.columns.map((c) => c.name).join(', ') || 'none'})`);
  return model.run(input.rows, parsed);
}

function groupBy(rows: readonly Record<string, unknown>[], key: string): Map<string | number, Record<string, unknown>[]> {
  const groups = new Map<string | number, Record<string, unknown>[]>();
  for (const row of rows) {
    const k = row[key];
    const id = typeof k === 'number' ? k : String(k ?? '');
    const list = groups.get(id);
    if (list) list.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

function keyColumn(name: string, groups: Map<string | number, unknown>): ModelColumn {
  return { name, type: [...groups.keys()].every((k) => typeof k === 'number' && Number.isSafeInteger(k)) ? 'BIGINT' : 'VARCHAR' };
}

function numberIn(row: Record<string, unknown>, column: string): number {
  const value = row[column];
  const n = value === null || value === undefined ? 0 : Number(value);
  if (!Number.isFinite(n)) throw new ModelInputError(`column '${column}' holds '${String(value)}', which is not a number`);
  return n;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a === b ? 0 : String(a) < String(b) ? -1 : 1;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
