import { supplierStatementLinesStage } from '../extract/stages/procurement.js';
import type { FactTable } from './table.js';

/**
 * One row per line of a supplier statement reconciliation: the document it covers, our amount
 * and the supplier's, and where the statement stands in review and approval.
 */
export const factSupplierStatementLine: FactTable = {
  kind: 'fact',
  table: 'fact_supplier_statement_line',
  stages: [supplierStatementLinesStage],
  replaceKey: ['statement_id'],
  dimensionKeys: [{ column: 'supplier_key', dimension: 'dim_supplier', member: 'supplier_id', at: 'recorded_at' }],
  dateColumns: ['period_end_date', 'document_date', 'generated_date', 'responded_date', 'reviewed_date', 'closed_date'],
  partitionDate: 'period_end_date',
  sourceRows: 'select count(*) from scm.supplier_statement_lines',
  // Approval follows the review (statements.ts): a reviewed statement awaits it, and the final
  // decision makes it reconciled or rejected.
  transform: () => `
    select l.statement_id, l.id as statement_line_id, l.statement_no, l.line_no, l.supplier_id, l.period, l.period_end as period_end_date,
           date_key(l.period_end) as period_end_date_key, l.currency, l.doc_kind as document_type, l.doc_id as document_id, l.doc_no as document_no,
           l.doc_date as document_date, date_key(l.doc_date) as document_date_key, l.amount as our_amount, l.supplier_amount,
           l.supplier_amount - l.amount as difference, l.line_status as supplier_response, l.discrepancy_kind, l.note as supplier_note,
           l.released, l.statement_status,
           case l.statement_status when 'reviewed' then 'pending' when 'reconciled' then 'approved' when 'rejected' then 'rejected' end as approval_status,
           l.approval_request_id, l.generated_date, l.responded_date, l.reviewer_id, l.reviewed_date, l.closed_date,
           make_timestamptz(l.created_at_us) as recorded_at
      from stg_supplier_statement_lines l`,
};
