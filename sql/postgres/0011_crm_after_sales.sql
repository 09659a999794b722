-- CRM after-sales: returns (RMA) and service work orders with SLA targets.

-- ERP-owned: money paid back to a customer for returned goods whose invoice was already paid
-- (domain/erp/returns.ts writes it). Its credit and its payment out net to zero on receivables,
-- so it posts Dr revenue and sales tax / Cr bank (with the exchange difference) and leaves the
-- invoice's open amount alone. Created here because returns are the only reason for it so far.
create sequence erp.refund_no;
create table erp.customer_refunds (
  id                  serial primary key,
  refund_no           text not null unique,
  customer_id         int not null references crm.customers,
  invoice_id          int not null references erp.customer_invoices,
  refund_date         date not null,
  currency            char(3) not null references core.currencies,
  rate                numeric(18, 8) not null check (rate > 0),  -- the refund date's rate: what the bank paid
  net_amount          bigint not null check (net_amount >= 0),
  tax_amount          bigint not null check (tax_amount >= 0),
  amount              bigint not null check (amount > 0),        -- paid out, invoice currency
  amount_functional   bigint not null check (amount_functional >= 0),
  credited_functional bigint not null check (credited_functional >= 0), -- revenue and tax taken back, at the invoice's rate
  source_type         text not null,
  source_id           text not null,
  reason              text not null,
  journal_entry_id    bigint references finance.journal_entries,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  constraint refund_amount_is_net_plus_tax check (amount = net_amount + tax_amount)
);
create index customer_refunds_invoice on erp.customer_refunds (invoice_id);
create trigger customer_refunds_immutable before update or delete on erp.customer_refunds
  for each row execute function core.refuse_change();

-- A refund never pays back more than was paid on the invoice and not yet refunded.
create function erp.check_refund() returns trigger language plpgsql as $$
declare
  paid bigint;
begin
  select coalesce((select sum(amount) from erp.payment_allocations where invoice_id = new.invoice_id), 0)
       - coalesce((select sum(amount) from erp.customer_refunds where invoice_id = new.invoice_id), 0) into paid;
  if new.amount > paid then
    raise exception 'LEDGERLOOP:EXCEEDS_OPEN_AMOUNT:a refund of % exceeds the % paid and not yet refunded on invoice %', new.amount, paid, new.invoice_id;
  end if;
  return new;
end $$;
create trigger customer_refunds_within_paid before insert on erp.customer_refunds
  for each row execute function erp.check_refund();

-- After-sales looks back at what was shipped on given days (erp.deliveriesOn).
create index if not exists deliveries_date on erp.deliveries (delivery_date);

-- Returns: a request against one delivery, approved through the approval engine (document
-- type 'return'), then received: each line inspected, restocked or scrapped, and credited.
create sequence crm.return_no;
create table crm.returns (
  id                  serial primary key,
  return_no           text not null unique,
  customer_id         int not null references crm.customers,
  delivery_id         int not null references erp.deliveries,
  request_date        date not null,
  reason              text not null,
  currency            char(3) not null references core.currencies, -- of the invoices credited
  value_functional    bigint not null check (value_functional >= 0), -- net value of the goods at invoice prices: the approval amount
  approval_request_id int references approvals.requests,
  status              text not null check (status in ('requested', 'approved', 'rejected', 'cancelled', 'completed')),
  received_date       date,
  restocked_cost      bigint check (restocked_cost >= 0),
  scrapped_cost       bigint check (scrapped_cost >= 0),
  credited_amount     bigint check (credited_amount >= 0),  -- by credit notes, invoice currency
  refunded_amount     bigint check (refunded_amount >= 0),  -- by refunds, invoice currency
  closed_date         date,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  constraint return_completed_has_receipt check (status <> 'completed' or (received_date is not null and credited_amount is not null))
);
create index returns_customer on crm.returns (customer_id);
create index returns_delivery on crm.returns (delivery_id);
create index returns_open on crm.returns (id) where status in ('requested', 'approved');

create table crm.return_lines (
  id               serial primary key,
  return_id        int not null references crm.returns,
  line_no          int not null,
  delivery_line_id int not null references erp.delivery_lines,
  invoice_line_id  int not null references erp.customer_invoice_lines,
  item_id          int not null references erp.items,
  quantity         bigint not null check (quantity > 0),
  reason           text not null,
  unique (return_id, line_no)
);
create index return_lines_return on crm.return_lines (return_id);

