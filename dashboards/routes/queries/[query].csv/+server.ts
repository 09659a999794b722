import { error } from '@sveltejs/kit';
import { isDashboardQuery } from '$lib/queries.js';
import { streamDashboardQuery } from '$lib/server/warehouse.js';
import { csvChunks } from '$lib/server/csv.js';
import type { RequestHandler } from './$types';

/**
 * A chart's rows as CSV: its named query with the parameters in the URL, streamed a chunk of
 * rows at a time as the client reads, so memory stays bounded however many rows there are.
 */
export const GET: RequestHandler = async ({ params, url }) => {
  if (!isDashboardQuery(params.query)) error(404, `no dashboard query '${params.query}'`);
  const chunks = await streamDashboardQuery(params.query, Object.fromEntries(url.searchParams));
  const encoder = new TextEncoder();
  let header = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) return controller.close();
      const { columns, rows } = next.value;
      for (const text of csvChunks(columns.map((c) => c.name), rows, 1000, header)) controller.enqueue(encoder.encode(text));
      header = false;
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.query}.csv"` } });
};
