/**
 * Completion of table and column names in the workbench's editor. Pure: the text, where the
 * caret is and the schema in; what to offer and which span of the text it replaces out.
 *
 * - After `name.` it offers the columns of the table `name` is (a table, or an alias given in
 *   a FROM or JOIN: `from fact_sales_line l` makes `l.` offer fact_sales_line's columns).
 * - Otherwise the word being typed is completed from the tables, then the columns of the tables
 *   the query names, then every other column; names starting with the word first.
 * - Nothing is offered inside a string literal or a `--` comment.
 */
export interface SchemaTable {
  name: string;
  comment: string;
  columns: { name: string; type: string; comment: string }[];
}

export interface Completion {
  label: string;
  kind: 'table' | 'column';
  /** The column's type and table, or the table's description. */
  detail: string;
}

export interface Completions {
  from: number;
  to: number;
  items: Completion[];
}

const MAX_ITEMS = 40;

/** What to offer at `caret`; null when nothing fits. `force` (Ctrl-Space) offers even before a word is typed. */
export function completionsAt(text: string, caret: number, tables: readonly SchemaTable[], force = false): Completions | null {
  const before = text.slice(0, caret);
  if (insideStringOrComment(before)) return null;
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const from = caret - word.length;
  const to = caret + (/^[A-Za-z0-9_]*/.exec(text.slice(caret))?.[0].length ?? 0);
  const qualifier = /([A-Za-z_][A-Za-z0-9_]*)\.$/.exec(text.slice(0, from))?.[1];

  let items: Completion[];
  if (qualifier !== undefined) {
    const table = tableFor(qualifier, text, tables);
    if (!table) return null;
    items = ranked(table.columns.map((c) => columnItem(c, table.name)), word);
  } else {
    if (word === '' && !force) return null;
    const named = namedTables(text, tables);
    const columns = (list: readonly SchemaTable[]) => list.flatMap((t) => t.columns.map((c) => columnItem(c, t.name)));
    const seen = new Set<string>();
    const unique = (list: Completion[]) => list.filter((i) => (seen.has(`${i.kind}:${i.label}`) ? false : (seen.add(`${i.kind}:${i.label}`), true)));
    items = unique([
      ...ranked(tables.map((t) => ({ label: t.name, kind: 'table' as const, detail: t.comment })), word),
      ...ranked(columns(named), word),
      ...ranked(columns(tables.filter((t) => !named.includes(t))), word),
    ]);
  }
  if (word !== '') items = items.filter((i) => i.label.toLowerCase() !== word.toLowerCase() || items.length > 1);
  if (items.length === 0) return null;
  return { from, to, items: items.slice(0, MAX_ITEMS) };
}

function columnItem(c: { name: string; type: string; comment: string }, table: string): Completion {
  return { label: c.name, kind: 'column', detail: `${c.type} · ${table}${c.comment ? ` — ${c.comment}` : ''}` };
}

/** Those whose name starts with `word` first, then those containing it, each alphabetically. */
function ranked(items: Completion[], word: string): Completion[] {
  const w = word.toLowerCase();
  const starts = items.filter((i) => i.label.toLowerCase().startsWith(w));
  const contains = w === '' ? [] : items.filter((i) => !i.label.toLowerCase().startsWith(w) && i.label.toLowerCase().includes(w));
  const byLabel = (a: Completion, b: Completion) => a.label.localeCompare(b.label);
  return [...starts.sort(byLabel), ...contains.sort(byLabel)];
}

/** The tables named after FROM or JOIN in the text, with the aliases given them. */
export function tableAliases(text: string, tables: readonly SchemaTable[]): Map<string, SchemaTable> {
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const aliases = new Map<string, SchemaTable>();
  const KEYWORDS = new Set(['where', 'join', 'left', 'right', 'inner', 'outer', 'full', 'cross', 'on', 'using', 'group', 'order', 'limit', 'union', 'natural', 'as', 'window', 'having', 'qualify', 'positional', 'asof', 'semi', 'anti', 'lateral']);
  for (const m of text.matchAll(/\b(?:from|join)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi)) {
    const table = byName.get(m[1]!.toLowerCase());
    if (!table) continue;
    aliases.set(table.name.toLowerCase(), table);
    const alias = /^\s+(?:as\s+)?([A-Za-z_][A-Za-z0-9_]*)/i.exec(text.slice(m.index + m[0].length))?.[1]?.toLowerCase();
    if (alias && !KEYWORDS.has(alias)) aliases.set(alias, table);
  }
  return aliases;
}

function tableFor(qualifier: string, text: string, tables: readonly SchemaTable[]): SchemaTable | undefined {
  return tableAliases(text, tables).get(qualifier.toLowerCase()) ?? tables.find((t) => t.name.toLowerCase() === qualifier.toLowerCase());
}

function namedTables(text: string, tables: readonly SchemaTable[]): SchemaTable[] {
  return [...new Set(tableAliases(text, tables).values())];
}

function insideStringOrComment(before: string): boolean {
  let inString = false;
  for (let i = 0; i < before.length; i++) {
    const ch = before[i]!;
    if (inString) {
      if (ch === "'") inString = false;
    } else if (ch === "'") inString = true;
    else if (ch === '-' && before[i + 1] === '-') {
      const end = before.indexOf('\n', i);
      if (end < 0) return true;
      i = end;
    }
  }
  return inString;
}

/** The text with the completion's span replaced by `label`, and where the caret goes. */
export function applyCompletion(text: string, completions: Pick<Completions, 'from' | 'to'>, label: string): { text: string; caret: number } {
  return { text: text.slice(0, completions.from) + label + text.slice(completions.to), caret: completions.from + label.length };
}
