-- SCM supplier lifecycle: registration details, status history, risk flags, certificates and
-- the categories that require them, audit templates and scored audits with findings and
-- corrective actions, supplier price lists, and requests for quotation with responses and award.
-- Requisitions, ASNs, inspections and statements extend this area later.

-- Registration ---------------------------------------------------------------------------------

-- Tax ids are stored normalised (capitals, digits, dashes); tax_key drops the separators too,
-- so 'DE-123 456' and 'DE123456' are the same registration.
alter table scm.suppliers
  add column supplier_type       text check (supplier_type ~ '^[a-z][a-z_]{0,29}$'),
  add column bank_iban           text check (bank_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  add column bank_account_no     text check (bank_account_no ~ '^[0-9A-Z-]{4,34}$'),
  add column bank_code           text check (bank_code ~ '^([A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?|[0-9]{6,9})$'),
  add column bank_account_holder text check (btrim(bank_account_holder) <> ''),
  add column tax_key             text generated always as (regexp_replace(tax_id, '[^A-Z0-9]', '', 'g')) stored,
  add constraint supplier_tax_id_normalised check (tax_id ~ '^[A-Z0-9-]{4,30}$'),
  add constraint supplier_bank_account_has_code check (bank_account_no is null or bank_code is not null),
  add constraint suppliers_tax_key_unique unique (tax_key);

-- Item categories a supplier supplies (erp.item_categories codes).
create table scm.supplier_categories (
  supplier_id int not null references scm.suppliers,
  category    text not null references erp.item_categories,
  primary key (supplier_id, category)
);

create table scm.supplier_contacts (
  id          serial primary key,
  supplier_id int not null references scm.suppliers,
  name        text not null check (btrim(name) <> ''),
  email       text check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone       text,
  role        text
);
create index supplier_contacts_supplier on scm.supplier_contacts (supplier_id);

-- Status ---------------------------------------------------------------------------------------

create function scm.supplier_status_allowed(from_status text, to_status text) returns boolean
language sql immutable as $$
  select (from_status, to_status) in (
    ('prospective', 'approved'), ('prospective', 'blocked'),
    ('approved', 'suspended'), ('approved', 'blocked'),
    ('suspended', 'approved'), ('suspended', 'blocked'),
    -- a manager's reinstatement (checked by the trigger below)
    ('blocked', 'approved'), ('blocked', 'prospective'))
$$;

-- Append-only: a supplier's status is the last row of its history. Inserting a row applies it
-- (the trigger checks the transition and moves scm.suppliers.status); nothing else may change
-- the status. The first row (from_status null) records the status given at registration.
create table scm.supplier_status_history (
  id          serial primary key,
  supplier_id int not null references scm.suppliers,
  changed_on  date,                 -- the business date, when the caller gave one
  from_status text check (from_status in ('prospective', 'approved', 'suspended', 'blocked')),
  to_status   text not null check (to_status in ('prospective', 'approved', 'suspended', 'blocked')),
  reason      text not null check (btrim(reason) <> ''),
  manager_id  int references people.employees,
  changed_by  text not null,
  changed_at  timestamptz not null default now(),
  check (from_status is distinct from to_status)
);
create index supplier_status_history_supplier on scm.supplier_status_history (supplier_id, id);
create trigger supplier_status_history_immutable before update or delete on scm.supplier_status_history
  for each row execute function core.refuse_change();

create function scm.apply_supplier_status() returns trigger language plpgsql as $$
declare
  current_status text;
  supplier_code text;
begin
  if new.from_status is null then
    if exists (select 1 from scm.supplier_status_history h where h.supplier_id = new.supplier_id) then
      raise exception 'LEDGERLOOP:CONFLICT:supplier % already has a status history; record a change from its current status', new.supplier_id;
    end if;
    return new;
  end if;
  select s.status, s.code into current_status, supplier_code from scm.suppliers s where s.id = new.supplier_id for no key update;
  if not found then
    raise exception 'LEDGERLOOP:NOT_FOUND:supplier % does not exist', new.supplier_id;
  end if;
  if current_status <> new.from_status then
    raise exception 'LEDGERLOOP:CONFLICT:supplier % is %, not %', supplier_code, current_status, new.from_status;
  end if;
  if not scm.supplier_status_allowed(new.from_status, new.to_status) then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:supplier % cannot go from % to %', supplier_code, new.from_status, new.to_status;
  end if;
  if new.from_status = 'blocked' and not exists (
       select 1 from people.employees e where e.id = new.manager_id and e.role = 'manager' and e.active) then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:supplier % is blocked; only a manager can reinstate it', supplier_code;
  end if;
  update scm.suppliers set status = new.to_status where id = new.supplier_id;
  return new;
end $$;
create trigger supplier_status_history_apply before insert on scm.supplier_status_history
  for each row execute function scm.apply_supplier_status();

-- The status column moves only from inside the trigger above (trigger depth 2).
create function scm.guard_supplier_status() returns trigger language plpgsql as $$
begin
  if pg_trigger_depth() < 2 then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:supplier % changes status only through its status history', old.code;
  end if;
  return new;
end $$;
create trigger suppliers_status_through_history before update of status on scm.suppliers
  for each row when (old.status is distinct from new.status) execute function scm.guard_supplier_status();

-- Suppliers registered before the history was kept start it with their current status.
insert into scm.supplier_status_history (supplier_id, from_status, to_status, reason, changed_by)
select id, null, status, 'status at registration (recorded before the status history was kept)', created_by
  from scm.suppliers order by id;

-- Risk flags -----------------------------------------------------------------------------------

create table scm.supplier_risk_flags (
  id             serial primary key,
  supplier_id    int not null references scm.suppliers,
  kind           text not null check (kind in ('financial', 'legal', 'delivery')),
  severity       text not null check (severity in ('low', 'medium', 'high', 'critical')),
  source         text not null check (btrim(source) <> ''),
  description    text not null check (btrim(description) <> ''),
  raised_on      date not null,
  cleared_on     date,
  cleared_reason text,
  cleared_by     text,
  created_by     text not null,
  created_at     timestamptz not null default now(),
  check (cleared_on is null or cleared_on >= raised_on),
  check ((cleared_on is null) = (cleared_reason is null) and (cleared_on is null) = (cleared_by is null))
);
create index supplier_risk_flags_open on scm.supplier_risk_flags (supplier_id) where cleared_on is null;

-- A flag is cleared once; nothing else about it changes.
create function scm.guard_risk_flag() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:risk flags cannot be deleted; clear them';
  end if;
  if old.cleared_on is not null then
    raise exception 'LEDGERLOOP:CONFLICT:risk flag % was already cleared on %', old.id, old.cleared_on;
  end if;
  if (new.id, new.supplier_id, new.kind, new.severity, new.source, new.description, new.raised_on, new.created_by)
     is distinct from (old.id, old.supplier_id, old.kind, old.severity, old.source, old.description, old.raised_on, old.created_by) then
    raise exception 'LEDGERLOOP:IMMUTABLE:risk flag % can only be cleared', old.id;
  end if;
  return new;
end $$;
create trigger supplier_risk_flags_guard before update or delete on scm.supplier_risk_flags
  for each row execute function scm.guard_risk_flag();

-- Certificates ---------------------------------------------------------------------------------

create table scm.certificate_types (
  code text primary key check (code ~ '^[A-Za-z0-9_]{1,24}$'),
  name text not null check (btrim(name) <> '')
);

-- A purchase order for an item of `category` needs the supplier to hold a valid certificate of
-- each type listed for it, on the order date.
create table scm.mandatory_certificates (
  category         text not null references erp.item_categories,
  certificate_type text not null references scm.certificate_types,
  primary key (category, certificate_type)
);

-- A certificate is valid from issued_on through valid_until: its expiry date, or the day before
-- it was revoked. A renewal is a new row.
create table scm.supplier_certificates (
  id               serial primary key,
  supplier_id      int not null references scm.suppliers,
  certificate_type text not null references scm.certificate_types,
  certificate_no   text not null check (btrim(certificate_no) <> ''),
  issuer           text,
  issued_on        date not null,
  expires_on       date not null,
  recorded_on      date not null,
  revoked_on       date,
  revoked_reason   text,
  reminded_on      date,
  valid_until      date not null generated always as (case when revoked_on is null then expires_on else least(expires_on, revoked_on - 1) end) stored,
  created_by       text not null,
  created_at       timestamptz not null default now(),
  unique (supplier_id, certificate_type, certificate_no),
  check (expires_on >= issued_on),
  check (revoked_on is null or revoked_on >= issued_on),
  check ((revoked_on is null) = (revoked_reason is null))
);
create index supplier_certificates_validity on scm.supplier_certificates (supplier_id, certificate_type, valid_until);
create index supplier_certificates_expiry on scm.supplier_certificates (valid_until);

-- Of a certificate only the revocation (once) and the reminder date may change.
create function scm.guard_certificate() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:certificates cannot be deleted; revoke them';
  end if;
  if old.revoked_on is not null and new.revoked_on is distinct from old.revoked_on then
    raise exception 'LEDGERLOOP:CONFLICT:certificate % was already revoked on %', old.certificate_no, old.revoked_on;
  end if;
  if (new.id, new.supplier_id, new.certificate_type, new.certificate_no, new.issuer, new.issued_on, new.expires_on, new.recorded_on, new.created_by)
     is distinct from
     (old.id, old.supplier_id, old.certificate_type, old.certificate_no, old.issuer, old.issued_on, old.expires_on, old.recorded_on, old.created_by) then
    raise exception 'LEDGERLOOP:IMMUTABLE:certificate % cannot be changed; record a new one', old.certificate_no;
  end if;
  return new;
end $$;
create trigger supplier_certificates_guard before update or delete on scm.supplier_certificates
  for each row execute function scm.guard_certificate();

-- The mandatory certificates a supplier lacks on `on_date` for items of `categories`: one row per
-- category and type, with the last day a certificate of that type was valid (null: never held).
create function scm.certificate_gaps(p_supplier int, p_categories text[], p_date date)
returns table (category text, certificate_type text, last_valid_on date)
language sql stable as $$
  select m.category, m.certificate_type,
         (select max(c.valid_until) from scm.supplier_certificates c
           where c.supplier_id = p_supplier and c.certificate_type = m.certificate_type and c.issued_on <= p_date)
    from scm.mandatory_certificates m
   where m.category = any(p_categories)
     and not exists (select 1 from scm.supplier_certificates c
                      where c.supplier_id = p_supplier and c.certificate_type = m.certificate_type
                        and c.issued_on <= p_date and c.valid_until >= p_date)
$$;

-- Everything scm.createPurchaseOrder checks, in one call of small statements that keep their
-- plans for the session (planning one equivalent query costs more than running it on the
-- embedded database): the supplier, share-locked so that a status change waits for the order and
-- the next order sees it; the warehouse; which items are active; the supplier's price on the date
-- for the items given without a price; the certificate gaps for the items' categories; the last
-- status change when the supplier is not approved; and, when all of that allows the order, its
-- reserved id and number. Null when the supplier does not exist.
create function scm.purchase_order_facts(p_supplier int, p_warehouse int, p_date date, p_items int[], p_unpriced int[]) returns jsonb
language plpgsql as $$
declare
  s record;
  active int[];
  categories text[];
  prices jsonb := '{}';
  gaps jsonb;
  last_change jsonb;
  has_warehouse boolean;
  facts jsonb;
begin
  select id, code, status, currency::text as currency into s from scm.suppliers where id = p_supplier for share;
  if not found then
    return null;
  end if;
  select coalesce(array_agg(i.id) filter (where i.active), '{}'), coalesce(array_agg(distinct i.category), '{}')
    into active, categories from erp.items i where i.id = any(p_items);
  if cardinality(p_unpriced) > 0 then
    select coalesce(jsonb_object_agg(sp.item_id, sp.unit_price), '{}') into prices from scm.supplier_prices sp
     where sp.supplier_id = p_supplier and sp.item_id = any(p_unpriced)
       and sp.valid_from <= p_date and (sp.valid_to is null or sp.valid_to >= p_date);
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('category', g.category, 'certificateType', g.certificate_type, 'lastValidOn', g.last_valid_on)
                            order by g.category, g.certificate_type), '[]')
    into gaps from scm.certificate_gaps(p_supplier, categories, p_date) g;
  if s.status <> 'approved' then
    select jsonb_build_object('on', h.changed_on, 'reason', h.reason) into last_change
      from scm.supplier_status_history h where h.supplier_id = p_supplier order by h.id desc limit 1;
  end if;
  has_warehouse := exists (select 1 from erp.warehouses w where w.id = p_warehouse);
  facts := jsonb_build_object('code', s.code, 'status', s.status, 'currency', s.currency, 'lastChange', last_change,
                              'warehouse', has_warehouse, 'activeItems', to_jsonb(active), 'prices', prices, 'gaps', gaps);
  if s.status = 'approved' and has_warehouse and gaps = '[]'::jsonb and p_items <@ active then
    facts := facts || jsonb_build_object('poId', nextval(pg_get_serial_sequence('scm.purchase_orders', 'id')),
                                         'poNo', 'PO-' || lpad(nextval('scm.purchase_order_no')::text, 7, '0'));
    -- This transaction holds the supplier's lock from here to commit, so the backstop trigger
    -- need not check this order again (see scm.check_po_supplier_compliance).
    perform set_config('ledgerloop.checked_purchase_order', (facts ->> 'poId') || ':' || array_to_string(p_items, ','), true);
  end if;
  return facts;
