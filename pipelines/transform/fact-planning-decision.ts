import { planningDecisionsStage } from '../extract/stages/planning.js';
import type { FactTable } from './table.js';

/**
 * The planning loop's record: one row per decided suggestion (accepted, modified, rejected or
 * expired) — what the forecast proposed, what the planner made of it and the document that
 * became, and the latest measurement of what happened afterwards. Open suggestions are not
 * here: they belong to the inbox and every forecast run rewrites them.
 *
 * The proposal's fields are read from its JSON by kind (the planning area validated them); the
 * outcome's only where they are of the expected type (try_cast), since an outcome is whatever
 * the measuring run recorded — the whole of it stays in outcome_json.
 */
const field = (json: string, path: string, type: string) => `try_cast(json_extract_string(${json}, '$.${path}') as ${type})`;
/** Sum of a budget proposal's line amounts. */
const budgetTotal = (json: string) => `list_sum(list_transform(json_extract(${json}, '$.lines[*].amount'), x -> try_cast(x::varchar as bigint)))::bigint`;
/** The day a suggestion is for: needed by, the follow-up's due date, the first day of the budget quarter. */
const forDate = (json: string) => `case kind
      when 're_engagement' then ${field(json, 'dueDate', 'date')}
      when 'budget' then make_date(try_cast(${field(json, 'quarter', 'varchar')}[1:4] as integer), (try_cast(${field(json, 'quarter', 'varchar')}[7:7] as integer) - 1) * 3 + 1, 1)
      else ${field(json, 'neededBy', 'date')} end`;

export const factPlanningDecision: FactTable = {
  kind: 'fact',
  table: 'fact_planning_decision',
  stages: [planningDecisionsStage],
  replaceKey: ['suggestion_id'],
  dimensionKeys: [
    { column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' },
    { column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' },
    { column: 'supplier_key', dimension: 'dim_supplier', member: 'supplier_id', at: 'recorded_at' },
  ],
  dateColumns: ['decided_on', 'proposed_date'],
  partitionDate: 'decided_on',
  sourceRows: 'select count(*) from planning.decisions',
  transform: () => `
    with d as (select *, coalesce(accepted, proposal) as final from stg_planning_decisions)
    select suggestion_id, decision_id, kind, natural_key, decision,
           decision <> 'expired' as is_planner_decision, decision in ('accepted', 'modified') as is_accepted,
           decided_on, date_key(decided_on) as decided_on_key, decided_by, reason, value_at_stake as value_at_stake_functional,
           ${field('proposal', 'itemId', 'integer')} as item_id,
           ${field('proposal', 'warehouseId', 'integer')} as warehouse_id,
           ${field('proposal', 'customerId', 'integer')} as customer_id,
           ${field('final', 'repId', 'integer')} as rep_id,
           ${field('final', 'supplierId', 'integer')} as supplier_id,
           ${field('proposal', 'supplierId', 'integer')} as proposed_supplier_id,
           case when kind = 'budget' then ${field('proposal', 'costCenter', 'varchar')} end as cost_center,
           ${field('proposal', 'quarter', 'varchar')} as budget_quarter,
           ${field('proposal', 'quantity', 'bigint')} as proposed_quantity,
           ${field('accepted', 'quantity', 'bigint')} as accepted_quantity,
           ${field('proposal', 'orderBy', 'date')} as proposed_order_by,
           ${forDate('proposal')} as proposed_date, date_key(${forDate('proposal')}) as proposed_date_key,
           ${forDate('accepted')} as accepted_date,
           case when kind = 'budget' then ${budgetTotal('proposal')} end as proposed_budget_functional,
           case when kind = 'budget' then ${budgetTotal('accepted')} end as accepted_budget_functional,
           nullif(array_to_string(list_sort(json_keys(changes)), ','), '') as changed_fields,
           proposal as proposal_json, accepted as accepted_json, changes as changes_json,
           document_type, document_id, document_no,
           model_version, first_run_id, run_id as last_run_id, revision, as_of as forecast_as_of, expires_on,
           make_timestamptz(proposed_at_us) as proposed_at,
           outcomes as outcomes_measured, measured_on as outcome_measured_on,
           ${field('outcome', 'window.from', 'date')} as outcome_window_from,
           ${field('outcome', 'window.to', 'date')} as outcome_window_to,
           ${field('outcome', 'daysObserved', 'integer')} as outcome_days_observed,
           ${field('outcome', 'stockoutDays', 'integer')} as outcome_stockout_days,
           ${field('outcome', 'inStock', 'boolean')} as outcome_in_stock,
           ${field('outcome', 'lowestOnHand', 'bigint')} as outcome_lowest_on_hand,
           ${field('outcome', 'forecastQty', 'decimal(18, 2)')} as outcome_forecast_qty,
           ${field('outcome', 'orderedQty', 'bigint')} as outcome_ordered_qty,
           ${field('outcome', 'ordered', 'boolean')} as outcome_customer_ordered,
           ${field('outcome', 'orders', 'integer')} as outcome_orders,
           ${field('outcome', 'valueFunctional', 'bigint')} as outcome_order_value_functional,
           ${field('outcome', 'firstOrderDate', 'date')} as outcome_first_order_date,
           ${field('outcome', 'proposedFunctional', 'bigint')} as outcome_budget_proposed_functional,
           ${field('outcome', 'actualFunctional', 'bigint')} as outcome_budget_actual_functional,
           ${field('outcome', 'differenceFunctional', 'bigint')} as outcome_budget_difference_functional,
           outcome as outcome_json, make_timestamptz(outcome_recorded_at_us) as outcome_recorded_at,
           make_timestamptz(decided_at_us) as recorded_at
      from d`,
};
