-- ERP: items, prices, warehouses, the stock ledger and the order-to-cash documents.
create schema if not exists erp;

create table erp.item_categories (
  code text primary key check (code ~ '^[A-Z0-9_-]{1,24}$'),
  name text not null
);

-- Quantities are whole numbers of the item's unit (choose 'g' rather than 'kg' for fractions);
-- prices and costs are integer minor units of the functional currency.
create table erp.items (
  id            serial primary key,
  sku           text not null unique,
  name          text not null,
  unit          text not null default 'pcs',
  category      text not null references erp.item_categories,
  procurement   text not null check (procurement in ('buy', 'make')),
  list_price    bigint not null check (list_price >= 0),
  standard_cost bigint not null check (standard_cost >= 0),
  active        boolean not null default true,
  created_at    timestamptz not null default now(),
  created_by    text not null
);

create table erp.price_lists (
  code     text primary key,
  name     text not null,
  currency char(3) not null references core.currencies
);

create table erp.price_list_prices (
  price_list_code text not null references erp.price_lists,
  item_id         int not null references erp.items,
  valid_from      date not null,
  unit_price      bigint not null check (unit_price >= 0), -- minor units of the list's currency
  primary key (price_list_code, item_id, valid_from)
);

-- A discount applies to order lines of customers in a segment (or any) buying a category
-- (or any) at or above a quantity; the largest matching discount wins.
create table erp.discount_rules (
  id           serial primary key,
  segment      text,
  category     text references erp.item_categories,
  min_quantity bigint not null default 1 check (min_quantity >= 1),
  discount_bp  int not null check (discount_bp between 0 and 10000)
);

create table erp.warehouses (
  id     serial primary key,
  code   text not null unique,
  name   text not null,
  region text not null references core.regions
);

-- On-hand, reserved and value per item and warehouse. Every change is a row in stock_moves;
-- verify checks that these columns equal the ledger's sums. Value is at moving average.
create table erp.stock (
  item_id      int not null references erp.items,
  warehouse_id int not null references erp.warehouses,
  on_hand      bigint not null default 0,
  reserved     bigint not null default 0,
  value        bigint not null default 0,
  primary key (item_id, warehouse_id),
  constraint stock_on_hand_nonnegative check (on_hand >= 0),
  constraint stock_reserved_within_on_hand check (reserved >= 0 and reserved <= on_hand),
  constraint stock_value_nonnegative check (value >= 0 and (on_hand > 0 or value = 0))
);

create table erp.stock_moves (
  id           bigserial primary key,
  item_id      int not null references erp.items,
  warehouse_id int not null references erp.warehouses,
  move_date    date not null,
  kind         text not null check (kind in ('receipt', 'delivery', 'adjustment', 'return', 'scrap', 'issue', 'production', 'transfer_out', 'transfer_in')),
  quantity     bigint not null check (quantity <> 0),
  value        bigint not null,
  source_type  text not null,
  source_id    text not null,
  created_at   timestamptz not null default now()
);
create index stock_moves_item on erp.stock_moves (item_id, warehouse_id, move_date);

create sequence erp.sales_order_no;
create sequence erp.delivery_no;
create sequence erp.invoice_no;
create sequence erp.payment_no;
create sequence erp.credit_note_no;
create sequence erp.adjustment_no;

create table erp.sales_orders (
  id           serial primary key,
  order_no     text not null unique,
  customer_id  int not null references crm.customers,
  warehouse_id int not null references erp.warehouses,
  order_date   date not null,
  currency     char(3) not null references core.currencies,
  rate         numeric(18, 8) not null check (rate > 0),
  net_amount   bigint not null check (net_amount >= 0),
  tax_amount   bigint not null check (tax_amount >= 0),
  status       text not null check (status in ('held', 'open', 'closed', 'cancelled')),
  hold_reason  text,
  created_at   timestamptz not null default now(),
  created_by   text not null
);
create index sales_orders_customer on erp.sales_orders (customer_id) where status in ('held', 'open');

