import { journalLinesStage } from '../extract/stages/ledgers.js';
import type { FactTable } from './table.js';

/** The general ledger, line by line. Journal lines are immutable, so a line is only ever added. */
export const factGlLine: FactTable = {
  kind: 'fact',
  table: 'fact_gl_line',
  stages: [journalLinesStage],
  replaceKey: ['journal_line_id'],
  dimensionKeys: [],
  dateColumns: ['entry_date'],
  partitionDate: 'entry_date',
  sourceRows: 'select count(*) from finance.journal_lines',
  transform: () => `
    select id as journal_line_id, entry_id as journal_entry_id, entry_no, line_no, entry_date, date_key(entry_date) as date_key, period,
           account_code, debit as debit_functional, credit as credit_functional, debit - credit as amount_functional, currency, amount_txn,
           customer_id, supplier_id, item_id, cost_center, source_type, source_id, reversal_of as reversal_of_entry_id, memo,
           make_timestamptz(created_at_us) as recorded_at
      from stg_journal_lines`,
};
