import { notebookPage } from '$lib/server/notebooks.js';
import type { PageServerLoad } from './$types';

/** One notebook run on the warehouse with the URL's parameters (?name=value for each it declares). */
export const load: PageServerLoad = async ({ params, url }) => ({ notebook: await notebookPage(params.name, url.searchParams) });