create table erp.sales_order_lines (
  id            serial primary key,
  order_id      int not null references erp.sales_orders,
  line_no       int not null,
  item_id       int not null references erp.items,
  quantity      bigint not null check (quantity > 0),
  unit_price    bigint not null check (unit_price >= 0),
  discount_bp   int not null default 0 check (discount_bp between 0 and 10000),
  net_amount    bigint not null check (net_amount >= 0),
  tax_bp        int not null check (tax_bp between 0 and 10000),
  reserved_qty  bigint not null default 0,
  delivered_qty bigint not null default 0,
  invoiced_qty  bigint not null default 0,
  invoiced_net  bigint not null default 0,
  cancelled_qty bigint not null default 0,
  unique (order_id, line_no),
  constraint so_line_reserved_within_open check (reserved_qty >= 0 and reserved_qty <= quantity - delivered_qty - cancelled_qty),
  constraint so_line_delivered_within_ordered check (delivered_qty >= 0 and delivered_qty + cancelled_qty <= quantity),
  constraint so_line_invoiced_within_delivered check (invoiced_qty >= 0 and invoiced_qty <= delivered_qty)
);
create index sales_order_lines_order on erp.sales_order_lines (order_id);
create index sales_order_lines_backorder on erp.sales_order_lines (item_id)
  where reserved_qty < quantity - delivered_qty - cancelled_qty;

create table erp.deliveries (
  id               serial primary key,
  delivery_no      text not null unique,
  order_id         int not null references erp.sales_orders,
  warehouse_id     int not null references erp.warehouses,
  delivery_date    date not null,
  cost_amount      bigint not null check (cost_amount >= 0),
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null
);
create index deliveries_order on erp.deliveries (order_id);

create table erp.delivery_lines (
  id            serial primary key,
  delivery_id   int not null references erp.deliveries,
  order_line_id int not null references erp.sales_order_lines,
  item_id       int not null references erp.items,
  quantity      bigint not null check (quantity > 0),
  cost_amount   bigint not null check (cost_amount >= 0)
);
create index delivery_lines_delivery on erp.delivery_lines (delivery_id);

create table erp.customer_invoices (
  id               serial primary key,
  invoice_no       text not null unique,
  customer_id      int not null references crm.customers,
  order_id         int references erp.sales_orders,
  invoice_date     date not null,
  due_date         date not null,
  currency         char(3) not null references core.currencies,
  rate             numeric(18, 8) not null check (rate > 0),
  net_amount       bigint not null check (net_amount >= 0),
  tax_amount       bigint not null check (tax_amount >= 0),
  gross_amount     bigint not null,
  gross_functional bigint not null,
  open_amount      bigint not null,
  open_functional  bigint not null,
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null,
  constraint invoice_gross_is_net_plus_tax check (gross_amount = net_amount + tax_amount),
  constraint invoice_open_within_gross check (open_amount >= 0 and open_amount <= gross_amount and open_functional >= 0)
);
create index customer_invoices_customer on erp.customer_invoices (customer_id) where open_amount > 0;

create table erp.customer_invoice_lines (
  id            serial primary key,
  invoice_id    int not null references erp.customer_invoices,
  order_line_id int references erp.sales_order_lines,
  item_id       int references erp.items,
  quantity      bigint not null check (quantity > 0),
  net_amount    bigint not null,
  tax_bp        int not null,
  tax_amount    bigint not null
);
create index customer_invoice_lines_invoice on erp.customer_invoice_lines (invoice_id);

create table erp.credit_notes (
  id               serial primary key,
  credit_note_no   text not null unique,
  invoice_id       int not null references erp.customer_invoices,
  customer_id      int not null references crm.customers,
  credit_date      date not null,
  reason           text not null,
  net_amount       bigint not null check (net_amount >= 0),
  tax_amount       bigint not null check (tax_amount >= 0),
  gross_amount     bigint not null check (gross_amount > 0),
  gross_functional bigint not null,
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null
);

