import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { currency, id, isoDate } from '../../kernel/inputs.js';
import { addDaysIso } from '../../kernel/dates.js';
import { convert } from '../../core/currency.js';
import { postEntry } from '../../finance/journal.js';
import { beginPosting } from '../../finance/posting-context.js';
import { postingRules } from '../../finance/posting-rules.js';
import { MAX_AMOUNT } from '../../finance/money.js';

/**
 * Records an operating expense — rent, utilities, marketing, travel — on a cost centre, to an
 * expense account that plays no posting role:
 * Dr the expense account / Cr bank (`paidFrom: 'bank'`, the default: paid at once) or Cr accrued
 * expenses payable (`'payable'`: an invoice to pay later with payOperatingExpense). In the
 * supplier's currency when a supplier is named, else the functional currency, unless given.
 */
export const recordOperatingExpense = defineCommand(
  'people.recordOperatingExpense',
  z.object({
    date: isoDate,
    costCenter: z.string().min(1).max(20),
    /** An expense account code (not cost of sales, exchange losses or pay). */
    account: z.string().min(1).max(20),
    /** Minor units of the expense's currency. */
    amount: z.number().int().positive().max(MAX_AMOUNT),
    currency: currency.optional(),
    supplierId: id.optional(),
    description: z.string().trim().min(1).max(500),
    paidFrom: z.enum(['bank', 'payable']).default('bank'),
    /** For a payable: default the supplier's payment terms (30 days without a supplier). */
    dueDate: isoDate.optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{ type: string | null; postable: boolean | null; roles: string[] | null; cost_center: boolean; supplier_currency: string | null; terms: number | null }>`
      select a.type, a.postable, (select array_agg(r.role) from finance.account_roles r where r.account_code = a.code) as roles,
             exists (select 1 from finance.cost_centers where code = ${input.costCenter}) as cost_center,
             s.currency::text as supplier_currency, s.payment_terms_days as terms
        from (select 1) one
        left join finance.accounts a on a.code = ${input.account}
        left join scm.suppliers s on s.id = ${input.supplierId ?? null}::int`.execute(tx.db);
    const found = rows[0]!;
    if (!found.type) throw new DomainError('NOT_FOUND', `account ${input.account} does not exist`, 'account');
    if (found.type !== 'expense' || !found.postable) throw new DomainError('INVALID_INPUT', `account ${input.account} is not a postable expense account`, 'account');
    // An account that plays a posting role (cost of sales, variances, exchange losses, pay…) is
    // moved only by its own documents.
    const role = found.roles?.[0];
    if (role) throw new DomainError('NOT_ALLOWED', `account ${input.account} is the ${role} account; only its own documents post to it`, 'account');
    if (!found.cost_center) throw new DomainError('NOT_FOUND', `cost centre ${input.costCenter} does not exist`, 'costCenter');
    if (input.supplierId !== undefined && !found.supplier_currency) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (input.paidFrom === 'bank' && input.dueDate !== undefined) throw new DomainError('INVALID_INPUT', 'an expense paid at once has no due date', 'dueDate');
    if (input.dueDate !== undefined && input.dueDate < input.date) throw new DomainError('INVALID_INPUT', `the due date cannot precede the expense (${input.date})`, 'dueDate');

    const documentCurrency = input.currency ?? found.supplier_currency ?? undefined;
    const posting = await beginPosting(tx.db, {
      table: 'people.operating_expenses',
      sequence: 'people.expense_no',
      prefix: 'EXP',
      date: input.date,
      ...(documentCurrency ? { currency: documentCurrency } : {}),
    });
    const conversion = posting.conversion;
    const amountFunctional = convert(conversion, input.amount);
    const payable = input.paidFrom === 'payable';
    const dueDate = payable ? (input.dueDate ?? addDaysIso(input.date, found.terms ?? 30)) : null;
    const expense = { id: posting.id, number: posting.number };
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'operating_expense',
        sourceId: expense.id,
        memo: `${expense.number} ${input.description}`,
        lines: postingRules.operatingExpense({ account: input.account, costCenter: input.costCenter, currency: conversion.currency, amount: input.amount, amountFunctional, paidFrom: input.paidFrom, supplierId: input.supplierId }),
      },
      conversion.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'operating_expense',
      aggregateId: expense.id,
      type: 'operating_expense.recorded',
      payload: { expenseNo: expense.number, costCenter: input.costCenter, account: input.account, currency: conversion.currency, amount: input.amount, amountFunctional, paidFrom: input.paidFrom, supplierId: input.supplierId },
    });
    await sql`
      with x as (
        insert into people.operating_expenses (id, expense_no, expense_date, cost_center, account_code, description, supplier_id, paid_from, due_date, currency, rate,
                                               amount, amount_functional, open_amount, open_functional, journal_entry_id, created_by)
        values (${expense.id}, ${expense.number}, ${input.date}::date, ${input.costCenter}, ${input.account}, ${input.description}, ${input.supplierId ?? null}::int,
                ${input.paidFrom}, ${dueDate}::date, ${conversion.currency}, ${conversion.rate}::numeric, ${input.amount}, ${amountFunctional},
                ${payable ? input.amount : 0}, ${payable ? amountFunctional : 0}, ${entryId}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { expenseId: expense.id, expenseNo: expense.number, currency: conversion.currency, amount: input.amount, amountFunctional, paidFrom: input.paidFrom, dueDate };
  },
);

/**
 * Pays an accrued operating expense in full, in its currency at the payment date's rate:
 * Dr accrued expenses payable (what the expense put there) / Cr bank, the difference to
 * exchange gains or losses.
 */
export const payOperatingExpense = defineCommand(
  'people.payOperatingExpense',
  z.object({ expenseId: id, date: isoDate }),
  async (tx, input) => {
    const expense = await tx.db.selectFrom('people.operating_expenses').selectAll().where('id', '=', input.expenseId).forUpdate().executeTakeFirst();
    if (!expense) throw new DomainError('NOT_FOUND', `operating expense ${input.expenseId} does not exist`, 'expenseId');
    if (expense.paid_from !== 'payable') throw new DomainError('NOT_ALLOWED', `${expense.expense_no} was paid from the bank when it was recorded`, 'expenseId');
    if (expense.open_amount === 0) throw new DomainError('CONFLICT', `${expense.expense_no} is already paid`, 'expenseId');
    if (input.date < expense.expense_date) throw new DomainError('INVALID_INPUT', `${expense.expense_no} is dated ${expense.expense_date}; it cannot be paid before`, 'date');
    const posting = await beginPosting(tx.db, { table: 'people.expense_payments', sequence: 'people.expense_payment_no', prefix: 'EXPP', date: input.date, currency: expense.currency });
    const conversion = posting.conversion;
    const amount = expense.open_amount;
    const amountFunctional = convert(conversion, amount);
    const fxDifference = amountFunctional - expense.open_functional;
    const payment = { id: posting.id, number: posting.number };
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'expense_payment',
        sourceId: payment.id,
        memo: `${payment.number} for ${expense.expense_no}`,
        lines: postingRules.operatingExpensePayment({ currency: expense.currency, amount, amountFunctional, clearedFunctional: expense.open_functional, supplierId: expense.supplier_id ?? undefined }),
      },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'operating_expense', aggregateId: expense.id, type: 'operating_expense.paid', payload: { expenseNo: expense.expense_no, paymentNo: payment.number, amount, amountFunctional, fxDifference } });
    await sql`
      with p as (
        insert into people.expense_payments (id, payment_no, expense_id, payment_date, currency, rate, amount, amount_functional, fx_difference, journal_entry_id, created_by)
        values (${payment.id}, ${payment.number}, ${expense.id}, ${input.date}::date, ${expense.currency}, ${conversion.rate}::numeric, ${amount}, ${amountFunctional}, ${fxDifference}, ${entryId}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      update people.operating_expenses set open_amount = 0, open_functional = 0 where id = ${expense.id}`.execute(tx.db);
    return { paymentId: payment.id, paymentNo: payment.number, expenseNo: expense.expense_no, amount, amountFunctional, fxDifference };
  },
);
