import { error } from '@sveltejs/kit';
import { FILTER_KEYS, FilterError, parseFilters, type Filters } from '../filters.js';

/**
 * The global filters of a page's load. A bad value is the reader's mistake: 400 with the
 * filter's own message, shown by the error page inside the layout (an error thrown by the root
 * layout itself could only show the bare fallback page).
 */
export async function pageFilters(event: { url: URL; parent: () => Promise<{ latest: string }> }): Promise<Filters> {
  const { latest } = await event.parent();
  try {
    return parseFilters(event.url.searchParams, latest);
  } catch (e) {
    if (e instanceof FilterError) error(400, e.message);
    throw e;
  }
}

/** The filters for the filter bar: as the URL says, with any value it cannot read left at its default. */
export function lenientFilters(url: URL, latest: string): Filters {
  const params = new URLSearchParams(url.searchParams);
  for (let i = 0; i <= FILTER_KEYS.length + 2; i++) {
    try {
      return parseFilters(params, latest);
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      params.delete(e.field);
    }
  }
  return parseFilters(new URLSearchParams(), latest);
}
