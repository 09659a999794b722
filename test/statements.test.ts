import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { finance, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { runPipeline } from '../pipelines/index.js';
import { reportCommand } from '../cli/commands/report.js';
import { ageingItemsFromWarehouse, ledgerFromWarehouse } from '../warehouse/statements.js';
import { ledgerJournal } from '../warehouse/ledger-journal.js';
import { ageing, balanceSheet, cashFlowStatement, incomeStatement, statementTrialBalance, workingCapitalFigures, workingCapitalRatios } from '../warehouse/models/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { runCommand } from './support/cli.js';
import { query } from './support/warehouse.js';

const COMPANY = { seed: 23, scale: 0.1, start: '2024-01-01', days: 75 };

describe('financial statements on a simulated company', () => {
  let database: TestDatabase;
  let dir: string;
  const saved = process.env.LEDGERLOOP_DATA;
  const warehouse = () => join(dir, 'warehouse.duckdb');
  const tb = (asOf: string) => finance.trialBalance(database.db, asOf);
  const balanceOf = (rows: { account: string; balance: number }[], account: string) => rows.find((r) => r.account === account)?.balance ?? 0;

  beforeAll(async () => {
    database = await freshDatabase();
    const ctx: Context = { db: database.db, actor: 'test' };
    dir = mkdtempSync(join(tmpdir(), 'll-statements-'));
    await simulate(ctx, COMPANY);
    await runPipeline(database, { warehousePath: warehouse() });
    process.env.LEDGERLOOP_DATA = dir;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = saved;
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the trial balance from the warehouse is the books\' at any date', async () => {
    for (const asOf of ['2024-01-31', '2024-02-15', '2024-03-31']) {
      const books = await tb(asOf);
      const ours = statementTrialBalance(await ledgerFromWarehouse(warehouse(), '2024-01-01', asOf));
      expect(ours.rows.map((r) => ({ account: r.account, debit: r.debit, credit: r.credit, balance: r.balance }))).toEqual(
        books.rows.map((r) => ({ account: r.account, debit: Number(r.debit), credit: Number(r.credit), balance: Number(r.balance) })),
      );
      expect(ours.totalDebit).toBe(books.totalDebit);
    }
  });

  it('statements tie to the books and to each other', async () => {
    const jan = await ledgerFromWarehouse(warehouse(), '2024-01-01', '2024-01-31');
    const feb = await ledgerFromWarehouse(warehouse(), '2024-02-01', '2024-02-29');
    const [endJan, endFeb] = [(await tb('2024-01-31')).rows, (await tb('2024-02-29')).rows];
    const booksRows = endFeb.map((r) => ({ ...r, balance: Number(r.balance) }));
    const janRows = endJan.map((r) => ({ ...r, balance: Number(r.balance) }));
    const is = incomeStatement(feb);
    // The result is minus the change in every revenue and expense account in the books.
    const pl = (rows: typeof booksRows) => rows.filter((r) => r.type === 'revenue' || r.type === 'expense').reduce((s, r) => s - r.balance, 0);
    expect(is.netIncome).toBe(pl(booksRows) - pl(janRows));
    expect(is.revenue).toBeGreaterThan(0);

    const bs = balanceSheet(feb);
    expect(bs.balanced).toBe(true);
    expect(bs.totalAssets).toBe(booksRows.filter((r) => r.type === 'asset').reduce((s, r) => s + r.balance, 0));
    expect(bs.retainedEarnings.netIncome).toBe(is.netIncome);
    expect(bs.retainedEarnings.opening).toBe(balanceSheet(jan).retainedEarnings.closing);

    const cf = cashFlowStatement(feb);
    expect(cf.cashOpening).toBe(balanceOf(janRows, '1100'));
    expect(cf.cashClosing).toBe(balanceOf(booksRows, '1100'));
    expect(cf.netChange).toBe(cf.cashClosing - cf.cashOpening);

    const ar = ageing((await ageingItemsFromWarehouse(warehouse(), 'receivables', '2024-02-29')).items, '2024-02-29');
    expect(ar.totals.total).toBe(balanceOf(booksRows, '1200'));
    expect(ar.totals.current + ar.totals.days1to30).toBeGreaterThan(0);
    const ap = ageing((await ageingItemsFromWarehouse(warehouse(), 'payables', '2024-02-29')).items, '2024-02-29');
    expect(ap.totals.total).toBe(-balanceOf(booksRows, '2100'));

    const ratios = workingCapitalRatios(workingCapitalFigures(feb));
    expect(ratios.dso).toBeGreaterThan(0);
    expect(ratios.cashConversionCycle).toBe(Math.round((ratios.dso! + ratios.dio! - ratios.dpo!) * 10) / 10);
  });

  it('ledgerloop report prints every statement, and refuses bad input in one line', async () => {
    for (const name of ['income-statement', 'balance-sheet', 'cash-flow', 'ar-aging', 'ap-aging', 'ratios']) {
      const human = await runCommand(reportCommand, name, '--from', '2024-02-01', '--to', '2024-02-29');
      expect(human.code, `${name}: ${human.stderr}`).toBe(0);
      expect(human.stdout.split('\n').length).toBeGreaterThan(3);
      const json = await runCommand(reportCommand, name, '--from', '2024-02-01', '--to', '2024-02-29', '--json');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).report).toBe(name);
    }
    const bs = JSON.parse((await runCommand(reportCommand, 'balance-sheet', '--from', '2024-02-01', '--to', '2024-02-29', '--compare', 'both', '--json')).stdout);
    expect(bs.totalAssets).toBe(bs.totalLiabilities + bs.totalEquity);
    expect(Number.isSafeInteger(bs.totalAssets)).toBe(true);
    expect(Object.keys(bs.comparatives)).toEqual(['previous', 'lastYear']);
    expect(bs.comparatives.previous.asOf).toBe('2024-01-31');
    const human = (await runCommand(reportCommand, 'income-statement', '--from', '2024-02-01', '--to', '2024-02-29')).stdout;
    expect(human).toMatch(/Net income/);
    expect(human).toMatch(/2024-01-01\.\.2024-01-31/);

    for (const [args, message] of [
      [['balance-sheet', '--to', '2024-02-30'], /--to must be a date as YYYY-MM-DD/],
      [['cash-flow', '--from', '2024-03-01', '--to', '2024-02-01'], /--from 2024-03-01 is after --to/],
      [['profit'], /unknown report 'profit'/],
      [['ratios', '--compare', 'both'], /--compare applies to/],
      [['margin', '--by', 'colour'], /--by must be one of product, customer, region/],
      [['budget', '--by', 'region'], /--by applies to margin/],
    ] as const) {
      const r = await runCommand(reportCommand, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(1);
    }
  });

  it('margin by product, customer and region adds up to the sales lines, and budget against actual to the ledger', async () => {
    const fromFacts = await query(warehouse(), `select sum(net_revenue_functional) as revenue, sum(gross_margin_functional) as margin from fact_sales_line where order_date between '2024-01-01' and '2024-02-29'`);
    for (const by of ['product', 'customer', 'region']) {
      const r = await runCommand(reportCommand, 'margin', '--by', by, '--from', '2024-01-01', '--to', '2024-02-29', '--json');
      expect(r.code, r.stderr).toBe(0);
      const rows = JSON.parse(r.stdout).rows as { net_revenue: number; gross_margin: number }[];
      expect(rows.reduce((s, x) => s + x.net_revenue, 0)).toBe(fromFacts[0]!.revenue);
      expect(rows.reduce((s, x) => s + x.gross_margin, 0)).toBe(fromFacts[0]!.margin);
    }
    const budget = await runCommand(reportCommand, 'budget', '--from', '2024-02-01', '--to', '2024-02-29', '--json');
    expect(budget.code, budget.stderr).toBe(0);
    const rows = JSON.parse(budget.stdout).rows as { account: string; type: string; actual: number }[];
    // Each expense account's actual is its February debit balance in the books.
    const { rows: books } = await sql<{ account: string; amount: string }>`
      select l.account_code as account, sum(l.debit - l.credit)::text as amount from finance.journal_lines l join finance.journal_entries e on e.id = l.entry_id
        join finance.accounts a on a.code = l.account_code where a.type = 'expense' and e.entry_date between '2024-02-01' and '2024-02-29' group by 1`.execute(database.db);
    for (const b of books) expect(rows.filter((r) => r.account === b.account).reduce((s, r) => s + r.actual, 0), b.account).toBe(Number(b.amount));
  });

  it('the exported journal gives the trial balance in hledger and ledger', async (t) => {
    const tools = ['hledger', 'ledger'].filter((tool) => spawnSync(tool, ['--version']).status === 0);
    const journal = await ledgerJournal(database.db);
    const file = join(dir, 'books.journal');
    writeFileSync(file, journal.text);
    const books = (await tb('9999-12-31')).rows.filter((r) => Number(r.balance) !== 0);
    const expected = Object.fromEntries(books.map((r) => [r.account, Number(r.balance)]));
    if (tools.length < 2) {
      t.skip(`hledger and ledger are needed to check the journal (apt-get install -y hledger ledger); found: ${tools.join(', ') || 'neither'}`);
      return;
    }
    const toMinor = (text: string) => {
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim().replace(/,/g, ''));
      if (!m) throw new Error(`cannot read amount '${text}'`);
      return (m[1] ? -1 : 1) * Number(`${m[2]}${(m[3] ?? '').padEnd(journal.minorUnits, '0')}`);
    };
    const code = (account: string) => account.split(':').at(-1)!.split(' ')[0]!;

    const h = spawnSync('hledger', ['-f', file, 'balance', '--flat', '--no-total', '-O', 'csv'], { encoding: 'utf8' });
    expect(h.status, h.stderr).toBe(0);
    const hledger = Object.fromEntries(h.stdout.trim().split('\n').slice(1).map((line) => {
      const [, account, amount] = /^"(.*)","(.*) [A-Z]{3}"$/.exec(line)!;
      return [code(account!), toMinor(amount!)];
    }));
    expect(hledger).toEqual(expected);

    const l = spawnSync('ledger', ['-f', file, 'balance', '--flat', '--no-total', '--format', '%(account)\t%(quantity(display_total))\n'], { encoding: 'utf8' });
    expect(l.status, l.stderr).toBe(0);
    const ledger = Object.fromEntries(l.stdout.trim().split('\n').map((line) => {
      const [account, amount] = line.split('\t');
      return [code(account!), toMinor(amount!)];
    }));
    expect(ledger).toEqual(expected);
  });
});
