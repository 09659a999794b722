import { NEW_NOTEBOOK_TEMPLATE } from '../../../../warehouse/notebooks/template.js';
import type { PageServerLoad } from './$types';

/** A new notebook, started from a short one that runs (only authors reach this page: access-rules.ts). */
export const load: PageServerLoad = () => ({ draft: { text: NEW_NOTEBOOK_TEMPLATE, editing: null } });
