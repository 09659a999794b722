-- The latest business day the warehouse holds an order for: the day forecasts look from by
-- default (the demo company's books end on its last simulated day, not today).
select max(order_date) as through, count(*) as sales_lines from fact_sales_line