end $$;

-- Refuses a purchase order whose supplier is not approved or lacks a mandatory certificate for
-- one of its items' categories on the order date.
create function scm.assert_purchase_order_allowed(p_po int) returns void language plpgsql as $$
declare
  p record;
  s record;
  g record;
begin
  select po.po_no, po.supplier_id, po.order_date into p from scm.purchase_orders po where po.id = p_po;
  select sp.code, sp.status into s from scm.suppliers sp where sp.id = p.supplier_id for share;
  if s.status = 'blocked' then
    raise exception 'LEDGERLOOP:SUPPLIER_BLOCKED:supplier % is blocked and cannot receive purchase order %', s.code, p.po_no;
  elsif s.status <> 'approved' then
    raise exception 'LEDGERLOOP:SUPPLIER_NOT_APPROVED:supplier % is % and cannot receive purchase order %', s.code, s.status, p.po_no;
  end if;
  select x.category, x.certificate_type, x.last_valid_on into g
    from scm.certificate_gaps(p.supplier_id, array(select distinct i.category from scm.purchase_order_lines l join erp.items i on i.id = l.item_id
                                                    where l.po_id = p_po), p.order_date) x
   order by x.category, x.certificate_type limit 1;
  if not found then
    return;
  elsif g.last_valid_on is null then
    raise exception 'LEDGERLOOP:CERTIFICATE_MISSING:supplier % has no valid % certificate, required for % items (purchase order %)', s.code, g.certificate_type, g.category, p.po_no;
  else
    raise exception 'LEDGERLOOP:CERTIFICATE_EXPIRED:the % certificate of supplier %, required for % items, expired on % (purchase order %)', g.certificate_type, s.code, g.category, g.last_valid_on, p.po_no;
  end if;
