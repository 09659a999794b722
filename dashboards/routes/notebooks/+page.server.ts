import { notebookSummaries } from '$lib/server/notebooks.js';
import type { PageServerLoad } from './$types';

/** The shipped notebooks (notebooks/) and those saved from the browser, with their parameters. */
export const load: PageServerLoad = () => ({ notebooks: notebookSummaries() });
