create table if not exists fact_opportunity_line (
  opportunity_line_id      integer not null,
  opportunity_id           integer not null,
  opportunity_no           varchar not null,
  line_no                  integer not null,
  item_id                  integer not null,
  product_key              bigint,
  quantity                 bigint not null,
  unit_price               bigint,
  line_amount              bigint,
  currency                 varchar not null,
  expected_date            date not null,
  expected_date_key        integer not null,
  stage_code               varchar not null,
  status                   varchar not null,
  win_probability_bp       integer,
  customer_key             bigint,
  customer_id              integer,
  lead_id                  integer,
  owner_id                 integer not null,
  expected_close_date      date not null,
  opportunity_created_date date not null,
  closed_date              date,
  recorded_at              timestamptz not null
);
comment on table fact_opportunity_line is 'Opportunity product lines: what each opportunity would sell (item, quantity, price) and when, with the opportunity''s stage, status and nominal win probability at the last load. The open pipeline as expected item demand.';
comment on column fact_opportunity_line.opportunity_line_id is 'The line (crm.opportunity_lines.id).';
comment on column fact_opportunity_line.opportunity_id is 'The opportunity; a re-extracted opportunity replaces all its lines.';
comment on column fact_opportunity_line.opportunity_no is 'Opportunity number.';
comment on column fact_opportunity_line.line_no is 'Line number within the opportunity.';
comment on column fact_opportunity_line.item_id is 'Item the line would sell (dim_product.item_id).';
comment on column fact_opportunity_line.product_key is 'dim_product version when the opportunity was created.';
comment on column fact_opportunity_line.quantity is 'Quantity the line would sell.';
comment on column fact_opportunity_line.unit_price is 'Expected unit price, minor units of the opportunity''s currency; null when not priced.';
comment on column fact_opportunity_line.line_amount is 'quantity × unit_price, minor units of the opportunity''s currency; null when not priced.';
comment on column fact_opportunity_line.currency is 'Currency of the opportunity.';
comment on column fact_opportunity_line.expected_date is 'When the customer would need the goods.';
comment on column fact_opportunity_line.expected_date_key is 'expected_date as YYYYMMDD, joins dim_date.';
comment on column fact_opportunity_line.stage_code is 'The opportunity''s stage at the last load.';
comment on column fact_opportunity_line.status is 'open, won or lost at the last load.';
comment on column fact_opportunity_line.win_probability_bp is 'Nominal win probability of the opportunity''s latest stage, basis points (the stage''s setting, not calibrated).';
comment on column fact_opportunity_line.customer_key is 'dim_customer version when the opportunity was created; null for a lead''s opportunity.';
comment on column fact_opportunity_line.customer_id is 'The account, when the opportunity belongs to one.';
comment on column fact_opportunity_line.lead_id is 'The lead the opportunity came from, if any.';
comment on column fact_opportunity_line.owner_id is 'The rep who owns the opportunity (dim_employee.employee_id).';
comment on column fact_opportunity_line.expected_close_date is 'When the opportunity is expected to close.';
comment on column fact_opportunity_line.opportunity_created_date is 'Date the opportunity was created.';
comment on column fact_opportunity_line.closed_date is 'Date it was won or lost; null while open.';
comment on column fact_opportunity_line.recorded_at is 'When the opportunity was created (dimension versions are taken at this time).';
