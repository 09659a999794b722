import type { Context } from '../kernel/command.js';
import * as people from '../people/index.js';
import type { EMPLOYEE_ROLES } from '../people/employees.js';
import { stream } from './random.js';
import { dayAfter } from './calendar.js';
import { REGIONS, WAREHOUSES, type World } from './world.js';
import type { SimulationIds } from './setup.js';
import type { Tally } from './tally.js';

/**
 * The demo company's organisation and running costs: departments on cost centres (sales per
 * region, purchasing, the warehouses, finance, service, management), a back office hired at the
 * start next to the sales reps, a payroll on the last day of each month with wages paid on the
 * 1st and tax and social charges remitted on the 15th, rent on the 1st, utilities invoiced at
 * month end and paid on the 10th, marketing campaigns and travel, a raise every January, a
 * little staff turnover, and each year's budget entered and approved in December — with
 * deliberate variances the budget-vs-actual report should find. All of it is drawn from keyed
 * streams (`stream(seed, 'payroll', …)`) and the calendar, so a continued run does what one
 * long run would.
 */
type Role = (typeof EMPLOYEE_ROLES)[number];

/** Mean monthly salary by role, functional (USD) minor units; each person ~ lognormal around it. */
export const SALARY_BANDS: Record<Role, number> = {
  manager: 1_150_000,
  sales_manager: 720_000,
  sales_rep: 460_000,
  accountant: 520_000,
  buyer: 500_000,
  planner: 540_000,
  technician: 430_000,
  warehouse: 330_000,
  other: 360_000,
};
const SALARY_SIGMA = 0.08;
export const PAYROLL_RATES = { employerChargesBp: 1_800, incomeTaxBp: 2_000 };
/** Raises every 1 January ~ Normal(mean, sd), at least 0. */
const RAISE = { mean: 0.03, sd: 0.015 };
/** Chance that a back-office employee (not a manager) leaves in a given month; replaced 14 days later. */
const TURNOVER_PER_MONTH = 0.15;

/** Running costs a month: rent in the warehouse's local currency, the rest in USD minor units. */
const RENT: Record<string, { currency: string; amount: number }> = {
  'WH-NA': { currency: 'USD', amount: 1_000_000 },
  'WH-EU': { currency: 'EUR', amount: 750_000 },
  'WH-AP': { currency: 'USD', amount: 700_000 },
};
const HEAD_OFFICE_RENT = 450_000;
const UTILITIES_MEAN = 260_000; // per warehouse; ±25% with the season (winter high), noise σ 0.15
const MARKETING_SHARE_OF_REFERENCE = 0.03; // of the region's reference revenue
const REFERENCE_MONTHLY_REVENUE = 71_500_000; // about 110 orders a week × 1,500 at scale 1
const TRAVEL_PER_REP = 65_000;
const MANAGEMENT_TRAVEL = 120_000;

/**
 * How the budget misjudges each cost, on purpose (budget = expected × (1 + bias)): salaries
 * budgeted before raises and turnover are known, utilities too low, travel generous, and
 * marketing per region off by its own drawn bias.
 */
const BUDGET_BIAS = { salaries: 0, utilities: -0.12, travel: 0.15, rent: 0 };

interface DepartmentPlan {
  code: string;
  name: string;
  parent: string | null;
  costCenterName: string;
  region?: string;
  warehouse?: string;
}

interface StaffPlan {
  code: string;
  name: string;
  role: Role;
  department: string;
  manager: string | null;
  monthlySalary: number;
}

export interface OrganisationPlan {
  departments: DepartmentPlan[];
  /** The back office and sales managers, managers before their reports. */
  staff: StaffPlan[];
  /** Each simulated sales rep's department, manager and salary. */
  reps: { code: string; region: string; department: string; manager: string; monthlySalary: number }[];
  marketingBias: Record<string, number>;
}

