-- SCM procure to pay: purchase requisitions from departments, purchase order approval and change
-- orders with version history, advance shipping notices, quality inspection of receipts with
-- returns to the supplier, three-way match of vendor bills (tolerances, blocked bills, supplier
-- credits), early-payment discounts and payment runs, and supplier statement reconciliation.

create sequence scm.requisition_no;
create sequence scm.asn_no;
create sequence scm.inspection_no;
create sequence scm.supplier_return_no;
create sequence scm.supplier_credit_no;
create sequence scm.statement_no;
create sequence scm.payment_run_no;

-- ---- settings ---------------------------------------------------------------------------------

-- One row: how far receipts may exceed the ordered quantity, and how far a bill may differ from
-- the order price and from the accepted quantity before the three-way match blocks it.
create table scm.procurement_settings (
  id                    boolean primary key default true check (id),
  receipt_tolerance_bp  int not null default 0 check (receipt_tolerance_bp between 0 and 10000),
  quantity_tolerance_bp int not null default 0 check (quantity_tolerance_bp between 0 and 10000),
  price_tolerance_bp    int not null default 0 check (price_tolerance_bp between 0 and 10000),
  -- Per unit, minor units of the order currency; a price difference within either tolerance matches.
  price_tolerance_unit  bigint not null default 0 check (price_tolerance_unit >= 0)
);
insert into scm.procurement_settings default values;

