import { budgetLinesStage } from '../extract/stages/budgets.js';
import type { FactTable } from './table.js';

/** Budgets: one row per line of every version (draft, approved, superseded), by account, cost centre and month. */
export const factBudget: FactTable = {
  kind: 'fact',
  table: 'fact_budget',
  stages: [budgetLinesStage],
  replaceKey: ['budget_version_id'],
  dimensionKeys: [],
  dateColumns: ['month_start', 'approved_date'],
  partitionDate: 'month_start',
  sourceRows: 'select count(*) from people.budget_lines',
  transform: () => `
    select version_id as budget_version_id, fiscal_year, version as version_no, version_name, status as version_status, approved_date,
           account_code, cost_center, period, (period || '-01')::date as month_start, date_key((period || '-01')::date) as month_start_key,
           amount as amount_functional, make_timestamptz(created_at_us) as recorded_at
      from stg_budget_lines`,
};
