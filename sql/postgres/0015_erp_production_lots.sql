-- ERP production and stock operations: lots and their genealogy, bills of materials with
-- revisions, work centres and routings, production orders with shop-floor events, transfers
-- between warehouses and stocktakes.

-- ---- lots ------------------------------------------------------------------------------------

-- A lot is a quantity of one item that came in together: a goods receipt line, a production
-- receipt, found stock. Every stock move is broken down by lot in erp.lot_moves, and
-- erp.lot_stock holds what each lot has left in each warehouse; per item and warehouse the lots
-- sum to erp.stock (verify checks it). Lots carry quantities only: value stays at moving average
-- per item and warehouse. The quality columns are for inspection: a lot may be held in
-- quarantine and later accepted or rejected in part.
create table erp.lots (
  id             serial primary key,
  lot_no         text not null unique check (length(lot_no) between 1 and 60),
  item_id        int not null references erp.items,
  -- The stock move that created it: its source type and id (goods_receipt 12, production_receipt 3,
  -- stock_adjustment 7, transfer …), and the document line (purchase order line of a receipt).
  origin_type    text not null,
  origin_id      text not null,
  origin_line    int,
  origin_date    date not null,
  quantity       bigint not null check (quantity > 0),
  expiry_date    date,
  quality_status text not null default 'unrestricted'
                 check (quality_status in ('unrestricted', 'quarantine', 'accepted', 'rejected', 'partially_accepted')),
  inspected_qty  bigint check (inspected_qty >= 0),
  accepted_qty   bigint check (accepted_qty >= 0),
  rejected_qty   bigint check (rejected_qty >= 0),
  inspection_id  int,          -- the inspection that decided it (SCM quality, later)
  created_at     timestamptz not null default now(),
  unique (id, item_id),
  check (coalesce(accepted_qty, 0) + coalesce(rejected_qty, 0) <= quantity)
);
create index lots_item on erp.lots (item_id);
create index lots_origin on erp.lots (origin_type, origin_id);

-- Of a lot only its quality (inspection) may change; what it is and where it came from may not.
create function erp.guard_lot() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:lots cannot be deleted';
  end if;
  if (new.id, new.lot_no, new.item_id, new.origin_type, new.origin_id, new.origin_line, new.origin_date, new.quantity)
     is distinct from
     (old.id, old.lot_no, old.item_id, old.origin_type, old.origin_id, old.origin_line, old.origin_date, old.quantity) then
    raise exception 'LEDGERLOOP:IMMUTABLE:lot % cannot be changed except its quality status', old.lot_no;
  end if;
  return new;
end $$;
create trigger lots_guard before update or delete on erp.lots
  for each row execute function erp.guard_lot();

create table erp.lot_stock (
  lot_id       int not null,
  item_id      int not null,
  warehouse_id int not null references erp.warehouses,
  on_hand      bigint not null,
  primary key (lot_id, warehouse_id),
  foreign key (lot_id, item_id) references erp.lots (id, item_id),
  constraint lot_stock_nonnegative check (on_hand >= 0)
);
-- First in, first out: the lots of an item in a warehouse. (Not partial on on_hand > 0: an index
-- on on_hand would make every lot update a non-HOT update.)
create index lot_stock_item on erp.lot_stock (item_id, warehouse_id);

-- Lots are allocated from what was read with the locked stock rows. Should that read have been
-- stale (a concurrent command changed the lots while this one waited for the lock), a lot would
-- go below zero: that is refused as a serialisation failure, so the command is retried afresh.
create function erp.refuse_stale_lot_stock() returns trigger language plpgsql as $$
begin
  raise exception 'lot % in warehouse % would go below zero: its stock changed concurrently', new.lot_id, new.warehouse_id
    using errcode = '40001';
end $$;
create trigger lot_stock_not_negative before update on erp.lot_stock
  for each row when (new.on_hand < 0) execute function erp.refuse_stale_lot_stock();

