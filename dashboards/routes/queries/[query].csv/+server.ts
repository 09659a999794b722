import { error } from '@sveltejs/kit';
import { isDashboardQuery } from '$lib/queries.js';
import { runDashboardQuery } from '$lib/server/warehouse.js';
import { csvChunks } from '$lib/server/csv.js';
import type { RequestHandler } from './$types';

/** A chart's rows as CSV: its named query with the parameters in the URL, sent a chunk at a time. */
export const GET: RequestHandler = async ({ params, url }) => {
  if (!isDashboardQuery(params.query)) error(404, `no dashboard query '${params.query}'`);
  const result = await runDashboardQuery(params.query, Object.fromEntries(url.searchParams));
  const chunks = csvChunks(result.columns.map((c) => c.name), result.rows);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.query}.csv"` } });
};
