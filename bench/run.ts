#!/usr/bin/env node
/**
 * `npm run bench -- NAME`: each benchmark prints its figures next to a baseline measured in the
 * same run on the same machine, and the ratio. Targets live here, never in unit tests.
 */
import { dashboardsBenchmark } from './dashboards.js';
import { domainBenchmark } from './domain.js';
import { modelsBenchmark } from './models.js';
import { pipelineBenchmark } from './pipeline.js';

const BENCHMARKS: Record<string, { summary: string; run: (argv: string[]) => Promise<void> }> = {
  dashboards: { summary: 'server time per dashboard request, page completion and filter repaint in Chromium, and the warehouse against the same aggregates on Postgres', run: dashboardsBenchmark },
  domain: { summary: 'five-line sales orders per second with 8 clients on the Postgres server, against single-row insert transactions', run: domainBenchmark },
  models: { summary: 'BG/NBD fit of 100,000 customers, scoring a million, demand forecasts of 10,000 series, each against a baseline', run: modelsBenchmark },
  pipeline: { summary: 'warehouse full and incremental load from the Postgres server, against COPY to CSV + DuckDB read_csv', run: pipelineBenchmark },
};

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || !BENCHMARKS[name]) {
  console.log(`Usage: npm run bench -- <name> [options]\n\n${Object.entries(BENCHMARKS).map(([n, b]) => `  ${n.padEnd(10)} ${b.summary}`).join('\n')}`);
  process.exitCode = name && name !== '--help' ? 2 : 0;
} else {
  BENCHMARKS[name].run(rest).catch((error: unknown) => {
    console.error(`bench ${name} failed: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
