import { z } from 'zod';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { releaseCreditHold } from '../../erp/index.js';
import * as approvals from '../../approvals/index.js';
import { orderFigures } from './erp-reads.js';

/**
 * Credit-limit holds routed through approvals: erp.createSalesOrder holds an order that takes its
 * customer past the credit limit; releasing it asks for approval (document type 'credit_hold',
 * document = the order, amount = its gross in functional minor units). Approved at once (no rule
 * applies) the hold is released in the same command, otherwise when the last approver approves,
 * through erp.releaseCreditHold in the deciding transaction. A rejection leaves the order held
 * (to be cancelled, or asked for again later).
 */
export const CREDIT_HOLD = 'credit_hold';

export const requestCreditRelease = defineCommand(
  'crm.requestCreditRelease',
  z.object({ orderId: id, date: isoDate, comment: z.string().trim().max(500).optional() }),
  async (tx, input) => {
    const order = await orderFigures(tx.db, input.orderId);
    if (!order) throw new DomainError('NOT_FOUND', `sales order ${input.orderId} does not exist`, 'orderId');
    if (order.status !== 'held') throw new DomainError('CONFLICT', `sales order ${order.orderNo} is ${order.status}, not held for credit`, 'orderId');
    if (input.date < order.orderDate) throw new DomainError('INVALID_INPUT', `a release cannot precede the order of ${order.orderDate}`, 'date');
    const approval = await approvals.requestApproval(tx, {
      documentType: CREDIT_HOLD,
      documentId: order.id,
      amount: order.grossFunctional,
      summary: `release ${order.orderNo}: ${order.gross} ${order.currency}${input.comment ? ` — ${input.comment}` : ''}`.slice(0, 500),
      date: input.date,
    });
    if (approval.status === 'pending') {
      return { orderId: order.id, approvalRequestId: approval.requestId, status: 'pending' as const, released: false, reserved: 0 };
    }
    const released = await release(tx, order.id, approval.requestId, input.comment);
    return { orderId: order.id, approvalRequestId: approval.requestId, status: 'approved' as const, released: true, reserved: released.reserved };
  },
);

function release(tx: Tx, orderId: number, requestId: number, comment?: string) {
  return releaseCreditHold(tx.context, { orderId, comment: `credit release approved (approval request ${requestId})${comment ? `: ${comment}` : ''}`.slice(0, 500) });
}

// An approved release frees the order if it is still held (it may have been cancelled meanwhile).
approvals.onApprovalDecided(CREDIT_HOLD, async (tx, e) => {
  if (e.status !== 'approved') return;
  const order = await orderFigures(tx.db, e.documentId);
  if (order?.status === 'held') await release(tx, e.documentId, e.requestId);
});
