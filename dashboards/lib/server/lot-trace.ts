import { erp, isDomainError } from '../../../domain/index.js';
import { dashboardContext } from './context.js';

/**
 * A lot's trace from the operational database, through the ERP area of the domain library:
 * backwards to the supplier receipts and their inspections, forwards to the customer
 * deliveries, with the codes of those suppliers and customers (the pages link by code).
 * Undefined when no lot has that number.
 */
export async function lotTraceByNumber(lotNo: string): Promise<{ trace: erp.LotTrace; supplierCodes: Record<number, string>; customerCodes: Record<number, string> } | undefined> {
  const { db } = dashboardContext().database;
  let trace: erp.LotTrace;
  try {
    trace = await erp.traceLot(db, lotNo);
  } catch (e) {
    if (isDomainError(e) && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
  const supplierIds = [...new Set(trace.backwards.receipts.map((r) => r.supplierId))];
  const customerIds = [...new Set(trace.forwards.deliveries.map((d) => d.customerId))];
  const [suppliers, customers] = await Promise.all([
    supplierIds.length ? db.selectFrom('scm.suppliers').select(['id', 'code']).where('id', 'in', supplierIds).execute() : [],
    customerIds.length ? db.selectFrom('crm.customers').select(['id', 'code']).where('id', 'in', customerIds).execute() : [],
  ]);
  return {
    trace,
    supplierCodes: Object.fromEntries(suppliers.map((s) => [s.id, s.code])),
    customerCodes: Object.fromEntries(customers.map((c) => [c.id, c.code])),
  };
}
