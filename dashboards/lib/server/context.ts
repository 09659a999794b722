import type { Database } from '../../../domain/db/connect.js';

/**
 * What the dashboards run against, handed over by the process that serves them
 * (`ledgerloop serve`, or a test in-process): the one open operational database — the embedded
 * PGlite admits a single process, so the app must not open its own — the warehouse file, and
 * the employee requisitions are raised for. Who acts is the signed-in user (event.locals.user,
 * recorded as actorOf(user) from ./auth.ts), never a fixed name. Kept on globalThis under a
 * registered symbol because the built app bundles its own copy of this module, distinct from
 * the serve command's.
 */
export interface DashboardContext {
  database: Database;
  warehousePath: string;
  /** The employee a replenishment requisition is raised for; null when none was found. */
  plannerId: number | null;
}

const KEY = Symbol.for('ledgerloop.dashboards.context');

type Holder = { [KEY]?: DashboardContext };

export function provideDashboardContext(context: DashboardContext | undefined): void {
  (globalThis as Holder)[KEY] = context;
}

export function dashboardContext(): DashboardContext {
  const context = (globalThis as Holder)[KEY];
  if (!context) throw new Error("the dashboards have no database: serve them with 'ledgerloop serve'");
  return context;
}
