import { notebookSource } from '$lib/server/notebooks.js';
import type { PageServerLoad } from './$types';

/**
 * A notebook's text in the editor (only authors reach this page: access-rules.ts). A shipped
 * notebook is saved under a new name; a saved one may be replaced.
 */
export const load: PageServerLoad = ({ params }) => {
  const { name, source, text } = notebookSource(params.name);
  return { draft: { text, editing: { name, source } } };
};
