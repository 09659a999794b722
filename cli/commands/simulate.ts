import { join } from 'node:path';
import { parse, integerOption, dateOption, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { simulate, type SimulateResult } from '../../domain/simulate/index.js';
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
$LEDGERLOOP_DATA/simulation-truth.json.`,
  async run(argv) {
    const { values } = parse(argv, { seed: { type: 'string' }, days: { type: 'string' }, start: { type: 'string' }, scale: { type: 'string' }, json: { type: 'boolean' } });
    const options = simulationOptions(values);
    const result = await withDatabase(({ db }) => runSimulation(db, options));
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else console.log(describe(result));
    return 0;
  },
};

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
