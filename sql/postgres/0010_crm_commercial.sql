-- CRM commercial documents: quotes with versioned lines, contracts with payment-collection plans,
-- and invoicing requests; the discount level above which a quote needs approval. Approval gates go
-- through the approval engine (approvals.requests); the database re-checks every gate, so no
-- order comes from an unapproved quote and no contract becomes active unapproved.

-- One row: the commercial policy. A quote line discount above discount_approval_bp needs approval.
create table crm.commercial_settings (
  id                   boolean primary key default true check (id),
  discount_approval_bp int not null default 1500 check (discount_approval_bp between 0 and 10000),
  updated_at           timestamptz not null default now(),
  updated_by           text not null default 'migration'
);
insert into crm.commercial_settings default values;

-- Quotes ---------------------------------------------------------------------------------------
create sequence crm.quote_no;

-- The quote itself; what it offers lives in its versions. Once accepted it names its sales order.
create table crm.quotes (
  id             serial primary key,
  quote_no       text not null unique,
  customer_id    int not null references crm.customers,
  opportunity_id int references crm.opportunities,
  currency       char(3) not null references core.currencies,
  quote_date     date not null,
  sales_order_id int unique references erp.sales_orders,
  accepted_date  date,
  created_at     timestamptz not null default now(),
  created_by     text not null,
  constraint quote_accepted_has_date check ((sales_order_id is null) = (accepted_date is null))
);
create index quotes_customer on crm.quotes (customer_id);
create index quotes_opportunity on crm.quotes (opportunity_id) where opportunity_id is not null;

-- Each revision is a new version with its own lines; only the latest is live, earlier ones are
-- superseded and read-only. Amounts are minor units of the quote's currency. A discount approval
-- is requested for the quote (document 'quote_discount', id = quote id), so a revision's request
-- supersedes an earlier pending one; a version names the request that covers it.
create table crm.quote_versions (
  id                  serial primary key,
  quote_id            int not null references crm.quotes,
  version_no          int not null check (version_no >= 1),
  version_date        date not null,
  valid_until         date not null,
  list_amount         bigint not null check (list_amount >= 0),   -- Σ quantity × unit price
  net_amount          bigint not null check (net_amount >= 0 and net_amount <= list_amount),
  line_count          int not null check (line_count >= 1),
  max_discount_bp     int not null check (max_discount_bp between 0 and 10000),
  -- Whether a line's discount exceeded the approval threshold when the version was made.
  needs_approval      boolean not null,
  approval_request_id int references approvals.requests,
  status              text not null check (status in ('draft', 'pending_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired', 'superseded')),
  status_date         date not null,
  status_reason       text,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  unique (quote_id, version_no),
  constraint quote_version_valid_after_date check (valid_until >= version_date)
);
create unique index quote_versions_one_live on crm.quote_versions (quote_id) where status <> 'superseded';
create index quote_versions_expiring on crm.quote_versions (valid_until) where status in ('draft', 'pending_approval', 'approved', 'sent');

create table crm.quote_lines (
  id          serial primary key,
  version_id  int not null references crm.quote_versions,
  line_no     int not null check (line_no >= 1),
  item_id     int not null references erp.items,
  quantity    bigint not null check (quantity > 0),
  unit_price  bigint not null check (unit_price >= 0),
  discount_bp int not null check (discount_bp between 0 and 10000),
  net_amount  bigint not null check (net_amount >= 0),
  unique (version_id, line_no)
);
create trigger quote_lines_immutable before update or delete on crm.quote_lines
  for each row execute function core.refuse_change();

-- True when the latest request of a document is approved (the gate every approved status needs).
create function crm.approved(p_type text, p_id int, p_request int) returns boolean language sql stable as $$
  select exists (select 1 from approvals.requests r
                  where r.id = p_request and r.document_type = p_type and r.document_id = p_id and r.status = 'approved'
                    and not exists (select 1 from approvals.requests n where n.document_type = p_type and n.document_id = p_id and n.id > r.id))
$$;

