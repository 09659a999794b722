import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { integerOption, parse, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import type { Database } from '../../domain/db/connect.js';
import { projectRoot } from '../../domain/db/project-root.js';
import { warehousePath } from '../../warehouse/location.js';
import { provideDashboardContext, type DashboardContext } from '../../dashboards/lib/server/context.js';
import { updateForecasts, updateWarehouse } from './start.js';
import type { Subcommand } from '../subcommand.js';

export const serveCommand: Subcommand = {
  name: 'serve',
  summary: 'serve the dashboards (Overview, Planning, Sales funnel, Data, Notebooks, Workbench) in the browser',
  help: `Usage: ledgerloop serve [--host HOST] [--port N] [--planner EMP] [--refresh-minutes N]

Serves the dashboards built by 'npm run build' (build/app) at http://HOST:PORT/ and prints the
URL; stops on Ctrl-C. The pages read the warehouse ($LEDGERLOOP_DATA/warehouse.duckdb, kept
current by 'ledgerloop pipeline' and 'ledgerloop forecast') read-only, and show how fresh it is.

On the Planning page a planner accepts or rejects the forecast's suggestions; each decision goes
through the planning area of the operational database (DATABASE_URL, else the embedded one under
$LEDGERLOOP_DATA), which this process opens once and keeps open: the embedded database admits
one process at a time, so stop 'serve' before running other commands against it.

  --host HOST    address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for all)
  --port N       port (default 5173; 0 picks a free one)
  --planner EMP  the employee (id or code) decisions are recorded for and purchase
                 requisitions raised for (default: the first active planner, else buyer)
  --refresh-minutes N
                 every N minutes, load what was committed since into the warehouse and re-run
                 the models when it brought anything (default 5; 0 turns it off), so an
                 operation shows on the dashboards within N minutes and every page says how
                 fresh its data is

Decisions are recorded as made by $LEDGERLOOP_ACTOR (default dashboard:<planner code>).`,
  async run(argv) {
    const { values } = parse(argv, { host: { type: 'string' }, port: { type: 'string' }, planner: { type: 'string' }, 'refresh-minutes': { type: 'string' } });
    const refreshMinutes = integerOption(values['refresh-minutes'], 'refresh-minutes', { min: 0, max: 1440, fallback: 5 });
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new UsageError(`--host must be an address or host name, not '${host}'`, 'host');
    const port = integerOption(values.port, 'port', { min: 0, max: 65535, fallback: 5173 });
    const app = appDirectory();
    if (!existsSync(join(app, 'handler.js'))) throw new UsageError(`the dashboards are not built (no ${join(app, 'handler.js')}); run 'npm run build' first`);
    return withDatabase((database) => serveUntilStopped(database, { host, port, planner: values.planner as string | undefined, refreshMinutes }));
  },
};

/** Serves the dashboards with this database, refreshing the warehouse on schedule, until Ctrl-C. */
export async function serveUntilStopped(database: Database, options: { host: string; port: number; planner?: string | undefined; refreshMinutes: number }): Promise<number> {
  const context = await dashboardContextFor(database, options.planner);
  const served = await serveDashboards(context, { host: options.host, port: options.port });
  const refresh = options.refreshMinutes > 0 ? scheduleRefresh(database, context.warehousePath, options.refreshMinutes) : null;
  console.log(`Dashboards at ${served.url}  (warehouse ${context.warehousePath}${refresh ? `, refreshed every ${options.refreshMinutes} min` : ''}; decisions by ${context.actor}). Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  refresh?.stop();
  await served.close();
  return 0;
}

/**
 * Every `minutes`: the incremental pipeline, then the models if it loaded anything. One at a
 * time (a slow run is not overlapped); a failure is logged here and, by the pipeline, in the
 * run log the Data page shows, and the dashboards keep serving the last good warehouse.
 */
export function scheduleRefresh(database: Database, path: string, minutes: number): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      const quiet = () => {};
      const loaded = await updateWarehouse(database, path, quiet);
      if (!/is current/.test(loaded)) console.log(`${new Date().toISOString()} ${loaded.split('\n')[0]}`);
      const forecast = await updateForecasts(database, path, { quiet: true });
      if (!/are current/.test(forecast)) console.log(`${new Date().toISOString()} ${forecast}`);
    })()
      .catch((error: unknown) => console.error(`${new Date().toISOString()} refresh failed: ${(error as Error).message.split('\n')[0]}`))
      .finally(() => {
        running = false;
      });
  }, minutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Where 'npm run build' puts the app (adapter-node's output, see svelte.config.js). */
export function appDirectory(): string {
  return join(projectRoot(), 'build', 'app');
}

/** The context the app runs in: this database, the warehouse, and the planner deciding. */
export async function dashboardContextFor(database: Database, planner?: string, path = warehousePath()): Promise<DashboardContext> {
  const { rows } = await sql<{ id: number; code: string; role: string }>`
    select id, code, role from people.employees
     where active and (${planner ?? null}::text is null and role in ('planner', 'buyer') or code = ${planner ?? null}::text or id::text = ${planner ?? null}::text)
     order by case role when 'planner' then 0 else 1 end, id limit 1`.execute(database.db);
  const who = rows[0];
  if (planner !== undefined && !who) throw new UsageError(`--planner: no active employee with id or code '${planner}'`, 'planner');
  return { database, warehousePath: path, actor: process.env.LEDGERLOOP_ACTOR ?? `dashboard:${who?.code ?? 'planner'}`, plannerId: who?.id ?? null };
}

export interface ServedDashboards {
  url: string;
  close(): Promise<void>;
}

const PROTOCOL_HEADER = 'x-ledgerloop-protocol';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Serves the built app from a plain node:http server in this process, after handing it the
 * context: adapter-node's handler.js is imported only now, so the app starts with its database.
 */
export async function serveDashboards(context: DashboardContext, { host = '127.0.0.1', port = 0, app = appDirectory() }: { host?: string; port?: number; app?: string } = {}): Promise<ServedDashboards> {
  provideDashboardContext(context);
  // adapter-node takes requests for https unless told otherwise; this server speaks plain http,
  // and says so on every request (overwriting what a client sent), so form posts pass its
  // same-origin check.
  process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
  const { handler } = (await import(pathToFileURL(join(app, 'handler.js')).href)) as { handler: Handler };
  const server: Server = createServer((req, res) => {
    req.headers[PROTOCOL_HEADER] = 'http';
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new UsageError(`port ${port} on ${host} is in use; choose another with --port`, 'port') : e));
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? 'localhost' : host;
  return {
    url: `http://${shown}:${bound}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      provideDashboardContext(undefined);
    },
  };
}