end $$;

-- The backstop for every writer of purchase order lines. An order that scm.purchase_order_facts
-- has just cleared in this transaction, for exactly these items, is not checked twice.
create function scm.check_po_supplier_compliance() returns trigger language plpgsql as $$
declare
  po record;
begin
  for po in select a.po_id, array_to_string(array_agg(a.item_id order by a.line_no), ',') as items from added a group by a.po_id order by a.po_id loop
    if current_setting('ledgerloop.checked_purchase_order', true) is distinct from po.po_id || ':' || po.items then
      perform scm.assert_purchase_order_allowed(po.po_id);
    end if;
  end loop;
  return null;
end $$;
create trigger purchase_order_lines_supplier_compliant after insert on scm.purchase_order_lines
  referencing new table as added for each statement execute function scm.check_po_supplier_compliance();

-- Audits ---------------------------------------------------------------------------------------

-- Templates are versioned (code, version) and immutable once defined; a revision is a new version.
-- Section weights sum to 100, and so do the criteria weights of each section.
create table scm.audit_templates (
  id             serial primary key,
  code           text not null check (code ~ '^[A-Z0-9_-]{1,24}$'),
  version        int not null check (version > 0),
  name           text not null check (btrim(name) <> ''),
  supplier_type  text not null check (supplier_type ~ '^[a-z][a-z_]{0,29}$'),
  scale          text not null check (scale in ('percent', 'five_point')),
  effective_from date not null,
  created_by     text not null,
  created_at     timestamptz not null default now(),
  unique (code, version)
);

