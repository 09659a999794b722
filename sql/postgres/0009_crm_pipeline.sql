-- CRM sales pipeline: campaigns and lead sources, leads in pools and private pools with caps,
-- ownership history, follow-up plans and activities, duplicate detection on normalised keys,
-- and opportunities on a configurable pipeline of stages with an append-only stage history.

-- Duplicate detection keys. A company name is compared without case, accents, punctuation and
-- legal-form words after the first word ('Acme, Inc.' = 'ACME inc' = 'Acme'); an e-mail without
-- case; a phone by its digits. Only ASCII and common Latin accents are folded, so both engines
-- give the same key whatever their locale. Mirrored in domain/crm/pipeline/keys.ts.
create function crm.company_key(name text) returns text language sql immutable parallel safe as $$
  select nullif(btrim(regexp_replace(
           btrim(regexp_replace(regexp_replace(
             lower(translate(name, 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy')),
             '[.''`]', '', 'g'), '[^a-z0-9]+', ' ', 'g')),
           ' (inc|incorporated|llc|llp|lp|ltd|limited|gmbh|mbh|bv|nv|sa|sas|sarl|srl|spa|ag|kg|plc|pte|pty|kk|corp|corporation|co|company|oy|ab)(?= |$)', '', 'g')), '')
$$;
create function crm.email_key(email text) returns text language sql immutable parallel safe as $$
  select nullif(lower(btrim(email)), '')
$$;
create function crm.phone_key(phone text) returns text language sql immutable parallel safe as $$
  select case when length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 5 then regexp_replace(phone, '[^0-9]', '', 'g') end
$$;

create table crm.lead_sources (
  code text primary key check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text not null
);
insert into crm.lead_sources (code, name) values
  ('web', 'Web form'), ('referral', 'Referral'), ('trade_show', 'Trade show'), ('outbound', 'Outbound prospecting'),
  ('partner', 'Partner'), ('paid_search', 'Paid search'), ('other', 'Other');

create table crm.campaigns (
  id          serial primary key,
  code        text not null unique,
  name        text not null,
  channel     text not null check (channel in ('email', 'paid_search', 'social', 'event', 'trade_show', 'webinar', 'content', 'direct_mail', 'partner', 'referral', 'outbound')),
  source_code text not null references crm.lead_sources,  -- the source its leads come in through
  start_date  date not null,
  end_date    date check (end_date is null or end_date >= start_date),
  cost        bigint not null default 0 check (cost >= 0),  -- minor units of currency
  currency    char(3) not null references core.currencies,
  created_at  timestamptz not null default now(),
  created_by  text not null
);

-- Per region: after how many days without a follow-up by the owner a lead (an account) falls
-- back to the public pool; how many open leads (accounts) a rep may hold; how new leads are
-- handed out; the cadence of the follow-up plan a newly owned lead gets. A region without a
-- row uses the defaults of crm.region_pipeline_settings.
create table crm.region_settings (
  region               text primary key references core.regions,
  lead_recycle_days    int not null check (lead_recycle_days between 1 and 365),
  account_recycle_days int check (account_recycle_days between 1 and 3650), -- null: accounts are never recycled
  lead_cap             int not null check (lead_cap >= 0),
  account_cap          int check (account_cap >= 0),                         -- null: no cap
  assignment           text not null check (assignment in ('none', 'round_robin', 'capacity', 'rules')),
  follow_up_days       int not null check (follow_up_days between 1 and 365),
  last_assigned_rep    int references people.employees                       -- the round-robin cursor
);
create view crm.region_pipeline_settings as
  select r.code as region,
         coalesce(s.lead_recycle_days, 30) as lead_recycle_days,
         s.account_recycle_days,
         coalesce(s.lead_cap, 100) as lead_cap,
         s.account_cap,
         coalesce(s.assignment, 'none') as assignment,
         coalesce(s.follow_up_days, 7) as follow_up_days,
         s.last_assigned_rep
    from core.regions r left join crm.region_settings s on s.region = r.code;

-- Source and segment rules for assignment 'rules': the first matching rule by priority names the rep.
create table crm.assignment_rules (
  id          serial primary key,
  region      text not null references core.regions,
  priority    int not null,
  source_code text references crm.lead_sources,  -- null: any source
  segment     text check (segment in ('enterprise', 'mid_market', 'small_business', 'consumer')), -- null: any
  rep_id      int not null references people.employees,
  unique (region, priority)
);

-- A rep's private pool: what they hold, kept by triggers on leads and customers, and their own
-- caps and whether they take part in automatic assignment (in `region`).
create table crm.rep_pools (
  rep_id        int primary key references people.employees,
  region        text references core.regions,
  accepts_leads boolean not null default false,
  lead_cap      int check (lead_cap >= 0),     -- overrides the region's cap
  account_cap   int check (account_cap >= 0),
  open_leads    int not null default 0 check (open_leads >= 0),
  accounts      int not null default 0 check (accounts >= 0)
);
create index rep_pools_region on crm.rep_pools (region) where accepts_leads;

create sequence crm.lead_no;

-- An open lead (new, working, nurturing) has exactly one owner or sits in exactly one pool of
-- its region: 'lead' (new, unassigned) or 'public' (the public sea: released or recycled).
create table crm.leads (
  id            serial primary key,
  lead_no       text not null unique,
  external_ref  text unique,                 -- its id in the system it came from (web form, event list…)
  company_name  text not null,
  contact_name  text,
  email         text,
  phone         text,
  region        text not null references core.regions,
  segment       text not null check (segment in ('enterprise', 'mid_market', 'small_business', 'consumer')),
  score         int not null default 0 check (score between 0 and 100),
  source_code   text not null references crm.lead_sources,
  campaign_id   int references crm.campaigns,
  status        text not null default 'new' check (status in ('new', 'working', 'nurturing', 'converted', 'disqualified')),
  owner_id      int references people.employees,
  pool          text check (pool in ('lead', 'public')),
  created_on    date not null,
  owned_since   date,                        -- when the current owner took it
  touched_on    date,                        -- the owner's last activity, or owned_since
  customer_id   int unique references crm.customers,
  closed_on     date,                        -- converted or disqualified
  disqualified_reason text,
  name_key      text generated always as (crm.company_key(company_name)) stored,
  email_key     text generated always as (crm.email_key(email)) stored,
  phone_key     text generated always as (crm.phone_key(phone)) stored,
  created_at    timestamptz not null default now(),
  created_by    text not null,
  constraint lead_owner_or_pool check (
    case when status in ('new', 'working', 'nurturing') then (owner_id is null) <> (pool is null) else pool is null end),
  constraint lead_owned_dates check ((owner_id is null) = (owned_since is null) and (owner_id is null) = (touched_on is null)),
  constraint lead_converted check ((status = 'converted') = (customer_id is not null) and (status <> 'converted' or owner_id is not null)),
  constraint lead_closed check ((status in ('converted', 'disqualified')) = (closed_on is not null))
);
create index leads_pool on crm.leads (region, pool, id) where pool is not null;
create index leads_owner on crm.leads (owner_id) where status in ('new', 'working', 'nurturing');
create index leads_stale on crm.leads (touched_on) where owner_id is not null and status in ('new', 'working', 'nurturing');
create index leads_created on crm.leads (created_on);

-- Accounts keep the campaign and source they came from, the lead they were converted from, and
-- when their owner last followed them up (for recycling). No owner = the region's public pool.
alter table crm.customers
  add column source_code text references crm.lead_sources,
  add column campaign_id int references crm.campaigns,
  add column lead_id     int unique references crm.leads,
  add column owned_since date,
  add column touched_on  date,
  add column name_key    text generated always as (crm.company_key(name)) stored;
create index customers_stale on crm.customers (touched_on) where owner_id is not null;
alter table crm.contacts
  add column email_key text generated always as (crm.email_key(email)) stored,
  add column phone_key text generated always as (crm.phone_key(phone)) stored;

-- The identity keys of every owned open lead and owned account, unique: two reps can never hold
-- the same company, e-mail or phone. Kept by the triggers below, so concurrent creates and
-- claims cannot slip past each other (the second waits on the first's key and is refused).
create table crm.owned_keys (
  kind        text not null check (kind in ('name', 'email', 'phone')),
  key         text not null,
  lead_id     int references crm.leads,
  customer_id int references crm.customers,
  owner_id    int not null references people.employees,
  primary key (kind, key),
  check ((lead_id is null) <> (customer_id is null))
);
create index owned_keys_lead on crm.owned_keys (lead_id) where lead_id is not null;
create index owned_keys_customer on crm.owned_keys (customer_id) where customer_id is not null;

-- Who holds an identity key, in words, for the refusal.
create function crm.key_holder(held crm.owned_keys) returns text language sql stable as $$
  select coalesce((select 'lead ' || l.lead_no || ' (' || l.company_name || ')' from crm.leads l where l.id = held.lead_id),
                  (select 'account ' || c.code || ' (' || c.name || ')' from crm.customers c where c.id = held.customer_id))
         || ', owned by ' || coalesce((select e.code || ' ' || e.name from people.employees e where e.id = held.owner_id), 'employee')
         || ' (id ' || held.owner_id || ')'
$$;
create function crm.key_label(p_kind text) returns text language sql immutable as $$
  select case p_kind when 'name' then 'company name' when 'email' then 'e-mail' else 'phone' end
$$;

-- Holds one key for a lead or an account; refuses it when another lead or account holds it.
-- An account converted from a lead takes over that lead's keys (p_from_lead).
create function crm.hold_key(p_kind text, p_key text, p_lead int, p_customer int, p_owner int, p_from_lead int) returns void
language plpgsql as $$
declare
  held crm.owned_keys;
begin
  if p_key is null then return; end if;
  for attempt in 1..3 loop
    insert into crm.owned_keys (kind, key, lead_id, customer_id, owner_id) values (p_kind, p_key, p_lead, p_customer, p_owner)
      on conflict (kind, key) do nothing;
    if found then return; end if;
    select * into held from crm.owned_keys where kind = p_kind and key = p_key for update;
    if found then
      if (held.lead_id is not distinct from p_lead and held.customer_id is not distinct from p_customer)
         or (p_from_lead is not null and held.lead_id = p_from_lead) then
        update crm.owned_keys set lead_id = p_lead, customer_id = p_customer, owner_id = p_owner where kind = p_kind and key = p_key;
        return;
      end if;
      raise exception 'LEDGERLOOP:DUPLICATE:% ''%'' matches %', crm.key_label(p_kind), p_key, crm.key_holder(held);
    end if;
  end loop;
  raise exception 'LEDGERLOOP:CONFLICT:% ''%'' is changing hands concurrently; try again', crm.key_label(p_kind), p_key;
end $$;

-- Refuses an unowned lead or account whose key an owned one holds (other than the lead it was
-- converted from): a second rep may not open what another already works.
create function crm.refuse_held_key(p_kind text, p_key text, p_from_lead int) returns void language plpgsql as $$
declare
  held crm.owned_keys;
begin
  if p_key is null then return; end if;
  select * into held from crm.owned_keys where kind = p_kind and key = p_key;
  if found and held.lead_id is distinct from p_from_lead then
    raise exception 'LEDGERLOOP:DUPLICATE:% ''%'' matches %', crm.key_label(p_kind), p_key, crm.key_holder(held);
  end if;
end $$;

-- Takes (or gives back) one open-lead or account slot of a rep's private pool, refusing a slot
-- beyond the cap: the rep's own, else the region's.
create function crm.take_slot(p_rep int, p_region text, p_kind text, p_delta int) returns void language plpgsql as $$
declare
  held int;
  cap int;
begin
  if p_delta < 0 then
    if p_kind = 'lead' then update crm.rep_pools set open_leads = open_leads + p_delta where rep_id = p_rep;
    else update crm.rep_pools set accounts = accounts + p_delta where rep_id = p_rep; end if;
    return;
  end if;
  insert into crm.rep_pools as p (rep_id, region, open_leads, accounts)
  values (p_rep, (select e.region from people.employees e where e.id = p_rep), case when p_kind = 'lead' then 1 else 0 end, case when p_kind = 'account' then 1 else 0 end)
  on conflict (rep_id) do update
     set open_leads = p.open_leads + case when p_kind = 'lead' then 1 else 0 end,
         accounts = p.accounts + case when p_kind = 'account' then 1 else 0 end
  returning case when p_kind = 'lead' then p.open_leads else p.accounts end,
            case when p_kind = 'lead' then coalesce(p.lead_cap, (select s.lead_cap from crm.region_pipeline_settings s where s.region = p_region))
                 else coalesce(p.account_cap, (select s.account_cap from crm.region_pipeline_settings s where s.region = p_region)) end
    into held, cap;
  if cap is not null and held > cap then
    raise exception 'LEDGERLOOP:CAP_EXCEEDED:rep % already holds % of at most % %s (the cap in region %)', p_rep, held - 1, cap, case when p_kind = 'lead' then 'open lead' else 'account' end, p_region;
  end if;
end $$;

create function crm.lead_written() returns trigger language plpgsql as $$
declare
  was int := case when tg_op = 'UPDATE' and old.status in ('new', 'working', 'nurturing') then old.owner_id end;
  now_held int := case when new.status in ('new', 'working', 'nurturing') then new.owner_id end;
begin
  if was is distinct from now_held then
    if was is not null then perform crm.take_slot(was, old.region, 'lead', -1); end if;
    if now_held is not null then perform crm.take_slot(now_held, new.region, 'lead', 1); end if;
  end if;
  if tg_op = 'UPDATE' and was is not distinct from now_held and (new.name_key, new.email_key, new.phone_key) is not distinct from (old.name_key, old.email_key, old.phone_key) then
    return null;
  end if;
  if tg_op = 'UPDATE' and was is not null then delete from crm.owned_keys where lead_id = new.id; end if;
  if now_held is not null then
    perform crm.hold_key('name', new.name_key, new.id, null, now_held, null);
    perform crm.hold_key('email', new.email_key, new.id, null, now_held, null);
    perform crm.hold_key('phone', new.phone_key, new.id, null, now_held, null);
  elsif tg_op = 'INSERT' then
    perform crm.refuse_held_key('name', new.name_key, null);
    perform crm.refuse_held_key('email', new.email_key, null);
    perform crm.refuse_held_key('phone', new.phone_key, null);
  end if;
  return null;
end $$;
create trigger leads_written after insert or update of owner_id, status, company_name, email, phone on crm.leads
  for each row execute function crm.lead_written();

create function crm.customer_written() returns trigger language plpgsql as $$
declare
  was int := case when tg_op = 'UPDATE' then old.owner_id end;
  c record;
begin
  if tg_op = 'UPDATE' and was is not distinct from new.owner_id and old.name_key is not distinct from new.name_key then
    return null;
  end if;
  if was is distinct from new.owner_id then
    if was is not null then perform crm.take_slot(was, old.region, 'account', -1); end if;
    if new.owner_id is not null then perform crm.take_slot(new.owner_id, new.region, 'account', 1); end if;
  end if;
  if was is not null then delete from crm.owned_keys where customer_id = new.id; end if;
  if new.owner_id is not null then
    perform crm.hold_key('name', new.name_key, null, new.id, new.owner_id, new.lead_id);
    for c in select email_key, phone_key from crm.contacts where customer_id = new.id loop
      perform crm.hold_key('email', c.email_key, null, new.id, new.owner_id, new.lead_id);
      perform crm.hold_key('phone', c.phone_key, null, new.id, new.owner_id, new.lead_id);
    end loop;
  elsif tg_op = 'INSERT' then
    perform crm.refuse_held_key('name', new.name_key, new.lead_id);
  end if;
  return null;
end $$;
create trigger customers_written after insert or update of owner_id, name on crm.customers
  for each row execute function crm.customer_written();

create function crm.contact_written() returns trigger language plpgsql as $$
declare
  a record;
begin
  select owner_id, lead_id into a from crm.customers where id = new.customer_id;
  if a.owner_id is not null then
    perform crm.hold_key('email', new.email_key, null, new.customer_id, a.owner_id, a.lead_id);
    perform crm.hold_key('phone', new.phone_key, null, new.customer_id, a.owner_id, a.lead_id);
  elsif tg_op = 'INSERT' then
    perform crm.refuse_held_key('email', new.email_key, a.lead_id);
    perform crm.refuse_held_key('phone', new.phone_key, a.lead_id);
  end if;
  return null;
end $$;
create trigger contacts_written after insert or update of email, phone on crm.contacts
  for each row execute function crm.contact_written();

-- Every change of a lead's or account's owner or pool, with the reason; never changed.
create table crm.ownership_history (
  id          bigserial primary key,
  lead_id     int references crm.leads,
  customer_id int references crm.customers,
  event_date  date not null,
  reason      text not null check (reason in ('created', 'assigned', 'claimed', 'released', 'handover', 'recycled', 'converted', 'disqualified')),
  from_owner  int references people.employees,
  from_pool   text,
  to_owner    int references people.employees,
  to_pool     text,
  note        text,
  created_at  timestamptz not null default now(),
  created_by  text not null,
  check ((lead_id is null) <> (customer_id is null))
);
create index ownership_history_lead on crm.ownership_history (lead_id, id) where lead_id is not null;
create index ownership_history_customer on crm.ownership_history (customer_id, id) where customer_id is not null;
create trigger ownership_history_immutable before update or delete on crm.ownership_history
  for each row execute function core.refuse_change();

-- The sales pipeline: stages in order with their win probability; exactly one won and one lost stage.
create table crm.pipeline_stages (
  code           text primary key check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  name           text not null,
  position       int not null,
  probability_bp int not null check (probability_bp between 0 and 10000),
  outcome        text not null default 'open' check (outcome in ('open', 'won', 'lost')),
  active         boolean not null default true,
  check (outcome <> 'won' or probability_bp = 10000),
  check (outcome <> 'lost' or probability_bp = 0)
);
create unique index pipeline_stages_one_per_outcome on crm.pipeline_stages (outcome) where outcome <> 'open';
insert into crm.pipeline_stages (code, name, position, probability_bp, outcome) values
  ('qualification', 'Qualification', 10, 1000, 'open'),
  ('needs_analysis', 'Needs analysis', 20, 2500, 'open'),
  ('proposal', 'Proposal', 30, 5000, 'open'),
  ('negotiation', 'Negotiation', 40, 7500, 'open'),
  ('won', 'Closed won', 90, 10000, 'won'),
  ('lost', 'Closed lost', 99, 0, 'lost');

create sequence crm.opportunity_no;

-- An opportunity of an account, or of a lead before it converts (conversion attaches it to the
-- new account). Its status follows its stage's outcome; won and lost ones never change again.
create table crm.opportunities (
  id                  serial primary key,
  opportunity_no      text not null unique,
  name                text not null,
  customer_id         int references crm.customers,
  lead_id             int references crm.leads,
  owner_id            int not null references people.employees,
  stage_code          text not null references crm.pipeline_stages,
  status              text not null default 'open' check (status in ('open', 'won', 'lost')),
  amount              bigint not null check (amount >= 0),  -- minor units of currency
  currency            char(3) not null references core.currencies,
  expected_close_date date not null,
  competitor          text,
  source_code         text references crm.lead_sources,
  campaign_id         int references crm.campaigns,
  lost_reason         text check (lost_reason in ('price', 'competitor', 'no_budget', 'no_decision', 'timing', 'product_fit', 'disqualified', 'other')),
  close_note          text,
  created_on          date not null,
  stage_changed_on    date not null,
  closed_on           date,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  constraint opportunity_of_account_or_lead check (customer_id is not null or lead_id is not null),
  constraint opportunity_lost_reason check ((status = 'lost') = (lost_reason is not null)),
  constraint opportunity_closed check ((status = 'open') = (closed_on is null)),
  constraint opportunity_won_has_account check (status <> 'won' or customer_id is not null)
);
create index opportunities_customer on crm.opportunities (customer_id) where customer_id is not null;
create index opportunities_lead on crm.opportunities (lead_id) where lead_id is not null;
create index opportunities_open on crm.opportunities (owner_id) where status = 'open';

create function crm.guard_opportunity() returns trigger language plpgsql as $$
declare
  stage_outcome text;
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:opportunities cannot be deleted; lose them with a reason';
  end if;
  if tg_op = 'UPDATE' and old.status <> 'open' then
    raise exception 'LEDGERLOOP:IMMUTABLE:opportunity % is already %', old.opportunity_no, old.status;
  end if;
  select outcome into stage_outcome from crm.pipeline_stages where code = new.stage_code;
  if stage_outcome is distinct from new.status then
    raise exception 'LEDGERLOOP:CONFLICT:opportunity % cannot be % in stage %', new.opportunity_no, new.status, new.stage_code;
  end if;
  return new;
end $$;
create trigger opportunities_guard before insert or update or delete on crm.opportunities
  for each row execute function crm.guard_opportunity();

-- Product lines: what the opportunity would sell and when (the models turn open pipeline into
-- expected item demand at the stage's probability).
create table crm.opportunity_lines (
  id             serial primary key,
  opportunity_id int not null references crm.opportunities,
  line_no        int not null check (line_no > 0),
  item_id        int not null references erp.items,
  quantity       bigint not null check (quantity > 0),
  unit_price     bigint check (unit_price >= 0),
  expected_date  date not null,
  unique (opportunity_id, line_no)
);

create function crm.guard_opportunity_line() returns trigger language plpgsql as $$
begin
  if exists (select 1 from crm.opportunities o where o.id = coalesce(new.opportunity_id, old.opportunity_id) and o.status <> 'open') then
    raise exception 'LEDGERLOOP:IMMUTABLE:the lines of a closed opportunity cannot change';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;
create trigger opportunity_lines_guard before insert or update or delete on crm.opportunity_lines
  for each row execute function crm.guard_opportunity_line();

-- What a rep did: a call, visit, e-mail, meeting or message with a lead or an account, and the
-- opportunity it advanced. A record of the past: never changed.
create table crm.activities (
  id             serial primary key,
  lead_id        int references crm.leads,
  customer_id    int references crm.customers,
  opportunity_id int references crm.opportunities,
  rep_id         int not null references people.employees,
  method         text not null check (method in ('call', 'visit', 'email', 'meeting', 'message')),
  content        text not null,
  activity_date  date not null,
  activity_time  time,
  created_at     timestamptz not null default now(),
  created_by     text not null,
  check (lead_id is not null or customer_id is not null)
);
create index activities_lead on crm.activities (lead_id) where lead_id is not null;
create index activities_customer on crm.activities (customer_id) where customer_id is not null;
create index activities_rep on crm.activities (rep_id, activity_date);
create trigger activities_immutable before update or delete on crm.activities
  for each row execute function core.refuse_change();

-- Follow-up plans: the next contact due with a lead or an account, by a rep; completing one
-- records its activity and, with a cadence, schedules the next.
create table crm.follow_ups (
  id               serial primary key,
  lead_id          int references crm.leads,
  customer_id      int references crm.customers,
  opportunity_id   int references crm.opportunities,
  rep_id           int not null references people.employees,
  due_date         date not null,
  cadence_days     int check (cadence_days between 1 and 365),  -- null: a one-off
  note             text,
  status           text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  done_on          date,
  activity_id      int references crm.activities,
  cancelled_reason text,
  created_at       timestamptz not null default now(),
  created_by       text not null,
  check ((lead_id is null) <> (customer_id is null)),
  check ((status = 'done') = (done_on is not null))
);
create index follow_ups_open_rep on crm.follow_ups (rep_id, due_date) where status = 'open';
create index follow_ups_open_lead on crm.follow_ups (lead_id) where status = 'open' and lead_id is not null;
create index follow_ups_open_customer on crm.follow_ups (customer_id) where status = 'open' and customer_id is not null;

-- Every stage an opportunity passed through, with its probability and amount then; never changed.
create table crm.opportunity_stage_history (
  id             bigserial primary key,
  opportunity_id int not null references crm.opportunities,
  from_stage     text references crm.pipeline_stages,
  to_stage       text not null references crm.pipeline_stages,
  changed_on     date not null,
  probability_bp int not null,
  amount         bigint not null,
  activity_id    int references crm.activities,
  note           text,
  created_at     timestamptz not null default now(),
  created_by     text not null
);
create index opportunity_stage_history_opportunity on crm.opportunity_stage_history (opportunity_id, id);
create trigger opportunity_stage_history_immutable before update or delete on crm.opportunity_stage_history
  for each row execute function core.refuse_change();
