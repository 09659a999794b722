import { error } from '@sveltejs/kit';
import { namedQueries, workbenchSchema } from '$lib/server/workbench.js';
import { paramsFromSearch, queryFromSearch, WorkbenchInputError, workbenchQuery, type WorkbenchQuery } from '../../../warehouse/workbench/link.js';
import type { PageServerLoad } from './$types';

/**
 * The SQL workbench: the warehouse's tables and columns with their descriptions, the named
 * queries with their parameters, and the query of the URL (?sql=… or ?query=NAME, p.NAME
 * values, limit, timeout), which the page runs when it opens.
 */
export const load: PageServerLoad = async ({ url }) => {
  const [tables, queries] = await Promise.all([workbenchSchema(), Promise.resolve(namedQueries())]);
  let initial: (WorkbenchQuery & { name: string | null }) | null = null;
  try {
    const name = url.searchParams.get('query');
    if (name !== null) {
      const named = queries.find((q) => q.name === name);
      if (!named) error(400, `there is no named query '${name}'`);
      initial = { ...workbenchQuery({ sql: named.sql, params: paramsFromSearch(url.searchParams), limit: url.searchParams.get('limit'), timeout: url.searchParams.get('timeout') }), name };
    } else {
      const query = queryFromSearch(url.searchParams);
      if (query) initial = { ...query, name: null };
    }
  } catch (e) {
    if (e instanceof WorkbenchInputError) error(400, e.message);
    throw e;
  }
  return {
    tables: tables.map((t) => ({ name: t.name, comment: t.comment, columns: t.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })) })),
    queries: queries.map((q) => ({ name: q.name, source: q.source, description: q.description, params: q.params, sql: q.sql, problem: q.problem })),
    initial,
  };
};