const FIRST = ['Alex', 'Bea', 'Chris', 'Dana', 'Emil', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jade', 'Kai', 'Lena', 'Milo', 'Nina', 'Omar', 'Pia', 'Rafe', 'Sara', 'Tom', 'Uma', 'Vic', 'Wren', 'Yara', 'Zeno'];
const LAST = ['Adler', 'Brooks', 'Castro', 'Dalton', 'Eriksen', 'Faber', 'Gupta', 'Hughes', 'Ibarra', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Oduya', 'Park'];
const personName = (seed: number, code: string) => {
  const rng = stream(seed, 'payroll', 'name', code);
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
};
const salaryFor = (seed: number, role: Role, code: string) => Math.round((SALARY_BANDS[role] * stream(seed, 'payroll', 'salary', code).lognormal(0, SALARY_SIGMA)) / 100) * 100;
const headcount = (base: number, scale: number) => Math.max(1, Math.round(base * Math.sqrt(scale)));
const salesDepartment = (region: string) => `SALES-${region}`;

const plans = new WeakMap<World, OrganisationPlan>();

/** The organisation drawn from the world: pure, so set-up, the daily behaviour and the truth agree. */
export function organisationPlan(world: World): OrganisationPlan {
  const known = plans.get(world);
  if (known) return known;
  const plan = drawPlan(world);
  plans.set(world, plan);
  return plan;
}

function drawPlan(world: World): OrganisationPlan {
  const departments: DepartmentPlan[] = [
    { code: 'MGMT', name: 'Management', parent: null, costCenterName: 'Management and head office' },
    { code: 'FIN', name: 'Finance', parent: 'MGMT', costCenterName: 'Finance' },
    { code: 'PURCH', name: 'Purchasing', parent: 'MGMT', costCenterName: 'Purchasing' },
    { code: 'SERVICE', name: 'Customer service', parent: 'MGMT', costCenterName: 'Customer service' },
    { code: 'SALES', name: 'Sales', parent: 'MGMT', costCenterName: 'Sales management' },
    ...REGIONS.map((r) => ({ code: salesDepartment(r.code), name: `Sales ${r.name}`, parent: 'SALES', costCenterName: `Sales ${r.name}`, region: r.code })),
    { code: 'OPS', name: 'Operations', parent: 'MGMT', costCenterName: 'Operations management' },
    ...WAREHOUSES.map((w) => ({ code: w.code, name: w.name, parent: 'OPS', costCenterName: w.name, warehouse: w.code })),
  ];
  const staff: StaffPlan[] = [];
  const hire = (code: string, role: Role, department: string, manager: string | null) =>
    staff.push({ code, name: personName(world.seed, code), role, department, manager, monthlySalary: salaryFor(world.seed, role, code) });
  hire('CEO', 'manager', 'MGMT', null);
  hire('MGMT-2', 'other', 'MGMT', 'CEO');
  const team = (department: string, role: Role, base: number, leadRole: Role = role) => {
    const n = headcount(base, world.scale);
    for (let k = 1; k <= n; k++) hire(`${department}-${k}`, k === 1 ? leadRole : role, department, k === 1 ? 'CEO' : `${department}-1`);
  };
  team('FIN', 'accountant', 2);
  team('PURCH', 'buyer', 2, 'planner');
  team('SERVICE', 'technician', 2);
  for (const r of REGIONS) hire(`SM-${r.code}`, 'sales_manager', salesDepartment(r.code), 'CEO');
  for (const w of WAREHOUSES) team(w.code, 'warehouse', 2);
  const reps = world.reps.map((rep) => ({
    code: rep.code,
    region: rep.region,
    department: salesDepartment(rep.region),
    manager: `SM-${rep.region}`,
    monthlySalary: salaryFor(world.seed, 'sales_rep', rep.code),
  }));
  const marketingBias = Object.fromEntries(REGIONS.map((r) => [r.code, Math.round(stream(world.seed, 'payroll', 'budget-bias', 'marketing', r.code).uniform() * 50 - 25) / 100]));
  return { departments, staff, reps, marketingBias };
}

/**
 * Sets up the organisation on the company's first day, through the public commands: payroll
 * rates, departments with their cost centres, the back office hired with salaries, the existing
 * reps placed in their regional sales departments under a sales manager and put on payroll, and
 * the first year's budget, approved. Call it once, right after foundCompany.
 */
export async function setUpOrganisation(ctx: Context, world: World, ids: SimulationIds, start: string): Promise<void> {
  const plan = organisationPlan(world);
  await people.setPayrollRates(ctx, { effectiveFrom: start, ...PAYROLL_RATES });
  const departments = new Map<string, number>();
  for (const d of plan.departments) {
    const parentId = d.parent === null ? undefined : departments.get(d.parent);
    const { departmentId } = await people.createDepartment(ctx, { code: d.code, name: d.name, costCenter: d.code, costCenterName: d.costCenterName, ...(parentId ? { parentId } : {}) });
    departments.set(d.code, departmentId);
  }
  const employees = new Map<string, number>();
  for (const s of plan.staff) {
    const region = REGIONS.find((r) => salesDepartment(r.code) === s.department)?.code;
    const { employeeId } = await people.hireEmployee(ctx, {
      code: s.code,
      name: s.name,
      role: s.role,
      ...(region ? { region } : {}),
      departmentId: departments.get(s.department)!,
      ...(s.manager ? { managerId: employees.get(s.manager)! } : {}),
      startDate: start,
      monthlySalary: s.monthlySalary,
    });
    employees.set(s.code, employeeId);
  }
  for (const rep of plan.reps) {
    const regional = world.reps.filter((r) => r.region === rep.region);
    const employeeId = ids.repsByRegion.get(rep.region)?.[regional.findIndex((r) => r.code === rep.code)];
    if (employeeId === undefined) continue;
    await people.assignEmployee(ctx, { employeeId, departmentId: departments.get(rep.department)!, managerId: employees.get(rep.manager)!, startDate: start });
    await people.changeSalary(ctx, { employeeId, effectiveFrom: start, monthlySalary: rep.monthlySalary, reason: 'on the company payroll' });
  }
  const year = Number(start.slice(0, 4));
  const salaries = [...plan.staff, ...plan.reps.map((r) => ({ ...r }))].map((s) => ({ costCenter: s.department, monthlySalary: s.monthlySalary }));
  const { versionId } = await people.createBudgetVersion(ctx, { fiscalYear: year, name: `Budget ${year}`, lines: budgetLines(world, plan, year, Number(start.slice(5, 7)), salaries) });
  await people.approveBudgetVersion(ctx, { versionId, date: start });
}

/**
 * One simulated day of payroll and running costs (see the module comment). Cheap on most days:
 * it only queries on the days something is due.
 */
export async function runPayrollAndExpenses(ctx: Context, world: World, today: string, tally: Tally): Promise<void> {
  if (!(await isOrganised(ctx, world))) return;
  const day = Number(today.slice(8, 10));
  const month = today.slice(0, 7);
  const previous = dayAfter(`${month}-01`, -1).slice(0, 7);
  const lastDay = dayAfter(today, 1).slice(8, 10) === '01';
  const run = async (command: Promise<unknown>) => {
    await command;
    tally.commands++;
  };
  const plan = organisationPlan(world);

  if (day === 1) {
    const last = await people.payrollRun(ctx.db, previous);
    if (last && !last.wagesPaid) await run(people.payWages(ctx, { period: previous, date: today }));
    for (const w of WAREHOUSES) {
      const rent = RENT[w.code]!;
      await run(people.recordOperatingExpense(ctx, { date: today, costCenter: w.code, account: '6200', amount: scaled(rent.amount, world), currency: rent.currency, description: `${month} rent, ${w.name}` }));
    }
    await run(people.recordOperatingExpense(ctx, { date: today, costCenter: 'MGMT', account: '6200', amount: scaled(HEAD_OFFICE_RENT, world), description: `${month} rent, head office` }));
    if (month.endsWith('-01')) await annualRaises(ctx, world, today, run);
  }
  if (day === 10) {
    for (const x of await people.openOperatingExpenses(ctx.db, { dueBy: today })) await run(people.payOperatingExpense(ctx, { expenseId: x.expenseId, date: today }));
  }
  if (day === 15) {
    const last = await people.payrollRun(ctx.db, previous);
    if (last && !last.liabilitiesRemitted) await run(people.remitPayrollLiabilities(ctx, { period: previous, date: today }));
  }
  await turnover(ctx, world, today, run);
  for (const campaign of marketingCampaigns(world, month)) {
    if (campaign.day === day) {
      await run(people.recordOperatingExpense(ctx, { date: today, costCenter: salesDepartment(campaign.region), account: '6300', amount: campaign.amount, description: `Campaign ${month} ${campaign.region} #${campaign.n}` }));
    }
  }
  if (day === 20) {
    for (const r of REGIONS) {
      const reps = world.reps.filter((x) => x.region === r.code).length;
      const amount = Math.round(reps * TRAVEL_PER_REP * stream(world.seed, 'payroll', 'travel', r.code, month).lognormal(0, 0.3));
      await run(people.recordOperatingExpense(ctx, { date: today, costCenter: salesDepartment(r.code), account: '6500', amount, description: `Sales travel ${month}, ${r.name}` }));
    }
    const amount = Math.round(MANAGEMENT_TRAVEL * stream(world.seed, 'payroll', 'travel', 'MGMT', month).lognormal(0, 0.4));
    await run(people.recordOperatingExpense(ctx, { date: today, costCenter: 'MGMT', account: '6500', amount, description: `Management travel ${month}` }));
  }
  if (month.endsWith('-12') && (day === 1 || day === 10)) await budgetNextYear(ctx, world, plan, today, day, run);
  if (lastDay) {
    for (const w of WAREHOUSES) {
      await run(people.recordOperatingExpense(ctx, { date: today, costCenter: w.code, account: '6250', amount: utilities(world, w.code, month), paidFrom: 'payable', dueDate: dayAfter(today, 10), description: `${month} energy and water, ${w.name}` }));
    }
    await run(people.runPayroll(ctx, { period: month, date: today }));
  }
}

/** The processes behind the organisation's books, for the ground-truth manifest. */
export function organisationTruth(world: World) {
  const plan = organisationPlan(world);
  const everyone = [...plan.staff.map((s) => ({ department: s.department, role: s.role })), ...plan.reps.map((r) => ({ department: r.department, role: 'sales_rep' as Role }))];
  return {
    description: 'People and running costs: who works where at the start, how pay and costs are drawn, and how the budget is biased on purpose.',
    notes: [
      'Salaries: each person ~ lognormal(ln band, σ) around their role\'s band, rounded to whole dollars; a raise every 1 January ~ Normal(raise mean, sd), at least 0.',
      'Payroll on the last day of each month (pro rata for starters and leavers), net wages paid on the 1st, tax and social charges remitted on the 15th.',
      `Turnover: each month with probability ${TURNOVER_PER_MONTH} one back-office employee who is not a manager leaves (on day 5–25) and is replaced 14 days later at the band salary.`,
      'Rent on the 1st (warehouses in their local currency); utilities invoiced on the last day and paid on the 10th; marketing as 1–3 campaigns a month per region; travel on the 20th.',
      'Budgets: the start year at set-up, each later year entered on 1 December and approved on 10 December, at the organisation then in place (no raises assumed) and the biases below.',
    ],
    departments: plan.departments.map((d) => ({ code: d.code, name: d.name, parent: d.parent, costCenter: d.code, headcountAtStart: everyone.filter((e) => e.department === d.code).length })),
    headcountAtStart: everyone.length,
    salaryBands: Object.fromEntries(Object.entries(SALARY_BANDS).map(([role, mean]) => [role, { meanMonthly: mean, lognormalSigma: SALARY_SIGMA }])),
    payrollRates: PAYROLL_RATES,
    raise: RAISE,
    turnoverPerMonth: TURNOVER_PER_MONTH,
    expenseRates: {
      rentMonthly: { ...Object.fromEntries(Object.entries(RENT).map(([code, r]) => [code, { currency: r.currency, amount: scaled(r.amount, world) }])), MGMT: { currency: 'USD', amount: scaled(HEAD_OFFICE_RENT, world) } },
      utilitiesMonthlyMean: { amount: scaled(UTILITIES_MEAN, world), seasonalAmplitude: 0.25, lognormalSigma: 0.15, peak: 'January' },
      marketingMonthlyMean: Object.fromEntries(REGIONS.map((r) => [salesDepartment(r.code), marketingMean(world, r.code)])),
      travelMonthly: { perRep: TRAVEL_PER_REP, management: MANAGEMENT_TRAVEL, lognormalSigma: { sales: 0.3, management: 0.4 } },
    },
    budgetBias: { ...BUDGET_BIAS, marketing: Object.fromEntries(Object.entries(plan.marketingBias).map(([region, b]) => [salesDepartment(region), b])) },
  };
}

// ---- behaviours -------------------------------------------------------------------------------

type Run = (command: Promise<unknown>) => Promise<void>;

/** Rent scales with the company, more slowly than its sales. */
const scaled = (amount: number, world: World) => Math.round(amount * Math.max(0.25, Math.sqrt(world.scale)));
const marketingMean = (world: World, region: string) =>
  Math.round(REFERENCE_MONTHLY_REVENUE * world.scale * MARKETING_SHARE_OF_REFERENCE * (REGIONS.find((r) => r.code === region)?.weight ?? 0));

function utilities(world: World, warehouse: string, month: string): number {
  const m = Number(month.slice(5, 7));
  const season = 1 + 0.25 * Math.cos((2 * Math.PI * (m - 1)) / 12);
  return Math.round(scaled(UTILITIES_MEAN, world) * season * stream(world.seed, 'payroll', 'utilities', warehouse, month).lognormal(0, 0.15));
}

/** A region's campaigns in a month: 1–3, on drawn days, sharing the month's spend. */
function marketingCampaigns(world: World, month: string) {
  return REGIONS.flatMap((r) => {
    const rng = stream(world.seed, 'payroll', 'marketing', r.code, month);
    const n = Math.min(3, 1 + rng.poisson(0.6));
    return Array.from({ length: n }, (_, k) => ({
      region: r.code,
      n: k + 1,
      day: rng.int(2, 27),
      amount: Math.max(100, Math.round((marketingMean(world, r.code) / n) * rng.lognormal(0, 0.35))),
    }));
  });
}

async function annualRaises(ctx: Context, world: World, today: string, run: Run): Promise<void> {
  for (const s of await people.staffOn(ctx.db, today)) {
    if (s.monthlySalary === null || s.startDate === null || s.startDate >= today) continue;
    const raise = Math.max(0, stream(world.seed, 'payroll', 'raise', s.code, today.slice(0, 4)).normal(RAISE.mean, RAISE.sd));
    const salary = Math.round((s.monthlySalary * (1 + raise)) / 100) * 100;
    if (salary !== s.monthlySalary) await run(people.changeSalary(ctx, { employeeId: s.id, effectiveFrom: today, monthlySalary: salary, reason: `annual review ${today.slice(0, 4)}` }));
  }
}

/**
 * This month's leaver, if any: the day they leave and which of the eligible staff it is. A
 * year's months are drawn in turn from one stream (three draws each), which keeps months of a
 * year independent of each other.
 */
function monthlyLeaver(world: World, month: string): { day: number; pick: number } | null {
  const rng = stream(world.seed, 'payroll', 'turnover', month.slice(0, 4));
  let drawn: { leaves: boolean; day: number; pick: number } = { leaves: false, day: 0, pick: 0 };
  for (let m = 1; m <= Number(month.slice(5, 7)); m++) drawn = { leaves: rng.chance(TURNOVER_PER_MONTH), day: rng.int(5, 25), pick: rng.uniform() };
  return drawn.leaves ? { day: drawn.day, pick: drawn.pick } : null;
}

const MANAGERS: Role[] = ['manager', 'sales_manager', 'sales_rep'];

async function turnover(ctx: Context, world: World, today: string, run: Run): Promise<void> {
  const leaver = monthlyLeaver(world, today.slice(0, 7));
  if (leaver && Number(today.slice(8, 10)) === leaver.day) {
    // Department leads (code ending -1) stay; everyone else in the back office may go.
    const eligible = (await people.staffOn(ctx.db, today)).filter((s) => s.monthlySalary !== null && !MANAGERS.includes(s.role as Role) && !s.code.endsWith('-1') && s.leaveDate === null);
    const who = eligible[Math.floor(leaver.pick * eligible.length)];
    if (who) await run(people.recordLeaving(ctx, { employeeId: who.id, leaveDate: today, reason: 'resigned' }));
  }
  const hiredFor = dayAfter(today, -14);
  const earlier = monthlyLeaver(world, hiredFor.slice(0, 7));
  if (earlier && Number(hiredFor.slice(8, 10)) === earlier.day) {
    const gone = (await people.staffOn(ctx.db, hiredFor)).find((s) => s.leaveDate === hiredFor);
    if (!gone || gone.departmentId === null) return;
    const base = gone.code.replace(/-R\d+$/, '');
    const code = `${base}-R${Number(/-R(\d+)$/.exec(gone.code)?.[1] ?? 0) + 1}`;
    await run(
      people.hireEmployee(ctx, {
        code,
        name: personName(world.seed, code),
        role: gone.role as Role,
        departmentId: gone.departmentId,
        ...(gone.managerId ? { managerId: gone.managerId } : {}),
        startDate: today,
        monthlySalary: salaryFor(world.seed, gone.role as Role, code),
      }),
    );
  }
}

/** On 1 December next year's budget is entered from the staff then in place; on 10 December it is approved. */
async function budgetNextYear(ctx: Context, world: World, plan: OrganisationPlan, today: string, day: number, run: Run): Promise<void> {
  const year = Number(today.slice(0, 4)) + 1;
  if (day === 1) {
    const staff = (await people.staffOn(ctx.db, today)).filter((s) => s.monthlySalary !== null && s.costCenter !== null);
    const salaries = staff.map((s) => ({ costCenter: s.costCenter!, monthlySalary: s.monthlySalary! }));
    await run(people.createBudgetVersion(ctx, { fiscalYear: year, name: `Budget ${year}`, lines: budgetLines(world, plan, year, 1, salaries) }));
    return;
  }
  const draft = (await people.budgetVersions(ctx.db, year)).find((v) => v.status === 'draft');
  if (draft) await run(people.approveBudgetVersion(ctx, { versionId: draft.versionId, date: today }));
}

/** The budget for `year` from month `fromMonth`: the expected cost of each cost centre times (1 + its bias). */
function budgetLines(world: World, plan: OrganisationPlan, year: number, fromMonth: number, salaries: { costCenter: string; monthlySalary: number }[]): people.BudgetLineInput[] {
  const lines: people.BudgetLineInput[] = [];
  const biased = (amount: number, bias: number) => Math.round(amount * (1 + bias));
  const payroll = new Map<string, number>();
  for (const s of salaries) payroll.set(s.costCenter, (payroll.get(s.costCenter) ?? 0) + s.monthlySalary);
  const euro = 1.09; // the budget's planning rate for euro rent
  for (let m = fromMonth; m <= 12; m++) {
    const period = `${year}-${String(m).padStart(2, '0')}`;
    for (const [costCenter, total] of [...payroll].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const gross = biased(total, BUDGET_BIAS.salaries);
      lines.push({ account: '6100', costCenter, period, amount: gross });
      lines.push({ account: '6110', costCenter, period, amount: Math.round((gross * PAYROLL_RATES.employerChargesBp) / 10_000) });
    }
    for (const w of WAREHOUSES) {
      const rent = RENT[w.code]!;
      lines.push({ account: '6200', costCenter: w.code, period, amount: biased(Math.round(scaled(rent.amount, world) * (rent.currency === 'EUR' ? euro : 1)), BUDGET_BIAS.rent) });
      lines.push({ account: '6250', costCenter: w.code, period, amount: biased(scaled(UTILITIES_MEAN, world) * (1 + 0.25 * Math.cos((2 * Math.PI * (m - 1)) / 12)), BUDGET_BIAS.utilities) });
    }
    lines.push({ account: '6200', costCenter: 'MGMT', period, amount: scaled(HEAD_OFFICE_RENT, world) });
    lines.push({ account: '6500', costCenter: 'MGMT', period, amount: biased(MANAGEMENT_TRAVEL, BUDGET_BIAS.travel) });
    for (const r of REGIONS) {
      lines.push({ account: '6300', costCenter: salesDepartment(r.code), period, amount: biased(marketingMean(world, r.code), plan.marketingBias[r.code]!) });
      const reps = world.reps.filter((x) => x.region === r.code).length;
      lines.push({ account: '6500', costCenter: salesDepartment(r.code), period, amount: biased(reps * TRAVEL_PER_REP, BUDGET_BIAS.travel) });
    }
  }
  return lines;
}

/** Whether this company has an organisation to run (a company simulated before it had one has not). */
const organised = new WeakMap<World, boolean>();
async function isOrganised(ctx: Context, world: World): Promise<boolean> {
  let known = organised.get(world);
  if (known === undefined) {
    known = (await people.listDepartments(ctx.db)).some((d) => d.code === 'MGMT');
    if (known) organised.set(world, known);
  }
  return known;
}