create table scm.audit_template_sections (
  id          serial primary key,
  template_id int not null references scm.audit_templates,
  section_no  int not null check (section_no > 0),
  code        text not null check (code ~ '^[A-Z0-9_-]{1,24}$'),
  name        text not null check (btrim(name) <> ''),
  weight      int not null check (weight between 1 and 100),
  unique (template_id, section_no),
  unique (template_id, code),
  unique (id, template_id)
);

create table scm.audit_template_criteria (
  id           serial primary key,
  section_id   int not null,
  template_id  int not null,
  criterion_no int not null check (criterion_no > 0),
  code         text not null check (code ~ '^[A-Z0-9_.-]{1,32}$'),
  name         text not null check (btrim(name) <> ''),
  guidance     text,
  weight       int not null check (weight between 1 and 100),
  foreign key (section_id, template_id) references scm.audit_template_sections (id, template_id),
  unique (section_id, criterion_no),
  unique (template_id, code),
  unique (id, template_id)
);

create trigger audit_templates_immutable before update or delete on scm.audit_templates
  for each row execute function core.refuse_change();
create trigger audit_template_sections_immutable before update or delete on scm.audit_template_sections
  for each row execute function core.refuse_change();
create trigger audit_template_criteria_immutable before update or delete on scm.audit_template_criteria
  for each row execute function core.refuse_change();

