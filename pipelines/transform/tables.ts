import type { StageSpec } from '../extract/stage-spec.js';
import { eventsStage } from '../extract/stages/events.js';
import { companyStage } from '../extract/stages/reference.js';
import { dimAccount } from './dim-account.js';
import { dimCampaign } from './dim-campaign.js';
import { dimCostCenter } from './dim-cost-center.js';
import { dimCustomer } from './dim-customer.js';
import { dimEmployee } from './dim-employee.js';
import { dimLeadSource } from './dim-lead-source.js';
import { dimProduct } from './dim-product.js';
import { dimSupplier } from './dim-supplier.js';
import { dimWarehouse } from './dim-warehouse.js';
import { factActivity } from './fact-activity.js';
import { factApproval } from './fact-approval.js';
import { factAsn } from './fact-asn.js';
import { factBudget } from './fact-budget.js';
import { factContractInstalment } from './fact-contract-instalment.js';
import { factFollowUp } from './fact-follow-up.js';
import { factGlLine } from './fact-gl-line.js';
import { factInventoryMovement } from './fact-inventory-movement.js';
import { factLead } from './fact-lead.js';
import { factOpportunityLine } from './fact-opportunity-line.js';
import { factOpportunityStage } from './fact-opportunity-stage.js';
import { factPayment } from './fact-payment.js';
import { factPlanningDecision } from './fact-planning-decision.js';
import { factProductionOperation, factProductionOrder } from './fact-production.js';
import { factPurchaseLine } from './fact-purchase-line.js';
import { factReceiptInspection } from './fact-receipt-inspection.js';
import { factRequisitionLine } from './fact-requisition-line.js';
import { factReturnLine } from './fact-return-line.js';
import { factSalesLine } from './fact-sales-line.js';
import { factServiceTicket } from './fact-service-ticket.js';
import { factSupplierAudit } from './fact-supplier-audit.js';
import { factSupplierStatementLine } from './fact-supplier-statement-line.js';
import type { FactTable, Type1Dimension, Type2Dimension, WarehouseTable } from './table.js';

/** Every table the pipeline builds from the source, dimensions first (facts look their keys up). */
export const DIMENSIONS: readonly (Type1Dimension | Type2Dimension)[] = [dimCustomer, dimProduct, dimSupplier, dimWarehouse, dimEmployee, dimAccount, dimLeadSource, dimCampaign, dimCostCenter];
export const FACTS: readonly FactTable[] = [
  factSalesLine, factPurchaseLine, factGlLine, factInventoryMovement, factPayment,
  factLead, factOpportunityStage, factOpportunityLine, factActivity, factFollowUp,
  factContractInstalment, factReturnLine, factServiceTicket, factApproval,
  factRequisitionLine, factReceiptInspection, factSupplierStatementLine, factAsn,
  factSupplierAudit, factProductionOperation, factProductionOrder, factBudget, factPlanningDecision,
];
export const TABLES: readonly WarehouseTable[] = [...DIMENSIONS, ...FACTS];

/** The staging tables a run fills, each once, in a fixed order. */
export function stagesOf(tables: readonly WarehouseTable[] = TABLES): StageSpec[] {
  const type2 = tables.filter((t): t is Type2Dimension => t.kind === 'dimension-type2').map((t) => t.aggregateType);
  const all = [companyStage, eventsStage(type2), ...tables.flatMap((t) => t.stages)];
  return [...new Map(all.map((s) => [s.name, s])).values()];
}
