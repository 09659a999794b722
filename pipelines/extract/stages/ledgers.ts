import { recordedInWindow } from '../changes.js';
import { columns, micros, type StageSpec } from '../stage-spec.js';
import { parentsAndChildren } from '../scoped-join.js';

/** The general ledger: journal lines with their entry. Lines are never changed, only added. */
export const journalLinesStage: StageSpec = {
  name: 'stg_journal_lines',
  columns: columns({
    id: 'BIGINT', entry_id: 'BIGINT', entry_no: 'VARCHAR', line_no: 'INTEGER', entry_date: 'DATE', period: 'VARCHAR', account_code: 'VARCHAR',
    debit: 'BIGINT', credit: 'BIGINT', currency: 'VARCHAR', amount_txn: 'BIGINT', customer_id: 'INTEGER', supplier_id: 'INTEGER',
    item_id: 'INTEGER', cost_center: 'VARCHAR', source_type: 'VARCHAR', source_id: 'VARCHAR', reversal_of: 'BIGINT', memo: 'VARCHAR',
    created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'finance.journal_lines',
  query: (window) => `
    select l.id, l.entry_id, e.entry_no, l.line_no, e.entry_date, e.period::text as period, l.account_code, l.debit, l.credit,
           l.currency::text as currency, l.amount_txn, l.customer_id, l.supplier_id, l.item_id, l.cost_center, e.source_type, e.source_id,
           e.reversal_of, e.memo, ${micros('e.created_at')} as created_at_us
      from ${parentsAndChildren(window, { table: 'finance.journal_entries', alias: 'e' }, { table: 'finance.journal_lines', alias: 'l', key: 'entry_id' }, (w) =>
        recordedInWindow('e.created_at', w),
      )}`,
};

/** The stock ledger. Moves are never changed, only added. */
export const stockMovesStage: StageSpec = {
  name: 'stg_stock_moves',
  columns: columns({
    id: 'BIGINT', item_id: 'INTEGER', warehouse_id: 'INTEGER', move_date: 'DATE', kind: 'VARCHAR', quantity: 'BIGINT', value: 'BIGINT',
    source_type: 'VARCHAR', source_id: 'VARCHAR', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.stock_moves',
  query: (window) => `
    select m.id, m.item_id, m.warehouse_id, m.move_date, m.kind, m.quantity, m.value, m.source_type, m.source_id, ${micros('m.created_at')} as created_at_us
      from erp.stock_moves m
     ${window.kind === 'full' ? '' : `where ${recordedInWindow('m.created_at', window)}`}`,
};