-- The lot breakdown of every stock move (one row per lot it touched), with the document line it
-- belongs to (`line_ref`: the sales order line of a delivery, the purchase order line of a
-- receipt, the component line of a production issue, the line number of a transfer, the order of
-- a production receipt). Written only by the statement that writes the stock move, from lots it
-- created or read under the stock lock; it has no foreign keys because their checks would cost
-- every delivery more than all the rest of its lot bookkeeping (verify ties it to stock_moves and
-- lot_stock instead).
create table erp.lot_moves (
  id            bigserial primary key,
  stock_move_id bigint not null,
  lot_id        int not null,
  item_id       int not null,
  warehouse_id  int not null,
  move_date     date not null,
  kind          text not null,
  quantity      bigint not null check (quantity <> 0),
  source_type   text not null,
  source_id     text not null,
  line_ref      int
);
create index lot_moves_lot on erp.lot_moves (lot_id);
create index lot_moves_source on erp.lot_moves (source_type, source_id);
create trigger lot_moves_immutable before update or delete on erp.lot_moves
  for each row execute function core.refuse_change();

-- Receipt lines name the lot their goods went into (inspection marks that lot).
alter table scm.goods_receipt_lines add column lot_id int references erp.lots;

-- Which lots each delivery line shipped.
create view erp.delivery_line_lots as
  select dl.id as delivery_line_id, dl.delivery_id, m.lot_id, -m.quantity as quantity
    from erp.lot_moves m
    join erp.delivery_lines dl on m.source_id = dl.delivery_id::text and dl.order_line_id = m.line_ref
   where m.source_type = 'delivery';

-- Stock that was on hand before lots existed becomes one lot per item and warehouse.
insert into erp.lots (lot_no, item_id, origin_type, origin_id, origin_date, quantity)
select 'LOT-OPEN-' || s.item_id || '-' || s.warehouse_id, s.item_id, 'opening', s.warehouse_id::text,
       coalesce((select min(m.move_date) from erp.stock_moves m where m.item_id = s.item_id and m.warehouse_id = s.warehouse_id), current_date),
       s.on_hand
  from erp.stock s where s.on_hand > 0;
insert into erp.lot_stock (lot_id, item_id, warehouse_id, on_hand)
select l.id, l.item_id, l.origin_id::int, l.quantity from erp.lots l where l.origin_type = 'opening';

-- ---- bills of materials -----------------------------------------------------------------------

-- A manufactured item's components per unit, in revisions. A revision is never changed: a change
-- is a new revision, effective from a date (and optionally until one); on a date the highest
-- revision whose window contains it is in effect. bom_changes records what each revision changed
-- against the one before and who changed it (the product-data history).
create table erp.bom_revisions (
  id             serial primary key,
  item_id        int not null references erp.items,
  revision       int not null check (revision >= 1),
  effective_from date not null,
  effective_to   date,
  change_note    text not null default '',
  created_by     text not null,
  created_at     timestamptz not null default now(),
  unique (item_id, revision),
  check (effective_to is null or effective_to > effective_from)
);

create table erp.bom_lines (
  id                serial primary key,
  revision_id       int not null references erp.bom_revisions,
  parent_item_id    int not null references erp.items,
  line_no           int not null check (line_no >= 1),
  component_item_id int not null references erp.items,
  quantity_per      bigint not null check (quantity_per > 0),
  -- Planned scrap allowance in basis points: requirements are planned at quantity × (1 + allowance).
  scrap_bp          int not null default 0 check (scrap_bp between 0 and 10000),
  unique (revision_id, line_no),
  unique (revision_id, component_item_id),
  constraint bom_line_not_itself check (component_item_id <> parent_item_id)
);
create index bom_lines_parent on erp.bom_lines (parent_item_id);

create table erp.bom_changes (
  id                serial primary key,
  revision_id       int not null references erp.bom_revisions,
  item_id           int not null references erp.items,
  component_item_id int not null references erp.items,
  change            text not null check (change in ('added', 'removed', 'changed')),
  old_quantity_per  bigint,
  new_quantity_per  bigint,
  old_scrap_bp      int,
  new_scrap_bp      int,
  changed_by        text not null,
  changed_at        timestamptz not null default now()
);
create index bom_changes_item on erp.bom_changes (item_id);

create trigger bom_revisions_immutable before update or delete on erp.bom_revisions
  for each row execute function core.refuse_change();
create trigger bom_lines_immutable before update or delete on erp.bom_lines
  for each row execute function core.refuse_change();
