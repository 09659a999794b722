import { error } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { FilterError, parseFilters, type Filters } from '../filters.js';

/**
 * The global filters of a page's load. A bad value is the reader's mistake: 400 with the
 * filter's own message (the layout, which cannot throw without losing itself, shows the same
 * message in place of the page).
 */
export async function pageFilters(event: { url: URL; parent: () => Promise<{ latest: string }> }): Promise<Filters> {
  const { latest } = await event.parent();
  try {
    // A reader limited to one region is held to it whatever the URL says.
    return parseFilters(event.url.searchParams, latest, { region: getRequestEvent().locals.user?.region ?? null });
  } catch (e) {
    if (e instanceof FilterError) error(400, e.message);
    throw e;
  }
}
