import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { activitiesForCustomer, opportunitiesForCustomer, type ActivityRecord, type OpportunityRecord } from '../pipeline/index.js';
import { returnsForCustomer, ticketsForCustomer, type ReturnRecord, type TicketRecord } from '../after-sales/index.js';
import { contractsForCustomer, quotesForCustomer, type ContractView, type QuoteSummary } from './queries.js';

/**
 * Everything about one account in one call: the account (owner, source, campaign), contacts,
 * activities, opportunities, quotes, orders, contracts with their instalments, invoices, the
 * open balance, returns and service tickets. Each area's part comes from its own query function;
 * orders and invoices are read straight from ERP's tables (read-only).
 */
export interface Customer360 {
  account: {
    id: number;
    code: string;
    name: string;
    region: string;
    segment: string;
    currency: string;
    status: string;
    paymentTermsDays: number;
    /** Functional minor units; null = no limit. */
    creditLimit: number | null;
    priceListCode: string | null;
    owner: { id: number; code: string; name: string; role: string } | null;
    source: { code: string; name: string } | null;
    campaign: { id: number; code: string; name: string; channel: string } | null;
    createdAt: Date;
  };
  contacts: { id: number; name: string; email: string | null; phone: string | null; role: string | null }[];
  activities: ActivityRecord[];
  opportunities: OpportunityRecord[];
  quotes: QuoteSummary[];
  orders: { orderId: number; orderNo: string; date: string; status: string; currency: string; net: number; tax: number; holdReason: string | null; contractId: number | null; quoteId: number | null }[];
  contracts: ContractView[];
  invoices: { invoiceId: number; invoiceNo: string; date: string; dueDate: string; currency: string; gross: number; open: number; orderId: number | null; kind: 'goods' | 'service' }[];
  /**
   * What the customer owes: open invoices less unallocated payments, in functional minor units
   * (as the receivables ledger carries them) and per currency; `overdue` as of `asOf`.
   */
  openBalance: { functional: number; overdueFunctional: number; asOf: string | null; byCurrency: { currency: string; openInvoices: number; unallocatedPayments: number; balance: number }[] };
  returns: ReturnRecord[];
  tickets: TicketRecord[];
}

/** The customer 360; undefined when there is no such customer. `asOf` (default: the latest invoice date) dates the overdue figure. */
export async function customer360(db: Kysely<DB>, customerId: number, options: { asOf?: string } = {}): Promise<Customer360 | undefined> {
  const account = await accountOf(db, customerId);
  if (!account) return undefined;
  const [contacts, activities, opportunities, quotes, orders, contracts, invoices, balance, returns, tickets] = await Promise.all([
    db.selectFrom('crm.contacts').select(['id', 'name', 'email', 'phone', 'role']).where('customer_id', '=', customerId).orderBy('id').execute(),
    activitiesForCustomer(db, customerId),
    opportunitiesForCustomer(db, customerId),
    quotesForCustomer(db, customerId),
    ordersOf(db, customerId),
    contractsForCustomer(db, customerId),
    invoicesOf(db, customerId),
    balanceOf(db, customerId, options.asOf),
    returnsForCustomer(db, customerId),
    ticketsForCustomer(db, customerId),
  ]);
  return { account, contacts, activities, opportunities, quotes, orders, contracts, invoices, openBalance: balance, returns, tickets };
}

async function accountOf(db: Kysely<DB>, customerId: number): Promise<Customer360['account'] | undefined> {
  const { rows } = await sql<Customer360['account']>`
    select c.id, c.code, c.name, c.region, c.segment, c.currency, c.status, c.payment_terms_days as "paymentTermsDays", c.credit_limit as "creditLimit",
           c.price_list_code as "priceListCode", c.created_at as "createdAt",
           case when e.id is null then null else jsonb_build_object('id', e.id, 'code', e.code, 'name', e.name, 'role', e.role) end as owner,
           case when s.code is null then null else jsonb_build_object('code', s.code, 'name', s.name) end as source,
           case when k.id is null then null else jsonb_build_object('id', k.id, 'code', k.code, 'name', k.name, 'channel', k.channel) end as campaign
      from crm.customers c
      left join people.employees e on e.id = c.owner_id
      left join crm.lead_sources s on s.code = c.source_code
      left join crm.campaigns k on k.id = c.campaign_id
     where c.id = ${customerId}`.execute(db);
  return rows[0];
}