create trigger bom_changes_immutable before update or delete on erp.bom_changes
  for each row execute function core.refuse_change();

-- No item may contain itself, directly or through its components, in any revision. BOM changes
-- take one lock so two concurrent revisions cannot close a cycle between them; the check runs
-- after the lock, on a fresh snapshot.
create function erp.check_bom_acyclic() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtext('erp.bom_structure'));
  if exists (
    with recursive below(item_id) as (
      select new.component_item_id
      union
      select l.component_item_id from erp.bom_lines l join below b on l.parent_item_id = b.item_id
    )
    select 1 from below where item_id = new.parent_item_id
  ) then
    raise exception 'LEDGERLOOP:BOM_CYCLE:item % cannot contain item %: it is already among that item''s components', new.parent_item_id, new.component_item_id;
  end if;
  return null;
end $$;
create trigger bom_lines_acyclic after insert on erp.bom_lines
  for each row execute function erp.check_bom_acyclic();

-- ---- work centres and routings ----------------------------------------------------------------

create table erp.work_centers (
  id                 serial primary key,
  code               text not null unique check (code ~ '^[A-Z0-9_-]{1,20}$'),
  name               text not null,
  warehouse_id       int references erp.warehouses,
  -- Labour and overhead absorbed per hour of work, functional minor units.
  cost_rate_per_hour bigint not null check (cost_rate_per_hour >= 0),
  created_by         text not null,
  created_at         timestamptz not null default now()
);

-- Routings are revised like BOMs: immutable revisions with effective windows.
create table erp.routings (
  id             serial primary key,
  item_id        int not null references erp.items,
  revision       int not null check (revision >= 1),
  effective_from date not null,
  effective_to   date,
  change_note    text not null default '',
  created_by     text not null,
  created_at     timestamptz not null default now(),
  unique (item_id, revision),
  check (effective_to is null or effective_to > effective_from)
);

create table erp.routing_operations (
  id             serial primary key,
  routing_id     int not null references erp.routings,
  seq            int not null check (seq >= 1),
  work_center_id int not null references erp.work_centers,
  description    text not null,
  -- Standard minutes, to the hundredth.
  setup_minutes  numeric(10, 2) not null check (setup_minutes >= 0),
  run_minutes    numeric(10, 2) not null check (run_minutes >= 0),
  unique (routing_id, seq)
);
create trigger routings_immutable before update or delete on erp.routings
  for each row execute function core.refuse_change();
create trigger routing_operations_immutable before update or delete on erp.routing_operations
  for each row execute function core.refuse_change();

-- ---- production orders -----------------------------------------------------------------------

create sequence erp.production_order_no;
create sequence erp.production_issue_no;
create sequence erp.production_receipt_no;

-- An order to make `quantity` of an item in a warehouse, from the BOM and routing in effect on its
-- date (copied onto the order). Its work in progress is what was issued and absorbed less what
-- was received; closing it moves what is left to the production variance account.
create table erp.production_orders (
  id                 serial primary key,
  order_no           text not null unique,
  item_id            int not null references erp.items,
  warehouse_id       int not null references erp.warehouses,
  quantity           bigint not null check (quantity > 0),
  order_date         date not null,
  due_date           date not null,
  bom_revision_id    int not null references erp.bom_revisions,
  routing_id         int references erp.routings,
  costing            text not null check (costing in ('standard', 'actual')),
  backflush          boolean not null,
  standard_unit_cost bigint not null check (standard_unit_cost >= 0),
  status             text not null default 'planned' check (status in ('planned', 'released', 'closed')),
  released_date      date,
  closed_date        date,
  received_qty       bigint not null default 0,
  scrapped_qty       bigint not null default 0,
  issued_value       bigint not null default 0,
  absorbed_value     bigint not null default 0,
  received_value     bigint not null default 0,
  variance_value     bigint not null default 0,
  close_entry_id     bigint references finance.journal_entries,
  created_by         text not null,
  created_at         timestamptz not null default now(),
  check (due_date >= order_date),
  constraint production_received_within_quantity check (received_qty >= 0 and received_qty <= quantity),
  constraint production_closed_without_wip check (status <> 'closed' or issued_value + absorbed_value - received_value - variance_value = 0)
);
create index production_orders_open on erp.production_orders (item_id, warehouse_id) where status <> 'closed';

