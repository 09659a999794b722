import type { ParamType, QueryParam } from '../named-queries.js';
import { parseChartSpec, type ChartSpec } from './chart-spec.js';
import { NotebookError } from './errors.js';
import { inlineExpressions, InlineRefError, parseInlineRef } from './inline.js';
import { checkModelOptions, isModelFunction, MODEL_FUNCTIONS, type ModelFunctionName } from './model-blocks.js';

/**
 * A notebook: a Markdown file of prose, named SQL blocks and charts.
 *
 *   ---
 *   title: Top customers
 *   description: Who buys most, by region.
 *   params: region:text=ALL, from:date=2025-01-01
 *   ---
 *
 *   ```sql name=top_customers params="top:integer=10"
 *   select name, revenue from … where $region in ('ALL', region) limit $top
 *   ```
 *
 *   ```chart data=top_customers
 *   {"marks": [{"type": "barX", "x": "revenue", "y": "name"}]}
 *   ```
 *
 *   Our best customer is {{ top_customers.0.name }}.
 *
 * The front matter (between two `---` lines at the very top; `key: value` lines, no YAML) is
 * optional; without a title there, the first `#` heading is the title. Parameters are declared
 * as `name:type[=default]` (type date, integer or text; a default holds no comma), in the front
 * matter or on any SQL block; all of them belong to the whole notebook, and a block's SQL
 * refers to any of them as $name. A SQL block may read the result of any block above it as a
 * table of that block's name. `show=false` runs a block without printing its table; `rows=N`
 * prints at most N rows (default 20). Other fenced code (```text …) is prose.
 *
 * A SQL block may run a named query instead of its own text: ```sql name=x query=NAME (and no
 * body) runs sql/queries/NAME.sql, or a query saved from the workbench, with the notebook's
 * parameters of the same names (the query's defaults for the rest).
 *
 * A model block calls a `ledgerloop/models` function on an earlier result (model-blocks.ts):
 * ```model name=x fn=classifyDemand data=earlier_block with its options as JSON.
 */
export interface SqlBlock {
  kind: 'sql';
  name: string;
  sql: string;
  /** The named query the block runs (its text then is empty), or null. */
  query: string | null;
  show: boolean;
  rows: number;
  line: number;
}

export interface ModelBlock {
  kind: 'model';
  name: string;
  fn: ModelFunctionName;
  data: string;
  options: unknown;
  show: boolean;
  rows: number;
  line: number;
}

export interface ChartBlock {
  kind: 'chart';
  data: string;
  spec: ChartSpec;
  line: number;
}

export interface ProseBlock {
  kind: 'prose';
  markdown: string;
  line: number;
}

export type NotebookBlock = SqlBlock | ModelBlock | ChartBlock | ProseBlock;

export interface Notebook {
  /** The file's name without .md: what `ledgerloop notebook render NAME` takes. */
  name: string;
  title: string;
  /** Whether the title is the prose's own first heading (so a page need not print it again). */
  titleInProse: boolean;
  description: string;
  params: QueryParam[];
  blocks: NotebookBlock[];
}

export const DEFAULT_TABLE_ROWS = 20;
const IDENT = /^[a-z_][a-z0-9_]*$/;
const FRONT_MATTER_KEYS = ['title', 'description', 'params'];