-- Checked at commit, whichever of the three tables a transaction wrote to.
create function scm.check_audit_template_weights() returns trigger language plpgsql as $$
declare
  t int;
  bad text;
begin
  if tg_table_name = 'audit_templates' then t := new.id; else t := new.template_id; end if;
  if coalesce((select sum(weight) from scm.audit_template_sections where template_id = t), 0) <> 100 then
    raise exception 'LEDGERLOOP:INVALID_WEIGHTS:the section weights of audit template % do not sum to 100', t;
  end if;
  select s.code into bad from scm.audit_template_sections s
   where s.template_id = t
     and coalesce((select sum(c.weight) from scm.audit_template_criteria c where c.section_id = s.id), 0) <> 100
   limit 1;
  if bad is not null then
    raise exception 'LEDGERLOOP:INVALID_WEIGHTS:the criteria weights of section % of audit template % do not sum to 100', bad, t;
  end if;
  return null;
end $$;
create constraint trigger audit_templates_weights after insert on scm.audit_templates
  deferrable initially deferred for each row execute function scm.check_audit_template_weights();
create constraint trigger audit_template_sections_weights after insert on scm.audit_template_sections
  deferrable initially deferred for each row execute function scm.check_audit_template_weights();
create constraint trigger audit_template_criteria_weights after insert on scm.audit_template_criteria
  deferrable initially deferred for each row execute function scm.check_audit_template_weights();