create function erp.guard_production_order() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:production orders cannot be deleted';
  end if;
  if old.status = 'closed' then
    raise exception 'LEDGERLOOP:IMMUTABLE:production order % is closed', old.order_no;
  end if;
  if (new.order_no, new.item_id, new.warehouse_id, new.quantity, new.order_date, new.bom_revision_id, new.routing_id, new.costing, new.standard_unit_cost)
     is distinct from
     (old.order_no, old.item_id, old.warehouse_id, old.quantity, old.order_date, old.bom_revision_id, old.routing_id, old.costing, old.standard_unit_cost) then
    raise exception 'LEDGERLOOP:IMMUTABLE:production order % cannot change what it makes', old.order_no;
  end if;
  return new;
end $$;
create trigger production_orders_guard before update or delete on erp.production_orders
  for each row execute function erp.guard_production_order();

-- The BOM revision's lines as the order needs them.
create table erp.production_order_components (
  id           serial primary key,
  order_id     int not null references erp.production_orders,
  line_no      int not null,
  item_id      int not null references erp.items,
  quantity_per bigint not null check (quantity_per > 0),
  scrap_bp     int not null check (scrap_bp between 0 and 10000),
  planned_qty  bigint not null check (planned_qty > 0),
  issued_qty   bigint not null default 0 check (issued_qty >= 0),
  issued_value bigint not null default 0 check (issued_value >= 0),
  unique (order_id, line_no),
  unique (order_id, item_id)
);

-- The routing's operations with the work centre's rate on the order date.
create table erp.production_order_operations (
  id             serial primary key,
  order_id       int not null references erp.production_orders,
  seq            int not null,
  work_center_id int not null references erp.work_centers,
  description    text not null,
  setup_minutes  numeric(10, 2) not null,
  run_minutes    numeric(10, 2) not null,
  rate_per_hour  bigint not null,
  good_qty       bigint not null default 0 check (good_qty >= 0),
  scrap_qty      bigint not null default 0 check (scrap_qty >= 0),
  absorbed_value bigint not null default 0,
  unique (order_id, seq)
);

-- What happened on the shop floor, as it happened (append-only): an operation started or
-- finished, by whom, with the good and scrapped quantity a finish reports and the labour and
-- overhead it absorbed into work in progress.
create table erp.production_events (
  id               bigserial primary key,
  order_id         int not null references erp.production_orders,
  operation_id     int not null references erp.production_order_operations,
  event            text not null check (event in ('start', 'finish')),
  event_date       date not null,
  employee_id      int not null references people.employees,
  good_qty         bigint not null default 0 check (good_qty >= 0),
  scrap_qty        bigint not null default 0 check (scrap_qty >= 0),
  minutes          numeric(10, 2),
  absorbed_value   bigint not null default 0,
  journal_entry_id bigint references finance.journal_entries,
  created_by       text not null,
  created_at       timestamptz not null default now(),
  check (event = 'finish' or (good_qty = 0 and scrap_qty = 0))
);
create index production_events_order on erp.production_events (order_id);
create trigger production_events_immutable before update or delete on erp.production_events
  for each row execute function core.refuse_change();

-- Components issued to an order (by hand or backflushed on a finished-goods receipt).
create table erp.production_issues (
  id               serial primary key,
  issue_no         text not null unique,
  order_id         int not null references erp.production_orders,
  issue_date       date not null,
  mode             text not null check (mode in ('manual', 'backflush')),
  value            bigint not null check (value >= 0),
  journal_entry_id bigint references finance.journal_entries,
  created_by       text not null,
  created_at       timestamptz not null default now()
);
create index production_issues_order on erp.production_issues (order_id);

create table erp.production_issue_lines (
  id           serial primary key,
  issue_id     int not null references erp.production_issues,
  component_id int not null references erp.production_order_components,
  item_id      int not null references erp.items,
  quantity     bigint not null check (quantity > 0),
  value        bigint not null check (value >= 0)
);
create index production_issue_lines_issue on erp.production_issue_lines (issue_id);

