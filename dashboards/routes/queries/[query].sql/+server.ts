import { error, text } from '@sveltejs/kit';
import { isDashboardQuery } from '$lib/queries.js';
import { readQueryFile } from '../../../../warehouse/named-queries.js';
import type { RequestHandler } from './$types';

/** The text of a chart's named query (sql/queries/NAME.sql), parameters documented in its header. */
export const GET: RequestHandler = ({ params }) => {
  if (!isDashboardQuery(params.query)) error(404, `no dashboard query '${params.query}'`);
  return text(readQueryFile(params.query), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
