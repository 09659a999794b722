import { loadDocument } from '$lib/server/documents.js';
import type { PageServerLoad } from './$types';

/** One operational document, reached from a dashboard row (documentHref in $lib/documents.js). */
export const load: PageServerLoad = async ({ params }) => ({ document: await loadDocument(params.kind, params.number) });
