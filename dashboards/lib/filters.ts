import { parsePeriod, PeriodError, type Period } from './period.js';

/**
 * The global filters every page shares, as the URL carries them: the period (`months`, `to`,
 * see period.ts) and one code each of region, item category, warehouse and supplier (absent
 * means all). A copied URL therefore shows the same view.
 *
 * Named queries take them by declaring parameters with these names (text, default `all`):
 *   -- @param region text = all  Region code, or all.
 * plus `period_from` / `period_to` (dates: the first day of the first month and the last day of
 * the last month). chartData binds only the ones a query declares.
 */
export const FILTER_KEYS = ['region', 'category', 'warehouse', 'supplier'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export type Filters = Period & Record<FilterKey, string | null>;

export class FilterError extends Error {
  override readonly name = 'FilterError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/**
 * Reads the filters from a URL. `scope.region`, when set (a reader limited to one region),
 * replaces whatever the URL says: nobody sees another region by editing the address.
 */
export function parseFilters(params: URLSearchParams, latestMonth: string, scope: { region?: string | null } = {}): Filters {
  let period: Period;
  try {
    period = parsePeriod(params, latestMonth);
  } catch (e) {
    if (e instanceof PeriodError) throw new FilterError(/^months/.test(e.message) ? 'months' : 'to', e.message);
    throw e;
  }
  const codes = {} as Record<FilterKey, string | null>;
  for (const key of FILTER_KEYS) {
    const text = params.get(key);
    if (text === null || text === '' || text === 'all') codes[key] = null;
    else if (!CODE.test(text)) throw new FilterError(key, `${key} must be a ${key} code (letters, digits, '-', '_' or '.'), not '${text.slice(0, 60)}'`);
    else codes[key] = text;
  }
  if (scope.region) codes.region = scope.region;
  return { ...period, ...codes };
}

/** The values a named query may declare, as text (see the header comment). */
export function filterParams(f: Filters): Record<string, string> {
  return {
    period_from: `${f.from}-01`,
    period_to: lastDayOfMonth(f.to),
    region: f.region ?? 'all',
    category: f.category ?? 'all',
    warehouse: f.warehouse ?? 'all',
    supplier: f.supplier ?? 'all',
  };
}

/** The filters as URL search parameters (defaults left out), to carry them into links. */
export function filterSearch(f: Filters, latestMonth: string): URLSearchParams {
  const out = new URLSearchParams();
  if (f.months !== 6) out.set('months', String(f.months));
  if (f.to !== latestMonth) out.set('to', f.to);
  for (const key of FILTER_KEYS) if (f[key]) out.set(key, f[key]!);
  return out;
}

/** `url` with `key` set to `value`, or removed when value is null: the way a selection changes the view. */
export function withParam(url: URL, key: string, value: string | null): URL {
  const next = new URL(url);
  if (value === null || value === '') next.searchParams.delete(key);
  else next.searchParams.set(key, value);
  return next;
}

function lastDayOfMonth(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
}
