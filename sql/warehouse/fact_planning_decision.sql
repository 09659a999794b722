create table if not exists fact_planning_decision (
  suggestion_id                        integer not null,
  decision_id                          integer not null,
  kind                                 varchar not null,
  natural_key                          varchar not null,
  decision                             varchar not null,
  is_planner_decision                  boolean not null,
  is_accepted                          boolean not null,
  decided_on                           date not null,
  decided_on_key                       integer not null,
  decided_by                           varchar not null,
  reason                               varchar,
  value_at_stake_functional            bigint not null,
  product_key                          bigint,
  item_id                              integer,
  warehouse_id                         integer,
  customer_key                         bigint,
  customer_id                          integer,
  rep_id                               integer,
  supplier_key                         bigint,
  supplier_id                          integer,
  proposed_supplier_id                 integer,
  cost_center                          varchar,
  budget_quarter                       varchar,
  proposed_quantity                    bigint,
  accepted_quantity                    bigint,
  proposed_order_by                    date,
  proposed_date                        date,
  proposed_date_key                    integer,
  accepted_date                        date,
  proposed_budget_functional           bigint,
  accepted_budget_functional           bigint,
  changed_fields                       varchar,
  proposal_json                        varchar not null,
  accepted_json                        varchar,
  changes_json                         varchar not null,
  document_type                        varchar,
  document_id                          integer,
  document_no                          varchar,
  model_version                        varchar not null,
  first_run_id                         varchar not null,
  last_run_id                          varchar not null,
  revision                             integer not null,
  forecast_as_of                       date not null,
  expires_on                           date not null,
  proposed_at                          timestamptz not null,
  outcomes_measured                    integer not null,
  outcome_measured_on                  date,
  outcome_window_from                  date,
  outcome_window_to                    date,
  outcome_days_observed                integer,
  outcome_stockout_days                integer,
  outcome_in_stock                     boolean,
  outcome_lowest_on_hand               bigint,
  outcome_forecast_qty                 decimal(18, 2),
  outcome_ordered_qty                  bigint,
  outcome_customer_ordered             boolean,
  outcome_orders                       integer,
  outcome_order_value_functional       bigint,
  outcome_first_order_date             date,
  outcome_budget_proposed_functional   bigint,
  outcome_budget_actual_functional     bigint,
  outcome_budget_difference_functional bigint,
  outcome_json                         varchar,
  outcome_recorded_at                  timestamptz,
  recorded_at                          timestamptz not null
);
comment on table fact_planning_decision is 'The planning loop: one row per decided planning suggestion (planning.decisions: accepted, modified, rejected by a planner, or expired unanswered) with the suggestion as the forecast last proposed it (planning.suggestions), the document accepting it created, and the latest outcome measured of it (planning.outcomes). Open suggestions are not loaded: they live in the planning inbox and every forecast run rewrites them. Acceptance rate = count(is_accepted) ÷ count(is_planner_decision), by kind and month of decided_on. Money is BIGINT minor units of the functional currency.';
comment on column fact_planning_decision.suggestion_id is 'Business key: planning.suggestions.id; a suggestion is decided once, and a new outcome replaces the row.';
comment on column fact_planning_decision.decision_id is 'planning.decisions.id.';
comment on column fact_planning_decision.kind is 'replenishment (buy an item into a warehouse), production (make one), re_engagement (a rep follows up a quiet customer) or budget (next quarter''s budget of a cost centre).';
comment on column fact_planning_decision.natural_key is 'Kind and subject, e.g. replenishment:item:12:warehouse:3 or budget:2025-Q1:cost_center:OPS; a key decided before may be proposed afresh by a later run, so several rows can share one.';
comment on column fact_planning_decision.decision is 'accepted (as proposed), modified (accepted with changes), rejected (with a reason) or expired (nobody decided it before its last useful day, or a later run no longer proposed it).';
comment on column fact_planning_decision.is_planner_decision is 'Decided by a planner (accepted, modified or rejected): the denominator of the acceptance rate. False for expired.';
comment on column fact_planning_decision.is_accepted is 'Accepted, with or without changes: the numerator of the acceptance rate; a document was created.';
comment on column fact_planning_decision.decided_on is 'Business date of the decision (the expiry''s as-of date for an expired one).';
comment on column fact_planning_decision.decided_on_key is 'Decided date as YYYYMMDD, joins dim_date.';
comment on column fact_planning_decision.decided_by is 'Actor that decided (dashboard:<planner code>, a CLI user, or the forecast run for an expiry).';
comment on column fact_planning_decision.reason is 'The reason given: required for a rejection, optional for a modification, why for an expiry.';
comment on column fact_planning_decision.value_at_stake_functional is 'What the forecast put at stake if nothing were done (lost margin, stock-out cost, the customer''s value, the budget''s size), minor units of the functional currency.';
comment on column fact_planning_decision.product_key is 'dim_product version in force when the decision was recorded; null for re_engagement and budget.';
comment on column fact_planning_decision.item_id is 'Item to buy or make (replenishment, production); null otherwise.';
comment on column fact_planning_decision.warehouse_id is 'Warehouse the stock is for (replenishment, production; dim_warehouse.warehouse_id); null otherwise.';
comment on column fact_planning_decision.customer_key is 'dim_customer version in force when the decision was recorded (re_engagement); null otherwise.';
comment on column fact_planning_decision.customer_id is 'Customer to follow up (re_engagement); null otherwise.';
comment on column fact_planning_decision.rep_id is 'Rep whose plan gets the follow-up (re_engagement; the accepted one when a planner changed it); null otherwise.';
comment on column fact_planning_decision.supplier_key is 'dim_supplier version in force when the decision was recorded, of supplier_id.';
comment on column fact_planning_decision.supplier_id is 'Supplier of a replenishment: the one accepted (after changes), else the one proposed; null when none qualified, and for other kinds.';
comment on column fact_planning_decision.proposed_supplier_id is 'Supplier the forecast chose (its reasons are in the suggestion''s rationale, in Postgres); null when none qualified.';
comment on column fact_planning_decision.cost_center is 'Cost centre of a budget suggestion (dim_cost_center.cost_center); null when not allocated, and for other kinds.';
comment on column fact_planning_decision.budget_quarter is 'Quarter a budget suggestion is for, YYYY-Qn; null for other kinds.';
comment on column fact_planning_decision.proposed_quantity is 'Quantity proposed (replenishment, production); null otherwise.';
comment on column fact_planning_decision.accepted_quantity is 'Quantity accepted (after changes); null unless accepted or modified, and for kinds without a quantity.';
comment on column fact_planning_decision.proposed_order_by is 'Replenishment: the day to order by so the goods arrive when needed; null otherwise.';
comment on column fact_planning_decision.proposed_date is 'The day the suggestion was for: needed by (replenishment, production), the follow-up''s due date (re_engagement), the first day of the quarter (budget).';
comment on column fact_planning_decision.proposed_date_key is 'Proposed date as YYYYMMDD, joins dim_date.';
comment on column fact_planning_decision.accepted_date is 'That day as accepted (after changes); null unless accepted or modified. The document is dated no earlier than the decision.';
comment on column fact_planning_decision.proposed_budget_functional is 'Budget: the sum of the proposed lines (revenue, cost of goods sold and operating expense of the quarter on each account''s natural side); null for other kinds.';
comment on column fact_planning_decision.accepted_budget_functional is 'Budget: the sum of the lines as accepted; null unless accepted or modified, and for other kinds.';
comment on column fact_planning_decision.changed_fields is 'Fields a modification changed, comma-separated and sorted (quantity, supplierId, orderBy, neededBy, dueDate, repId, lines); null when none.';
comment on column fact_planning_decision.proposal_json is 'The proposal as the forecast last made it (JSON text, the planning area''s shape for the kind).';
comment on column fact_planning_decision.accepted_json is 'The proposal as accepted, changes applied (JSON text); null for rejected and expired.';
comment on column fact_planning_decision.changes_json is 'What a modification changed, {field: {before, after}} (JSON text); {} otherwise.';
comment on column fact_planning_decision.document_type is 'Document the acceptance created: requisition, purchase_order, production_order, follow_up or budget_version; null for rejected and expired.';
comment on column fact_planning_decision.document_id is 'That document''s id in its own table (scm.requisitions, scm.purchase_orders, erp.production_orders, crm.follow_ups — fact_follow_up.follow_up_id — or people.budget_versions — fact_budget.budget_version_id).';
comment on column fact_planning_decision.document_no is 'Its number: REQ-… (fact_requisition_line.requisition_no), PO-… (po_no), MO-… (fact_production_order), ''Budget YYYY vN''; null for a follow-up, which has none.';
comment on column fact_planning_decision.model_version is 'Planning model version of the run that last proposed it.';
comment on column fact_planning_decision.first_run_id is 'Forecast run that first proposed it.';
comment on column fact_planning_decision.last_run_id is 'Forecast run that last revised it before the decision.';
comment on column fact_planning_decision.revision is 'How many runs revised it before the decision (0 = decided as first proposed).';
comment on column fact_planning_decision.forecast_as_of is 'The date the data of the run that last proposed it ran to.';
comment on column fact_planning_decision.expires_on is 'Its last useful day: after it, an open suggestion expires.';
comment on column fact_planning_decision.proposed_at is 'When it was first proposed (recorded).';
comment on column fact_planning_decision.outcomes_measured is 'Number of outcome measurements recorded (planning.outcomes, one per measuring date); 0 until its weeks have passed in the data. Accepted, modified and rejected ones are measured alike, so they can be compared; expired ones are not.';
comment on column fact_planning_decision.outcome_measured_on is 'Data date of the latest measurement, whose figures the outcome_ columns hold; null until measured.';
comment on column fact_planning_decision.outcome_window_from is 'First day of the window measured: the needed-by date (replenishment, production), the day after the follow-up was due (re_engagement); null for budget.';
comment on column fact_planning_decision.outcome_window_to is 'Last day of that window: 28 days from needed-by, 30 days from the due date.';
comment on column fact_planning_decision.outcome_days_observed is 'Replenishment, production: days of the window with a daily stock row for the item and warehouse.';
comment on column fact_planning_decision.outcome_stockout_days is 'Replenishment, production: days of the window that ended with nothing on hand.';
comment on column fact_planning_decision.outcome_in_stock is 'Replenishment, production: true when no day of the window ran out (stock-out avoided), false when one did.';
comment on column fact_planning_decision.outcome_lowest_on_hand is 'Replenishment, production: the lowest daily stock in the window.';
comment on column fact_planning_decision.outcome_forecast_qty is 'Replenishment, production: demand the forecast expected over the four weeks from the week stock was to run short (from the suggestion''s rationale).';
comment on column fact_planning_decision.outcome_ordered_qty is 'Replenishment, production: what customers actually ordered of the item from the warehouse in the window (less cancellations): compare with outcome_forecast_qty.';
comment on column fact_planning_decision.outcome_customer_ordered is 'Re-engagement: whether the customer ordered within 30 days after the follow-up was due.';
comment on column fact_planning_decision.outcome_orders is 'Re-engagement: how many orders the customer placed in that window.';
comment on column fact_planning_decision.outcome_order_value_functional is 'Re-engagement: their net value, minor units of the functional currency.';
comment on column fact_planning_decision.outcome_first_order_date is 'Re-engagement: date of the first of those orders; null when none.';
comment on column fact_planning_decision.outcome_budget_proposed_functional is 'Budget: the proposal''s total as measured (the lines as accepted, else as proposed), once the quarter ended in the data.';
comment on column fact_planning_decision.outcome_budget_actual_functional is 'Budget: the quarter''s actual on the same accounts and cost centre.';
comment on column fact_planning_decision.outcome_budget_difference_functional is 'Budget: actual − proposed.';
comment on column fact_planning_decision.outcome_json is 'The latest outcome as recorded (JSON text, including the decision it measured); the outcome_ columns are its fields of the expected type. Null until measured.';
comment on column fact_planning_decision.outcome_recorded_at is 'When the latest outcome was recorded; null until measured.';
comment on column fact_planning_decision.recorded_at is 'When the decision was recorded in the operational database (dimension versions are looked up at this time).';
