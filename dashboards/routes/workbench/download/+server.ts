import { json } from '@sveltejs/kit';
import { answering, download } from '$lib/server/workbench.js';
import { queryFromSearch } from '../../../../warehouse/workbench/link.js';
import type { RequestHandler } from './$types';

/**
 * The query of the URL (as the workbench's own link: sql, p.NAME, limit, timeout) run again and
 * sent as a file: ?format=csv (default) or parquet, named after ?name= when given.
 */
export const GET: RequestHandler = ({ url }) =>
  answering(async () => {
    const format = url.searchParams.get('format') ?? 'csv';
    if (format !== 'csv' && format !== 'parquet') return json({ message: `format must be csv or parquet, not '${format}'`, kind: 'input' }, { status: 400 });
    const query = queryFromSearch(url.searchParams);
    if (!query) return json({ message: 'give the query to download as ?sql=…', kind: 'input' }, { status: 400 });
    const name = url.searchParams.get('name') ?? '';
    return download(query, format, /^[a-z][a-z0-9_]{0,62}$/.test(name) ? name : 'query');
  });