-- A version's amounts never change; its status moves only forward, and only an approved
-- discount (or none above the threshold) lets it become approved or accepted.
create function crm.guard_quote_version() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:quote versions cannot be deleted; revise the quote';
  end if;
  if tg_op = 'INSERT' then
    if new.status not in ('draft', 'pending_approval', 'approved') then
      raise exception 'LEDGERLOOP:CONFLICT:a new quote version starts as draft, pending_approval or approved, not %', new.status;
    end if;
    if new.needs_approval <> (new.max_discount_bp > (select discount_approval_bp from crm.commercial_settings)) then
      raise exception 'LEDGERLOOP:CONFLICT:quote version needs_approval does not match the discount threshold';
    end if;
  else
    if (new.quote_id, new.version_no, new.version_date, new.valid_until, new.list_amount, new.net_amount, new.line_count, new.max_discount_bp, new.needs_approval, new.created_by)
       is distinct from
       (old.quote_id, old.version_no, old.version_date, old.valid_until, old.list_amount, old.net_amount, old.line_count, old.max_discount_bp, old.needs_approval, old.created_by) then
      raise exception 'LEDGERLOOP:IMMUTABLE:quote version % cannot be changed; revise the quote', old.id;
    end if;
    if new.approval_request_id is distinct from old.approval_request_id and old.status <> 'draft' then
      raise exception 'LEDGERLOOP:IMMUTABLE:the approval request of quote version % is already set', old.id;
    end if;
    if not ((old.status = 'draft' and new.status in ('pending_approval', 'approved', 'expired', 'superseded'))
         or (old.status = 'pending_approval' and new.status in ('approved', 'rejected', 'expired', 'superseded'))
         or (old.status = 'approved' and new.status in ('sent', 'accepted', 'rejected', 'expired', 'superseded'))
         or (old.status = 'sent' and new.status in ('accepted', 'rejected', 'expired', 'superseded'))
         or (old.status in ('rejected', 'expired') and new.status = 'superseded')) then
      raise exception 'LEDGERLOOP:CONFLICT:quote version % cannot go from % to %', old.id, old.status, new.status;
    end if;
  end if;
  if new.status = 'pending_approval' and new.approval_request_id is null then
    raise exception 'LEDGERLOOP:CONFLICT:a quote version pending approval names its approval request';
  end if;
  if new.status in ('approved', 'sent', 'accepted') and new.needs_approval
     and not crm.approved('quote_discount', new.quote_id, new.approval_request_id) then
    raise exception 'LEDGERLOOP:APPROVAL_REQUIRED:the discount of quote version % is not approved', new.id;
  end if;
  return new;
end $$;
create trigger quote_versions_guard before insert or update or delete on crm.quote_versions
  for each row execute function crm.guard_quote_version();

-- At commit: a version's totals are those of its lines (so lines cannot be added later).
create function crm.check_quote_version_totals() returns trigger language plpgsql as $$
declare
  vid int;
  v crm.quote_versions;
  l record;
begin
  if tg_table_name = 'quote_lines' then vid := new.version_id; else vid := new.id; end if;
  select * into v from crm.quote_versions where id = vid;
  select count(*) as n, coalesce(sum(quantity * unit_price), 0) as list, coalesce(sum(net_amount), 0) as net, coalesce(max(discount_bp), 0) as max_bp
    into l from crm.quote_lines where version_id = v.id;
  if (l.n, l.list, l.net, l.max_bp) is distinct from (v.line_count::bigint, v.list_amount::numeric, v.net_amount::numeric, v.max_discount_bp) then
    raise exception 'LEDGERLOOP:CONFLICT:quote version % totals do not match its lines', v.id;
  end if;
  return null;
end $$;
create constraint trigger quote_versions_totals after insert on crm.quote_versions
  deferrable initially deferred for each row execute function crm.check_quote_version_totals();
create constraint trigger quote_lines_totals after insert on crm.quote_lines
  deferrable initially deferred for each row execute function crm.check_quote_version_totals();

-- The quote's identity never changes; its sales order is set once.
create function crm.guard_quote() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:quotes cannot be deleted';
  end if;
  if (new.quote_no, new.customer_id, new.opportunity_id, new.currency, new.quote_date, new.created_by)
     is distinct from (old.quote_no, old.customer_id, old.opportunity_id, old.currency, old.quote_date, old.created_by)
     or (old.sales_order_id is not null and (new.sales_order_id, new.accepted_date) is distinct from (old.sales_order_id, old.accepted_date)) then
    raise exception 'LEDGERLOOP:IMMUTABLE:quote % cannot be changed', old.quote_no;
  end if;
  return new;
end $$;
create trigger quotes_guard before update or delete on crm.quotes
  for each row execute function crm.guard_quote();

-- At commit: a quote has a sales order exactly when one of its versions is accepted.
create function crm.check_quote_acceptance() returns trigger language plpgsql as $$
declare
  qid int;
  q crm.quotes;
begin
  if tg_table_name = 'quotes' then qid := new.id; else qid := new.quote_id; end if;
  select * into q from crm.quotes where id = qid;
  if (q.sales_order_id is not null) <> exists (select 1 from crm.quote_versions v where v.quote_id = q.id and v.status = 'accepted') then
    raise exception 'LEDGERLOOP:CONFLICT:quote % has a sales order exactly when a version of it is accepted', q.quote_no;
  end if;
  return null;
