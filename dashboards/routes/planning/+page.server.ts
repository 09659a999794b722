import { error, fail } from '@sveltejs/kit';
import { decide, DomainError, inbox, OutsideRegion, proposalOf, supplierChoices } from '$lib/server/planning.js';
import { ChangeError, changesFromForm, type Changes } from '$lib/planning-changes.js';
import { InboxParamError, parseInboxView } from '$lib/planning-params.js';
import { chartData } from '$lib/server/warehouse.js';
import { pageFilters } from '$lib/server/page-filters.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals, parent }) => {
  let view;
  try {
    view = parseInboxView(url.searchParams);
  } catch (e) {
    if (e instanceof InboxParamError) error(400, e.message);
    throw e;
  }
  const filters = await pageFilters({ url, parent });
  // How past suggestions turned out: from the warehouse, so as of its last load.
  const [box, suppliers, outcomes] = await Promise.all([inbox(view, locals.user?.region ?? null), supplierChoices(), chartData('dashboard_planning_outcomes', {}, filters)]);
  return { view, ...box, suppliers, outcomes, filters };
};

/** Accept and reject, as form actions: they work without JavaScript, and with it (use:enhance) without a reload. */
export const actions: Actions = {
  accept: ({ request, locals }) => decideFromForm(request, locals.user!, 'accept'),
  modify: ({ request, locals }) => decideFromForm(request, locals.user!, 'modify'),
  reject: ({ request, locals }) => decideFromForm(request, locals.user!, 'reject'),
};

/** A decision by the signed-in planner (hooks.server.ts let only a role that may decide get here). */
async function decideFromForm(request: Request, user: { username: string; region: string | null }, action: 'accept' | 'modify' | 'reject') {
  const form = await request.formData();
  const id = String(form.get('suggestionId') ?? '');
  const revisionText = String(form.get('revision') ?? '');
  const key = String(form.get('idempotencyKey') ?? '').trim();
  const reason = String(form.get('reason') ?? '').trim();
  if (!/^\d{1,9}$/.test(id) || Number(id) < 1) return fail(400, { suggestionId: null, message: `no such suggestion '${id}'` });
  const suggestionId = Number(id);
  if (revisionText !== '' && !/^\d{1,9}$/.test(revisionText)) return fail(400, { suggestionId, message: `revision must be a whole number, not '${revisionText}'` });
  if (key.length > 200) return fail(400, { suggestionId, message: 'the idempotency key is longer than 200 characters' });
  if (action === 'reject' && !reason) return fail(400, { suggestionId, message: 'A rejection needs a reason: say why, so the next forecast can learn from it.' });
  let changes: Changes | undefined;
  if (action === 'modify') {
    const current = await proposalOf(suggestionId);
    if (!current) return fail(404, { suggestionId, message: `no such suggestion '${id}'` });
    try {
      changes = changesFromForm(current.kind, current.proposal, form);
    } catch (e) {
      if (e instanceof ChangeError) return fail(400, { suggestionId, message: e.message });
      throw e;
    }
  }
  try {
    const decision = await decide(user, { action, changes, suggestionId, revision: revisionText === '' ? undefined : Number(revisionText), key: key || undefined, reason: reason || undefined });
    return { decision };
  } catch (e) {
    if (e instanceof OutsideRegion) return fail(403, { suggestionId, message: `${e.message[0]!.toUpperCase()}${e.message.slice(1)}.` });
    if (e instanceof DomainError) return fail(['ALREADY_DECIDED', 'CONFLICT'].includes(e.code) ? 409 : 400, { suggestionId, message: e.message });
    throw e;
  }
}
