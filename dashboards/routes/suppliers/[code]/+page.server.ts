import { error, redirect } from '@sveltejs/kit';
import { DEFAULT_SCORECARD } from '../../../../warehouse/models/suppliers/scorecard.js';
import { supplierRecord } from '$lib/server/suppliers.js';
import { chartData } from '$lib/server/warehouse.js';
import type { PageServerLoad } from './$types';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/**
 * One supplier: its registration, certificates and standing from the operational database
 * (through the domain's scm functions), and from the warehouse its capability profile, its score
 * over the model runs, its audits and its purchase order lines promised in the period.
 */
export const load: PageServerLoad = async ({ params, parent, url }) => {
  if (!CODE.test(params.code)) error(400, `'${params.code.slice(0, 60)}' is not a supplier code: letters, digits, '-', '_' or '.', as S00012`);
  const record = await supplierRecord(params.code.toUpperCase());
  if (!record) error(404, `There is no supplier ${params.code}. The Suppliers page lists every supplier.`);
  if (record.profile.code !== params.code) redirect(308, `/suppliers/${encodeURIComponent(record.profile.code)}${url.search}`);
  const { filters } = await parent();
  const supplier = { supplier: record.profile.code };
  const [criteria, history, audits, deliveries] = await Promise.all([
    chartData('dashboard_suppliers_criteria', { half_life: String(DEFAULT_SCORECARD.halfLifePeriods), ...supplier, region: 'all' }, filters),
    chartData('dashboard_suppliers_score_history', { code: record.profile.code }),
    chartData('dashboard_suppliers_audits', { code: record.profile.code }),
    chartData('dashboard_suppliers_deliveries', supplier, filters),
  ]);
  return { record, weights: Object.fromEntries(DEFAULT_SCORECARD.criteria.map((c) => [c.name, c.weight])), criteria, history, audits, deliveries };
};
