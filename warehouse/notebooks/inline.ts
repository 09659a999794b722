/**
 * Inline values in a notebook's prose: `{{ block.ROW.column }}` is the value of `column` in row
 * ROW (counting from 0) of the SQL block named `block`; `{{ block.rows }}` is how many rows it
 * returned. An optional `| format` says how to print it:
 *
 *   number   grouped digits, at most 2 decimals (the default for numbers)
 *   integer  rounded to a whole number, grouped
 *   money    minor units shown as whole major units, grouped (4176722 → 41,767)
 *   percent  a ratio as a percentage with one decimal (0.1234 → 12.3%)
 *   text     the value as it is
 *
 * Null prints as "n/a". Inside `code spans` and fenced code the braces are left alone.
 */
export const INLINE_FORMATS = ['number', 'integer', 'money', 'percent', 'text'] as const;
export type InlineFormat = (typeof INLINE_FORMATS)[number];

export type InlineRef =
  | { kind: 'rows'; block: string; format: InlineFormat | null }
  | { kind: 'value'; block: string; row: number; column: string; format: InlineFormat | null };

export interface BlockRows {
  columns: readonly { name: string }[];
  rows: readonly Record<string, unknown>[];
}

export class InlineRefError extends Error {
  override readonly name = 'InlineRefError';
}

export const INLINE = /\{\{([^{}]*)\}\}/g;

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const ROWS = new RegExp(`^(${IDENT})\\.rows$`);
const VALUE = new RegExp(`^(${IDENT})\\.(\\d+)\\.(${IDENT})$`);

/** Reads the text between the braces; throws InlineRefError saying what is wrong with it. */
export function parseInlineRef(expression: string): InlineRef {
  const [path, format, ...extra] = expression.split('|').map((s) => s.trim());
  if (extra.length > 0) throw new InlineRefError(`{{${expression}}} has more than one '|'; write {{ block.0.column | format }}`);
  if (format !== undefined && !(INLINE_FORMATS as readonly string[]).includes(format)) {
    throw new InlineRefError(`{{${expression}}}: unknown format '${format}' (use ${INLINE_FORMATS.join(', ')})`);
  }
  const f = (format ?? null) as InlineFormat | null;
  const rows = ROWS.exec(path!);
  if (rows) return { kind: 'rows', block: rows[1]!, format: f };
  const value = VALUE.exec(path!);
  if (value) return { kind: 'value', block: value[1]!, row: Number(value[2]), column: value[3]!, format: f };
  throw new InlineRefError(`cannot read {{${expression}}}: write {{ block.ROW.column }} (row counted from 0) or {{ block.rows }}`);
}

/** The expressions of every inline value in prose, in order, outside code. */
export function inlineExpressions(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(INLINE)].map((m) => m[1]!);
}

function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The text an inline value prints as, or InlineRefError naming what is missing. */
export function resolveInlineRef(ref: InlineRef, results: Readonly<Record<string, BlockRows>>): string {
  const block = results[ref.block];
  if (!block) {
    const names = Object.keys(results);
    throw new InlineRefError(`no SQL block named '${ref.block}' (${names.length ? `blocks: ${names.join(', ')}` : 'the notebook has none'})`);
  }
  if (ref.kind === 'rows') return formatValue(block.rows.length, ref.format);
  if (!block.columns.some((c) => c.name === ref.column)) {
    throw new InlineRefError(`block '${ref.block}' has no column '${ref.column}' (its columns: ${block.columns.map((c) => c.name).join(', ')})`);
  }
  if (ref.row >= block.rows.length) {
    throw new InlineRefError(`block '${ref.block}' returned ${block.rows.length} row${block.rows.length === 1 ? '' : 's'}; there is no row ${ref.row} (rows count from 0)`);
  }
  return formatValue(block.rows[ref.row]![ref.column], ref.format);
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatValue(value: unknown, format: InlineFormat | null): string {
  if (value === null || value === undefined) return 'n/a';
  if (format === 'text') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null;
  if (format !== null && n === null) throw new InlineRefError(`'${String(value)}' is not a number, so it cannot be shown as ${format}`);
  if (n === null) return typeof value === 'boolean' ? (value ? 'yes' : 'no') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (format) {
    case 'integer':
      return INTEGER.format(n);
    case 'money':
      return INTEGER.format(n / 100);
    case 'percent':
      return PERCENT.format(n);
    default:
      return NUMBER.format(n);
  }
}