create table erp.customer_payments (
  id                     serial primary key,
  payment_no             text not null unique,
  customer_id            int not null references crm.customers,
  payment_date           date not null,
  currency               char(3) not null references core.currencies,
  rate                   numeric(18, 8) not null check (rate > 0),
  amount                 bigint not null check (amount > 0),
  amount_functional      bigint not null check (amount_functional >= 0),
  unallocated            bigint not null,
  unallocated_functional bigint not null,
  reference              text,
  journal_entry_id       bigint references finance.journal_entries,
  created_at             timestamptz not null default now(),
  created_by             text not null,
  constraint payment_unallocated_nonnegative check (unallocated >= 0 and unallocated <= amount and unallocated_functional >= 0)
);

create table erp.payment_allocations (
  id                 serial primary key,
  payment_id         int not null references erp.customer_payments,
  invoice_id         int not null references erp.customer_invoices,
  allocation_date    date not null,
  amount             bigint not null check (amount > 0),
  cleared_functional bigint not null,
  fx_difference      bigint not null default 0,
  journal_entry_id   bigint references finance.journal_entries
);
create index payment_allocations_invoice on erp.payment_allocations (invoice_id);

create table erp.stock_adjustments (
  id              serial primary key,
  adjustment_no   text not null unique,
  adjustment_date date not null,
  reason          text not null,
  journal_entry_id bigint references finance.journal_entries,
  created_at      timestamptz not null default now(),
  created_by      text not null
);

create table erp.stock_adjustment_lines (
  id            serial primary key,
  adjustment_id int not null references erp.stock_adjustments,
  item_id       int not null references erp.items,
  warehouse_id  int not null references erp.warehouses,
  quantity      bigint not null check (quantity <> 0),
  value         bigint not null
);

-- Posted documents are immutable; corrections go by credit note or reversal.
create trigger stock_moves_immutable before update or delete on erp.stock_moves
  for each row execute function core.refuse_change();
create trigger delivery_lines_immutable before update or delete on erp.delivery_lines
  for each row execute function core.refuse_change();
create trigger invoice_lines_immutable before update or delete on erp.customer_invoice_lines
  for each row execute function core.refuse_change();
create trigger credit_notes_immutable before update or delete on erp.credit_notes
  for each row execute function core.refuse_change();
create trigger payment_allocations_immutable before update or delete on erp.payment_allocations
  for each row execute function core.refuse_change();
create trigger deliveries_immutable before update or delete on erp.deliveries
  for each row execute function core.refuse_change();

-- Of a posted invoice or payment only the open (unsettled) amounts may change.
create function erp.guard_posted_invoice() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted invoices cannot be deleted; issue a credit note';
  end if;
  if (new.invoice_no, new.customer_id, new.invoice_date, new.currency, new.rate, new.net_amount, new.tax_amount, new.gross_amount, new.gross_functional)
     is distinct from
     (old.invoice_no, old.customer_id, old.invoice_date, old.currency, old.rate, old.net_amount, old.tax_amount, old.gross_amount, old.gross_functional) then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted invoice % cannot be changed; issue a credit note', old.invoice_no;
  end if;
  return new;
end $$;
create trigger customer_invoices_guard before update or delete on erp.customer_invoices
  for each row execute function erp.guard_posted_invoice();

create function erp.guard_posted_payment() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted payments cannot be deleted; reverse them';
  end if;
  if (new.payment_no, new.customer_id, new.payment_date, new.currency, new.rate, new.amount, new.amount_functional)
     is distinct from
     (old.payment_no, old.customer_id, old.payment_date, old.currency, old.rate, old.amount, old.amount_functional) then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted payment % cannot be changed', old.payment_no;
  end if;
  return new;
end $$;
create trigger customer_payments_guard before update or delete on erp.customer_payments
  for each row execute function erp.guard_posted_payment();
