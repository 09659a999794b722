import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openReader } from '../pipelines/warehouse/duck.js';
import { checkQueryText } from './check.js';
import { parseNamedQuery, projectQueriesDirectory, QUERY_NAME, QueryInputError, savedQueriesDirectory, type QueryParam } from './named-queries.js';
import { NoWarehouse } from './query-errors.js';

/**
 * Named queries as the workbench lists them, and saving one: an analyst's query becomes a file
 * $LEDGERLOOP_DATA/queries/NAME.sql in the named-query format (description and `-- @param`
 * header), which `ledgerloop sql --file NAME`, notebooks (```sql name=x query=NAME), the
 * dashboards' named-query reader and `ledgerloop check` find after sql/queries/.
 */
export interface NamedQueryEntry {
  name: string;
  source: 'project' | 'saved';
  description: string;
  params: QueryParam[];
  sql: string;
  /** Why its header cannot be read, when it cannot. */
  problem: string | null;
}

export interface QueryDirectories {
  project: string;
  saved: string;
}

export function queryDirectories(): QueryDirectories {
  return { project: projectQueriesDirectory(), saved: savedQueriesDirectory() };
}

/** Every named query, the project's first; a saved one hidden by a project query of its name is left out. */
export function listNamedQueries(dirs: QueryDirectories = queryDirectories()): NamedQueryEntry[] {
  const project = entries(dirs.project, 'project');
  const taken = new Set(project.map((q) => q.name));
  return [...project, ...entries(dirs.saved, 'saved').filter((q) => !taken.has(q.name))];
}

function entries(dir: string, source: NamedQueryEntry['source']): NamedQueryEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql') && QUERY_NAME.test(f.slice(0, -4)))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      try {
        const q = parseNamedQuery(sql);
        return { name: file.slice(0, -4), source, description: q.description, params: q.params, sql, problem: null };
      } catch (error) {
        if (!(error instanceof QueryInputError)) throw error;
        return { name: file.slice(0, -4), source, description: '', params: [], sql, problem: error.message };
      }
    });
}

export interface SaveQueryInput {
  name: string;
  /** What the query answers; replaces the description comment at the top of `sql`. */
  description: string;
  /** The query's text, with its `-- @param` header if it takes parameters. */
  sql: string;
  /** Overwrite a saved query of this name (never a project one). */
  replace?: boolean;
}

/**
 * Saves a query as $LEDGERLOOP_DATA/queries/NAME.sql after checking it as `ledgerloop check`
 * does against the warehouse (one SELECT that prepares, parameters declared and used, defaults
 * binding). Refuses with a QueryInputError naming what to change.
 */
export async function saveNamedQuery(warehousePath: string, input: SaveQueryInput, dirs: QueryDirectories = queryDirectories()): Promise<NamedQueryEntry> {
  const name = input.name.trim();
  if (!QUERY_NAME.test(name)) throw new QueryInputError(`a query's name is lower-case letters, digits and _, starting with a letter, at most 63 characters: not '${input.name}'`);
  if (existsSync(join(dirs.project, `${name}.sql`))) throw new QueryInputError(`'${name}' is the name of a query in sql/queries; choose another name`);
  const file = join(dirs.saved, `${name}.sql`);
  if (existsSync(file) && !input.replace) throw new QueryInputError(`a saved query named '${name}' exists already; choose "replace" to overwrite it`);
  if (input.sql.trim() === '') throw new QueryInputError('there is no query to save');
  const text = withDescription(input.sql, input.description);
  const query = parseNamedQuery(text);
  if (query.description === '') throw new QueryInputError('describe what the query answers: it is shown wherever the query is listed');

  if (!existsSync(warehousePath)) throw new NoWarehouse(`no warehouse at ${warehousePath}; run 'ledgerloop pipeline' first`);
  const duck = await openReader(warehousePath);
  let problems: string[];
  try {
    problems = await checkQueryText(duck.connection, text);
  } finally {
    duck.close();
  }
  if (problems.length > 0) throw new QueryInputError(`not saved: ${problems.join('; ')}`);

  mkdirSync(dirs.saved, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return { name, source: 'saved', description: query.description, params: query.params, sql: text, problem: null };
}

/**
 * The query's text with `description` as its leading comment: the comment lines at the top
 * (before the first `-- @param` or statement line) are replaced; the parameters and the
 * statement are kept as written. An empty `description` keeps the text's own.
 */
export function withDescription(sql: string, description: string): string {
  const lines = sql.replace(/\r\n?/g, '\n').split('\n');
  let start = 0;
  while (start < lines.length && (lines[start]!.trim() === '' || (lines[start]!.trim().startsWith('--') && !/^--\s*@param\b/.test(lines[start]!.trim())))) start++;
  const rest = lines.slice(start).join('\n').replace(/\s+$/, '');
  const words = description.replace(/\s+/g, ' ').trim();
  if (words === '') return `${sql.replace(/\s+$/, '')}\n`;
  return `${wrap(words.replace(/^@param\b/, 'param'), 96).map((l) => `-- ${l}`).join('\n')}\n${rest}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
