import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchIssues } from './three-way-match.js';
import { receivableQuantity } from './settings.js';

const none = { quantityToleranceBp: 0, priceToleranceBp: 0, priceToleranceUnit: 0 };

describe('three-way match', () => {
  it('matches a partial bill at the order price and flags excess quantity and price beyond the tolerances', () => {
    expect(matchIssues([{ lineNo: 1, orderUnitPrice: 1_000, openQty: 10, billedQty: 6, billedUnitPrice: 1_000 }], none)).toEqual([]);
    expect(matchIssues([{ lineNo: 1, orderUnitPrice: 1_000, openQty: 10, billedQty: 11, billedUnitPrice: 1_021 }], { quantityToleranceBp: 1_000, priceToleranceBp: 200, priceToleranceUnit: 0 }))
      .toEqual([{ lineNo: 1, kind: 'price', billedUnitPrice: 1_021, orderUnitPrice: 1_000, allowedDifference: 20 }]);
    expect(matchIssues([{ lineNo: 2, orderUnitPrice: 1_000, openQty: 10, billedQty: 12, billedUnitPrice: 1_000 }], { quantityToleranceBp: 1_000, priceToleranceBp: 0, priceToleranceUnit: 0 }))
      .toEqual([{ lineNo: 2, kind: 'quantity', billedQty: 12, openQty: 10, allowedQty: 11 }]);
    // The larger of the two price tolerances applies, in either direction.
    expect(matchIssues([{ lineNo: 1, orderUnitPrice: 100, openQty: 1, billedQty: 1, billedUnitPrice: 95 }], { quantityToleranceBp: 0, priceToleranceBp: 100, priceToleranceUnit: 5 })).toEqual([]);
    expect(matchIssues([{ lineNo: 1, orderUnitPrice: 100, openQty: 1, billedQty: 1, billedUnitPrice: 94 }], { quantityToleranceBp: 0, priceToleranceBp: 100, priceToleranceUnit: 5 })).toHaveLength(1);
  });

  it('never flags a line billed at the order price within what is open', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (price, open, billedSeed) => {
      const billed = 1 + (billedSeed % open);
      expect(matchIssues([{ lineNo: 1, orderUnitPrice: price, openQty: open, billedQty: billed, billedUnitPrice: price }], none)).toEqual([]);
    }));
  });

  it('lets receipts exceed the order only by the line tolerance, rounded down', () => {
    expect(receivableQuantity({ quantity: 20, received_qty: 0, returned_qty: 0, receipt_tolerance_bp: 500 })).toBe(21);
    expect(receivableQuantity({ quantity: 19, received_qty: 0, returned_qty: 0, receipt_tolerance_bp: 500 })).toBe(19);
    expect(receivableQuantity({ quantity: 20, received_qty: 21, returned_qty: 3, receipt_tolerance_bp: 500 })).toBe(3);
    expect(receivableQuantity({ quantity: 20, received_qty: 25, returned_qty: 0 })).toBe(0);
  });
});