/** Parses a notebook's text; throws NotebookError (notebook, block, field) on the first mistake. */
export function parseNotebook(name: string, text: string): Notebook {
  const file = `${name}.md`;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const front = frontMatter(file, lines);
  const params: QueryParam[] = [];
  for (const p of parseParams(file, null, 'params', front.values.params ?? '')) addParam(file, null, params, p);

  const blocks: NotebookBlock[] = [];
  const sqlNames = new Set<string>();
  let prose: string[] = [];
  let proseStart = front.bodyStart + 1;
  const flushProse = (nextLine: number) => {
    if (prose.some((l) => l.trim() !== '')) blocks.push({ kind: 'prose', markdown: prose.join('\n'), line: proseStart });
    prose = [];
    proseStart = nextLine;
  };

  for (let i = front.bodyStart; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(sql|chart|model)(?:\s+(.*))?$/.exec(lines[i]!);
    if (!open) {
      const other = /^(`{3,}|~{3,})/.exec(lines[i]!);
      if (other) {
        // Prose code: copied through to its closing fence so a ```sql inside it is not a block.
        const end = closingFence(lines, i, other[1]!);
        if (end < 0) throw new NotebookError({ notebook: file, block: `code on line ${i + 1}` }, `the fence opened on line ${i + 1} is never closed`);
        prose.push(...lines.slice(i, end + 1));
        i = end;
        continue;
      }
      prose.push(lines[i]!);
      continue;
    }
    const lineNo = i + 1;
    const kind = open[2] as 'sql' | 'chart' | 'model';
    const end = closingFence(lines, i, open[1]!);
    const where = { notebook: file, block: `${kind} block on line ${lineNo}` };
    if (end < 0) throw new NotebookError(where, `the ${kind} block is never closed (no ${open[1]} line after it)`);
    const body = lines.slice(i + 1, end).join('\n');
    const attrs = parseAttributes(where, open[3] ?? '');
    flushProse(end + 2);
    if (kind === 'sql' || kind === 'model') {
      const block = kind === 'sql' ? sqlBlock(file, attrs, body, lineNo, params) : modelBlock(file, attrs, body, lineNo, sqlNames);
      if (sqlNames.has(block.name)) throw new NotebookError({ notebook: file, block: `sql block on line ${lineNo}`, field: 'name' }, `a block named '${block.name}' is already defined above`);
      sqlNames.add(block.name);
      blocks.push(block);
    } else {
      blocks.push(chartBlock(file, attrs, body, lineNo, sqlNames));
    }
    i = end;
  }
  flushProse(lines.length + 1);

  for (const block of blocks) {
    if (block.kind !== 'prose') continue;
    for (const expression of inlineExpressions(block.markdown)) {
      const where = { notebook: file, block: `prose from line ${block.line}`, field: `{{${expression}}}` };
      try {
        const ref = parseInlineRef(expression);
        if (!sqlNames.has(ref.block)) throw new InlineRefError(`no SQL block named '${ref.block}'${sqlNames.size ? ` (blocks: ${[...sqlNames].join(', ')})` : ''}`);
      } catch (error) {
        if (error instanceof InlineRefError) throw new NotebookError(where, error.message);
        throw error;
      }
    }
  }

  const heading = firstHeading(blocks);
  const title = front.values.title ?? heading;
  if (!title) throw new NotebookError({ notebook: file, block: null, field: 'title' }, 'the notebook has no title: give it a first line "# Title" or a "title:" line in the front matter');
  return { name, title, titleInProse: heading !== null && heading === title, description: front.values.description ?? '', params, blocks };
}

function frontMatter(file: string, lines: string[]): { values: Record<string, string>; bodyStart: number } {
  if (lines[0]?.trim() !== '---') return { values: {}, bodyStart: 0 };
  const values: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '---') return { values, bodyStart: i + 1 };
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const m = /^([a-z_]+)\s*:\s*(.*)$/.exec(line.trim());
    const where = { notebook: file, block: `front matter line ${i + 1}` };
    if (!m) throw new NotebookError(where, `cannot read '${line.trim()}': write key: value`);
    if (!FRONT_MATTER_KEYS.includes(m[1]!)) throw new NotebookError({ ...where, field: m[1] }, `unknown key '${m[1]}' (use ${FRONT_MATTER_KEYS.join(', ')})`);
    if (m[1]! in values) throw new NotebookError({ ...where, field: m[1] }, `'${m[1]}' is given twice`);
    values[m[1]!] = m[2]!.trim();
  }
  throw new NotebookError({ notebook: file, block: 'front matter' }, 'the front matter opened by --- on line 1 is never closed by another --- line');
}

