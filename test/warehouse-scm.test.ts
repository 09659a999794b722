import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sql } from 'kysely';
import { scm, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { simulationState } from '../domain/core/simulation-state.js';
import { runPipeline } from '../pipelines/index.js';
import type { TestDatabase } from './support/database.js';
import { simulatedWarehouse, type SimulatedWarehouse } from './support/simulated-warehouse.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

/**
 * The procure-to-pay facts against Postgres, computed independently: a small simulated company
 * (ASNs with inspections, requisitions, a month's supplier statements), then changes that only
 * reach a purchase order indirectly (an inspection is a receipt event, a new supplier price a
 * supplier event) and an incremental run that must equal a full rebuild.
 */
const COMPANY = { seed: 11, scale: 0.1, start: '2024-01-01' };
const SCM_FACTS = ['fact_requisition_line', 'fact_receipt_inspection', 'fact_supplier_statement_line', 'fact_asn', 'fact_purchase_line'];

describe('the procure-to-pay warehouse facts', () => {
  let company: SimulatedWarehouse;
  let database: TestDatabase;
  let ctx: Context;
  const warehouse = () => company.warehouse;
  const pg = async <T>(text: string) => (await sql<T>`${sql.raw(text)}`.execute(database.db)).rows;

  beforeAll(async () => {
    company = await simulatedWarehouse('ll-wh-scm-', { ...COMPANY, days: 60 });
    ({ database, ctx } = company);
  });
  afterAll(() => company?.remove());

  it('counts requisitions by status and links the ordered ones to the lines that order exactly them', async () => {
    const byStatus = await query(warehouse(), `
      select status, count(*)::int as n, sum(quantity)::bigint as qty, sum(days_request_to_order)::bigint as days from fact_requisition_line group by 1 order by 1`);
    expect(byStatus).toEqual(await pg(`
      select r.status, count(*)::int as n, sum(r.quantity)::bigint as qty, sum(p.order_date - r.request_date)::bigint as days
        from scm.requisitions r left join scm.purchase_order_lines l on l.id = r.po_line_id left join scm.purchase_orders p on p.id = l.po_id
       group by 1 order by 1`));
    expect(byStatus.map((r) => r.status)).toContain('ordered');
    // A line made from requisitions orders their sum (the demo company never changes an order).
    const unmatched = await query(warehouse(), `
      select r.purchase_order_line_id, sum(r.quantity) as requested, any_value(l.ordered_qty) as ordered
        from fact_requisition_line r left join fact_purchase_line l on l.purchase_order_line_id = r.purchase_order_line_id
       where r.status = 'ordered' group by 1 having sum(r.quantity) <> any_value(l.ordered_qty) or any_value(l.ordered_qty) is null`);
    expect(unmatched).toEqual([]);
  });

  it('carries every receipt line with its inspection, and inspections add up on the order lines', async () => {
    const totals = await query(warehouse(), `
      select count(*)::int as lines, count(*) filter (where inspected)::int as inspected, sum(received_qty)::bigint as received,
             sum(accepted_qty)::bigint as accepted, sum(rejected_qty)::bigint as rejected, count(asn_no)::int as with_asn
        from fact_receipt_inspection`);
    const [source] = await pg<Record<string, number>>(`
      select (select count(*)::int from scm.goods_receipt_lines) as lines, (select count(*)::int from scm.inspections) as inspected,
             (select sum(quantity)::bigint from scm.goods_receipt_lines) as received, (select sum(accepted_qty)::bigint from scm.inspections) as accepted,
             (select sum(rejected_qty)::bigint from scm.inspections) as rejected,
             (select count(*)::int from scm.goods_receipt_lines gl join scm.asns a on a.receipt_id = gl.receipt_id) as with_asn`);
    expect(totals).toEqual([source]);
    expect(source!.inspected).toBeGreaterThan(0);
    expect(source!.rejected).toBeGreaterThan(0);
    // Every inspected line is accepted or rejected in full, from a sample no larger than the line.
    expect(await query(warehouse(), `
      select receipt_line_id from fact_receipt_inspection
       where inspected and (accepted_qty + rejected_qty <> received_qty or inspected_qty > sampled_qty or sampled_qty > received_qty)`)).toEqual([]);
    // Each received ASN's lines are the lines of the receipt that received it.
    expect(await query(warehouse(), `
      select a.asn_no from fact_asn a left join fact_receipt_inspection r on r.asn_id = a.asn_id
       where a.status = 'received' group by a.asn_no, a.lines, a.receipt_id
      having count(r.receipt_line_id) <> a.lines or bool_or(r.receipt_id <> a.receipt_id)`)).toEqual([]);
    expect(await query(warehouse(), 'select status, count(*)::int as n, sum(lines)::int as lines from fact_asn group by 1 order by 1')).toEqual(
      await pg(`select a.status, count(*)::int as n, sum((select count(*) from scm.asn_lines l where l.asn_id = a.id))::int as lines from scm.asns a group by 1 order by 1`),
    );
    // Per order line, the accepted and rejected units are those of its inspections.
    const byLine = (rows: Record<string, unknown>[]) => rows.map((r) => [r.id, r.accepted, r.rejected]);
    expect(byLine(await query(warehouse(), `
      select purchase_order_line_id as id, accepted_qty as accepted, rejected_qty as rejected from fact_purchase_line where accepted_qty is not null order by 1`))).toEqual(
      byLine(await pg(`select gl.po_line_id as id, sum(i.accepted_qty)::bigint as accepted, sum(i.rejected_qty)::bigint as rejected
                         from scm.inspections i join scm.goods_receipt_lines gl on gl.id = i.receipt_line_id group by 1 order by 1`)),
    );
  });

  it('prices each purchase line against the supplier price list of its order date', async () => {
    const lines = await query(warehouse(), `select purchase_order_line_id as id, unit_price, list_unit_price, price_vs_list_bp from fact_purchase_line order by 1`);
    const listed = await pg<{ id: number; list: number | null }>(`
      select l.id, (select sp.unit_price from scm.supplier_prices sp
                     where sp.supplier_id = p.supplier_id and sp.item_id = l.item_id and sp.currency = p.currency
                       and p.order_date between sp.valid_from and coalesce(sp.valid_to, 'infinity')) as list
        from scm.purchase_order_lines l join scm.purchase_orders p on p.id = l.po_id order by 1`);
    expect(lines.map((l) => [l.id, l.list_unit_price])).toEqual(listed.map((l) => [l.id, l.list]));
    expect(lines.filter((l) => l.list_unit_price !== null).length).toBeGreaterThan(0);
    for (const l of lines) {
      const unit = l.unit_price as number;
      const list = l.list_unit_price as number | null;
      const rounded = list === null || list === 0 ? null : Math.round((Math.abs(unit - list) * 10000) / list); // half away from zero
      const bp = rounded === null ? null : unit >= list! ? rounded : -rounded || 0;
      expect(l.price_vs_list_bp, `line ${l.id}`).toBe(bp);
    }
  });

  it('reconciles supplier statements line by line: the lines move the balance from opening to closing', async () => {
    expect(await query(warehouse(), `
      select supplier_response, statement_status, count(*)::int as n, sum(our_amount)::bigint as ours, sum(difference)::bigint as difference
        from fact_supplier_statement_line group by 1, 2 order by 1, 2`)).toEqual(await pg(`
      select l.status as supplier_response, t.status as statement_status, count(*)::int as n, sum(l.amount)::bigint as ours,
             sum(l.supplier_amount - l.amount)::bigint as difference
        from scm.supplier_statement_lines l join scm.supplier_statements t on t.id = l.statement_id group by 1, 2 order by 1, 2`));
    const moves = await query(warehouse(), 'select statement_id as id, sum(our_amount)::bigint as moved from fact_supplier_statement_line group by 1 order by 1');
    const balances = await pg<{ id: number; moved: number }>(`
      select id, (closing_balance - opening_balance)::bigint as moved from scm.supplier_statements
       where exists (select 1 from scm.supplier_statement_lines l where l.statement_id = supplier_statements.id) order by 1`);
    expect(moves).toEqual(balances);
    // The disputed lines' differences are the discrepancies recorded against lines.
    const [disputed] = await query(warehouse(), `select coalesce(sum(difference), 0)::bigint as d, count(*)::int as n from fact_supplier_statement_line where supplier_response = 'disputed'`);
    const [recorded] = await pg(`select coalesce(sum(difference), 0)::bigint as d, count(*)::int as n from scm.supplier_statement_discrepancies where line_id is not null`);
    expect(disputed).toEqual(recorded);
  });

  it('follows an inspection, a new supplier price and a cancelled requisition incrementally, ending equal to a full rebuild', async () => {
    const day = (await simulationState(database.db))!.lastDate;
    // A receipt line received without an ASN, inspected on its own: an event of the receipt only.
    const [line] = await pg<{ receipt_id: number; id: number; quantity: number; po_line_id: number }>(`
      select gl.receipt_id, gl.id, gl.quantity, gl.po_line_id from scm.goods_receipt_lines gl
       where gl.quantity >= 3 and not exists (select 1 from scm.inspections i where i.receipt_line_id = gl.id) order by gl.id desc limit 1`);
    await scm.inspectReceipt(ctx, {
      receiptId: line!.receipt_id, date: day, returnRejected: false,
      lines: [{ receiptLineId: line!.id, sampledQty: 3, inspectedQty: 3, rejectedQty: 3, defects: [{ code: 'SCRATCHED', quantity: 2 }, { code: 'DENTED', quantity: 1 }] }],
    });
    // A price taking over from an order's date: that order's list price changes after it was loaded.
    const [priced] = await pg<{ supplier_id: number; item_id: number; order_date: string; unit_price: number; line_id: number }>(`
      select p.supplier_id, l.item_id, p.order_date::text as order_date, sp.unit_price, l.id as line_id
        from scm.purchase_orders p join scm.purchase_order_lines l on l.po_id = p.id
        join scm.supplier_prices sp on sp.supplier_id = p.supplier_id and sp.item_id = l.item_id and sp.currency = p.currency
                                   and sp.valid_from < p.order_date and sp.valid_to is null
       order by p.id desc limit 1`);
    await scm.setSupplierPrices(ctx, { supplierId: priced!.supplier_id, validFrom: priced!.order_date, prices: [{ itemId: priced!.item_id, unitPrice: priced!.unit_price + 17, leadTimeDays: 5 }] });
    const [requester] = await pg<{ id: number }>('select id from people.employees where active and department_id is not null order by id limit 1');
    const [item] = await pg<{ item_id: number }>('select item_id from scm.requisitions order by id limit 1');
    const { requisitionId } = await scm.createRequisition(ctx, { requesterId: requester!.id, itemId: item!.item_id, quantity: 4, neededBy: day, date: day });
    // Read right away, before anything else touches these orders.
    await runPipeline(database, { warehousePath: warehouse() });
    expect(await query(warehouse(), `
      select inspection_no is not null as inspected, accepted_qty, rejected_qty, defect_code, defect_codes, defect_qty
        from fact_receipt_inspection where receipt_line_id = ${line!.id}`)).toEqual([
      { inspected: true, accepted_qty: line!.quantity - 3, rejected_qty: 3, defect_code: 'SCRATCHED', defect_codes: 'DENTED,SCRATCHED', defect_qty: 3 },
    ]);
    const [purchaseLine] = await query(warehouse(), `select rejected_qty from fact_purchase_line where purchase_order_line_id = ${line!.po_line_id}`);
    expect(purchaseLine!.rejected_qty).toBeGreaterThanOrEqual(3);
    expect(await query(warehouse(), `select list_unit_price from fact_purchase_line where purchase_order_line_id = ${priced!.line_id}`)).toEqual([
      { list_unit_price: priced!.unit_price + 17 },
    ]);

    await scm.cancelRequisition(ctx, { requisitionId, date: day });
    await simulate(ctx, { ...COMPANY, days: 8 });
    const incremental = await runPipeline(database, { warehousePath: warehouse() });
    expect(incremental.mode).toBe('incremental');
    expect(await query(warehouse(), `select status, decided_date_key from fact_requisition_line where requisition_id = ${requisitionId}`)).toEqual([
      { status: 'cancelled', decided_date_key: Number(day.replaceAll('-', '')) },
    ]);

    const rebuilt = join(company.dir, 'rebuilt.duckdb');
    await runPipeline(database, { warehousePath: rebuilt, full: true });
    const [mine, full] = [await warehouseFingerprint(warehouse()), await warehouseFingerprint(rebuilt)];
    const pick = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).filter(([t]) => SCM_FACTS.some((s) => t === s || t.startsWith(`${s}.`))));
    expect(pick(mine)).toEqual(pick(full));
    expect(Object.keys(pick(mine)).length).toBeGreaterThanOrEqual(SCM_FACTS.length);
  });
});
