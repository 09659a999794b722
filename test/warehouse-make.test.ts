import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { people, scm, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { simulationState } from '../domain/core/simulation-state.js';
import { dayAfter } from '../domain/simulate/calendar.js';
import { runPipeline } from '../pipelines/index.js';
import { bindParams, parseNamedQuery, readQueryFile } from '../warehouse/named-queries.js';
import { runReadOnlyQuery } from '../warehouse/read-only-query.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

/**
 * The make group's facts — supplier audits, production, budgets — against Postgres computed
 * independently, their invariants, and the budget-vs-actual named query against the domain's
 * budgetVsActual.
 */
const COMPANY = { seed: 11, scale: 0.1, start: '2024-01-01' };

describe('supplier audits, production and budgets in the warehouse', () => {
  let database: TestDatabase;
  let ctx: Context;
  let dir: string;
  const warehouse = () => join(dir, 'warehouse.duckdb');
  const pg = async <T>(text: string) => (await sql<T>`${sql.raw(text)}`.execute(database.db)).rows;

  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'test' };
    dir = mkdtempSync(join(tmpdir(), 'll-make-'));
    await simulate(ctx, { ...COMPANY, days: 45 });
    // The simulated audits are young and mostly clean: one more, with findings of every kind
    // and corrective actions closed late, on time, and not yet.
    const { lastDate } = (await simulationState(database.db))!;
    const [audited] = await scm.supplierAuditScores(database.db);
    const date = dayAfter(lastDate, -20);
    const template = (await scm.auditTemplate(database.db, { code: audited!.template.split(' v')[0]!, date }))!;
    const criteria = template.sections.flatMap((s) => s.criteria.map((c) => c.code));
    const ownerId = (await people.listEmployees(database.db)).find((e) => e.active)!.id;
    const action = (days: number) => ({ description: `fix within ${days} days`, ownerId, dueOn: dayAfter(date, days) });
    const { auditNo } = await scm.recordSupplierAudit(ctx, {
      supplierId: audited!.supplierId, templateId: template.templateId, date,
      scores: criteria.map((criterion, i) => ({ criterion, score: (i * 3) % (template.scale === 'five_point' ? 6 : 101) })),
      findings: [
        { criterion: criteria[0]!, severity: 'critical', description: 'no incoming inspection', actions: [action(5), action(10), action(30)] },
        { criterion: criteria.at(-1)!, severity: 'major', description: 'late deliveries' },
        { severity: 'minor', description: 'untidy store' },
      ],
    });
    const [late, onTime] = (await scm.openCorrectiveActions(database.db, { supplierId: audited!.supplierId })).filter((a) => a.auditNo === auditNo);
    await scm.closeCorrectiveAction(ctx, { actionId: late!.actionId, date: dayAfter(date, 8), note: 'late' });
    await scm.closeCorrectiveAction(ctx, { actionId: onTime!.actionId, date: dayAfter(date, 9), note: 'in time' });
    await runPipeline(database, { warehousePath: warehouse() });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('supplier audits: one row per audit section, counts as in Postgres, sections adding up to the audit score', async () => {
    const [source] = await pg<Record<string, number>>(`
      select (select count(*) from scm.supplier_audits)::int as audits,
             (select count(*) from scm.audit_findings)::int as findings,
             (select count(*) from scm.audit_findings where criterion_id is null)::int as findings_without_criterion,
             (select count(*) from scm.corrective_actions where closed_on is null)::int as open,
             (select count(*) from scm.corrective_actions where closed_on is not null)::int as closed,
             (select count(*) from scm.corrective_actions where closed_on > due_on)::int as closed_late`);
    const [facts] = await query(warehouse(), `
      select count(*) filter (where first_section_of_audit) as audits, count(distinct supplier_audit_id) as distinct_audits,
             sum(audit_findings) filter (where first_section_of_audit) as findings,
             sum(audit_findings) filter (where first_section_of_audit) - sum(section_findings) as findings_without_criterion,
             sum(audit_actions_open) filter (where first_section_of_audit) as open,
             sum(audit_actions_closed) filter (where first_section_of_audit) as closed,
             sum(audit_actions_closed_late) filter (where first_section_of_audit) as closed_late
        from fact_supplier_audit`);
    expect(source!.audits).toBeGreaterThan(0);
    expect(source!.closed_late).toBeGreaterThan(0);
    expect(source!.closed).toBeGreaterThan(source!.closed_late!);
    expect(facts).toEqual({ ...source, distinct_audits: source!.audits });

    // Per audit: the section weights make 100, the sections score every criterion of the
    // template, and their weighted points round to the recorded total.
    const audits = await query(warehouse(), `
      select supplier_audit_id, sum(section_weight_pct) as weight, sum(section_criteria) as criteria, any_value(audit_score_pct)::varchar as recorded,
             round(sum(section_weighted_points), 2)::decimal(5, 2)::varchar as from_sections, count(distinct audit_score_pct) as totals
        from fact_supplier_audit group by 1 order by 1`);
    const criteria = await pg<{ supplier_audit_id: number; criteria: number }>(`
      select a.id as supplier_audit_id, count(*)::int as criteria from scm.supplier_audits a join scm.audit_template_criteria c on c.template_id = a.template_id group by 1 order by 1`);
    expect(audits.map((a) => a.criteria)).toEqual(criteria.map((c) => c.criteria));
    expect(audits.filter((a) => a.weight !== 100 || a.totals !== 1 || a.from_sections !== a.recorded)).toEqual([]);

    // Each supplier's latest audit scores its sections as the domain's capability profile does.
    const latest = await scm.supplierAuditScores(database.db);
    const sections = await query(warehouse(), `
      select supplier_audit_id, section_code, section_weight_pct, section_score_pct::double as score from fact_supplier_audit
       where supplier_audit_id in (${latest.map((l) => l.auditId).join(', ')}) order by supplier_audit_id, section_no`);
    expect(sections).toEqual(
      [...latest].sort((x, y) => x.auditId - y.auditId).flatMap((l) => l.sections.map((s) => ({ supplier_audit_id: l.auditId, section_code: s.code, section_weight_pct: s.weight, score: s.score }))),
    );
  });

  it('production: events and orders as in Postgres, and each order the sum of its events', async () => {
    const events = await pg<{ event: string; n: number; good: number; scrap: number; absorbed: number; minutes: string }>(`
      select event, count(*)::int as n, sum(good_qty)::int as good, sum(scrap_qty)::int as scrap, sum(absorbed_value)::bigint as absorbed,
             sum(minutes)::text as minutes
        from erp.production_events group by 1 order by 1`);
    expect(events.map((e) => e.event)).toEqual(['finish', 'start']);
    expect(await query(warehouse(), `
      select event, count(*) as n, sum(good_qty)::int as good, sum(scrap_qty)::int as scrap, sum(absorbed_value_functional) as absorbed,
             sum(minutes)::varchar as minutes
        from fact_production_operation group by 1 order by 1`)).toEqual(events.map((e) => ({ ...e, absorbed: Number(e.absorbed) })));

    const orders = await pg<Record<string, unknown>>(`
      select status, count(*)::int as n, sum(quantity)::int as planned, sum(received_qty)::int as received, sum(scrapped_qty)::int as scrapped,
             sum(issued_value)::bigint as issued, sum(received_value)::bigint as received_value, sum(variance_value)::bigint as variance,
             (select sum(r.value) from erp.production_receipts r join erp.production_orders p on p.id = r.order_id where p.status = o.status)::bigint as receipts_value
        from erp.production_orders o group by 1 order by 1`);
    expect(orders.map((o) => o.status)).toContain('closed');
    expect(await query(warehouse(), `
      select status, count(*) as n, sum(planned_qty)::int as planned, sum(received_qty)::int as received, sum(scrapped_qty)::int as scrapped,
             sum(issued_value_functional) as issued, sum(received_value_functional) as received_value, sum(variance_value_functional) as variance,
             sum(received_value_functional) as receipts_value
        from fact_production_order group by 1 order by 1`)).toEqual(orders.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' && k !== 'status' ? Number(v) : v]))));

    // Each order's absorbed labour and scrap are those its finishes reported; a closed order has
    // nothing left in work in progress and its lateness measured; lateness runs from the due date.
    const broken = await query(warehouse(), `
      with ev as (select production_order_id, sum(absorbed_value_functional) as absorbed, sum(scrap_qty) as scrap from fact_production_operation group by 1)
      select o.order_no, o.absorbed_value_functional, ev.absorbed, o.scrapped_qty, ev.scrap, o.status, o.wip_value_functional, o.days_late
        from fact_production_order o left join ev on ev.production_order_id = o.production_order_id
       where o.absorbed_value_functional <> coalesce(ev.absorbed, 0) or o.scrapped_qty <> coalesce(ev.scrap, 0)
          or (o.status = 'closed' and (o.wip_value_functional <> 0 or o.days_late is null))
          or (o.status <> 'closed' and o.days_late is not null)
          or o.days_late <> date_diff('day', o.due_date, coalesce(o.last_receipt_date, o.closed_date))`);
    expect(broken).toEqual([]);
  });

  it('budgets: lines per version as in Postgres; the named query equals budgetVsActual month by month', async () => {
    const versions = await pg<{ budget_version_id: number; version_status: string; lines: number; amount: string }>(`
      select v.id as budget_version_id, v.status as version_status, count(l.*)::int as lines, sum(l.amount)::text as amount
        from people.budget_versions v join people.budget_lines l on l.version_id = v.id group by 1, 2 order by 1`);
    expect(versions.map((v) => v.version_status)).toContain('approved');
    expect(await query(warehouse(), `
      select budget_version_id, version_status, count(*) as lines, sum(amount_functional)::varchar as amount from fact_budget group by 1, 2 order by 1`)).toEqual(versions);
    expect(await query(warehouse(), `select count(*) as n from fact_budget b anti join dim_account a using (account_code)`)).toEqual([{ n: 0 }]);
    expect(await query(warehouse(), `select count(*) as n from fact_budget b anti join dim_cost_center c using (cost_center) where b.cost_center is not null`)).toEqual([{ n: 0 }]);

    const months = await namedBudgetVsActual({});
    const { lastDate } = (await simulationState(database.db))!;
    const periods = [...new Set(months.map((r) => r.month as string))];
    expect(periods).toContain(lastDate.slice(0, 7));
    for (const period of periods) {
      const domain = await people.budgetVsActual(database.db, { period });
      const fromWarehouse = months.filter((r) => r.month === period);
      expect(fromWarehouse.map(({ month, cost_center_name, variance_pct, ...r }) => r), period).toEqual(
        domain.rows.map((r) => ({ account: r.account, account_name: r.accountName, type: r.type, cost_center: r.costCenter, budget: r.budget, actual: r.actual, variance: r.variance, favourable: r.favourable })),
      );
      fromWarehouse.forEach((r, i) => {
        const pct = domain.rows[i]!.variancePct;
        if (pct === null) expect(r.variance_pct).toBeNull();
        else expect(r.variance_pct as number).toBeCloseTo(pct, 0);
      });
    }
    expect(months.filter((r) => r.budget !== 0 && r.actual !== 0).length).toBeGreaterThan(10);
    // The parameters narrow it to the months they fall in.
    const one = await namedBudgetVsActual({ from: `${periods[0]}-15`, to: `${periods[0]}-20` });
    expect(one).toEqual(months.filter((r) => r.month === periods[0]));
  });

  it('an approval superseding a budget and a corrective action closed reach the warehouse incrementally, as a full rebuild has them', async () => {
    const { lastDate } = (await simulationState(database.db))!;
    const year = Number(lastDate.slice(0, 4));
    const [approved] = await pg<{ id: number }>(`select id from people.budget_versions where status = 'approved' and fiscal_year = ${year}`);
    const { versionId } = await people.createBudgetVersion(ctx, {
      fiscalYear: year, name: 'Reforecast', lines: [{ account: '6200', costCenter: 'MGMT', period: lastDate.slice(0, 7), amount: 123_456 }],
    });
    await people.approveBudgetVersion(ctx, { versionId, date: lastDate });
    const [action] = await scm.openCorrectiveActions(database.db);
    await scm.closeCorrectiveAction(ctx, { actionId: action!.actionId, date: lastDate, note: 'done' });
    await simulate(ctx, { ...COMPANY, days: 5 });

    expect((await runPipeline(database, { warehousePath: warehouse() })).mode).toBe('incremental');
    expect(await query(warehouse(), `select budget_version_id, version_status, count(*) as lines from fact_budget where fiscal_year = ${year} group by all order by 1`)).toEqual([
      { budget_version_id: approved!.id, version_status: 'superseded', lines: expect.any(Number) },
      { budget_version_id: versionId, version_status: 'approved', lines: 1 },
    ]);
    const [audit] = await query(warehouse(), `
      select audit_actions_closed, audit_actions_closed_late from fact_supplier_audit where audit_no = '${action!.auditNo}' and first_section_of_audit`);
    const [closed] = await pg<{ closed: number; late: number }>(`
      select count(*) filter (where ca.closed_on is not null)::int as closed, count(*) filter (where ca.closed_on > ca.due_on)::int as late
        from scm.corrective_actions ca join scm.audit_findings f on f.id = ca.finding_id join scm.supplier_audits a on a.id = f.audit_id
       where a.audit_no = '${action!.auditNo}'`);
    expect(audit).toEqual({ audit_actions_closed: closed!.closed, audit_actions_closed_late: closed!.late });

    const rebuilt = join(dir, 'rebuilt.duckdb');
    await runPipeline(database, { warehousePath: rebuilt, full: true });
    const mine = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).filter(([t]) => /^(fact_supplier_audit|fact_production_|fact_budget|dim_cost_center)/.test(t)));
    expect(mine(await warehouseFingerprint(warehouse()))).toEqual(mine(await warehouseFingerprint(rebuilt)));
  });

  async function namedBudgetVsActual(given: Record<string, string>) {
    const text = readQueryFile('budget_vs_actual');
    const result = await runReadOnlyQuery(warehouse(), text, bindParams(parseNamedQuery(text).params, given));
    return result.rows;
  }
});
