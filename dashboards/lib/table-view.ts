/**
 * How a table of rows is viewed, as the URL carries it: the column it is sorted by, the
 * direction and the page. Several tables on one page keep apart by a prefix (`lines.sort`).
 * Sorting and paging happen on the server, so a table of a million rows sends one page.
 */
export interface TableView {
  sort: string | null;
  dir: 'asc' | 'desc';
  page: number;
  size: number;
}

export const PAGE_SIZES = [25, 50, 100, 250] as const;
export const DEFAULT_PAGE_SIZE = 50;

export class TableViewError extends Error {
  override readonly name = 'TableViewError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const key = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

export function parseTableView(params: URLSearchParams, prefix = '', defaults: Partial<TableView> = {}): TableView {
  const sort = params.get(key(prefix, 'sort')) ?? defaults.sort ?? null;
  if (sort !== null && !/^[a-z_][a-z0-9_]{0,62}$/i.test(sort)) throw new TableViewError(key(prefix, 'sort'), `${key(prefix, 'sort')} must be a column name, not '${sort.slice(0, 60)}'`);
  const dir = params.get(key(prefix, 'dir')) ?? defaults.dir ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') throw new TableViewError(key(prefix, 'dir'), `${key(prefix, 'dir')} must be asc or desc, not '${dir.slice(0, 60)}'`);
  const pageText = params.get(key(prefix, 'page')) ?? '1';
  if (!/^\d{1,7}$/.test(pageText) || Number(pageText) < 1) throw new TableViewError(key(prefix, 'page'), `${key(prefix, 'page')} must be a page number from 1, not '${pageText.slice(0, 60)}'`);
  const sizeText = params.get(key(prefix, 'size')) ?? String(defaults.size ?? DEFAULT_PAGE_SIZE);
  if (!(PAGE_SIZES as readonly number[]).includes(Number(sizeText))) throw new TableViewError(key(prefix, 'size'), `${key(prefix, 'size')} must be one of ${PAGE_SIZES.join(', ')}, not '${sizeText.slice(0, 60)}'`);
  return { sort, dir, page: Number(pageText), size: Number(sizeText) };
}

/** The URL of the same page with the table's view changed (sorting afresh goes back to page 1). */
export function tableViewHref(url: URL, prefix: string, change: Partial<TableView>): string {
  const next = new URL(url);
  for (const [name, value] of Object.entries(change)) {
    if (value === null || value === undefined) next.searchParams.delete(key(prefix, name));
    else next.searchParams.set(key(prefix, name), String(value));
  }
  if ('sort' in change || 'dir' in change || 'size' in change) next.searchParams.delete(key(prefix, 'page'));
  return next.pathname + next.search;
}
