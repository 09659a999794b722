import { changedAggregateIds } from '../changes.js';
import { columns, micros, type StageSpec } from '../stage-spec.js';

/**
 * Budget lines with their version. Approving a version supersedes the year's previous one
 * without an event on it, so a window re-reads every version of the fiscal years it touched.
 * Lines have no id: the key is built from their unique columns (the account code cannot hold
 * '|', the period is fixed-width, the cost centre comes last), compared byte-wise.
 */
export const budgetLinesStage: StageSpec = {
  name: 'stg_budget_lines',
  columns: columns({
    line_key: 'VARCHAR', version_id: 'INTEGER', fiscal_year: 'INTEGER', version: 'INTEGER', version_name: 'VARCHAR', status: 'VARCHAR',
    approved_date: 'DATE', account_code: 'VARCHAR', cost_center: 'VARCHAR', period: 'VARCHAR', amount: 'BIGINT', created_at_us: 'BIGINT',
  }),
  key: 'line_key',
  driver: 'people.budget_lines',
  query: (window) => `
    select (lpad(b.version_id::text, 10, '0') || '|' || b.account_code || '|' || b.period || '|' || coalesce('=' || b.cost_center, '')) collate "C" as line_key,
           b.version_id, v.fiscal_year, v.version, v.name as version_name, v.status, v.approved_date, b.account_code, b.cost_center,
           b.period::text as period, b.amount, ${micros('v.created_at')} as created_at_us
      from people.budget_lines b join people.budget_versions v on v.id = b.version_id
     ${window.kind === 'full' ? '' : `where b.version_id in (
       select y.id from people.budget_versions y
        where y.fiscal_year in (select c.fiscal_year from people.budget_versions c where c.id in (${changedAggregateIds('budget_version', window)})))`}`,
};

/** Cost centres with the department that books to each (the first created, should several share one). */
export const costCentersStage: StageSpec = {
  name: 'stg_cost_centers',
  columns: columns({ code: 'VARCHAR', name: 'VARCHAR', department_id: 'INTEGER', department_code: 'VARCHAR', department_name: 'VARCHAR' }),
  key: 'code',
  driver: 'finance.cost_centers',
  query: () => `
    select c.code, c.name, d.id as department_id, d.code as department_code, d.name as department_name
      from finance.cost_centers c
      left join lateral (select d.id, d.code, d.name from people.departments d where d.cost_center = c.code order by d.id limit 1) d on true`,
};
