-- Approvals: rules by document type, amount band and department give a chain of approver
-- roles; a request walks the chain one decision at a time. Used by every area (quotes,
-- contracts, credit holds, invoicing requests, returns, requisitions, purchase orders).
create schema if not exists approvals;

-- A rule is replaced, never edited: setting a rule for the same document type, department and
-- lower bound supersedes the active one (superseded_by), so the history of rules is kept.
create table approvals.rules (
  id            serial primary key,
  document_type text not null check (document_type ~ '^[a-z][a-z0-9_]{0,39}$'),
  department    text,
  min_amount    bigint not null check (min_amount >= 0),           -- functional minor units, inclusive
  max_amount    bigint check (max_amount is null or max_amount > min_amount), -- exclusive
  steps         text[] not null check (cardinality(steps) between 1 and 5),    -- approver roles, in order
  superseded_by int references approvals.rules,
  created_at    timestamptz not null default now(),
  created_by    text not null
);
create unique index rules_one_active on approvals.rules (document_type, coalesce(department, ''), min_amount) where superseded_by is null;

create function approvals.guard_rule() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:approval rules cannot be deleted; set a new rule to replace one';
  end if;
  if old.superseded_by is not null
     or (new.document_type, new.department, new.min_amount, new.max_amount, new.steps, new.created_by)
        is distinct from (old.document_type, old.department, old.min_amount, old.max_amount, old.steps, old.created_by) then
    raise exception 'LEDGERLOOP:IMMUTABLE:approval rule % cannot be changed; set a new rule to replace it', old.id;
  end if;
  return new;
end $$;
create trigger rules_guard before update or delete on approvals.rules
  for each row execute function approvals.guard_rule();

-- One request per submission of a document. `steps` is copied from the rule when the request
-- is made, so a later rule change never alters a chain already under way. `current_step` is
-- the 0-based index of the next step to decide (= cardinality(steps) once approved).
create table approvals.requests (
  id            serial primary key,
  document_type text not null,
  document_id   int not null,
  department    text,
  amount        bigint not null check (amount >= 0),
  summary       text,
  request_date  date not null,
  rule_id       int references approvals.rules,
  steps         text[] not null default '{}',
  current_step  int not null default 0,
  status        text not null check (status in ('pending', 'approved', 'rejected', 'superseded')),
  reason        text,                      -- 'no rule' when approved without a chain
  closed_date   date,                      -- when it was approved, rejected or superseded
  created_at    timestamptz not null default now(),
  created_by    text not null,
  constraint request_step_within_chain check (current_step between 0 and cardinality(steps)),
  constraint request_approved_at_end check (status <> 'approved' or current_step = cardinality(steps)),
  constraint request_pending_has_rule check (status <> 'pending' or rule_id is not null)
);
create index requests_document on approvals.requests (document_type, document_id, id);
create unique index requests_one_pending on approvals.requests (document_type, document_id) where status = 'pending';
create index requests_pending on approvals.requests (id) where status = 'pending';

-- A request moves forward one step at a time and, once decided or superseded, never changes.
create function approvals.guard_request() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:approval requests cannot be deleted';
  end if;
  if old.status <> 'pending' then
    raise exception 'LEDGERLOOP:CONFLICT:approval request % is already %', old.id, old.status;
  end if;
  if (new.document_type, new.document_id, new.department, new.amount, new.summary, new.request_date, new.rule_id, new.steps, new.created_by)
     is distinct from
     (old.document_type, old.document_id, old.department, old.amount, old.summary, old.request_date, old.rule_id, old.steps, old.created_by) then
    raise exception 'LEDGERLOOP:IMMUTABLE:approval request % cannot be changed', old.id;
  end if;
  if new.current_step not in (old.current_step, old.current_step + 1) then
    raise exception 'LEDGERLOOP:CONFLICT:approval request % moves one step at a time', old.id;
  end if;
  return new;
end $$;
create trigger requests_guard before update or delete on approvals.requests
  for each row execute function approvals.guard_request();

-- The audit trail: one row per decision, never updated or deleted. Each step is decided once,
-- and one employee decides at most one step of a request.
create table approvals.decisions (
  id            serial primary key,
  request_id    int not null references approvals.requests,
  step_no       int not null check (step_no >= 0),  -- 0-based index into the request's steps
  step_role     text not null,                      -- the role the step asked for
  approver_id   int not null references people.employees,
  approver_role text not null,                      -- the role the approver held when deciding
  decision      text not null check (decision in ('approve', 'reject')),
  comment       text,
  decision_date date not null,
  created_at    timestamptz not null default now(),
  created_by    text not null,
  -- A general manager may decide any step; everyone else only steps asking for their role.
  constraint decision_role_qualifies check (approver_role = step_role or approver_role = 'manager'),
  constraint decisions_one_per_step unique (request_id, step_no),
  constraint decisions_one_per_approver unique (request_id, approver_id)
);

-- A decision must name a step that exists on its request and the role that step asks for.
create function approvals.check_decision() returns trigger language plpgsql as $$
declare
  chain text[];
begin
  select steps into chain from approvals.requests where id = new.request_id;
  if chain is null or new.step_no >= cardinality(chain) or chain[new.step_no + 1] <> new.step_role then
    raise exception 'LEDGERLOOP:CONFLICT:step % of approval request % does not ask for role %', new.step_no + 1, new.request_id, new.step_role;
  end if;
  return new;
end $$;
create trigger decisions_check before insert on approvals.decisions
  for each row execute function approvals.check_decision();
create trigger decisions_immutable before update or delete on approvals.decisions
  for each row execute function core.refuse_change();