function closingFence(lines: string[], open: number, fence: string): number {
  for (let j = open + 1; j < lines.length; j++) {
    const m = /^(`{3,}|~{3,})\s*$/.exec(lines[j]!);
    if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length) return j;
  }
  return -1;
}

/** `key=value` pairs of a block's header; values may be quoted with " or '. */
export function parseAttributes(where: { notebook: string; block: string }, text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /\s*([a-z_]+)=(?:"([^"]*)"|'([^']*)'|([^\s"']+))\s*/y;
  let at = 0;
  const rest = text.trim();
  while (at < rest.length) {
    re.lastIndex = at;
    const m = re.exec(rest);
    if (!m) throw new NotebookError(where, `cannot read '${rest.slice(at)}' in the block's header: write key=value or key="a value"`);
    if (m[1]! in attrs) throw new NotebookError({ ...where, field: m[1] }, `'${m[1]}' is given twice`);
    attrs[m[1]!] = m[2] ?? m[3] ?? m[4]!;
    at = re.lastIndex;
  }
  return attrs;
}

function sqlBlock(file: string, attrs: Record<string, string>, body: string, line: number, params: QueryParam[]): SqlBlock {
  const label = `sql block on line ${line}`;
  unknownAttributes(file, label, attrs, ['name', 'params', 'show', 'rows', 'query']);
  const name = attrs.name;
  if (name === undefined) throw new NotebookError({ notebook: file, block: label, field: 'name' }, 'a SQL block needs a name: ```sql name=my_result');
  if (!IDENT.test(name)) throw new NotebookError({ notebook: file, block: label, field: 'name' }, `'${name}' is not a valid block name: lower-case letters, digits and _, not starting with a digit`);
  const where = { notebook: file, block: `block ${name} (line ${line})` };
  for (const p of parseParams(file, where.block, 'params', attrs.params ?? '')) addParam(file, where.block, params, p);
  const { show, rows } = display(file, where.block, attrs);
  const query = attrs.query ?? null;
  if (query !== null) {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(query)) throw new NotebookError({ ...where, field: 'query' }, `'${query}' is not a query name (the NAME of sql/queries/NAME.sql or of a saved query)`);
    if (body.trim() !== '') throw new NotebookError({ ...where, field: 'query' }, `a block that runs the named query '${query}' has no SQL of its own; leave its body empty`);
    return { kind: 'sql', name, sql: '', query, show, rows, line };
  }
  if (body.trim() === '') throw new NotebookError(where, 'the SQL block is empty');
  return { kind: 'sql', name, sql: body, query: null, show, rows, line };
}

function display(file: string, block: string, attrs: Record<string, string>): { show: boolean; rows: number } {
  const where = { notebook: file, block };
  const show = attrs.show ?? 'true';
  if (show !== 'true' && show !== 'false') throw new NotebookError({ ...where, field: 'show' }, `show must be true or false, not '${show}'`);
  const rows = attrs.rows ?? String(DEFAULT_TABLE_ROWS);
  if (!/^\d{1,5}$/.test(rows) || Number(rows) < 1) throw new NotebookError({ ...where, field: 'rows' }, `rows must be a whole number from 1 to 99999, not '${rows}'`);
  return { show: show === 'true', rows: Number(rows) };
}

function modelBlock(file: string, attrs: Record<string, string>, body: string, line: number, sqlNames: ReadonlySet<string>): ModelBlock {
  const label = `model block on line ${line}`;
  unknownAttributes(file, label, attrs, ['name', 'fn', 'data', 'show', 'rows']);
  const name = attrs.name;
  if (name === undefined) throw new NotebookError({ notebook: file, block: label, field: 'name' }, 'a model block needs a name: ```model name=my_result fn=… data=…');
  if (!IDENT.test(name)) throw new NotebookError({ notebook: file, block: label, field: 'name' }, `'${name}' is not a valid block name: lower-case letters, digits and _, not starting with a digit`);
  const where = { notebook: file, block: `block ${name} (line ${line})` };
  const fn = attrs.fn;
  const known = Object.keys(MODEL_FUNCTIONS).join(', ');
  if (fn === undefined) throw new NotebookError({ ...where, field: 'fn' }, `a model block needs fn=FUNCTION, one of ${known}`);
  if (!isModelFunction(fn)) throw new NotebookError({ ...where, field: 'fn' }, `'${fn}' is not a model function notebooks can call (they can call ${known})`);
  const data = attrs.data;
  if (data === undefined) throw new NotebookError({ ...where, field: 'data' }, 'a model block needs data=NAME, the block whose rows it reads');
  if (!sqlNames.has(data)) throw new NotebookError({ ...where, field: 'data' }, `no block named '${data}' above${sqlNames.size ? ` (blocks above: ${[...sqlNames].join(', ')})` : ''}`);
  let options: unknown;
  try {
    options = JSON.parse(body.trim() === '' ? '{}' : body);
  } catch (error) {
    throw new NotebookError({ ...where, field: '(body)' }, `the options are not valid JSON: ${(error as Error).message}`);
  }
  const problem = checkModelOptions(fn, options)[0];
  if (problem) throw new NotebookError({ ...where, field: problem.field }, `${problem.message} (${fn}: ${MODEL_FUNCTIONS[fn].summary})`);
  return { kind: 'model', name, fn, data, options, ...display(file, where.block, attrs), line };
}

