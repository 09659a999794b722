import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { currency, id, isoDate } from '../../kernel/inputs.js';
import { conversionOn, convert } from '../../core/currency.js';
import { MAX_AMOUNT } from '../../finance/money.js';
import * as approvals from '../../approvals/index.js';
import { equalInstalments, validateSchedule, type PlannedInstalment } from './instalment-plan.js';
import { orderCustomers } from './erp-reads.js';
import { contractsToComplete } from './queries.js';
import type { ContractStatus } from './tables.js';

/**
 * Contracts: a signed agreement for a term and a value (net of sales tax, minor units of its
 * currency), approved through the engine (document type 'contract', amount = value in
 * functional minor units at the signed date) before it becomes active. Its payment-collection
 * plan is a list of instalments that always sum exactly to the value — checked here and by a
 * deferred trigger at commit. Instalments are billed by invoicing requests (invoicing.ts).
 * Sales orders placed under a contract are linked to it and invoiced on delivery as usual.
 */
export const CONTRACT = 'contract';

const plan = z.union([
  z.object({
    /** Equal instalments, the remainder on the last. */
    count: z.number().int().min(1).max(120),
    firstDueDate: isoDate,
    intervalMonths: z.number().int().min(1).max(24).default(1),
  }),
  z.object({ schedule: z.array(z.object({ dueDate: isoDate, amount: z.number().int().positive() })).min(1).max(120) }),
]);