-- What inspection found, one row per return line when the goods arrive.
create table crm.return_inspections (
  return_line_id int primary key references crm.return_lines,
  restock_qty    bigint not null check (restock_qty >= 0),
  scrap_qty      bigint not null check (scrap_qty >= 0),
  restock_cost   bigint not null check (restock_cost >= 0),
  scrap_cost     bigint not null check (scrap_cost >= 0),
  net_amount     bigint not null check (net_amount >= 0), -- credited, invoice currency
  tax_amount     bigint not null check (tax_amount >= 0),
  note           text,
  inspected_date date not null,
  created_by     text not null
);

create function crm.check_inspection() returns trigger language plpgsql as $$
declare
  expected bigint;
begin
  select quantity into expected from crm.return_lines where id = new.return_line_id;
  if new.restock_qty + new.scrap_qty <> expected then
    raise exception 'LEDGERLOOP:INVALID_INPUT:return line % has % units; % restocked and % scrapped do not add up', new.return_line_id, expected, new.restock_qty, new.scrap_qty;
  end if;
  return new;
end $$;
create trigger return_inspections_check before insert on crm.return_inspections
  for each row execute function crm.check_inspection();

-- Quantities under return per delivery line and per invoice line (requested, approved or
-- received; a rejected or cancelled return gives its quantity back). Each row's limit is the
-- line's quantity, so concurrent returns queue on the row and can never exceed it.
create table crm.returnable_quantities (
  line_kind    text not null check (line_kind in ('delivery', 'invoice')),
  line_id      int not null,
  limit_qty    bigint not null check (limit_qty > 0),
  returned_qty bigint not null default 0,
  primary key (line_kind, line_id),
  constraint return_within_delivered check (returned_qty >= 0 and returned_qty <= limit_qty)
);

create function crm.check_returnable() returns trigger language plpgsql as $$
begin
  if new.returned_qty > new.limit_qty then
    raise exception 'LEDGERLOOP:EXCEEDS_OPEN_QUANTITY:% line %: % would be under return, only % were %', new.line_kind, new.line_id,
      new.returned_qty, new.limit_qty, case new.line_kind when 'delivery' then 'delivered' else 'invoiced' end;
  end if;
  if tg_op = 'UPDATE' and new.limit_qty <> old.limit_qty then
    raise exception 'LEDGERLOOP:IMMUTABLE:the returnable limit of % line % cannot change', old.line_kind, old.line_id;
  end if;
  return new;
end $$;
create trigger returnable_quantities_check before insert or update on crm.returnable_quantities
  for each row execute function crm.check_returnable();

create function crm.guard_return() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:returns cannot be deleted; cancel them';
  end if;
  if old.status in ('rejected', 'cancelled', 'completed') then
    raise exception 'LEDGERLOOP:CONFLICT:return % is already %', old.return_no, old.status;
  end if;
  if (new.return_no, new.customer_id, new.delivery_id, new.request_date, new.reason, new.currency, new.value_functional, new.created_by)
     is distinct from (old.return_no, old.customer_id, old.delivery_id, old.request_date, old.reason, old.currency, old.value_functional, old.created_by)
     or (old.approval_request_id is not null and new.approval_request_id is distinct from old.approval_request_id) then
    raise exception 'LEDGERLOOP:IMMUTABLE:return % cannot be changed', old.return_no;
  end if;
  if new.status = 'approved' and old.status <> 'requested' then
    raise exception 'LEDGERLOOP:CONFLICT:return % is %, not awaiting approval', old.return_no, old.status;
  end if;
  return new;
end $$;
create trigger returns_guard before update or delete on crm.returns
  for each row execute function crm.guard_return();
create trigger return_lines_immutable before update or delete on crm.return_lines
  for each row execute function core.refuse_change();
create trigger return_inspections_immutable before update or delete on crm.return_inspections
  for each row execute function core.refuse_change();