end $$;
create constraint trigger quotes_acceptance after update on crm.quotes
  deferrable initially deferred for each row execute function crm.check_quote_acceptance();
create constraint trigger quote_versions_acceptance after update of status on crm.quote_versions
  deferrable initially deferred for each row when (new.status = 'accepted') execute function crm.check_quote_acceptance();

-- Contracts --------------------------------------------------------------------------------------
create sequence crm.contract_no;

-- A signed agreement with a customer for a term and a value (minor units of its currency),
-- billed by the instalments of its payment-collection plan through service invoices.
create table crm.contracts (
  id                  serial primary key,
  contract_no         text not null unique,
  customer_id         int not null references crm.customers,
  title               text not null,
  currency            char(3) not null references core.currencies,
  value               bigint not null check (value > 0),
  value_functional    bigint not null check (value_functional >= 0),  -- at the signed date's rate
  tax_category        text references erp.item_categories,            -- how its invoices are taxed; null = zero-rated
  signed_date         date not null,
  start_date          date not null,
  end_date            date not null,
  status              text not null check (status in ('draft', 'pending_approval', 'active', 'completed', 'terminated')),
  approval_request_id int references approvals.requests,
  status_date         date not null,
  status_reason       text,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  constraint contract_term_ordered check (end_date >= start_date)
);
create index contracts_customer on crm.contracts (customer_id);

-- Sales orders placed under a contract (invoiced on delivery as usual); an order is under one contract at most.
create table crm.contract_orders (
  contract_id int not null references crm.contracts,
  order_id    int not null unique references erp.sales_orders,
  linked_date date not null,
  primary key (contract_id, order_id)
);

-- The payment-collection plan: instalments that always sum to the contract's value. Each is
-- billed by one invoice (set once) and settled by that invoice's payment allocations.
create table crm.contract_instalments (
  id            serial primary key,
  contract_id   int not null references crm.contracts,
  seq           int not null check (seq >= 1),
  due_date      date not null,
  amount        bigint not null check (amount > 0),
  invoice_id    int unique references erp.customer_invoices,
  invoiced_date date,
  unique (contract_id, seq),
  constraint instalment_invoiced_has_date check ((invoice_id is null) = (invoiced_date is null))
);
create index contract_instalments_uninvoiced on crm.contract_instalments (due_date) where invoice_id is null;

create function crm.guard_contract() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:contracts cannot be deleted; terminate them';
  end if;
  if tg_op = 'INSERT' then
    if new.status not in ('draft', 'pending_approval', 'active') then
      raise exception 'LEDGERLOOP:CONFLICT:a new contract starts as draft, pending_approval or active, not %', new.status;
    end if;
  else
    if (new.contract_no, new.customer_id, new.title, new.currency, new.value, new.value_functional, new.tax_category, new.signed_date, new.start_date, new.end_date, new.created_by)
       is distinct from
       (old.contract_no, old.customer_id, old.title, old.currency, old.value, old.value_functional, old.tax_category, old.signed_date, old.start_date, old.end_date, old.created_by) then
      raise exception 'LEDGERLOOP:IMMUTABLE:contract % cannot be changed', old.contract_no;
    end if;
    if not ((old.status = 'draft' and new.status in ('pending_approval', 'active', 'terminated'))
         or (old.status = 'pending_approval' and new.status in ('active', 'draft', 'terminated'))
         or (old.status = 'active' and new.status in ('completed', 'terminated'))) then
      raise exception 'LEDGERLOOP:CONFLICT:contract % cannot go from % to %', old.contract_no, old.status, new.status;
    end if;
  end if;
  if new.status = 'pending_approval' and new.approval_request_id is null then
    raise exception 'LEDGERLOOP:CONFLICT:a contract pending approval names its approval request';
  end if;
  if new.status = 'active' and not crm.approved('contract', new.id, new.approval_request_id) then
    raise exception 'LEDGERLOOP:APPROVAL_REQUIRED:contract % is not approved', new.contract_no;
  end if;
  return new;
end $$;
create trigger contracts_guard before insert or update or delete on crm.contracts
  for each row execute function crm.guard_contract();

