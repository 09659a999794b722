-- Posted purchasing documents and stock adjustments are immutable like their sales counterparts;
-- of a bill or a supplier payment only the open (unsettled) amounts may change.
create trigger goods_receipts_immutable before update or delete on scm.goods_receipts
  for each row execute function core.refuse_change();
create trigger stock_adjustments_immutable before update or delete on erp.stock_adjustments
  for each row execute function core.refuse_change();
create trigger stock_adjustment_lines_immutable before update or delete on erp.stock_adjustment_lines
  for each row execute function core.refuse_change();

create function scm.guard_posted_bill() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted bills cannot be deleted; record a credit from the supplier';
  end if;
  if (new.bill_no, new.supplier_ref, new.supplier_id, new.bill_date, new.currency, new.rate, new.gross_amount, new.gross_functional)
     is distinct from
     (old.bill_no, old.supplier_ref, old.supplier_id, old.bill_date, old.currency, old.rate, old.gross_amount, old.gross_functional) then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted bill % cannot be changed', old.bill_no;
  end if;
  return new;
end $$;
create trigger vendor_bills_guard before update or delete on scm.vendor_bills
  for each row execute function scm.guard_posted_bill();

create function scm.guard_posted_supplier_payment() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted payments cannot be deleted; reverse them';
  end if;
  if (new.payment_no, new.supplier_id, new.payment_date, new.currency, new.rate, new.amount, new.amount_functional)
     is distinct from
     (old.payment_no, old.supplier_id, old.payment_date, old.currency, old.rate, old.amount, old.amount_functional) then
    raise exception 'LEDGERLOOP:IMMUTABLE:posted payment % cannot be changed', old.payment_no;
  end if;
  return new;
end $$;
create trigger supplier_payments_guard before update or delete on scm.supplier_payments
  for each row execute function scm.guard_posted_supplier_payment();
