import { notebookSummaries } from '$lib/server/notebooks.js';
import type { PageServerLoad } from './$types';

/** The notebooks in notebooks/, with their parameters. */
export const load: PageServerLoad = () => ({ notebooks: notebookSummaries() });