create sequence scm.audit_no;

-- An audit scores every criterion of its template; total_score is the weighted total in percent
-- (five-point scores count as score × 20), which the database re-derives at commit.
create table scm.supplier_audits (
  id          serial primary key,
  audit_no    text not null unique,
  supplier_id int not null references scm.suppliers,
  template_id int not null references scm.audit_templates,
  audit_date  date not null,
  auditor_id  int references people.employees,
  total_score numeric(5, 2) not null check (total_score between 0 and 100),
  summary     text,
  created_by  text not null,
  created_at  timestamptz not null default now(),
  unique (id, template_id)
);
create index supplier_audits_supplier on scm.supplier_audits (supplier_id, audit_date, id);

create table scm.supplier_audit_scores (
  audit_id     int not null,
  template_id  int not null,
  criterion_id int not null,
  score        smallint not null check (score between 0 and 100),
  comment      text,
  primary key (audit_id, criterion_id),
  foreign key (audit_id, template_id) references scm.supplier_audits (id, template_id),
  foreign key (criterion_id, template_id) references scm.audit_template_criteria (id, template_id)
);

create trigger supplier_audits_immutable before update or delete on scm.supplier_audits
  for each row execute function core.refuse_change();
create trigger supplier_audit_scores_immutable before update or delete on scm.supplier_audit_scores
  for each row execute function core.refuse_change();

create function scm.check_audit_scores() returns trigger language plpgsql as $$
declare
  a record;
begin
  select au.audit_no, au.total_score, t.scale,
         (select count(*) from scm.audit_template_criteria c where c.template_id = au.template_id) as criteria,
         (select count(*) from scm.supplier_audit_scores x where x.audit_id = au.id) as scored,
         (select max(x.score) from scm.supplier_audit_scores x where x.audit_id = au.id) as top,
         (select round(sum(s.weight * c.weight * case when t.scale = 'five_point' then x.score * 20 else x.score end)::numeric / 10000, 2)
            from scm.supplier_audit_scores x
            join scm.audit_template_criteria c on c.id = x.criterion_id
            join scm.audit_template_sections s on s.id = c.section_id
           where x.audit_id = au.id) as weighted
    into a
    from scm.supplier_audits au join scm.audit_templates t on t.id = au.template_id
   where au.id = new.id;
  if a.scored <> a.criteria then
    raise exception 'LEDGERLOOP:INCOMPLETE_AUDIT:audit % scores % of the % criteria of its template', a.audit_no, a.scored, a.criteria;
  end if;
  if a.scale = 'five_point' and a.top > 5 then
    raise exception 'LEDGERLOOP:INVALID_INPUT:audit % uses a five-point template; a score of % is out of range', a.audit_no, a.top;
  end if;
  if a.weighted <> a.total_score then
    raise exception 'LEDGERLOOP:CONFLICT:audit % records a total of % but its scores weigh %', a.audit_no, a.total_score, a.weighted;
  end if;
  return null;
end $$;
create constraint trigger supplier_audits_scored after insert on scm.supplier_audits
  deferrable initially deferred for each row execute function scm.check_audit_scores();

create table scm.audit_findings (
  id           serial primary key,
  audit_id     int not null,
  template_id  int not null,
  finding_no   int not null check (finding_no > 0),
  criterion_id int,
  severity     text not null check (severity in ('minor', 'major', 'critical')),
  description  text not null check (btrim(description) <> ''),
  unique (audit_id, finding_no),
  foreign key (audit_id, template_id) references scm.supplier_audits (id, template_id),
  foreign key (criterion_id, template_id) references scm.audit_template_criteria (id, template_id)
);
create trigger audit_findings_immutable before update or delete on scm.audit_findings
  for each row execute function core.refuse_change();