async function ordersOf(db: Kysely<DB>, customerId: number): Promise<Customer360['orders']> {
  const { rows } = await sql<Customer360['orders'][number]>`
    select o.id as "orderId", o.order_no as "orderNo", o.order_date as date, o.status, o.currency, o.net_amount as net, o.tax_amount as tax,
           o.hold_reason as "holdReason", (select co.contract_id from crm.contract_orders co where co.order_id = o.id) as "contractId",
           (select q.id from crm.quotes q where q.sales_order_id = o.id) as "quoteId"
      from erp.sales_orders o where o.customer_id = ${customerId} order by o.order_date desc, o.id desc`.execute(db);
  return rows;
}

async function invoicesOf(db: Kysely<DB>, customerId: number): Promise<Customer360['invoices']> {
  const { rows } = await sql<Customer360['invoices'][number]>`
    select i.id as "invoiceId", i.invoice_no as "invoiceNo", i.invoice_date as date, i.due_date as "dueDate", i.currency, i.gross_amount as gross,
           i.open_amount as open, i.order_id as "orderId", case when i.order_id is null then 'service' else 'goods' end as kind
      from erp.customer_invoices i where i.customer_id = ${customerId} order by i.invoice_date desc, i.id desc`.execute(db);
  return rows;
}

async function balanceOf(db: Kysely<DB>, customerId: number, asOf: string | undefined): Promise<Customer360['openBalance']> {
  const { rows } = await sql<{ currency: string; open_invoices: number; unallocated: number; open_f: number; unallocated_f: number; overdue_f: number; as_of: string | null }>`
    with d as (select coalesce(${asOf ?? null}::date, (select max(invoice_date) from erp.customer_invoices where customer_id = ${customerId}))::text as as_of),
    x as (
      select currency, open_amount as open_invoices, 0::bigint as unallocated, open_functional as open_f, 0::bigint as unallocated_f,
             case when due_date < (select as_of::date from d) then open_functional else 0 end as overdue_f
        from erp.customer_invoices where customer_id = ${customerId} and open_amount > 0
      union all
      select currency, 0, unallocated, 0, unallocated_functional, 0 from erp.customer_payments where customer_id = ${customerId} and unallocated > 0
    )
    select x.currency, sum(open_invoices)::bigint as open_invoices, sum(unallocated)::bigint as unallocated, sum(open_f)::bigint as open_f,
           sum(unallocated_f)::bigint as unallocated_f, sum(overdue_f)::bigint as overdue_f, (select as_of from d) as as_of
      from x group by x.currency order by x.currency`.execute(db);
  const asOfDate = rows[0]?.as_of ?? asOf ?? null;
  return {
    functional: rows.reduce((s, r) => s + r.open_f - r.unallocated_f, 0),
    overdueFunctional: rows.reduce((s, r) => s + r.overdue_f, 0),
    asOf: asOfDate,
    byCurrency: rows.map((r) => ({ currency: r.currency, openInvoices: r.open_invoices, unallocatedPayments: r.unallocated, balance: r.open_invoices - r.unallocated })),
  };
}

/** A customer's id from its code ('C000123') or its id as text; undefined when there is none. */
export async function findCustomerId(db: Kysely<DB>, codeOrId: string): Promise<number | undefined> {
  const key = codeOrId.trim();
  const asId = /^\d{1,9}$/.test(key) ? Number(key) : null;
  const row = await db
    .selectFrom('crm.customers')
    .select('id')
    .where((eb) => (asId === null ? eb('code', '=', key) : eb.or([eb('id', '=', asId), eb('code', '=', key)])))
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}
