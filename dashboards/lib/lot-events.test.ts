import { describe, expect, it } from 'vitest';
import type { LotTrace } from '../../domain/erp/lots.js';
import { lotEvents } from './lot-events.js';

const lot = (lotNo: string, sku: string, originType: string, originNo: string | null, originDate: string, depth = 0) => ({
  lotId: 1, lotNo, itemId: 1, sku, originType, originId: '1', originNo, originDate, quantity: 10, qualityStatus: 'unrestricted', depth,
});

describe('lotEvents', () => {
  // A component lot received from a supplier and inspected, made into a finished lot that was
  // delivered twice; the trace starts at the finished lot.
  const trace: LotTrace = {
    lots: [lot('LOT-2', 'FIN-1', 'production_receipt', 'PR-1', '2024-03-05')],
    backwards: {
      lots: [lot('LOT-2', 'FIN-1', 'production_receipt', 'PR-1', '2024-03-05'), lot('LOT-1', 'CMP-1', 'goods_receipt', 'GR-1', '2024-03-01', 1)],
      productionOrders: [],
      receipts: [{
        lotNo: 'LOT-1', itemId: 2, sku: 'CMP-1', receiptNo: 'GR-1', receiptDate: '2024-03-01', poNo: 'PO-1', supplierId: 3, supplierName: 'Acme', quantity: 40,
        inspection: { inspectionNo: 'QI-1', date: '2024-03-02', status: 'partially_accepted', inspectedQty: 40, acceptedQty: 38, rejectedQty: 2, defects: [] },
      }],
    },
    forwards: {
      lots: [lot('LOT-2', 'FIN-1', 'production_receipt', 'PR-1', '2024-03-05')],
      productionOrders: [],
      deliveries: [
        { lotNo: 'LOT-2', itemId: 1, sku: 'FIN-1', deliveryNo: 'DN-2', deliveryDate: '2024-03-09', orderNo: 'SO-2', customerId: 5, customerName: 'Beta', quantity: 3 },
        { lotNo: 'LOT-2', itemId: 1, sku: 'FIN-1', deliveryNo: 'DN-1', deliveryDate: '2024-03-07', orderNo: 'SO-1', customerId: 4, customerName: 'Alpha', quantity: 4 },
      ],
      onHand: [],
      inTransit: [],
    },
  };

  it('puts the traced lot first, then what it was made from, each in date order', () => {
    expect(lotEvents(trace).map((e) => [e.lot, e.date, e.kind, e.document, e.party, e.quantity, e.path])).toEqual([
      ['LOT-2 (FIN-1)', '2024-03-05', 'made', 'PR-1', null, 10, 'start'],
      ['LOT-2 (FIN-1)', '2024-03-07', 'delivered', 'DN-1', 'Alpha', 4, 'start'],
      ['LOT-2 (FIN-1)', '2024-03-09', 'delivered', 'DN-2', 'Beta', 3, 'start'],
      ['LOT-1 (CMP-1)', '2024-03-01', 'received', 'GR-1', 'Acme', 40, 'backwards'],
      ['LOT-1 (CMP-1)', '2024-03-02', 'inspected', 'QI-1', 'partially accepted', 2, 'backwards'],
    ]);
  });

  it('starts a lot neither received nor made at its origin, and leaves out an inspection not yet done', () => {
    const opening: LotTrace = {
      lots: [lot('LOT-9', 'X-1', 'stock_adjustment', 'ADJ-1', '2024-01-01')],
      backwards: { lots: [lot('LOT-9', 'X-1', 'stock_adjustment', 'ADJ-1', '2024-01-01')], productionOrders: [], receipts: [] },
      forwards: { lots: [lot('LOT-9', 'X-1', 'stock_adjustment', 'ADJ-1', '2024-01-01')], productionOrders: [], deliveries: [], onHand: [], inTransit: [] },
    };
    expect(lotEvents(opening)).toEqual([{ lot: 'LOT-9 (X-1)', lotNo: 'LOT-9', date: '2024-01-01', kind: 'started', quantity: 10, document: 'ADJ-1', party: 'stock adjustment', path: 'start' }]);
    const uninspected = { ...trace, backwards: { ...trace.backwards, receipts: [{ ...trace.backwards.receipts[0]!, inspection: null }] } };
    expect(lotEvents(uninspected).filter((e) => e.kind === 'inspected')).toEqual([]);
  });
});
