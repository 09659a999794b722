create table if not exists fact_asn (
  asn_id            integer not null,
  asn_no            varchar not null,
  purchase_order_id integer not null,
  po_no             varchar not null,
  supplier_key      bigint,
  supplier_id       integer not null,
  supplier_ref      varchar,
  status            varchar not null,
  ship_date         date not null,
  ship_date_key     integer not null,
  expected_date     date not null,
  expected_date_key integer not null,
  received_date     date,
  received_date_key integer,
  receipt_id        integer,
  receipt_no        varchar,
  lines             integer not null,
  shipped_qty       bigint not null,
  days_in_transit   integer,
  days_late         integer,
  recorded_at       timestamptz not null
);
comment on table fact_asn is 'One row per advance shipping notice (scm.asns): a supplier''s announcement of a shipment against a purchase order, with the date it promised and the date the goods were received.';
comment on column fact_asn.asn_id is 'Business key: scm.asns.id.';
comment on column fact_asn.asn_no is 'ASN number (ASN-…).';
comment on column fact_asn.purchase_order_id is 'The purchase order shipped against; a re-extracted order replaces all its ASNs.';
comment on column fact_asn.po_no is 'Purchase order number.';
comment on column fact_asn.supplier_key is 'dim_supplier version in force when the ASN was recorded.';
comment on column fact_asn.supplier_id is 'Durable supplier id.';
comment on column fact_asn.supplier_ref is 'The supplier''s own reference (delivery note number), if given.';
comment on column fact_asn.status is 'in_transit, received or cancelled at the last load.';
comment on column fact_asn.ship_date is 'Date the supplier shipped.';
comment on column fact_asn.ship_date_key is 'Ship date as YYYYMMDD, joins dim_date.';
comment on column fact_asn.expected_date is 'Arrival date the ASN promised.';
comment on column fact_asn.expected_date_key is 'Promised date as YYYYMMDD, joins dim_date.';
comment on column fact_asn.received_date is 'Date the shipment was received; null until then.';
comment on column fact_asn.received_date_key is 'Received date as YYYYMMDD; null until received.';
comment on column fact_asn.receipt_id is 'The goods receipt that received it (fact_receipt_inspection.receipt_id); null until received.';
comment on column fact_asn.receipt_no is 'Goods receipt number; null until received.';
comment on column fact_asn.lines is 'Number of purchase order lines the ASN ships.';
comment on column fact_asn.shipped_qty is 'Units announced, summed over its lines (items differ: a count of units, not a value).';
comment on column fact_asn.days_in_transit is 'received_date − ship_date in days; null until received.';
comment on column fact_asn.days_late is 'received_date − expected_date in days (negative = early); null until received.';
comment on column fact_asn.recorded_at is 'When the ASN was recorded; picks the dimension versions.';
