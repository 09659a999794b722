-- Supplier standings from the supplier scorecard (warehouse/models/suppliers, recorded by
-- scm.recordSupplierStandings): each supplier's standing — preferred, approved, watch or blocked —
-- with the score, grade and reason behind it, the period and scoring date it was computed for,
-- and the model version. Purchasing acts on it: a purchase order to a supplier whose standing is
-- blocked is refused (SUPPLIER_BLOCKED_BY_SCORECARD), one on watch goes through with a warning.
-- It sits beside the lifecycle status (0012), which stays the people's decision: a supplier
-- blocked there is refused as SUPPLIER_BLOCKED whatever its standing.

-- Append-only: every standing ever recorded. Inserting a row applies it to the current standings.
create table scm.supplier_standing_history (
  id            serial primary key,
  supplier_id   int not null references scm.suppliers,
  standing      text not null check (standing in ('preferred', 'approved', 'watch', 'blocked')),
  score         numeric(5, 2) not null check (score between 0 and 100),
  grade         text not null check (grade in ('A', 'B', 'C', 'D')),
  reason        text not null check (btrim(reason) <> ''),
  period        text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'),
  model_version text not null check (btrim(model_version) <> ''),
  as_of         date not null,
  recorded_by   text not null,
  recorded_at   timestamptz not null default now()
);
create index supplier_standing_history_supplier on scm.supplier_standing_history (supplier_id, id);
create trigger supplier_standing_history_immutable before update or delete on scm.supplier_standing_history
  for each row execute function core.refuse_change();

-- The standing in force: one row per supplier that has one, the latest history row applied.
create table scm.supplier_standings (
  supplier_id   int primary key references scm.suppliers,
  history_id    int not null unique references scm.supplier_standing_history,
  standing      text not null check (standing in ('preferred', 'approved', 'watch', 'blocked')),
  score         numeric(5, 2) not null,
  grade         text not null,
  reason        text not null,
  period        text not null,
  model_version text not null,
  as_of         date not null,
  recorded_at   timestamptz not null
);
create index supplier_standings_blocked on scm.supplier_standings (supplier_id) where standing = 'blocked';

-- A history row becomes the current standing, unless the supplier already has one for a later
-- scoring date (standings move forward in time; re-recording the same date replaces it).
create function scm.apply_supplier_standing() returns trigger language plpgsql as $$
declare
  current_as_of date;
begin
  select s.as_of into current_as_of from scm.supplier_standings s where s.supplier_id = new.supplier_id for update;
  if current_as_of > new.as_of then
    raise exception 'LEDGERLOOP:CONFLICT:supplier % already has a standing as of %, later than %', new.supplier_id, current_as_of, new.as_of;
  end if;
  insert into scm.supplier_standings (supplier_id, history_id, standing, score, grade, reason, period, model_version, as_of, recorded_at)
  values (new.supplier_id, new.id, new.standing, new.score, new.grade, new.reason, new.period, new.model_version, new.as_of, new.recorded_at)
  on conflict (supplier_id) do update
    set history_id = excluded.history_id, standing = excluded.standing, score = excluded.score, grade = excluded.grade,
        reason = excluded.reason, period = excluded.period, model_version = excluded.model_version, as_of = excluded.as_of,
        recorded_at = excluded.recorded_at;
  return null;
end $$;
create trigger supplier_standing_history_apply after insert on scm.supplier_standing_history
  for each row execute function scm.apply_supplier_standing();

-- The current standings change only from inside the trigger above (trigger depth 2).
create function scm.guard_supplier_standings() returns trigger language plpgsql as $$
begin
  if pg_trigger_depth() < 2 then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:supplier standings change only by recording a standing (scm.supplier_standing_history)';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger supplier_standings_guard before insert or update or delete on scm.supplier_standings
  for each row execute function scm.guard_supplier_standings();

-- The backstop for every writer of purchase orders: none to a supplier whose standing is blocked.
-- scm.createPurchaseOrder refuses first, with the standing's reason; this catches the rest.
create function scm.check_po_supplier_standing() returns trigger language plpgsql as $$
declare
  s record;
begin
  select st.as_of, sp.code into s
    from scm.supplier_standings st join scm.suppliers sp on sp.id = st.supplier_id
   where st.supplier_id = new.supplier_id and st.standing = 'blocked';
  if found then
    raise exception 'LEDGERLOOP:SUPPLIER_BLOCKED_BY_SCORECARD:supplier % is blocked by its scorecard standing (as of %) and cannot receive purchase order %', s.code, s.as_of, new.po_no;
  end if;
  return null;
end $$;
create trigger purchase_orders_supplier_standing after insert on scm.purchase_orders
  for each row execute function scm.check_po_supplier_standing();