-- Finished goods into stock, as a new lot.
create table erp.production_receipts (
  id               serial primary key,
  receipt_no       text not null unique,
  order_id         int not null references erp.production_orders,
  receipt_date     date not null,
  quantity         bigint not null check (quantity > 0),
  value            bigint not null check (value >= 0),
  lot_id           int not null references erp.lots,
  journal_entry_id bigint references finance.journal_entries,
  created_by       text not null,
  created_at       timestamptz not null default now()
);
create index production_receipts_order on erp.production_receipts (order_id);

create trigger production_issues_immutable before update or delete on erp.production_issues
  for each row execute function core.refuse_change();
create trigger production_issue_lines_immutable before update or delete on erp.production_issue_lines
  for each row execute function core.refuse_change();
create trigger production_receipts_immutable before update or delete on erp.production_receipts
  for each row execute function core.refuse_change();

-- Genealogy: a finished lot came from the component lots issued to its production order.
create view erp.lot_genealogy as
  select distinct r.lot_id as lot_id, m.lot_id as component_lot_id, i.order_id
    from erp.production_receipts r
    join erp.production_issues i on i.order_id = r.order_id
    join erp.lot_moves m on m.source_type = 'production_issue' and m.source_id = i.id::text;

-- ---- transfers between warehouses -------------------------------------------------------------

create sequence erp.transfer_no;
create sequence erp.transfer_receipt_no;

-- Goods shipped from one warehouse to another are in transit (their value on the in-transit
-- account) until received, possibly in parts; they keep their lots and their cost.
create table erp.transfers (
  id                serial primary key,
  transfer_no       text not null unique,
  from_warehouse_id int not null references erp.warehouses,
  to_warehouse_id   int not null references erp.warehouses,
  ship_date         date not null,
  status            text not null check (status in ('in_transit', 'received')),
  value             bigint not null check (value >= 0),
  journal_entry_id  bigint references finance.journal_entries,
  created_by        text not null,
  created_at        timestamptz not null default now(),
  check (from_warehouse_id <> to_warehouse_id)
);
create index transfers_in_transit on erp.transfers (to_warehouse_id) where status = 'in_transit';

create table erp.transfer_lines (
  id             serial primary key,
  transfer_id    int not null references erp.transfers,
  line_no        int not null,
  item_id        int not null references erp.items,
  quantity       bigint not null check (quantity > 0),
  value          bigint not null check (value >= 0),
  received_qty   bigint not null default 0,
  received_value bigint not null default 0,
  unique (transfer_id, line_no),
  constraint transfer_received_within_shipped check (received_qty >= 0 and received_qty <= quantity and received_value >= 0 and received_value <= value)
);
create index transfer_lines_transfer on erp.transfer_lines (transfer_id);

-- The lots each line shipped and how much of each has arrived.
create table erp.transfer_lots (
  transfer_line_id int not null references erp.transfer_lines,
  lot_id           int not null references erp.lots,
  quantity         bigint not null check (quantity > 0),
  received_qty     bigint not null default 0,
  primary key (transfer_line_id, lot_id),
  constraint transfer_lot_received_within_shipped check (received_qty >= 0 and received_qty <= quantity)
);

create table erp.transfer_receipts (
  id               serial primary key,
  receipt_no       text not null unique,
  transfer_id      int not null references erp.transfers,
  receipt_date     date not null,
  value            bigint not null check (value >= 0),
  journal_entry_id bigint references finance.journal_entries,
  created_by       text not null,
  created_at       timestamptz not null default now()
);
create index transfer_receipts_transfer on erp.transfer_receipts (transfer_id);

create table erp.transfer_receipt_lines (
  id               serial primary key,
  receipt_id       int not null references erp.transfer_receipts,
  transfer_line_id int not null references erp.transfer_lines,
  quantity         bigint not null check (quantity > 0),
  value            bigint not null check (value >= 0)
);

create function erp.guard_transfer() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:transfers cannot be deleted';
  end if;
  if (new.transfer_no, new.from_warehouse_id, new.to_warehouse_id, new.ship_date, new.value) is distinct from
     (old.transfer_no, old.from_warehouse_id, old.to_warehouse_id, old.ship_date, old.value) or old.status = 'received' then
    raise exception 'LEDGERLOOP:IMMUTABLE:transfer % cannot be changed', old.transfer_no;
  end if;
  return new;