export const createContract = defineCommand(
  'crm.createContract',
  z.object({
    customerId: id,
    title: z.string().trim().min(1).max(200),
    signedDate: isoDate,
    startDate: isoDate,
    endDate: isoDate,
    /** Net of sales tax, minor units of the contract currency. */
    value: z.number().int().positive().max(MAX_AMOUNT),
    /** Defaults to the customer's currency. */
    currency: currency.optional(),
    /** The item category whose sales tax the instalment invoices carry; none = zero-rated. */
    taxCategory: z.string().min(1).optional(),
    plan,
    orderIds: z.array(id).max(200).default([]),
    /** Submit for approval at once (default); false leaves a draft for submitContract. */
    submit: z.boolean().default(true),
  }),
  async (tx, input) => {
    if (input.endDate < input.startDate) throw new DomainError('INVALID_INPUT', `the term cannot end (${input.endDate}) before it starts (${input.startDate})`, 'endDate');
    const { rows } = await sql<{ currency: string; status: string; category: string | null; contract_id: number; contract_no: string }>`
      select c.currency, c.status,
             (select k.code from erp.item_categories k where k.code = ${input.taxCategory ?? null}) as category,
             nextval(pg_get_serial_sequence('crm.contracts', 'id'))::int as contract_id,
             'CT-' || lpad(nextval('crm.contract_no')::text, 7, '0') as contract_no
        from crm.customers c where c.id = ${input.customerId}`.execute(tx.db);
    const c = rows[0];
    if (!c) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    if (c.status !== 'active') throw new DomainError('NOT_ALLOWED', `customer ${input.customerId} is ${c.status}`, 'customerId');
    if (input.taxCategory !== undefined && c.category === null) throw new DomainError('NOT_FOUND', `tax category ${input.taxCategory} is not an item category`, 'taxCategory');
    const contractCurrency = input.currency ?? c.currency;
    const instalments: PlannedInstalment[] =
      'schedule' in input.plan ? validateSchedule(input.value, input.plan.schedule) : equalInstalments(input.value, input.plan.count, input.plan.firstDueDate, input.plan.intervalMonths);
    await assertOrdersOf(tx, input.customerId, input.orderIds);
    const valueFunctional = convert(await conversionOn(tx.db, contractCurrency, input.signedDate), input.value);
    const contract = { id: c.contract_id, number: c.contract_no };
    const submitted = input.submit ? await submitForApproval(tx, { ...contract, value: input.value, valueFunctional, currency: contractCurrency, date: input.signedDate }) : { status: 'draft' as const, requestId: null };
    tx.emit({
      aggregateType: 'contract',
      aggregateId: contract.id,
      type: 'contract.created',
      payload: { contractNo: contract.number, customerId: input.customerId, value: input.value, currency: contractCurrency, valueFunctional, instalments: instalments.length, orders: input.orderIds, status: submitted.status },
    });
    await sql`
      with k as (
        insert into crm.contracts (id, contract_no, customer_id, title, currency, value, value_functional, tax_category, signed_date, start_date, end_date,
                                   status, approval_request_id, status_date, created_by)
        values (${contract.id}, ${contract.number}, ${input.customerId}, ${input.title}, ${contractCurrency}, ${input.value}, ${valueFunctional},
                ${input.taxCategory ?? null}, ${input.signedDate}, ${input.startDate}, ${input.endDate}, ${submitted.status}, ${submitted.requestId},
                ${input.signedDate}, ${tx.actor})
        returning id
      ), i as (
        insert into crm.contract_instalments (contract_id, seq, due_date, amount)
        select k.id, x.seq, x.due_date, x.amount
          from k, jsonb_to_recordset(${JSON.stringify(instalments.map((p, n) => ({ seq: n + 1, due_date: p.dueDate, amount: p.amount })))}::jsonb)
            as x(seq int, due_date date, amount bigint)
      ), o as (
        insert into crm.contract_orders (contract_id, order_id, linked_date)
        select k.id, x.order_id, ${input.signedDate}::date from k, unnest(${input.orderIds}::int[]) as x(order_id)
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { contractId: contract.id, contractNo: contract.number, status: submitted.status, approvalRequestId: submitted.requestId, valueFunctional, instalments };
  },
);

/** Requests the contract's approval; approved at once (→ active) when no rule applies. */
async function submitForApproval(tx: Tx, c: { id: number; number: string; value: number; valueFunctional: number; currency: string; date: string }) {
  const request = await approvals.requestApproval(tx, {
    documentType: CONTRACT,
    documentId: c.id,
    amount: c.valueFunctional,
    summary: `${c.number}: ${c.value} ${c.currency}`,
    date: c.date,
  });
  return { status: request.status === 'approved' ? ('active' as const) : ('pending_approval' as const), requestId: request.requestId };
}

async function assertOrdersOf(tx: Tx, customerId: number, orderIds: number[]) {
  const owners = await orderCustomers(tx.db, orderIds);
  orderIds.forEach((orderId, i) => {
    const owner = owners.get(orderId);
    if (owner === undefined) throw new DomainError('NOT_FOUND', `sales order ${orderId} does not exist`, `orderIds.${i}`);
    if (owner !== customerId) throw new DomainError('INVALID_INPUT', `sales order ${orderId} belongs to another customer`, `orderIds.${i}`);
  });
}

interface LockedContract {
  id: number;
  contract_no: string;
  customer_id: number;
  currency: string;
  value: number;
  value_functional: number;
  status: ContractStatus;
  signed_date: string;
  status_date: string;
}

async function lockContract(tx: Tx, contractId: number): Promise<LockedContract> {
  const row = await tx.db
    .selectFrom('crm.contracts')
    .select(['id', 'contract_no', 'customer_id', 'currency', 'value', 'value_functional', 'status', 'signed_date', 'status_date'])
    .where('id', '=', contractId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `contract ${contractId} does not exist`, 'contractId');
  return row;
}

async function setContractStatus(tx: Tx, c: LockedContract, status: ContractStatus, date: string, extra: { reason?: string; requestId?: number } = {}, type = `contract.${status}`) {
  if (date < c.status_date) throw new DomainError('INVALID_INPUT', `contract ${c.contract_no} last changed on ${c.status_date}`, 'date');
  tx.emit({ aggregateType: 'contract', aggregateId: c.id, type, payload: { contractNo: c.contract_no, from: c.status, to: status, reason: extra.reason ?? null } });
  await sql`
    with events as (${tx.eventsInsert()})
    update crm.contracts set status = ${status}, status_date = ${date}, status_reason = ${extra.reason ?? null}
           ${extra.requestId !== undefined ? sql`, approval_request_id = ${extra.requestId}` : sql``}
     where id = ${c.id}`.execute(tx.db);
}

/** Submits a draft contract (new, or sent back by a rejected approval) for approval. */
export const submitContract = defineCommand('crm.submitContract', z.object({ contractId: id, date: isoDate }), async (tx, input) => {
  const c = await lockContract(tx, input.contractId);
  if (c.status !== 'draft') throw new DomainError('CONFLICT', `contract ${c.contract_no} is ${c.status}, not draft`, 'contractId');
  const submitted = await submitForApproval(tx, { id: c.id, number: c.contract_no, value: c.value, valueFunctional: c.value_functional, currency: c.currency, date: input.date });
  await setContractStatus(tx, c, submitted.status, input.date, { requestId: submitted.requestId }, 'contract.submitted');
  return { contractId: c.id, status: submitted.status, approvalRequestId: submitted.requestId };
});

/** Links sales orders of the contract's customer to a draft, pending or active contract. */
export const linkContractOrders = defineCommand(
  'crm.linkContractOrders',
  z.object({ contractId: id, orderIds: z.array(id).min(1).max(200), date: isoDate }),
  async (tx, input) => {
    const c = await lockContract(tx, input.contractId);
    if (c.status === 'completed' || c.status === 'terminated') throw new DomainError('NOT_ALLOWED', `contract ${c.contract_no} is ${c.status}`, 'contractId');
    await assertOrdersOf(tx, c.customer_id, input.orderIds);
    tx.emit({ aggregateType: 'contract', aggregateId: c.id, type: 'contract.orders_linked', payload: { orderIds: input.orderIds } });
    await sql`
      with events as (${tx.eventsInsert()})
      insert into crm.contract_orders (contract_id, order_id, linked_date)
      select ${c.id}, x.order_id, ${input.date}::date from unnest(${input.orderIds}::int[]) as x(order_id)`.execute(tx.db);
    return { contractId: c.id, linked: input.orderIds.length };
  },
);

/**
 * Ends a contract early. Instalments already invoiced stay receivable; those not yet invoiced
 * are not billed (a pending invoicing request for one is cancelled when decided).
 */
export const terminateContract = defineCommand(
  'crm.terminateContract',
  z.object({ contractId: id, date: isoDate, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const c = await lockContract(tx, input.contractId);
    if (c.status === 'completed' || c.status === 'terminated') throw new DomainError('CONFLICT', `contract ${c.contract_no} is already ${c.status}`, 'contractId');
    await setContractStatus(tx, c, 'terminated', input.date, { reason: input.reason });
    return { contractId: c.id, status: 'terminated' as const };
  },
);

/** Completes every active contract whose term has ended by `date` and whose instalments are all invoiced and settled. */
export const completeContracts = defineCommand('crm.completeContracts', z.object({ date: isoDate }), async (tx, input) => {
  const ids = await contractsToComplete(tx.db, input.date);
  if (ids.length === 0) return { completed: 0, contractIds: [] as number[] };
  for (const contractId of ids) tx.emit({ aggregateType: 'contract', aggregateId: contractId, type: 'contract.completed', payload: { date: input.date } });
  await sql`
    with events as (${tx.eventsInsert()})
    update crm.contracts set status = 'completed', status_date = ${input.date}, status_reason = 'term ended and every instalment settled'
     where id = any(${ids}::int[]) and status = 'active'`.execute(tx.db);
  return { completed: ids.length, contractIds: ids };
});

// A decided contract approval activates the contract, or sends it back to draft.
approvals.onApprovalDecided(CONTRACT, async (tx, e) => {
  const to = e.status === 'approved' ? 'active' : 'draft';
  const { rows } = await sql<{ contract_no: string }>`
    update crm.contracts set status = ${to}, status_date = ${e.date}, status_reason = ${e.status === 'rejected' ? 'approval rejected' : null}
     where id = ${e.documentId} and approval_request_id = ${e.requestId} and status = 'pending_approval'
    returning contract_no`.execute(tx.db);
  if (rows.length > 0) {
    tx.emit({ aggregateType: 'contract', aggregateId: e.documentId, type: e.status === 'approved' ? 'contract.active' : 'contract.approval_rejected', payload: { contractNo: rows[0]!.contract_no, requestId: e.requestId } });
  }
});
