-- Access: who may use the dashboards and how. Users with a role (and, for an executive or a
-- planner, optionally one region they are limited to), their sessions, the failed sign-ins that
-- rate-limit guessing, and the append-only audit log of sign-ins, user changes and the decisions
-- and saved queries other areas report. Passwords are stored only as scrypt hashes; session
-- tokens only as their SHA-256.

create schema if not exists access;

create table access.users (
  id                   serial primary key,
  -- An e-mail address or a plain name, kept in lower case: sign-in ignores case.
  username             text not null unique check (username ~ '^[a-z0-9][a-z0-9._@+-]{1,99}$'),
  display_name         text not null check (length(btrim(display_name)) between 1 and 200),
  role                 text not null check (role in ('executive', 'analyst', 'planner', 'admin')),
  -- The one region an executive or planner sees; null sees every region.
  region               text references core.regions,
  disabled             boolean not null default false,
  -- '$scrypt$ln=15,r=8,p=3$<salt>$<hash>' (base64): the parameters travel with the hash, so
  -- stronger ones can be adopted later without invalidating stored passwords.
  password_hash        text not null check (password_hash like '$scrypt$%'),
  -- A generated (one-time) password must be replaced at the next sign-in.
  must_change_password boolean not null default true,
  password_set_at      timestamptz not null default now(),
  created_at           timestamptz not null default now(),
  created_by           text not null,
  updated_at           timestamptz not null default now(),
  constraint users_region_only_when_scoped check (region is null or role in ('executive', 'planner'))
);

-- A signed-in browser. The cookie carries a random token; only its hash is stored, so a copy of
-- this table signs nobody in. Revoked on sign-out, when the user is disabled or their password
-- is reset or changed.
create table access.sessions (
  token_hash     text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id        int not null references access.users,
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null,
  last_seen_at   timestamptz not null default now(),
  revoked_at     timestamptz,
  revoked_reason text,
  ip             text,
  user_agent     text,
  constraint sessions_expire_after_creation check (expires_at > created_at),
  constraint sessions_revoked_with_reason check ((revoked_at is null) = (revoked_reason is null))
);
create index sessions_user on access.sessions (user_id) where revoked_at is null;

-- Failed (and in-flight) sign-in attempts, per name tried and client address: enough of them
-- in a window locks that pair (and, many more, that address) out for a while. A successful
-- sign-in clears its pair. Names that do not exist are counted alike.
create table access.login_failures (
  id        bigserial primary key,
  username  text not null,
  ip        text not null,
  failed_at timestamptz not null default now()
);
create index login_failures_pair on access.login_failures (username, ip, failed_at);
create index login_failures_ip on access.login_failures (ip, failed_at);

-- Append-only: who did what, when and from where. `action` is 'area.verb' (login.succeeded,
-- user.added, planning.suggestion_accepted...), `subject` what it concerned ('user:ann').
create table access.audit_log (
  id      bigserial primary key,
  at      timestamptz not null default now(),
  actor   text not null check (length(actor) between 1 and 200),
  action  text not null check (action ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$'),
  subject text check (length(subject) <= 200),
  ip      text,
  detail  jsonb not null default '{}' check (jsonb_typeof(detail) = 'object')
);
create index audit_log_action on access.audit_log (action, id);
create index audit_log_actor on access.audit_log (actor, id);

create function access.refuse_audit_change() returns trigger language plpgsql as $$
begin
  raise exception 'LEDGERLOOP:IMMUTABLE:the audit log is append-only; its entries cannot be %d', lower(tg_op);
end $$;
create trigger audit_log_append_only before update or delete on access.audit_log
  for each row execute function access.refuse_audit_change();
