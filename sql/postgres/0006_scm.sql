-- SCM: suppliers and the procure-to-pay documents that feed stock and payables.
-- Certificates, audits, requisitions, ASNs and quality inspection extend this area.
create schema if not exists scm;

create sequence scm.supplier_no;
create sequence scm.purchase_order_no;
create sequence scm.receipt_no;
create sequence scm.bill_no;
create sequence scm.payment_no;

create table scm.suppliers (
  id                 serial primary key,
  code               text not null unique,
  legal_name         text not null,
  tax_id             text not null unique,
  region             text not null references core.regions,
  currency           char(3) not null references core.currencies,
  payment_terms_days int not null default 30 check (payment_terms_days between 0 and 365),
  status             text not null default 'approved' check (status in ('prospective', 'approved', 'suspended', 'blocked')),
  created_at         timestamptz not null default now(),
  created_by         text not null
);

create table scm.purchase_orders (
  id            serial primary key,
  po_no         text not null unique,
  supplier_id   int not null references scm.suppliers,
  warehouse_id  int not null references erp.warehouses,
  order_date    date not null,
  expected_date date not null,
  currency      char(3) not null references core.currencies,
  net_amount    bigint not null check (net_amount >= 0),
  status        text not null check (status in ('open', 'closed', 'cancelled')),
  created_at    timestamptz not null default now(),
  created_by    text not null,
  check (expected_date >= order_date)
);
create index purchase_orders_supplier on scm.purchase_orders (supplier_id);

create table scm.purchase_order_lines (
  id               serial primary key,
  po_id            int not null references scm.purchase_orders,
  line_no          int not null,
  item_id          int not null references erp.items,
  quantity         bigint not null check (quantity > 0),
  unit_price       bigint not null check (unit_price >= 0), -- minor units of the order's currency
  received_qty     bigint not null default 0,
  received_value   bigint not null default 0,             -- functional, at the receipt dates' rates
  billed_qty       bigint not null default 0,
  grni_cleared     bigint not null default 0,             -- functional value taken off GRNI by bills
  unique (po_id, line_no),
  constraint po_line_received_within_ordered check (received_qty >= 0 and received_qty <= quantity),
  constraint po_line_billed_within_received check (billed_qty >= 0 and billed_qty <= received_qty)
);
create index purchase_order_lines_po on scm.purchase_order_lines (po_id);

create table scm.goods_receipts (
  id               serial primary key,
  receipt_no       text not null unique,
  po_id            int not null references scm.purchase_orders,
  warehouse_id     int not null references erp.warehouses,
  receipt_date     date not null,
  value            bigint not null,
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null
);
create index goods_receipts_po on scm.goods_receipts (po_id);

create table scm.goods_receipt_lines (
  id         serial primary key,
  receipt_id int not null references scm.goods_receipts,
  po_line_id int not null references scm.purchase_order_lines,
  item_id    int not null references erp.items,
  quantity   bigint not null check (quantity > 0),
  value      bigint not null check (value >= 0)
);
create index goods_receipt_lines_receipt on scm.goods_receipt_lines (receipt_id);

create table scm.vendor_bills (
  id               serial primary key,
  bill_no          text not null unique,
  supplier_ref     text not null,
  supplier_id      int not null references scm.suppliers,
  po_id            int references scm.purchase_orders,
  bill_date        date not null,
  due_date         date not null,
  currency         char(3) not null references core.currencies,
  rate             numeric(18, 8) not null check (rate > 0),
  gross_amount     bigint not null check (gross_amount > 0),
  gross_functional bigint not null,
  open_amount      bigint not null,
  open_functional  bigint not null,
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null,
  unique (supplier_id, supplier_ref),
  constraint bill_open_within_gross check (open_amount >= 0 and open_amount <= gross_amount and open_functional >= 0)
);
create index vendor_bills_supplier on scm.vendor_bills (supplier_id) where open_amount > 0;

create table scm.vendor_bill_lines (
  id          serial primary key,
  bill_id     int not null references scm.vendor_bills,
  po_line_id  int not null references scm.purchase_order_lines,
  quantity    bigint not null check (quantity > 0),
  unit_price  bigint not null check (unit_price >= 0),
  amount      bigint not null check (amount >= 0),
  grni_value  bigint not null,
  variance    bigint not null
);

create table scm.supplier_payments (
  id                     serial primary key,
  payment_no             text not null unique,
  supplier_id            int not null references scm.suppliers,
  payment_date           date not null,
  currency               char(3) not null references core.currencies,
  rate                   numeric(18, 8) not null check (rate > 0),
  amount                 bigint not null check (amount > 0),
  amount_functional      bigint not null check (amount_functional >= 0),
  unallocated            bigint not null,
  unallocated_functional bigint not null,
  journal_entry_id       bigint references finance.journal_entries,
  created_at             timestamptz not null default now(),
  created_by             text not null,
  constraint supplier_payment_unallocated_nonnegative check (unallocated >= 0 and unallocated <= amount and unallocated_functional >= 0)
);

create table scm.supplier_payment_allocations (
  id                 serial primary key,
  payment_id         int not null references scm.supplier_payments,
  bill_id            int not null references scm.vendor_bills,
  amount             bigint not null check (amount > 0),
  cleared_functional bigint not null,
  fx_difference      bigint not null default 0
);

create trigger goods_receipt_lines_immutable before update or delete on scm.goods_receipt_lines
  for each row execute function core.refuse_change();
create trigger vendor_bill_lines_immutable before update or delete on scm.vendor_bill_lines
  for each row execute function core.refuse_change();
create trigger supplier_payment_allocations_immutable before update or delete on scm.supplier_payment_allocations
  for each row execute function core.refuse_change();
