import { error } from '@sveltejs/kit';
import { parseTableView, TableViewError, type TableView } from '../table-view.js';

/** A table's view from the page URL under `prefix`, its defaults otherwise; a bad value is the reader's mistake (400). */
export function tableViewOf(url: URL, prefix: string, defaults: Partial<TableView>): TableView {
  try {
    return parseTableView(url.searchParams, prefix, defaults);
  } catch (e) {
    if (e instanceof TableViewError) error(400, e.message);
    throw e;
  }
}
