-- Suppliers as they are now, for naming scorecard rows: code, name and lifecycle status.
select s.supplier_id, s.code, s.legal_name, s.status
  from dim_supplier s
 where s.is_current
 order by s.supplier_id
