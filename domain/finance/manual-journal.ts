import { z } from 'zod';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { isoDate } from '../kernel/inputs.js';
import { functionalCurrency } from '../core/currency.js';
import { assertPeriodOpen, postEntry } from './journal.js';

const amount = z.number().int().nonnegative().max(1e15);

/** Accounts whose balance must equal a subledger: only their documents may move them. */
const CONTROL_ROLES = ['receivables', 'payables', 'inventory', 'grni', 'wages_payable', 'tax_withholding', 'social_charges_payable', 'expense_payables'];

export const postManualJournal = defineCommand(
  'finance.postManualJournal',
  z.object({
    date: isoDate,
    memo: z.string().trim().min(1, 'a manual journal needs a memo saying why').max(500),
    lines: z
      .array(
        z.object({
          account: z.string().min(1),
          debit: amount.default(0),
          credit: amount.default(0),
          costCenter: z.string().optional(),
        }).refine((l) => (l.debit === 0) !== (l.credit === 0), 'each line has either a debit or a credit'),
      )
      .min(2),
  }),
  async (tx, input) => {
    await assertPeriodOpen(tx.db, input.date);
    const codes = [...new Set(input.lines.map((l) => l.account))];
    const accounts = await tx.db.selectFrom('finance.accounts').select(['code', 'postable']).where('code', 'in', codes).execute();
    const controls = await tx.db.selectFrom('finance.account_roles').select(['role', 'account_code']).where('role', 'in', CONTROL_ROLES).where('account_code', 'in', codes).execute();
    input.lines.forEach((l, i) => {
      const account = accounts.find((a) => a.code === l.account);
      if (!account) throw new DomainError('NOT_FOUND', `account ${l.account} does not exist`, `lines.${i}.account`);
      if (!account.postable) throw new DomainError('INVALID_INPUT', `account ${l.account} is a heading and cannot be posted to`, `lines.${i}.account`);
      const control = controls.find((c) => c.account_code === l.account);
      if (control) {
        throw new DomainError('NOT_ALLOWED', `account ${l.account} is the ${control.role} control account; it moves only with its documents (invoices, payments, receipts, adjustments)`, `lines.${i}.account`);
      }
    });
    const debits = input.lines.reduce((s, l) => s + l.debit, 0);
    const credits = input.lines.reduce((s, l) => s + l.credit, 0);
    if (debits !== credits) throw new DomainError('UNBALANCED_ENTRY', `debits ${debits} and credits ${credits} differ`, 'lines');
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'manual',
        memo: input.memo,
        lines: input.lines.map((l) => ({ account: l.account, amount: l.debit - l.credit, ...(l.costCenter ? { costCenter: l.costCenter } : {}) })),
      },
      await functionalCurrency(tx.db),
    );
    tx.emit({ aggregateType: 'journal_entry', aggregateId: entryId!, type: 'journal.posted', payload: { sourceType: 'manual' } });
    return { entryId: entryId! };
  },
);

/** Reverses a posted entry with a mirror entry dated in an open period. */
export const reverseJournalEntry = defineCommand(
  'finance.reverseJournalEntry',
  z.object({ entryId: z.number().int().positive(), date: isoDate, memo: z.string().max(500).optional() }),
  async (tx, input) => {
    await assertPeriodOpen(tx.db, input.date);
    const entry = await tx.db.selectFrom('finance.journal_entries').selectAll().where('id', '=', input.entryId).executeTakeFirst();
    if (!entry) throw new DomainError('NOT_FOUND', `journal entry ${input.entryId} does not exist`, 'entryId');
    if (entry.reversal_of !== null) throw new DomainError('CONFLICT', `entry ${entry.entry_no} is itself a reversal`, 'entryId');
    if (entry.source_type !== 'manual') {
      // Subledgers (stock, receivables, payables) follow their documents; reversing only the
      // entry would break them apart. Such entries are corrected by the document's own means.
      throw new DomainError('NOT_ALLOWED', `entry ${entry.entry_no} was posted by a ${entry.source_type}; correct it with a credit note, return or adjustment`, 'entryId');
    }
    const already = await tx.db.selectFrom('finance.journal_entries').select('entry_no').where('reversal_of', '=', input.entryId).executeTakeFirst();
    if (already) throw new DomainError('CONFLICT', `entry ${entry.entry_no} was already reversed by ${already.entry_no}`, 'entryId');
    const lines = await tx.db.selectFrom('finance.journal_lines').selectAll().where('entry_id', '=', input.entryId).orderBy('line_no').execute();
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'reversal',
        sourceId: entry.entry_no,
        memo: input.memo ?? `Reversal of ${entry.entry_no}`,
        reversalOf: input.entryId,
        lines: lines.map((l) => ({
          account: l.account_code,
          amount: l.credit - l.debit,
          currency: l.currency,
          amountTxn: -l.amount_txn,
          ...(l.customer_id ? { customerId: l.customer_id } : {}),
          ...(l.supplier_id ? { supplierId: l.supplier_id } : {}),
          ...(l.item_id ? { itemId: l.item_id } : {}),
          ...(l.cost_center ? { costCenter: l.cost_center } : {}),
        })),
      },
      await functionalCurrency(tx.db),
    );
    tx.emit({ aggregateType: 'journal_entry', aggregateId: entryId!, type: 'journal.reversed', payload: { reversalOf: input.entryId } });
    return { entryId: entryId! };
  },
);
