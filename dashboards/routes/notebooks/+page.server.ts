import { notebookSummaries } from '$lib/server/notebooks.js';
import type { PageServerLoad } from './$types';

/**
 * The shipped notebooks (notebooks/) and those saved from the browser, with their parameters;
 * to a reader limited to one region, only those broken down by region.
 */
export const load: PageServerLoad = ({ locals }) => {
  const region = locals.user?.region ?? null;
  const notebooks = notebookSummaries(region);
  return { notebooks, hiddenForRegion: region ? { region, count: notebookSummaries().length - notebooks.length } : null };
};
