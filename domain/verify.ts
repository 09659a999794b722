import { sql, type Kysely } from 'kysely';
import type { DB } from './db/tables.js';
import { pipelineChecks } from './crm/pipeline/queries.js';
import { ORGANISATION_CHECKS } from './people/payroll/checks.js';
import { STOCK_OPERATIONS_CHECKS } from './erp/production/checks.js';

/**
 * Checks the whole database for the drifts other ERPs run repair jobs for, and names each one.
 * Every check is one query returning the rows that break it; an empty result is a pass.
 */
export interface Breach {
  check: string;
  subject: string;
  expected: number;
  actual: number;
}

export interface VerifyReport {
  ok: boolean;
  checks: { name: string; description: string; breaches: number }[];
  breaches: Breach[];
}

interface Check {
  name: string;
  description: string;
  query: ReturnType<typeof sql<{ subject: string; expected: number; actual: number }>>;
}

const role = (r: string) => sql`(select account_code from finance.account_roles where role = ${r})`;

const CHECKS: Check[] = [
  {
    name: 'journal_entries_balance',
    description: 'every journal entry has equal debits and credits',
    query: sql`select 'entry ' || e.entry_no as subject, sum(l.debit)::bigint as expected, sum(l.credit)::bigint as actual
                 from finance.journal_entries e join finance.journal_lines l on l.entry_id = e.id
                group by e.entry_no having sum(l.debit) <> sum(l.credit)`,
  },
  {
    name: 'trial_balance',
    description: 'total debits equal total credits',
    query: sql`select 'ledger' as subject, coalesce(sum(debit), 0)::bigint as expected, coalesce(sum(credit), 0)::bigint as actual
                 from finance.journal_lines having coalesce(sum(debit), 0) <> coalesce(sum(credit), 0)`,
  },
  {
    name: 'stock_matches_ledger',
    description: 'on-hand quantity and value per item and warehouse equal the sums of their stock moves',
    query: sql`select 'item ' || coalesce(s.item_id, m.item_id) || ' warehouse ' || coalesce(s.warehouse_id, m.warehouse_id) || ' ' || k.what as subject,
                      k.ledger as expected, k.stock as actual
                 from erp.stock s
                 full join (select item_id, warehouse_id, sum(quantity)::bigint as q, sum(value)::bigint as v from erp.stock_moves group by 1, 2) m
                   on m.item_id = s.item_id and m.warehouse_id = s.warehouse_id
                 cross join lateral (values ('quantity', coalesce(m.q, 0), coalesce(s.on_hand, 0)), ('value', coalesce(m.v, 0), coalesce(s.value, 0))) as k(what, ledger, stock)
                where k.ledger <> k.stock`,
  },
  {
    name: 'reservations_match_orders',
    description: 'reserved stock equals the reservations of open order lines and never exceeds on hand',
    query: sql`select 'item ' || s.item_id || ' warehouse ' || s.warehouse_id as subject, coalesce(r.q, 0)::bigint as expected, s.reserved as actual
                 from erp.stock s
                 left join (select l.item_id, o.warehouse_id, sum(l.reserved_qty) as q
                              from erp.sales_order_lines l join erp.sales_orders o on o.id = l.order_id group by 1, 2) r
                   on r.item_id = s.item_id and r.warehouse_id = s.warehouse_id
                where s.reserved <> coalesce(r.q, 0) or s.reserved > s.on_hand or s.on_hand < 0`,
  },
  {
    name: 'inventory_control_account',
    description: 'the inventory account balance equals the value of stock',
    query: sql`select 'inventory' as subject, (select coalesce(sum(value), 0) from erp.stock)::bigint as expected,
                      coalesce(sum(debit - credit), 0)::bigint as actual
                 from finance.journal_lines where account_code = ${role('inventory')}
               having coalesce(sum(debit - credit), 0) <> (select coalesce(sum(value), 0) from erp.stock)`,
  },
  {
    name: 'receivables_control_account',
    description: 'receivables per customer equal open invoices less unallocated payments',
    query: sql`with gl as (select customer_id, sum(debit - credit) as b from finance.journal_lines where account_code = ${role('receivables')} group by 1),
                    sub as (select customer_id, sum(b) as b from (
                              select customer_id, open_functional as b from erp.customer_invoices
                              union all select customer_id, -unallocated_functional from erp.customer_payments) x group by 1)
               select 'customer ' || coalesce(gl.customer_id::text, sub.customer_id::text, 'none') as subject,
                      coalesce(sub.b, 0)::bigint as expected, coalesce(gl.b, 0)::bigint as actual
                 from gl full join sub on sub.customer_id = gl.customer_id
                where coalesce(gl.b, 0) <> coalesce(sub.b, 0) or (gl.customer_id is null and gl.b is not null)`,
  },
  {
    name: 'payables_control_account',
    description: 'payables per supplier equal open bills less unallocated payments',
    query: sql`with gl as (select supplier_id, sum(credit - debit) as b from finance.journal_lines where account_code = ${role('payables')} group by 1),
                    sub as (select supplier_id, sum(b) as b from (
                              select supplier_id, open_functional as b from scm.vendor_bills
                              union all select supplier_id, -unallocated_functional from scm.supplier_payments) x group by 1)
               select 'supplier ' || coalesce(gl.supplier_id::text, sub.supplier_id::text, 'none') as subject,
                      coalesce(sub.b, 0)::bigint as expected, coalesce(gl.b, 0)::bigint as actual
                 from gl full join sub on sub.supplier_id = gl.supplier_id
                where coalesce(gl.b, 0) <> coalesce(sub.b, 0) or (gl.supplier_id is null and gl.b is not null)`,
  },
  {
    name: 'grni_control_account',
    description: 'goods received not invoiced per supplier equals received value not yet billed',
    query: sql`with gl as (select supplier_id, sum(credit - debit) as b from finance.journal_lines where account_code = ${role('grni')} group by 1),
                    sub as (select p.supplier_id, sum(l.received_value - l.grni_cleared) as b
                              from scm.purchase_order_lines l join scm.purchase_orders p on p.id = l.po_id group by 1)
               select 'supplier ' || coalesce(gl.supplier_id::text, sub.supplier_id::text, 'none') as subject,
                      coalesce(sub.b, 0)::bigint as expected, coalesce(gl.b, 0)::bigint as actual
                 from gl full join sub on sub.supplier_id = gl.supplier_id
                where coalesce(gl.b, 0) <> coalesce(sub.b, 0)`,
  },
  {
    name: 'order_lines_match_documents',
    description: 'delivered and invoiced quantities on order lines equal their deliveries and invoices',
    query: sql`select 'order line ' || l.id || ' ' || k.what as subject, k.docs as expected, k.line as actual
                 from erp.sales_order_lines l
                 left join (select order_line_id, sum(quantity) as q from erp.delivery_lines group by 1) d on d.order_line_id = l.id
                 left join (select order_line_id, sum(quantity) as q from erp.customer_invoice_lines group by 1) i on i.order_line_id = l.id
                 cross join lateral (values ('delivered', coalesce(d.q, 0)::bigint, l.delivered_qty), ('invoiced', coalesce(i.q, 0)::bigint, l.invoiced_qty)) as k(what, docs, line)
                where k.docs <> k.line`,
  },
  {
    name: 'open_amounts_match_settlements',
    description: 'each invoice\'s open amount equals gross less credit notes and allocations',
    query: sql`select 'invoice ' || i.invoice_no as subject,
                      (i.gross_amount - coalesce(c.a, 0) - coalesce(a.a, 0))::bigint as expected, i.open_amount as actual
                 from erp.customer_invoices i
                 left join (select invoice_id, sum(gross_amount) as a from erp.credit_notes group by 1) c on c.invoice_id = i.id
                 left join (select invoice_id, sum(amount) as a from erp.payment_allocations group by 1) a on a.invoice_id = i.id
                where i.open_amount <> i.gross_amount - coalesce(c.a, 0) - coalesce(a.a, 0)`,
  },
  // Lots, production, transfers and stocktakes (domain/erp/production/checks.ts).
  ...STOCK_OPERATIONS_CHECKS,
  // Payroll liabilities and accrued expenses (domain/people/payroll/checks.ts).
  ...ORGANISATION_CHECKS,
];

export async function verify(db: Kysely<DB>): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, checks: [], breaches: [] };
  for (const check of CHECKS) {
    const { rows } = await check.query.execute(db);
    report.checks.push({ name: check.name, description: check.description, breaches: rows.length });
    for (const r of rows) report.breaches.push({ check: check.name, subject: r.subject, expected: Number(r.expected), actual: Number(r.actual) });
  }
  // The CRM pipeline's ownership and history invariants (domain/crm/pipeline/queries.ts).
  for (const check of await pipelineChecks(db)) {
    report.checks.push(check);
    if (check.breaches > 0) report.breaches.push({ check: check.name, subject: `${check.breaches} rows`, expected: 0, actual: check.breaches });
  }
  report.ok = report.breaches.length === 0;
  return report;
}
