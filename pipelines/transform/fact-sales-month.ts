import type { Duck } from '../warehouse/duck.js';

/**
 * fact_sales_month, derived inside the warehouse from fact_sales_line: the lines summed per month
 * of order and of first invoice, currency, customer region, item category and warehouse, so the
 * Overview's revenue, margin and currency rates read a few thousand rows instead of every line.
 *
 * A sales line changes (deliveries, invoices, credits) but never its order date, and the
 * customer and item versions it points at are fixed when it is first recorded; so a run changes
 * only the order months of its new and changed lines. Those months, from the first of them on,
 * are summed again from fact_sales_line (whose row groups of earlier order dates DuckDB skips by
 * their min/max statistics); earlier months stay. That gives the same table as summing
 * everything. Expects `new_fact_sales_line` (this run's lines), after the load.
 */
export const SALES_MONTH = 'fact_sales_month';

/** Brings fact_sales_month up to date with the lines loaded by this run; returns the rows written. */
export async function refreshSalesMonth(duck: Duck): Promise<number> {
  const [first] = await duck.all<{ month: string | null }>(`select date_trunc('month', min(order_date))::date::varchar as month from new_fact_sales_line`);
  const from = first!.month;
  if (from === null) return 0;
  await duck.run(`delete from ${SALES_MONTH} where order_month >= date '${from}'`);
  return duck.run(`insert into ${SALES_MONTH}
    select date_trunc('month', f.order_date)::date, date_trunc('month', f.first_invoice_date)::date, f.currency, c.region, p.category, f.warehouse_id,
           count(*), sum(f.order_rate), sum(f.invoiced_net_functional)::bigint, sum(f.net_revenue_functional)::bigint, sum(f.gross_margin_functional)::bigint
      from fact_sales_line f
      left join dim_customer c using (customer_key)
      left join dim_product p using (product_key)
     where f.order_date >= date '${from}'
     group by all
     order by 1, 2, 3, 4, 5, 6`);
}
