-- Planning: suggestions the forecast writes (replenishment, production, re-engagement, budget)
-- and the planners' decisions on them. Accepting one creates the real document through the
-- owning area's public command; this schema keeps only the link (document type, id, number).

create schema if not exists planning;

-- One row per proposal. The natural key (kind + subject, e.g. 'replenishment:item:12:warehouse:3')
-- is unique among open suggestions, so a new forecast run updates the open one in place; once
-- decided (accepted, modified, rejected or expired) a row never changes again and the same key
-- may be proposed afresh by a later run.
create table planning.suggestions (
  id             serial primary key,
  kind           text not null check (kind in ('replenishment', 'production', 're_engagement', 'budget')),
  natural_key    text not null check (natural_key like kind || ':%'),
  status         text not null default 'open' check (status in ('open', 'accepted', 'modified', 'rejected', 'expired')),
  -- What to do, by kind (validated by planning/kinds.ts): item, warehouse, quantity, dates...
  proposal       jsonb not null check (jsonb_typeof(proposal) = 'object'),
  -- Why: the forecast with its interval, projected stock, lead time, chosen supplier and why...
  rationale      jsonb not null default '{}' check (jsonb_typeof(rationale) = 'object'),
  -- Functional minor units at stake if nothing is done; for sorting the planners' list.
  value_at_stake bigint not null default 0 check (value_at_stake between 0 and 9000000000000000),
  model_version  text not null check (length(model_version) between 1 and 100),
  -- The forecast run that last proposed it, the date its data runs to and when it ran.
  run_id         text not null check (length(run_id) between 1 and 200),
  as_of          date not null,
  run_at         timestamptz not null,
  first_run_id   text not null,
  -- How many runs have revised it since the first (0 = as first proposed).
  revision       int not null default 0 check (revision >= 0),
  -- After this date the suggestion is moot (its needed-by or due date, a budget quarter's start).
  expires_on     date not null,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create unique index suggestions_one_open_per_key on planning.suggestions (natural_key) where status = 'open';
create index suggestions_open_by_value on planning.suggestions (value_at_stake desc, id) where status = 'open';
create index suggestions_status_kind on planning.suggestions (status, kind);

-- Decided suggestions are frozen: the one allowed change is open → a final status.
create function planning.guard_suggestion() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:planning suggestions cannot be deleted';
  end if;
  if old.status <> 'open' then
    raise exception 'LEDGERLOOP:ALREADY_DECIDED:planning suggestion % is already %', old.id, old.status;
  end if;
  if (new.id, new.kind, new.natural_key, new.first_run_id, new.created_at) is distinct from (old.id, old.kind, old.natural_key, old.first_run_id, old.created_at) then
    raise exception 'LEDGERLOOP:IMMUTABLE:planning suggestion % cannot change its identity', old.id;
  end if;
  return new;
end $$;
create trigger suggestions_guard before update or delete on planning.suggestions
  for each row execute function planning.guard_suggestion();

-- The one decision that closed a suggestion: a planner's accept, modify (accept with changes) or
-- reject, or the system's expiry. `changes` holds {field: {before, after}} of a modification;
-- the document is what the owning area created on acceptance.
create table planning.decisions (
  id             serial primary key,
  suggestion_id  int not null unique references planning.suggestions,
  decision       text not null check (decision in ('accepted', 'modified', 'rejected', 'expired')),
  decided_on     date not null,
  decided_at     timestamptz not null default now(),
  decided_by     text not null,
  reason         text,
  -- The proposal as accepted (after changes), for accepted and modified decisions.
  accepted       jsonb,
  changes        jsonb not null default '{}' check (jsonb_typeof(changes) = 'object'),
  document_type  text,
  document_id    int,
  document_no    text,
  constraint decision_reason_when_rejected check (decision <> 'rejected' or coalesce(length(trim(reason)), 0) > 0),
  constraint decision_document_when_accepted check ((decision in ('accepted', 'modified')) = (document_type is not null and document_id is not null and accepted is not null)),
  constraint decision_changes_when_modified check (decision = 'modified' or changes = '{}'::jsonb)
);
create index decisions_decided_on on planning.decisions (decided_on);
create trigger decisions_immutable before update or delete on planning.decisions
  for each row execute function core.refuse_change();

-- How a suggestion compared with what happened, measured by a later run (one row per date).
create table planning.outcomes (
  suggestion_id int not null references planning.suggestions,
  measured_on   date not null,
  outcome       jsonb not null check (jsonb_typeof(outcome) = 'object'),
  recorded_at   timestamptz not null default now(),
  recorded_by   text not null,
  primary key (suggestion_id, measured_on)
);
