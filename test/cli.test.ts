import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './support/cli.js';

const run = (...argv: string[]) => runMain(argv);

describe('ledgerloop CLI', () => {
  let data: string;
  const saved = process.env.LEDGERLOOP_DATA;
  beforeAll(() => {
    data = mkdtempSync(join(tmpdir(), 'll-cli-'));
    process.env.LEDGERLOOP_DATA = join(data, 'store');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = saved;
    rmSync(data, { recursive: true, force: true });
  });

  it('prints help for every command', async () => {
    const top = await run('--help');
    expect(top.code).toBe(0);
    for (const name of ['start', 'migrate', 'simulate', 'status', 'report', 'verify']) {
      expect(top.stdout).toContain(name);
      const help = await run(name, '--help');
      expect(help.code, name).toBe(0);
      expect(help.stdout, name).toMatch(/^Usage: ledgerloop /);
    }
  });

  it.each([
    [['simulate', '--days', 'abc'], /--days must be a whole number/],
    [['simulate', '--scale', '99'], /--scale must be a number from 0.01 to 10/],
    [['simulate', '--start', '2024-02-30'], /--start must be a date/],
    [['report'], /name a report/],
    [['report', 'profit'], /unknown report 'profit'/],
    [['report', 'trial-balance', '--to', 'yesterday'], /--to must be a date/],
    [['status', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('refuses %j with one line and exit 2, writing nothing', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace without --verbose
    expect(existsSync(join(data, 'store'))).toBe(false);
  });

  it('migrates, reports and verifies an empty database', async () => {
    const migrated = await run('migrate', '--json');
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout).applied.length + JSON.parse(migrated.stdout).alreadyApplied.length).toBeGreaterThan(0);
    const status = await run('status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ counts: { sales_orders: 0 }, trialBalance: { balanced: true } });
    const verified = await run('verify');
    expect(verified.code).toBe(0);
    const tb = await run('report', 'trial-balance', '--to', '2024-12-31', '--json');
    expect(JSON.parse(tb.stdout)).toMatchObject({ asOf: '2024-12-31', balanced: true, rows: [] });
  });
});
