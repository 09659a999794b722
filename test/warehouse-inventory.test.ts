import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { inventoryFromWarehouse, type InventoryReport } from '../warehouse/inventory.js';
import type { TestDatabase } from './support/database.js';
import { simulatedWarehouse, type SimulatedWarehouse } from './support/simulated-warehouse.js';
import { query } from './support/warehouse.js';

/**
 * The inventory model on a simulated company's warehouse, against figures computed
 * independently: cost of goods sold and the average stock value from the general ledger in
 * Postgres (the cogs and inventory accounts' journal lines), the closing stock from the trial
 * balance, and lead times from SQL aggregates over fact_purchase_line.
 */
const COMPANY = { seed: 7, scale: 0.1, start: '2024-01-01', days: 120 };

describe('the inventory model on a simulated company', () => {
  let company: SimulatedWarehouse;
  let database: TestDatabase;
  let report: InventoryReport;
  const warehouse = () => company.warehouse;
  const pg = async <T>(text: string) => (await sql<T>`${sql.raw(text)}`.execute(database.db)).rows;
  const roleAccount = (role: string) => `(select account_code from finance.account_roles where role = '${role}')`;

  beforeAll(async () => {
    company = await simulatedWarehouse('ll-wh-inventory-', COMPANY);
    database = company.database;
    report = (await inventoryFromWarehouse(warehouse()))!;
  });
  afterAll(() => company?.remove());

  it('covers the days stock moved', () => {
    expect(report.window.from).toBe('2024-01-01');
    expect(report.window.to >= '2024-04-01' && report.window.to <= '2024-04-29').toBe(true);
  });

  it('has each month’s cost of goods sold equal to what the ledger posted to the cost of goods sold account', async () => {
    const ledger = await pg<{ month: string; cogs: number }>(`
      select to_char(e.entry_date, 'YYYY-MM') as month, sum(l.debit - l.credit)::bigint as cogs
        from finance.journal_lines l join finance.journal_entries e on e.id = l.entry_id
       where l.account_code in ${roleAccount('cogs')} and e.entry_date between '${report.window.from}' and '${report.window.to}'
       group by 1 order by 1`);
    const months = report.performance.month!.company;
    expect(months.map((m) => ({ month: m.period, cogs: m.cogs }))).toEqual(ledger.map((r) => ({ month: r.month, cogs: Number(r.cogs) })));
    expect(ledger.reduce((s, r) => s + Number(r.cogs), 0)).toBeGreaterThan(0);
    // The item rows add up to the company's.
    const [year] = report.performance.year!.company;
    expect(report.performance.year!.item.reduce((s, r) => s + r.cogs, 0)).toBe(year!.cogs);
  });

  it('has each month’s average stock equal to the mean daily balance of the inventory account', async () => {
    const ledger = await pg<{ month: string; average: string; days: number }>(`
      with days as (
        select d::date as day from generate_series('${report.window.from}'::date, '${report.window.to}'::date, interval '1 day') d
      ), moves as (
        select e.entry_date, sum(l.debit - l.credit) as amount
          from finance.journal_lines l join finance.journal_entries e on e.id = l.entry_id
         where l.account_code in ${roleAccount('inventory')}
         group by 1
      ), balances as (
        select days.day, (select coalesce(sum(m.amount), 0) from moves m where m.entry_date <= days.day) as balance from days
      )
      select to_char(day, 'YYYY-MM') as month, round(avg(balance))::text as average, count(*)::int as days from balances group by 1 order by 1`);
    const months = report.performance.month!.company;
    expect(months.map((m) => ({ month: m.period, average: m.averageInventory, days: m.days }))).toEqual(
      ledger.map((r) => ({ month: r.month, average: Number(r.average), days: Number(r.days) })),
    );
    for (const m of months) expect(m.turnover).toBeCloseTo(m.cogs / m.averageInventory, 3);
  });

  it('values the stock it ages at the inventory account’s closing balance', async () => {
    const [closing] = await pg<{ balance: string }>(`
      select coalesce(sum(l.debit - l.credit), 0)::text as balance
        from finance.journal_lines l join finance.journal_entries e on e.id = l.entry_id
       where l.account_code in ${roleAccount('inventory')} and e.entry_date <= '${report.window.to}'`);
    const t = report.slowDead.totals;
    expect(t.active.value + t.slow.value + t.dead.value + t['no-stock'].value).toBe(Number(closing!.balance));
    expect(t.active.pairs + t.slow.pairs).toBeGreaterThan(0);
  });

  it('learns lead times from receipts as SQL averages them', async () => {
    const expected = await query(warehouse(), `
      select item_id::varchar as key, count(*)::int as lines, avg(fully_received_date - order_date) as mean,
             stddev_samp(fully_received_date - order_date) as sd
        from fact_purchase_line where fully_received_date is not null and po_status <> 'cancelled'
       group by 1 order by 1`);
    expect(report.leadTimesByItem.map((s) => s.key).sort()).toEqual(expected.map((e) => e.key).sort());
    for (const e of expected) {
      const s = report.leadTimesByItem.find((x) => x.key === e.key)!;
      expect(s.lines).toBe(e.lines);
      expect(s.meanDays).toBeCloseTo(e.mean as number, 9);
      if (e.sd === null) expect(s.sdDays).toBeNull();
      else expect(s.sdDays).toBeCloseTo(e.sd as number, 9);
    }
  });

  it('classifies every item once and keeps class A within 80 % of consumption', () => {
    const total = report.abcXyz.reduce((s, r) => s + r.value, 0);
    expect(total).toBe(report.performance.year!.company.reduce((s, r) => s + r.cogs, 0));
    expect(new Set(report.abcXyz.map((r) => r.itemId)).size).toBe(report.abcXyz.length);
    expect(report.abcXyz.filter((r) => r.abc === 'A').reduce((s, r) => s + r.value, 0) / total).toBeLessThanOrEqual(0.8);
    expect(report.abcXyz.some((r) => r.abc === 'A' && r.xyz !== null)).toBe(true);
  });

  it('gives stockouts, fill rates and reorder policies without NaN or Infinity', () => {
    const numbers: number[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'number') numbers.push(v);
      else if (v instanceof Map) [...v.values()].forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(report);
    expect(numbers.every(Number.isFinite)).toBe(true);
    for (const s of report.stockouts) expect(s.stockoutDays).toBeLessThanOrEqual(s.observedDays);
    expect(report.fillRate.unitFillRate).toBeGreaterThan(0);
    expect(report.fillRate.unitFillRate).toBeLessThanOrEqual(1);
    const planned = report.reorderPolicies.filter((p) => p.reason === null);
    expect(planned.length).toBeGreaterThan(0);
    for (const p of planned) expect(p.reorderPoint!).toBeCloseTo(p.meanDemand! * p.meanLeadTime! + p.safetyStock!, 9);
  });
});