create table scm.corrective_actions (
  id           serial primary key,
  finding_id   int not null references scm.audit_findings,
  action_no    int not null check (action_no > 0),
  description  text not null check (btrim(description) <> ''),
  owner_id     int not null references people.employees,
  due_on       date not null,
  closed_on    date,
  closed_by    text,
  closing_note text,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  unique (finding_id, action_no),
  check ((closed_on is null) = (closed_by is null))
);
create index corrective_actions_finding on scm.corrective_actions (finding_id);
create index corrective_actions_open on scm.corrective_actions (due_on) where closed_on is null;

-- An action is closed once; nothing else about it changes.
create function scm.guard_corrective_action() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:corrective actions cannot be deleted; close them';
  end if;
  if old.closed_on is not null then
    raise exception 'LEDGERLOOP:CONFLICT:corrective action % was already closed on %', old.id, old.closed_on;
  end if;
  if (new.id, new.finding_id, new.action_no, new.description, new.owner_id, new.due_on, new.created_by)
     is distinct from (old.id, old.finding_id, old.action_no, old.description, old.owner_id, old.due_on, old.created_by) then
    raise exception 'LEDGERLOOP:IMMUTABLE:corrective action % can only be closed', old.id;
  end if;
  return new;
end $$;
create trigger corrective_actions_guard before update or delete on scm.corrective_actions
  for each row execute function scm.guard_corrective_action();

-- Requests for quotation -----------------------------------------------------------------------

create sequence scm.rfq_no;

create table scm.rfqs (
  id                  serial primary key,
  rfq_no              text not null unique,
  title               text not null check (btrim(title) <> ''),
  issued_on           date not null,
  respond_by          date not null,
  buyer_id            int references people.employees,
  status              text not null default 'open' check (status in ('open', 'awarded', 'cancelled')),
  awarded_response_id int,
  closed_on           date,
  close_reason        text,
  created_by          text not null,
  created_at          timestamptz not null default now(),
  check (respond_by >= issued_on),
  check ((status = 'awarded') = (awarded_response_id is not null)),
  check ((status = 'open') = (closed_on is null)),
  check (closed_on is null or closed_on >= issued_on)
);

create table scm.rfq_lines (
  id        serial primary key,
  rfq_id    int not null references scm.rfqs,
  line_no   int not null check (line_no > 0),
  item_id   int not null references erp.items,
  quantity  bigint not null check (quantity > 0),
  needed_by date,
  unique (rfq_id, line_no),
  unique (rfq_id, item_id),
  unique (id, rfq_id)
);

create table scm.rfq_invitations (
  rfq_id      int not null references scm.rfqs,
  supplier_id int not null references scm.suppliers,
  primary key (rfq_id, supplier_id)
);

-- One quotation per invited supplier; it may leave lines unquoted.
create table scm.rfq_responses (
  id           serial primary key,
  rfq_id       int not null,
  supplier_id  int not null,
  responded_on date not null,
  valid_until  date not null,
  currency     char(3) not null references core.currencies,
  note         text,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  foreign key (rfq_id, supplier_id) references scm.rfq_invitations,
  unique (rfq_id, supplier_id),
  unique (id, rfq_id),
  check (valid_until >= responded_on)
);

create table scm.rfq_response_lines (
  response_id    int not null,
  rfq_id         int not null,
  rfq_line_id    int not null,
  unit_price     bigint not null check (unit_price >= 0), -- minor units of the response's currency
  lead_time_days int not null check (lead_time_days between 0 and 730),
  min_order_qty  bigint not null default 1 check (min_order_qty >= 1),
  primary key (response_id, rfq_line_id),
  foreign key (response_id, rfq_id) references scm.rfq_responses (id, rfq_id),
  foreign key (rfq_line_id, rfq_id) references scm.rfq_lines (id, rfq_id)
);

alter table scm.rfqs add foreign key (awarded_response_id, id) references scm.rfq_responses (id, rfq_id);

create trigger rfq_lines_immutable before update or delete on scm.rfq_lines
  for each row execute function core.refuse_change();