-- Service work orders. SLA targets in days (the books keep dates, not times), by ticket type
-- and priority; a ticket copies its due dates when it opens, so later target changes never
-- move an open ticket's goal posts.
create table crm.sla_targets (
  ticket_type     text not null check (ticket_type in ('installation', 'on_site_test', 'demonstration', 'repair')),
  priority        text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  response_days   int not null check (response_days between 0 and 365),
  resolution_days int not null check (resolution_days between 0 and 730),
  updated_by      text not null,
  primary key (ticket_type, priority),
  constraint sla_resolution_after_response check (resolution_days >= response_days)
);

create sequence crm.ticket_no;
create table crm.service_tickets (
  id                  serial primary key,
  ticket_no           text not null unique,
  customer_id         int not null references crm.customers,
  ticket_type         text not null check (ticket_type in ('installation', 'on_site_test', 'demonstration', 'repair')),
  priority            text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  item_id             int references erp.items,
  delivery_id         int references erp.deliveries,
  subject             text not null,
  status              text not null check (status in ('open', 'assigned', 'in_progress', 'resolved', 'closed', 'cancelled')),
  technician_id       int references people.employees,
  opened_date         date not null,
  response_due        date not null,
  resolution_due      date not null,
  responded_date      date,   -- first move to in_progress
  resolved_date       date,
  closed_date         date,
  response_breached   boolean, -- recorded at the first move to in_progress
  resolution_breached boolean, -- recorded on resolution
  satisfaction        smallint check (satisfaction between 1 and 5),
  resolution          text,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  constraint ticket_dates_in_order check (response_due >= opened_date and resolution_due >= response_due
    and (responded_date is null or responded_date >= opened_date)
    and (resolved_date is null or (responded_date is not null and resolved_date >= responded_date))
    and (closed_date is null or closed_date >= opened_date)),
  constraint ticket_assigned_has_technician check (status in ('open', 'cancelled') or technician_id is not null),
  constraint ticket_satisfaction_on_closure check (satisfaction is null or status = 'closed'),
  constraint ticket_breach_flags check ((responded_date is null) = (response_breached is null) and (resolved_date is null) = (resolution_breached is null))
);
create index service_tickets_customer on crm.service_tickets (customer_id);
create index service_tickets_open on crm.service_tickets (status) where status not in ('closed', 'cancelled');

-- A ticket moves only along open → assigned → in_progress → resolved → closed (reassignment,
-- and reopening a resolved ticket, allowed), or to cancelled before it is resolved.
create function crm.guard_ticket() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:service tickets cannot be deleted; cancel them';
  end if;
  if old.status in ('closed', 'cancelled') then
    raise exception 'LEDGERLOOP:CONFLICT:ticket % is already %', old.ticket_no, old.status;
  end if;
  if (new.ticket_no, new.customer_id, new.ticket_type, new.priority, new.item_id, new.delivery_id, new.opened_date, new.response_due, new.resolution_due, new.created_by)
     is distinct from (old.ticket_no, old.customer_id, old.ticket_type, old.priority, old.item_id, old.delivery_id, old.opened_date, old.response_due, old.resolution_due, old.created_by)
     or (old.responded_date is not null and new.responded_date is distinct from old.responded_date) then
    raise exception 'LEDGERLOOP:IMMUTABLE:ticket % cannot be changed that way', old.ticket_no;
  end if;
  if new.status is distinct from old.status and not (
       (old.status = 'open' and new.status in ('assigned', 'cancelled'))
    or (old.status = 'assigned' and new.status in ('in_progress', 'cancelled'))
    or (old.status = 'in_progress' and new.status in ('resolved', 'assigned', 'cancelled'))
    or (old.status = 'resolved' and new.status in ('closed', 'in_progress'))) then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:ticket % cannot move from % to %', old.ticket_no, old.status, new.status;
  end if;
  return new;
end $$;
create trigger service_tickets_guard before update or delete on crm.service_tickets
  for each row execute function crm.guard_ticket();

-- The status history: one row per move, never changed.
create table crm.service_ticket_history (
  id            serial primary key,
  ticket_id     int not null references crm.service_tickets,
  from_status   text,
  to_status     text not null,
  event_date    date not null,
  technician_id int references people.employees,
  note          text,
  created_at    timestamptz not null default now(),
  created_by    text not null
);
create index service_ticket_history_ticket on crm.service_ticket_history (ticket_id, id);
create trigger service_ticket_history_immutable before update or delete on crm.service_ticket_history
  for each row execute function core.refuse_change();
