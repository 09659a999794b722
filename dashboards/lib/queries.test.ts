import { describe, expect, it } from 'vitest';
import { parseNamedQuery, readQueryFile } from '../../warehouse/named-queries.js';
import { DASHBOARD_QUERIES, REGION_FREE_QUERIES, RegionScopeError, scopeToRegion } from './queries.js';

const withRegion = [{ name: 'from' }, { name: 'region' }];
const without = [{ name: 'limit' }];

describe('region scoping of the dashboard queries', () => {
  it('leaves an unlimited reader’s parameters alone', () => {
    expect(scopeToRegion('dashboard_kpi_monthly', withRegion, { region: 'NA', from: '2024-01-01' }, null)).toEqual({ region: 'NA', from: '2024-01-01' });
    expect(scopeToRegion('dashboard_funnel_stages', [], {}, null)).toEqual({});
  });

  it('forces the reader’s region on a query that declares one, whatever was asked', () => {
    expect(scopeToRegion('dashboard_kpi_monthly', withRegion, { region: 'NA', from: '2024-01-01' }, 'EU')).toEqual({ region: 'EU', from: '2024-01-01' });
    expect(scopeToRegion('dashboard_kpi_monthly', withRegion, { region: 'all' }, 'EU')).toEqual({ region: 'EU' });
    expect(scopeToRegion('dashboard_kpi_monthly', withRegion, {}, 'EU')).toEqual({ region: 'EU' });
  });

  it('runs the region-free logs as asked and refuses any other query without a region', () => {
    expect(scopeToRegion('dashboard_pipeline_runs', without, { limit: '30' }, 'EU')).toEqual({ limit: '30' });
    expect(() => scopeToRegion('dashboard_funnel_stages', [], {}, 'EU')).toThrow(RegionScopeError);
    expect(() => scopeToRegion('dashboard_win_rate_by_source', [{ name: 'min_closed' }], {}, 'EU')).toThrow(/not broken down by region, and your account sees region EU only/);
  });

  it('lists as region-free only queries that really take no region, and the filter choices are scoped', () => {
    const regional = DASHBOARD_QUERIES.filter((q) => parseNamedQuery(readQueryFile(q)).params.some((p) => p.name === 'region'));
    expect(regional).toEqual(expect.arrayContaining(['dashboard_kpi_monthly', 'dashboard_filter_options', 'dashboard_sales_lines', 'dashboard_planning_outcomes']));
    for (const q of REGION_FREE_QUERIES) expect(regional).not.toContain(q);
  });
});
