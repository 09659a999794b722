import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory, projectRoot } from '../domain/db/project-root.js';
import { QueryInputError } from './named-query-header.js';

export { bindParams, parseNamedQuery, QueryInputError, type NamedQuery, type ParamType, type ParamValue, type QueryParam } from './named-query-header.js';

/** The project's named queries: sql/queries/ (they ship with Ledgerloop and are reviewed in git). */
export function projectQueriesDirectory(): string {
  return join(projectRoot(), 'sql', 'queries');
}

/**
 * Named queries analysts saved from the workbench: $LEDGERLOOP_DATA/queries/ (beside the
 * warehouse, so they belong to the company's data, not to the code). A project query of the
 * same name always wins, and the workbench refuses to save one that would be hidden so.
 */
export function savedQueriesDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), 'queries');
}

/** A query's name: what its file is called, without .sql. */
export const QUERY_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * A query file by path (from here, or from the project), or by name: from sql/queries, then
 * from the saved queries.
 */
export function readQueryFile(file: string): string {
  const root = projectRoot();
  const name = file.endsWith('.sql') ? file.slice(0, -4) : file;
  const candidates = [...new Set([file, join(root, file), join(projectQueriesDirectory(), `${name}.sql`), ...(QUERY_NAME.test(name) ? [join(savedQueriesDirectory(), `${name}.sql`)] : [])])];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new QueryInputError(`no query file '${file}' (looked for ${candidates.join(' and ')})`);
  return readFileSync(found, 'utf8');
}