function chartBlock(file: string, attrs: Record<string, string>, body: string, line: number, sqlNames: ReadonlySet<string>): ChartBlock {
  const label = `chart on line ${line}`;
  unknownAttributes(file, label, attrs, ['data']);
  const data = attrs.data;
  if (data === undefined) throw new NotebookError({ notebook: file, block: label, field: 'data' }, 'a chart needs data=NAME, the SQL block it draws');
  if (!sqlNames.has(data)) {
    throw new NotebookError({ notebook: file, block: label, field: 'data' }, `no SQL block named '${data}' above the chart${sqlNames.size ? ` (blocks above: ${[...sqlNames].join(', ')})` : ''}`);
  }
  const parsed = parseChartSpec(body);
  if ('problems' in parsed) {
    const first = parsed.problems[0]!;
    throw new NotebookError({ notebook: file, block: label, field: first.field }, first.message);
  }
  return { kind: 'chart', data, spec: parsed.spec, line };
}

function unknownAttributes(file: string, block: string, attrs: Record<string, string>, known: string[]): void {
  for (const key of Object.keys(attrs)) {
    if (!known.includes(key)) throw new NotebookError({ notebook: file, block, field: key }, `unknown setting '${key}' (use ${known.join(', ')})`);
  }
}

const PARAM = /^([a-z_][a-z0-9_]*)\s*:\s*(date|integer|text)\s*(?:=\s*(.*))?$/;

/** `name:type[=default], …` */
export function parseParams(file: string, block: string | null, field: string, text: string): QueryParam[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = PARAM.exec(part.trim());
    if (!m) throw new NotebookError({ notebook: file, block, field }, `cannot read the parameter '${part.trim()}': write name:date|integer|text[=default]`);
    const param: QueryParam = { name: m[1]!, type: m[2] as ParamType, default: m[3] === undefined ? null : m[3].trim(), description: '' };
    const problem = defaultProblem(param);
    if (problem) throw new NotebookError({ notebook: file, block, field: `${field}.${param.name}` }, problem);
    return param;
  });
}

function defaultProblem(p: QueryParam): string | null {
  if (p.default === null) return null;
  if (p.type === 'integer' && !/^-?\d{1,15}$/.test(p.default)) return `the default of '${p.name}' must be a whole number, not '${p.default}'`;
  if (p.type === 'date') {
    const d = new Date(`${p.default}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.default) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== p.default) return `the default of '${p.name}' must be a date as YYYY-MM-DD, not '${p.default}'`;
  }
  return null;
}

function addParam(file: string, block: string | null, params: QueryParam[], p: QueryParam): void {
  const earlier = params.find((q) => q.name === p.name);
  if (!earlier) {
    params.push(p);
    return;
  }
  if (earlier.type !== p.type || earlier.default !== p.default) {
    throw new NotebookError(
      { notebook: file, block, field: `params.${p.name}` },
      `parameter '${p.name}' is declared again as ${p.type}${p.default === null ? '' : `=${p.default}`}, but earlier as ${earlier.type}${earlier.default === null ? '' : `=${earlier.default}`}`,
    );
  }
}

function firstHeading(blocks: NotebookBlock[]): string | null {
  for (const block of blocks) {
    if (block.kind !== 'prose') continue;
    const m = /^#\s+(.+?)\s*#*\s*$/m.exec(block.markdown);
    if (m) return m[1]!;
  }
  return null;
}
