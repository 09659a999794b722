import { notebookPage } from '$lib/server/notebooks.js';
import type { PageServerLoad } from './$types';

/**
 * One notebook run on the warehouse with the URL's parameters (?name=value for each it
 * declares); a reader limited to one region is held to it.
 */
export const load: PageServerLoad = async ({ params, url, locals }) => ({ notebook: await notebookPage(params.name, url.searchParams, locals.user?.region ?? null) });