end $$;
create trigger transfers_guard before update or delete on erp.transfers
  for each row execute function erp.guard_transfer();
create trigger transfer_receipts_immutable before update or delete on erp.transfer_receipts
  for each row execute function core.refuse_change();
create trigger transfer_receipt_lines_immutable before update or delete on erp.transfer_receipt_lines
  for each row execute function core.refuse_change();

-- ---- stocktakes ------------------------------------------------------------------------------

create sequence erp.stocktake_no;

-- A count of one warehouse: the sheet snapshots the book quantity of every lot when it is
-- created, counts are entered against it, and posting adjusts stock by count − book through a
-- stock adjustment. One open stocktake per warehouse; a posted one never changes.
create table erp.stocktakes (
  id            serial primary key,
  stocktake_no  text not null unique,
  warehouse_id  int not null references erp.warehouses,
  count_date    date not null,
  status        text not null default 'counting' check (status in ('counting', 'posted')),
  posted_date   date,
  adjustment_id int unique references erp.stock_adjustments,
  variance_value bigint,
  created_by    text not null,
  created_at    timestamptz not null default now(),
  check (status = 'counting' or posted_date is not null)
);
create unique index stocktakes_one_open on erp.stocktakes (warehouse_id) where status = 'counting';

create table erp.stocktake_lines (
  id           serial primary key,
  stocktake_id int not null references erp.stocktakes,
  line_no      int not null,
  item_id      int not null references erp.items,
  lot_id       int references erp.lots,
  book_qty     bigint not null check (book_qty >= 0),
  counted_qty  bigint check (counted_qty >= 0),
  variance_qty bigint generated always as (counted_qty - book_qty) stored,
  unique (stocktake_id, line_no)
);
create unique index stocktake_lines_lot on erp.stocktake_lines (stocktake_id, lot_id) where lot_id is not null;

create function erp.guard_stocktake() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:stocktakes cannot be deleted';
  end if;
  if old.status = 'posted' then
    raise exception 'LEDGERLOOP:ALREADY_POSTED:stocktake % is already posted', old.stocktake_no;
  end if;
  return new;
end $$;
create trigger stocktakes_guard before update or delete on erp.stocktakes
  for each row execute function erp.guard_stocktake();

create function erp.guard_stocktake_line() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:count sheet lines cannot be deleted';
  end if;
  if (select status from erp.stocktakes where id = old.stocktake_id) = 'posted' then
    raise exception 'LEDGERLOOP:ALREADY_POSTED:the stocktake is posted; its counts cannot change';
  end if;
  if tg_op = 'UPDATE' and (new.stocktake_id, new.item_id, new.lot_id, new.book_qty) is distinct from (old.stocktake_id, old.item_id, old.lot_id, old.book_qty) then
    raise exception 'LEDGERLOOP:IMMUTABLE:only the counted quantity of a count sheet line can change';
  end if;
  return new;
end $$;
create trigger stocktake_lines_guard before update or delete on erp.stocktake_lines
  for each row execute function erp.guard_stocktake_line();

-- ---- accounts for companies set up before this migration -------------------------------------

insert into finance.accounts (code, name, type, parent_code, postable)
select a.code, a.name, a.type, a.parent, true
  from (values ('1320', 'Inventory in transit', 'asset', '1000'),
               ('5310', 'Stocktake variances', 'expense', '5000'),
               ('5400', 'Production variances', 'expense', '5000'),
               ('5410', 'Labour and overhead absorbed', 'expense', '5000')) as a(code, name, type, parent)
 where exists (select 1 from finance.accounts p where p.code = a.parent and not p.postable)
on conflict (code) do nothing;

insert into finance.account_roles (role, account_code)
select r.role, r.account_code
  from (values ('inventory_in_transit', '1320'), ('stocktake_variance', '5310'), ('production_variance', '5400'),
               ('production_absorption', '5410'), ('work_in_progress', '1310')) as r(role, account_code)
 where exists (select 1 from finance.accounts a where a.code = r.account_code)
on conflict (role) do nothing;
