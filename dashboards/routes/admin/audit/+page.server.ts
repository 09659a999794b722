import { error } from '@sveltejs/kit';
import { access } from '../../../../domain/index.js';
import { dashboardContext } from '$lib/server/context.js';
import type { PageServerLoad } from './$types';

const AUDIT_PAGE_SIZE = 100;
/** The areas the filter offers; any 'area.' or 'area.verb' is accepted in the URL. */
const AREAS = ['login.', 'user.', 'planning.', 'query.', 'notebook.'];

/** The audit log, newest first, a page at a time (?before=ID), filtered by ?action= and ?actor=. */
export const load: PageServerLoad = async ({ url }) => {
  const before = url.searchParams.get('before');
  const action = url.searchParams.get('action') ?? '';
  const actor = url.searchParams.get('actor')?.trim() ?? '';
  if (before !== null && !/^[1-9]\d{0,15}$/.test(before)) error(400, `before must be an entry number, not '${before.slice(0, 40)}'`);
  if (action !== '' && !/^[a-z][a-z_]*\.([a-z][a-z_]*)?$/.test(action)) error(400, `action must be an area such as 'login.' or an action such as 'login.failed', not '${action.slice(0, 40)}'`);
  if (actor.length > 200) error(400, 'actor is longer than 200 characters');
  const rows = await access.listAudit(dashboardContext().database.db, {
    limit: AUDIT_PAGE_SIZE + 1, ...(before ? { beforeId: Number(before) } : {}), ...(action ? { action } : {}), ...(actor ? { actor } : {}),
  });
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE), older: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.id : null, action, actor, areas: AREAS };
};
