import type { QueryParam } from '../../../warehouse/named-query-header.js';

/** A named query as the workbench lists it (see warehouse/saved-queries.ts NamedQueryEntry). */
export interface ListedQuery {
  name: string;
  source: 'project' | 'saved';
  description: string;
  params: QueryParam[];
  sql: string;
  problem: string | null;
}
