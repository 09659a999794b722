/**
 * What a new notebook starts from in the browser (/notebooks/new): a short notebook that runs
 * on any Ledgerloop warehouse and shows each part of the format once — front matter with a
 * parameter, a SQL block, a chart of it, an inline value — for the analyst to rewrite.
 */
const fence = '```';

export const NEW_NOTEBOOK_TEMPLATE = `---
title: Revenue by month
description: Net revenue per month since a chosen date.
params: from:date=2024-01-01
---

# Revenue by month

Write prose in Markdown. Each SQL block is one SELECT on the
warehouse, run read-only; a later block reads an earlier one as a
table of its name, and \`$from\` is the parameter above.

${fence}sql name=revenue_by_month
select date_trunc('month', order_date)::date as month,
       sum(net_revenue_functional) as net_revenue
  from fact_sales_line
 where order_date >= $from
 group by 1
 order by 1
${fence}

${fence}chart data=revenue_by_month
{"marks": [
   {"type": "lineY", "x": "month", "y": "net_revenue", "tip": true},
   {"type": "ruleY", "values": [0]}],
 "x": {"label": null},
 "y": {"label": "net revenue", "grid": true, "tickFormat": "~s"}}
${fence}

Sales in {{ revenue_by_month.rows }} months since the start date.
`;
