import { join } from 'node:path';
import { parse, integerOption, dateOption, UsageError } from '../args.js';
import { SYSTEM_ACTOR, withDatabase } from '../database.js';
import { addDemoUsers, simulate, type SimulateResult } from '../../domain/simulate/index.js';
import type { AddedUser } from '../../domain/access/index.js';
import { dataDirectory } from '../../domain/db/project-root.js';
import { progressReporter, duration } from '../format.js';
import type { Subcommand } from '../subcommand.js';

export const simulateCommand: Subcommand = {
  name: 'simulate',
  summary: 'simulate the demo company (or continue it) through the public commands',
  help: `Usage: ledgerloop simulate [--seed N] [--days D] [--start YYYY-MM-DD] [--scale S] [--json]

  --seed N      random seed (default 42); the same seed gives the same books on any database
  --days D      days to simulate (default 730)
  --start DATE  first day of a new company (default 2024-01-01)
  --scale S     company size: 1 = about 2,000 customers and 300 items (default 1; 0.01–10)

On a database that already holds a simulated company, continues it from the day after its last
simulated day for --days more days (same seed and scale). Writes the ground-truth manifest to
$LEDGERLOOP_DATA/simulation-truth.json.

A new company also gets one dashboards user per role (demo-executive, demo-analyst,
demo-planner, demo-admin; 'ledgerloop user list'), whose one-time passwords are printed once.`,
  async run(argv) {
    const { values } = parse(argv, { seed: { type: 'string' }, days: { type: 'string' }, start: { type: 'string' }, scale: { type: 'string' }, json: { type: 'boolean' } });
    const options = simulationOptions(values);
    const { result, demoUsers } = await withDatabase(async ({ db }) => {
      const result = await runSimulation(db, options);
      return { result, demoUsers: result.continued ? [] : await addDemoUsers({ db, actor: SYSTEM_ACTOR }) };
    });
    if (values.json) {
      console.log(JSON.stringify({ ...result, demoUsers: demoUsers.map((u) => ({ username: u.username, role: u.role, password: u.password })) }, null, 2));
      return 0;
    }
    console.log(describe(result));
    if (demoUsers.length > 0) console.log(describeDemoUsers(demoUsers));
    return 0;
  },
};

/** The demo users just added, with their one-time passwords: printed this once. */
export function describeDemoUsers(users: readonly AddedUser[]): string {
  const width = Math.max(...users.map((u) => u.username.length));
  return [
    `Demo users, one per role, for the dashboards (one-time passwords, shown only now; 'ledgerloop user reset-password NAME' gives a new one):`,
    ...users.map((u) => `  ${u.username.padEnd(width)}  ${u.role.padEnd(9)}  ${u.password}`),
  ].join('\n');
}

export function simulationOptions(values: { seed?: string | undefined; days?: string | undefined; start?: string | undefined; scale?: string | undefined }) {
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale < 0.01 || scale > 10) throw new UsageError(`--scale must be a number from 0.01 to 10, not '${values.scale}'`, 'scale');
  return {
    seed: integerOption(values.seed, 'seed', { min: 0, max: 2 ** 31 - 1, fallback: 42 }),
    days: integerOption(values.days, 'days', { min: 1, max: 3650, fallback: 730 }),
    start: dateOption(values.start, 'start'),
    scale,
  };
}

export async function runSimulation(db: Parameters<typeof simulate>[0]['db'], options: ReturnType<typeof simulationOptions>): Promise<SimulateResult> {
  const progress = progressReporter('simulating day');
  return simulate(
    { db, actor: 'simulator' },
    {
      ...options,
      ...(options.start ? { start: options.start } : {}),
      truthPath: join(dataDirectory(), 'simulation-truth.json'),
      onProgress: ({ day, days, date, tally }) => {
        const seconds = process.uptime();
        progress.update(day, days, `${date} | ${tally.commands.toLocaleString('en-US')} commands, ${Math.round(tally.commands / Math.max(seconds, 0.001)).toLocaleString('en-US')}/s`);
      },
    },
  );
}

export function describe(r: SimulateResult): string {
  return `${r.continued ? 'Continued' : 'Simulated'} ${r.days} days (${r.firstDate} to ${r.lastDate}): ${r.tally.commands.toLocaleString('en-US')} commands, ${r.tally.orders.toLocaleString('en-US')} orders, ${r.customers.toLocaleString('en-US')} customers in ${duration(r.seconds)} (${Math.round(r.tally.commands / Math.max(r.seconds, 0.001)).toLocaleString('en-US')} commands/s).`;
}
