/**
 * The planning inbox's view as the URL carries it: ?kind= (one suggestion kind, default all),
 * ?sort= (value_at_stake, expires_on or newest) and ?page= (from 1). Sorting and paging happen
 * in the database, by planning.listSuggestions.
 */
export const INBOX_KINDS = ['replenishment', 'production', 're_engagement', 'budget'] as const;
export const INBOX_SORTS = ['value_at_stake', 'expires_on', 'newest'] as const;
export const PAGE_SIZE = 10;

export interface InboxView {
  kind: (typeof INBOX_KINDS)[number] | null;
  sort: (typeof INBOX_SORTS)[number];
  page: number;
}

export class InboxParamError extends Error {
  override readonly name = 'InboxParamError';
}

export function parseInboxView(params: URLSearchParams): InboxView {
  const kind = params.get('kind') || null;
  if (kind !== null && !(INBOX_KINDS as readonly string[]).includes(kind)) throw new InboxParamError(`kind must be one of ${INBOX_KINDS.join(', ')}, not '${kind}'`);
  const sort = params.get('sort') || 'value_at_stake';
  if (!(INBOX_SORTS as readonly string[]).includes(sort)) throw new InboxParamError(`sort must be one of ${INBOX_SORTS.join(', ')}, not '${sort}'`);
  const pageText = params.get('page') ?? '1';
  if (!/^\d{1,6}$/.test(pageText) || Number(pageText) < 1) throw new InboxParamError(`page must be a whole number from 1, not '${pageText}'`);
  return { kind: kind as InboxView['kind'], sort: sort as InboxView['sort'], page: Number(pageText) };
}

/** The URL of the inbox with some of its view changed (a new kind or sort starts at page 1). */
export function inboxHref(view: InboxView, change: Partial<InboxView>): string {
  const next = { ...view, ...change, ...('kind' in change || 'sort' in change ? { page: change.page ?? 1 } : {}) };
  const q = new URLSearchParams();
  if (next.kind) q.set('kind', next.kind);
  if (next.sort !== 'value_at_stake') q.set('sort', next.sort);
  if (next.page !== 1) q.set('page', String(next.page));
  const s = q.toString();
  return `/planning${s ? `?${s}` : ''}`;
}
