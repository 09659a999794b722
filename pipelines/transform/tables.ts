import type { StageSpec } from '../extract/stage-spec.js';
import { eventsStage } from '../extract/stages/events.js';
import { companyStage } from '../extract/stages/reference.js';
import { dimAccount } from './dim-account.js';
import { dimCustomer } from './dim-customer.js';
import { dimEmployee } from './dim-employee.js';
import { dimProduct } from './dim-product.js';
import { dimSupplier } from './dim-supplier.js';
import { dimWarehouse } from './dim-warehouse.js';
import { factGlLine } from './fact-gl-line.js';
import { factInventoryMovement } from './fact-inventory-movement.js';
import { factPayment } from './fact-payment.js';
import { factPurchaseLine } from './fact-purchase-line.js';
import { factSalesLine } from './fact-sales-line.js';
import type { FactTable, Type1Dimension, Type2Dimension, WarehouseTable } from './table.js';

/** Every table the pipeline builds from the source, dimensions first (facts look their keys up). */
export const DIMENSIONS: readonly (Type1Dimension | Type2Dimension)[] = [dimCustomer, dimProduct, dimSupplier, dimWarehouse, dimEmployee, dimAccount];
export const FACTS: readonly FactTable[] = [factSalesLine, factPurchaseLine, factGlLine, factInventoryMovement, factPayment];
export const TABLES: readonly WarehouseTable[] = [...DIMENSIONS, ...FACTS];

/** The staging tables a run fills, each once, in a fixed order. */
export function stagesOf(tables: readonly WarehouseTable[] = TABLES): StageSpec[] {
  const type2 = tables.filter((t): t is Type2Dimension => t.kind === 'dimension-type2').map((t) => t.aggregateType);
  const all = [companyStage, eventsStage(type2), ...tables.flatMap((t) => t.stages)];
  return [...new Map(all.map((s) => [s.name, s])).values()];
}
