import { sql, type Kysely } from 'kysely';
import type { DB } from './db/tables.js';

/** Document kinds that `ledgerloop status` counts, by the table that holds them. */
export const DOCUMENT_KINDS: Record<string, string> = {
  employees: 'people.employees',
  departments: 'people.departments',
  salary_changes: 'people.salaries',
  payroll_runs: 'people.payroll_runs',
  payslips: 'people.payslips',
  payroll_payments: 'people.payroll_payments',
  operating_expenses: 'people.operating_expenses',
  expense_payments: 'people.expense_payments',
  budget_versions: 'people.budget_versions',
  budget_lines: 'people.budget_lines',
  customers: 'crm.customers',
  contacts: 'crm.contacts',
  campaigns: 'crm.campaigns',
  leads: 'crm.leads',
  ownership_changes: 'crm.ownership_history',
  follow_ups: 'crm.follow_ups',
  activities: 'crm.activities',
  opportunities: 'crm.opportunities',
  opportunity_lines: 'crm.opportunity_lines',
  opportunity_stage_changes: 'crm.opportunity_stage_history',
  items: 'erp.items',
  warehouses: 'erp.warehouses',
  lots: 'erp.lots',
  bom_revisions: 'erp.bom_revisions',
  routings: 'erp.routings',
  work_centers: 'erp.work_centers',
  production_orders: 'erp.production_orders',
  production_issues: 'erp.production_issues',
  production_receipts: 'erp.production_receipts',
  production_events: 'erp.production_events',
  transfers: 'erp.transfers',
  transfer_receipts: 'erp.transfer_receipts',
  stocktakes: 'erp.stocktakes',
  sales_orders: 'erp.sales_orders',
  sales_order_lines: 'erp.sales_order_lines',
  deliveries: 'erp.deliveries',
  customer_invoices: 'erp.customer_invoices',
  credit_notes: 'erp.credit_notes',
  customer_payments: 'erp.customer_payments',
  stock_adjustments: 'erp.stock_adjustments',
  stock_moves: 'erp.stock_moves',
  suppliers: 'scm.suppliers',
  supplier_status_changes: 'scm.supplier_status_history',
  supplier_risk_flags: 'scm.supplier_risk_flags',
  supplier_certificates: 'scm.supplier_certificates',
  supplier_audits: 'scm.supplier_audits',
  audit_findings: 'scm.audit_findings',
  corrective_actions: 'scm.corrective_actions',
  supplier_prices: 'scm.supplier_prices',
  rfqs: 'scm.rfqs',
  rfq_responses: 'scm.rfq_responses',
  requisitions: 'scm.requisitions',
  purchase_orders: 'scm.purchase_orders',
  purchase_order_versions: 'scm.purchase_order_versions',
  asns: 'scm.asns',
  inspections: 'scm.inspections',
  supplier_returns: 'scm.supplier_returns',
  supplier_credits: 'scm.supplier_credits',
  payment_runs: 'scm.payment_runs',
  supplier_statements: 'scm.supplier_statements',
  goods_receipts: 'scm.goods_receipts',
  vendor_bills: 'scm.vendor_bills',
  supplier_payments: 'scm.supplier_payments',
  approval_rules: 'approvals.rules',
  approval_requests: 'approvals.requests',
  approval_decisions: 'approvals.decisions',
  quotes: 'crm.quotes',
  quote_versions: 'crm.quote_versions',
  quote_lines: 'crm.quote_lines',
  contracts: 'crm.contracts',
  contract_instalments: 'crm.contract_instalments',
  contract_orders: 'crm.contract_orders',
  invoicing_requests: 'crm.invoicing_requests',
  returns: 'crm.returns',
  return_lines: 'crm.return_lines',
  customer_refunds: 'erp.customer_refunds',
  service_tickets: 'crm.service_tickets',
  service_ticket_history: 'crm.service_ticket_history',
  journal_entries: 'finance.journal_entries',
  journal_lines: 'finance.journal_lines',
  events: 'core.outbox',
};

export async function documentCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const parts = Object.entries(DOCUMENT_KINDS).map(([kind, table]) => sql`select ${kind} as kind, count(*)::int as n from ${sql.table(table)}`);
  const { rows } = await sql<{ kind: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

export interface CompanySummary {
  company: string | null;
  functionalCurrency: string | null;
  revenue: number;
  costOfGoodsSold: number;
  grossMargin: number;
  grossMarginPct: number | null;
  stockValue: number;
  openReceivables: number;
  openPayables: number;
}

/** Headline figures from the ledger, all in functional minor units. */
export async function companySummary(db: Kysely<DB>): Promise<CompanySummary> {
  const { rows } = await sql<{ company: string | null; functional: string | null; revenue: number; cogs: number; stock: number; ar: number; ap: number }>`
    with roles as (select role, account_code from finance.account_roles),
    bal as (select account_code, sum(debit - credit)::bigint as b from finance.journal_lines group by 1)
    select (select value #>> '{}' from core.settings where key = 'company_name') as company,
           (select value #>> '{}' from core.settings where key = 'functional_currency') as functional,
           coalesce(-(select b from bal join roles on roles.account_code = bal.account_code where role = 'revenue'), 0)::bigint as revenue,
           coalesce((select b from bal join roles on roles.account_code = bal.account_code where role = 'cogs'), 0)::bigint as cogs,
           coalesce((select sum(value) from erp.stock), 0)::bigint as stock,
           coalesce((select b from bal join roles on roles.account_code = bal.account_code where role = 'receivables'), 0)::bigint as ar,
           coalesce(-(select b from bal join roles on roles.account_code = bal.account_code where role = 'payables'), 0)::bigint as ap`.execute(db);
  const r = rows[0]!;
  const margin = r.revenue - r.cogs;
  return {
    company: r.company,
    functionalCurrency: r.functional,
    revenue: r.revenue,
    costOfGoodsSold: r.cogs,
    grossMargin: margin,
    grossMarginPct: r.revenue === 0 ? null : Math.round((margin / r.revenue) * 1000) / 10,
    stockValue: r.stock,
    openReceivables: r.ar,
    openPayables: r.ap,
  };
}
