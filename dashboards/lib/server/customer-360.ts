import { core, crm } from '../../../domain/index.js';
import { dashboardContext } from './context.js';

/**
 * A customer's 360 view from the operational database, through the CRM area of the domain
 * library: the account, contacts, activities, opportunities, quotes, orders, contracts,
 * invoices, open balance, returns and tickets. Overdue is dated to the simulated company's last
 * day when there is one (as `ledgerloop customer show` does). Undefined for an unknown code.
 */
export async function customer360ByCode(code: string): Promise<crm.Customer360 | undefined> {
  const { db } = dashboardContext().database;
  const customerId = await crm.findCustomerId(db, code);
  if (customerId === undefined) return undefined;
  const asOf = (await core.simulationState(db))?.lastDate;
  return crm.customer360(db, customerId, asOf ? { asOf } : {});
}
