import type { FilterKey } from '../filters.js';
import { runDashboardQuery } from './warehouse.js';

export interface FilterOption {
  kind: FilterKey;
  code: string;
  name: string | null;
}

/** The choices of the global filters, from the warehouse's dimensions. */
export async function filterOptions(): Promise<FilterOption[]> {
  const { rows } = await runDashboardQuery('dashboard_filter_options');
  return rows as unknown as FilterOption[];
}