create trigger rfq_invitations_immutable before update or delete on scm.rfq_invitations
  for each row execute function core.refuse_change();
create trigger rfq_responses_immutable before update or delete on scm.rfq_responses
  for each row execute function core.refuse_change();
create trigger rfq_response_lines_immutable before update or delete on scm.rfq_response_lines
  for each row execute function core.refuse_change();

-- An RFQ is awarded or cancelled once; then it is closed for good.
create function scm.guard_rfq() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:requests for quotation cannot be deleted; cancel them';
  end if;
  if old.status <> 'open' then
    raise exception 'LEDGERLOOP:CONFLICT:request for quotation % is already %', old.rfq_no, old.status;
  end if;
  if (new.id, new.rfq_no, new.title, new.issued_on, new.respond_by, new.buyer_id, new.created_by)
     is distinct from (old.id, old.rfq_no, old.title, old.issued_on, old.respond_by, old.buyer_id, old.created_by) then
    raise exception 'LEDGERLOOP:IMMUTABLE:request for quotation % can only be awarded or cancelled', old.rfq_no;
  end if;
  return new;
end $$;
create trigger rfqs_guard before update or delete on scm.rfqs
  for each row execute function scm.guard_rfq();

-- Quotations are taken while the RFQ is open (the award locks it, so none slips in after).
create function scm.check_rfq_open() returns trigger language plpgsql as $$
declare
  r record;
begin
  select rfq_no, status into r from scm.rfqs where id = new.rfq_id for share;
  if found and r.status <> 'open' then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:request for quotation % is %; it takes no more quotations', r.rfq_no, r.status;
  end if;
  return new;
end $$;
create trigger rfq_responses_while_open before insert on scm.rfq_responses
  for each row execute function scm.check_rfq_open();

-- Supplier price lists ------------------------------------------------------------------------

-- A supplier's price for an item over a validity period (valid_to inclusive; null: until
-- superseded). Periods of one supplier and item never overlap (singleton int ranges let a plain
-- GiST index compare the ids, without the btree_gist extension).
create table scm.supplier_prices (
  id              serial primary key,
  supplier_id     int not null references scm.suppliers,
  item_id         int not null references erp.items,
  valid_from      date not null,
  valid_to        date,
  currency        char(3) not null references core.currencies,
  unit_price      bigint not null check (unit_price >= 0), -- minor units of `currency`
  min_order_qty   bigint not null default 1 check (min_order_qty >= 1),
  lead_time_days  int not null check (lead_time_days between 0 and 730),
  rfq_response_id int references scm.rfq_responses,
  created_by      text not null,
  created_at      timestamptz not null default now(),
  check (valid_to is null or valid_to >= valid_from),
  constraint supplier_price_validity_disjoint exclude using gist (
    int4range(supplier_id, supplier_id, '[]') with &&,
    int4range(item_id, item_id, '[]') with &&,
    daterange(valid_from, valid_to, '[]') with &&
  ) deferrable initially immediate
);
create index supplier_prices_lookup on scm.supplier_prices (supplier_id, item_id, valid_from);

-- A price is history: only its end may move, and only earlier (a newer price takes over).
create function scm.guard_supplier_price() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:supplier prices cannot be deleted; end their validity';
  end if;
  if (new.id, new.supplier_id, new.item_id, new.valid_from, new.currency, new.unit_price, new.min_order_qty, new.lead_time_days, new.rfq_response_id, new.created_by)
     is distinct from
     (old.id, old.supplier_id, old.item_id, old.valid_from, old.currency, old.unit_price, old.min_order_qty, old.lead_time_days, old.rfq_response_id, old.created_by)
     or new.valid_to is null and old.valid_to is not null
     or new.valid_to > old.valid_to then
    raise exception 'LEDGERLOOP:IMMUTABLE:supplier price % can only end earlier', old.id;
  end if;
  return new;
end $$;
create trigger supplier_prices_guard before update or delete on scm.supplier_prices
  for each row execute function scm.guard_supplier_price();