-- Early-payment terms (2/10 net 30: discount_bp 200, discount_days 10; net days are the supplier's payment terms).
create table scm.early_payment_terms (
  supplier_id   int primary key references scm.suppliers,
  discount_bp   int not null check (discount_bp between 1 and 5000),
  discount_days int not null check (discount_days between 1 and 365)
);

-- ---- requisitions -----------------------------------------------------------------------------

create table scm.requisitions (
  id             serial primary key,
  requisition_no text not null unique,
  requester_id   int not null references people.employees,
  department_id  int not null references people.departments,
  item_id        int not null references erp.items,
  quantity       bigint not null check (quantity > 0),
  unit_estimate  bigint not null check (unit_estimate >= 0), -- functional minor units
  amount         bigint not null check (amount >= 0),
  request_date   date not null,
  needed_by      date not null,
  note           text,
  status         text not null check (status in ('pending', 'approved', 'rejected', 'ordered', 'cancelled')),
  decided_date   date,
  po_line_id     int,  -- the purchase order line that orders it (foreign key below)
  created_at     timestamptz not null default now(),
  created_by     text not null,
  check (needed_by >= request_date),
  check ((status = 'ordered') = (po_line_id is not null))
);
create index requisitions_requester on scm.requisitions (requester_id);
create index requisitions_department_item on scm.requisitions (department_id, item_id);

-- ---- purchase orders: approval, versions, per-line dates, returns, receipt tolerance ----------

alter table scm.purchase_orders
  add column approval_status text not null default 'not_required'
    check (approval_status in ('not_required', 'pending', 'approved', 'rejected')),
  add column version int not null default 1 check (version >= 1);

alter table scm.purchase_order_lines
  add column expected_date        date,
  add column returned_qty         bigint not null default 0,
  add column in_transit_qty       bigint not null default 0,
  add column receipt_tolerance_bp int not null default 0 check (receipt_tolerance_bp between 0 and 10000),
  drop constraint po_line_received_within_ordered,
  drop constraint po_line_billed_within_received,
  -- Receipts may exceed the ordered quantity by the line's tolerance; returns come off what was received.
  add constraint po_line_received_within_tolerance check (
    received_qty >= 0 and returned_qty >= 0 and returned_qty <= received_qty
    and received_qty - returned_qty <= quantity + quantity * receipt_tolerance_bp / 10000),
  -- Only goods received and not returned can be billed.
  add constraint po_line_billed_within_accepted check (billed_qty >= 0 and billed_qty + returned_qty <= received_qty),
  add constraint po_line_in_transit_nonnegative check (in_transit_qty >= 0);

alter table scm.requisitions add constraint requisitions_po_line foreign key (po_line_id) references scm.purchase_order_lines;
create index requisitions_po_line on scm.requisitions (po_line_id) where po_line_id is not null;

-- Every change order is a new version; the row records what changed and why.
create table scm.purchase_order_versions (
  id                  serial primary key,
  po_id               int not null references scm.purchase_orders,
  version             int not null check (version >= 2),
  change_date         date not null,
  reason              text not null check (btrim(reason) <> ''),
  net_before          bigint not null,
  net_after           bigint not null,
  changes             jsonb not null,
  approval_request_id int,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  unique (po_id, version)
);
create trigger purchase_order_versions_immutable before update or delete on scm.purchase_order_versions
  for each row execute function core.refuse_change();

-- An order waiting for (or refused) approval can be neither received nor billed, whoever writes.
create function scm.refuse_unapproved_order() returns trigger language plpgsql as $$
declare
  p record;
begin
  select po_no, approval_status into p from scm.purchase_orders where id = new.po_id;
  if p.approval_status = 'pending' then
    raise exception 'LEDGERLOOP:APPROVAL_PENDING:purchase order % awaits approval and cannot be received or billed', p.po_no;
  elsif p.approval_status = 'rejected' then
    raise exception 'LEDGERLOOP:APPROVAL_REJECTED:purchase order % was rejected and cannot be received or billed', p.po_no;
  end if;
  return new;
end $$;
create trigger goods_receipts_order_approved before insert on scm.goods_receipts
  for each row execute function scm.refuse_unapproved_order();
create trigger vendor_bills_order_approved before insert on scm.vendor_bills
  for each row when (new.po_id is not null) execute function scm.refuse_unapproved_order();

-- ---- advance shipping notices -----------------------------------------------------------------

create table scm.asns (
  id            serial primary key,
  asn_no        text not null unique,
  supplier_id   int not null references scm.suppliers,
  po_id         int not null references scm.purchase_orders,
  supplier_ref  text,
  ship_date     date not null,
  expected_date date not null,
  status        text not null check (status in ('in_transit', 'received', 'cancelled')),
  receipt_id    int references scm.goods_receipts,
  received_date date,
  created_at    timestamptz not null default now(),
  created_by    text not null,
  check (expected_date >= ship_date),
  check ((status = 'received') = (receipt_id is not null))
);
create index asns_po on scm.asns (po_id);

create table scm.asn_lines (
  id         serial primary key,
  asn_id     int not null references scm.asns,
  po_line_id int not null references scm.purchase_order_lines,
  item_id    int not null references erp.items,
  quantity   bigint not null check (quantity > 0),
  unique (asn_id, po_line_id)
);
create trigger asn_lines_immutable before update or delete on scm.asn_lines
  for each row execute function core.refuse_change();

-- ---- quality inspection and returns to the supplier -------------------------------------------

create table scm.inspections (
  id              serial primary key,
  inspection_no   text not null unique,
  receipt_id      int not null references scm.goods_receipts,
  receipt_line_id int not null unique references scm.goods_receipt_lines,
  lot_id          int references erp.lots,
  item_id         int not null references erp.items,
  inspection_date date not null,
  received_qty    bigint not null check (received_qty > 0),
  sampled_qty     bigint not null check (sampled_qty >= 0),
  inspected_qty   bigint not null check (inspected_qty >= 0),
  accepted_qty    bigint not null check (accepted_qty >= 0),
  rejected_qty    bigint not null check (rejected_qty >= 0),
  note            text,
  created_at      timestamptz not null default now(),
  created_by      text not null,
  check (sampled_qty <= received_qty and inspected_qty <= sampled_qty),
  check (accepted_qty + rejected_qty = received_qty)
);
create index inspections_receipt on scm.inspections (receipt_id);

create table scm.inspection_defects (
  inspection_id int not null references scm.inspections,
  defect_code   text not null check (defect_code ~ '^[A-Z0-9_-]{1,24}$'),
  quantity      bigint not null check (quantity > 0),
  primary key (inspection_id, defect_code)
);

create table scm.supplier_returns (
  id               serial primary key,
  return_no        text not null unique,
  supplier_id      int not null references scm.suppliers,
  po_id            int not null references scm.purchase_orders,
  receipt_id       int not null references scm.goods_receipts,
  return_date      date not null,
  reason           text not null,
  grni_value       bigint not null check (grni_value >= 0), -- functional, taken off GRNI
  stock_value      bigint not null check (stock_value >= 0), -- functional, taken out of stock
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null
);
create index supplier_returns_supplier on scm.supplier_returns (supplier_id);

create table scm.supplier_return_lines (
  id              serial primary key,
  return_id       int not null references scm.supplier_returns,
  receipt_line_id int not null references scm.goods_receipt_lines,
  po_line_id      int not null references scm.purchase_order_lines,
  item_id         int not null references erp.items,
  lot_id          int references erp.lots,
  inspection_id   int references scm.inspections,
  quantity        bigint not null check (quantity > 0),
  grni_value      bigint not null check (grni_value >= 0),
  stock_value     bigint not null check (stock_value >= 0)
);

create trigger inspections_immutable before update or delete on scm.inspections for each row execute function core.refuse_change();
create trigger inspection_defects_immutable before update or delete on scm.inspection_defects for each row execute function core.refuse_change();
create trigger supplier_returns_immutable before update or delete on scm.supplier_returns for each row execute function core.refuse_change();
create trigger supplier_return_lines_immutable before update or delete on scm.supplier_return_lines for each row execute function core.refuse_change();

-- ---- three-way match, supplier credits, early-payment discounts -------------------------------

alter table scm.vendor_bills
  add column match_status  text not null default 'matched' check (match_status in ('matched', 'blocked', 'resolved')),
  add column match_issues  jsonb not null default '[]',
  add column resolution    text check (resolution in ('approval', 'credit')),
  add column resolved_date date,
  add column discount_bp   int not null default 0 check (discount_bp between 0 and 5000),
  add column discount_until date;

-- What the match compared, per line (null on bills recorded before the match existed).
alter table scm.vendor_bill_lines
  add column matched_qty      bigint,
  add column order_unit_price bigint,
  add column open_qty         bigint;

-- A bill the three-way match blocked cannot be paid, whoever writes the allocation.
create function scm.refuse_blocked_bill_payment() returns trigger language plpgsql as $$
declare
  b record;
begin
  select bill_no, match_status into b from scm.vendor_bills where id = new.bill_id;
  if b.match_status = 'blocked' then
    raise exception 'LEDGERLOOP:MATCH_BLOCKED:bill % does not match its order and receipts; resolve it before paying', b.bill_no;
  end if;
  return new;
end $$;
create trigger supplier_payment_allocations_match before insert on scm.supplier_payment_allocations
  for each row execute function scm.refuse_blocked_bill_payment();

alter table scm.supplier_payment_allocations
  add column discount            bigint not null default 0 check (discount >= 0),
  add column discount_functional bigint not null default 0;

create table scm.supplier_credits (
  id                serial primary key,
  credit_no         text not null unique,
  supplier_ref      text not null,
  supplier_id       int not null references scm.suppliers,
  bill_id           int not null references scm.vendor_bills,
  credit_date       date not null,
  currency          char(3) not null references core.currencies,
  amount            bigint not null check (amount > 0),
  amount_functional bigint not null check (amount_functional >= 0),
  reason            text not null,
  journal_entry_id  bigint references finance.journal_entries,
  created_at        timestamptz not null default now(),
  created_by        text not null,
  unique (supplier_id, supplier_ref)
);
create index supplier_credits_bill on scm.supplier_credits (bill_id);
create trigger supplier_credits_immutable before update or delete on scm.supplier_credits for each row execute function core.refuse_change();

create table scm.payment_runs (
  id               serial primary key,
  run_no           text not null unique,
  run_date         date not null,
  due_by           date not null,
  take_discounts   boolean not null,
  payments         int not null,
  total_functional bigint not null,
  discount_functional bigint not null,
  created_at       timestamptz not null default now(),
  created_by       text not null
);
alter table scm.supplier_payments add column payment_run_id int references scm.payment_runs;

-- ---- supplier statement reconciliation ---------------------------------------------------------

create table scm.supplier_statements (
  id                  serial primary key,
  statement_no        text not null unique,
  supplier_id         int not null references scm.suppliers,
  period              text not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  period_end          date not null,
  currency            char(3) not null references core.currencies,
  opening_balance     bigint not null, -- supplier currency, what we owe (positive)
  closing_balance     bigint not null,
  supplier_balance    bigint,          -- what the supplier says we owe
  status              text not null check (status in ('generated', 'responded', 'reviewed', 'reconciled', 'rejected')),
  generated_date      date not null,
  responded_date      date,
  reviewer_id         int references people.employees,
  reviewed_date       date,
  review_note         text,
  approval_request_id int,
  closed_date         date,
  discrepancy_total   bigint,
  created_at          timestamptz not null default now(),
  created_by          text not null
);
create unique index supplier_statements_live on scm.supplier_statements (supplier_id, period) where status <> 'rejected';

create table scm.supplier_statement_lines (
  id              serial primary key,
  statement_id    int not null references scm.supplier_statements,
  line_no         int not null,
  doc_kind        text not null check (doc_kind in ('bill', 'payment', 'discount', 'credit', 'return')),
  doc_id          int not null,
  doc_no          text not null,
  doc_date        date not null,
  amount          bigint not null, -- signed, supplier currency: positive raises what we owe
  status          text not null default 'open' check (status in ('open', 'confirmed', 'disputed')),
  supplier_amount bigint,
  note            text,
  released        boolean not null default false, -- the statement was rejected: the document is unreconciled again
  unique (statement_id, line_no)
);
-- A document is reconciled on at most one live statement.
create unique index supplier_statement_lines_doc on scm.supplier_statement_lines (doc_kind, doc_id) where not released;

create table scm.supplier_statement_discrepancies (
  id              serial primary key,
  statement_id    int not null references scm.supplier_statements,
  line_id         int references scm.supplier_statement_lines,
  kind            text not null check (kind in ('amount', 'not_on_supplier_statement', 'unknown_to_us', 'balance')),
  our_amount      bigint not null,
  supplier_amount bigint not null,
  difference      bigint not null,
  supplier_ref    text,
  note            text
);
create index supplier_statement_discrepancies_statement on scm.supplier_statement_discrepancies (statement_id);
create trigger supplier_statement_discrepancies_immutable before update or delete on scm.supplier_statement_discrepancies
  for each row execute function core.refuse_change();

-- ---- accounts for companies set up before this migration --------------------------------------

insert into finance.accounts (code, name, type, parent_code, postable)
select a.code, a.name, a.type, a.parent, true
  from (values ('5250', 'Purchase discounts received', 'expense', '5000')) as a(code, name, type, parent)
 where exists (select 1 from finance.accounts p where p.code = a.parent and not p.postable)
on conflict (code) do nothing;

insert into finance.account_roles (role, account_code)
select r.role, r.account_code
  from (values ('purchase_discount', '5250')) as r(role, account_code)
 where exists (select 1 from finance.accounts a where a.code = r.account_code)
on conflict (role) do nothing;
