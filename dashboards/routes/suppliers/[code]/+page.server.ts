import { error, redirect } from '@sveltejs/kit';
import { DEFAULT_SCORECARD } from '../../../../warehouse/models/suppliers/scorecard.js';
import { pageFilters } from '$lib/server/page-filters.js';
import { supplierRecord } from '$lib/server/suppliers.js';
import { chartData, tableData } from '$lib/server/warehouse.js';
import { parseTableView, TableViewError } from '$lib/table-view.js';
import type { PageServerLoad } from './$types';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/**
 * One supplier: its registration, certificates and standing from the operational database
 * (through the domain's scm functions), and from the warehouse its capability profile, its score
 * over the model runs, its audits and its purchase order lines promised in the period.
 */
export const load: PageServerLoad = async ({ params, parent, url }) => {
  if (!CODE.test(params.code)) error(400, `'${params.code.slice(0, 60)}' is not a supplier code: letters, digits, '-', '_' or '.', as S00012`);
  const filters = await pageFilters({ url, parent });
  let view;
  try {
    view = parseTableView(url.searchParams, 'lines', { sort: 'promised_date', dir: 'desc', size: 25 });
  } catch (e) {
    if (e instanceof TableViewError) error(400, e.message);
    throw e;
  }
  const record = await supplierRecord(params.code.toUpperCase());
  if (!record) error(404, `There is no supplier ${params.code}. The Suppliers page lists every supplier.`);
  if (record.profile.code !== params.code) redirect(308, `/suppliers/${encodeURIComponent(record.profile.code)}${url.search}`);
  const code = record.profile.code;
  // The page is about this supplier whatever the supplier filter says.
  const supplier = { supplier: code };
  const [criteria, history, audits, deliveries, lines] = await Promise.all([
    chartData('dashboard_suppliers_criteria', { half_life: String(DEFAULT_SCORECARD.halfLifePeriods), ...supplier, region: 'all' }),
    chartData('dashboard_suppliers_score_history', { code }),
    chartData('dashboard_suppliers_audits', { code }),
    chartData('dashboard_suppliers_deliveries', supplier, filters),
    tableData('dashboard_suppliers_deliveries', supplier, filters, view),
  ]);
  return { filters, record, weights: Object.fromEntries(DEFAULT_SCORECARD.criteria.map((c) => [c.name, c.weight])), criteria, history, audits, deliveries, lines };
};