-- An instalment's due date and amount never change; its invoice is set once.
create function crm.guard_instalment() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:contract instalments cannot be deleted';
  end if;
  if (new.contract_id, new.seq, new.due_date, new.amount) is distinct from (old.contract_id, old.seq, old.due_date, old.amount)
     or (old.invoice_id is not null and (new.invoice_id, new.invoiced_date) is distinct from (old.invoice_id, old.invoiced_date)) then
    raise exception 'LEDGERLOOP:IMMUTABLE:instalment % of contract % cannot be changed', old.seq, old.contract_id;
  end if;
  return new;
end $$;
create trigger contract_instalments_guard before update or delete on crm.contract_instalments
  for each row execute function crm.guard_instalment();

-- At commit: the instalments of a contract sum exactly to its value.
create function crm.check_instalment_plan() returns trigger language plpgsql as $$
declare
  cid int;
  v bigint;
  s numeric;
  n int;
begin
  if tg_table_name = 'contracts' then cid := new.id;
  elsif tg_op = 'DELETE' then cid := old.contract_id;
  else cid := new.contract_id;
  end if;
  select c.value into v from crm.contracts c where c.id = cid;
  if not found then return null; end if;
  select coalesce(sum(amount), 0), count(*) into s, n from crm.contract_instalments where contract_id = cid;
  if s <> v then
    raise exception 'LEDGERLOOP:PLAN_MISMATCH:the % instalments of contract % sum to %, not its value %', n, cid, s, v;
  end if;
  return null;
end $$;
create constraint trigger contracts_plan_sum after insert or update on crm.contracts
  deferrable initially deferred for each row execute function crm.check_instalment_plan();
create constraint trigger contract_instalments_plan_sum after insert or update or delete on crm.contract_instalments
  deferrable initially deferred for each row execute function crm.check_instalment_plan();

-- Invoicing requests -------------------------------------------------------------------------------
create sequence crm.invoicing_request_no;

-- A request to invoice an instalment or an order's delivered-not-invoiced goods; once its
-- approval is granted it produces the customer invoice in the same transaction.
create table crm.invoicing_requests (
  id                  serial primary key,
  request_no          text not null unique,
  customer_id         int not null references crm.customers,
  instalment_id       int references crm.contract_instalments,
  order_id            int references erp.sales_orders,
  currency            char(3) not null references core.currencies,
  amount              bigint not null check (amount > 0),             -- net, document currency (orders: as delivered when requested)
  amount_functional   bigint not null check (amount_functional >= 0),
  request_date        date not null,
  status              text not null check (status in ('pending_approval', 'invoiced', 'rejected', 'cancelled')),
  approval_request_id int not null references approvals.requests,
  invoice_id          int unique references erp.customer_invoices,
  status_date         date not null,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  constraint invoicing_request_one_subject check (num_nonnulls(instalment_id, order_id) = 1),
  constraint invoicing_request_invoiced_has_invoice check ((status = 'invoiced') = (invoice_id is not null))
);
create unique index invoicing_requests_one_live_instalment on crm.invoicing_requests (instalment_id) where status in ('pending_approval', 'invoiced');
create unique index invoicing_requests_one_pending_order on crm.invoicing_requests (order_id) where status = 'pending_approval';
create index invoicing_requests_customer on crm.invoicing_requests (customer_id);

create function crm.guard_invoicing_request() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:invoicing requests cannot be deleted; cancel them';
  end if;
  if tg_op = 'INSERT' then
    if new.status not in ('pending_approval', 'invoiced') then
      raise exception 'LEDGERLOOP:CONFLICT:a new invoicing request starts as pending_approval or invoiced, not %', new.status;
    end if;
  else
    if (new.request_no, new.customer_id, new.instalment_id, new.order_id, new.currency, new.amount, new.amount_functional, new.request_date, new.approval_request_id, new.created_by)
       is distinct from
       (old.request_no, old.customer_id, old.instalment_id, old.order_id, old.currency, old.amount, old.amount_functional, old.request_date, old.approval_request_id, old.created_by) then
      raise exception 'LEDGERLOOP:IMMUTABLE:invoicing request % cannot be changed', old.request_no;
    end if;
    if not (old.status = 'pending_approval' and new.status in ('invoiced', 'rejected', 'cancelled')) then
      raise exception 'LEDGERLOOP:CONFLICT:invoicing request % cannot go from % to %', old.request_no, old.status, new.status;
    end if;
  end if;
  if new.status = 'invoiced' and not crm.approved('invoicing_request', new.id, new.approval_request_id) then
    raise exception 'LEDGERLOOP:APPROVAL_REQUIRED:invoicing request % is not approved', new.request_no;
  end if;
  return new;
end $$;
create trigger invoicing_requests_guard before insert or update or delete on crm.invoicing_requests
  for each row execute function crm.guard_invoicing_request();
