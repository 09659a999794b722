import { describe, expect, it } from 'vitest';
import { fillRate, fillRateBy, type SalesLineFill } from './fill-rate.js';

const line = (orderDate: string, orderedQty: number, deliveredQty: number, lastDeliveryDate: string | null, orderStatus = 'closed', itemId = 1): SalesLineFill => ({
  itemId,
  warehouseId: 1,
  orderDate,
  orderStatus,
  orderedQty,
  deliveredQty,
  lastDeliveryDate,
});

const LINES = [
  line('2024-01-01', 10, 10, '2024-01-03'), // complete on the deadline: 10 on time
  line('2024-01-02', 5, 5, '2024-01-10'), // complete but late: 0
  line('2024-01-05', 4, 2, '2024-01-06', 'open', 2), // half delivered in time: 2, not complete
  line('2024-01-06', 3, 0, null, 'cancelled', 2), // cancelled order: left out
  line('2024-01-30', 7, 0, null, 'open'), // deadline 2 February, after asOf: left out
  line('2024-01-10', 6, 0, null, 'open'), // nothing delivered: 0
];

describe('fillRate', () => {
  it('divides the quantity delivered within the promise by the quantity ordered, and complete lines by lines', () => {
    expect(fillRate(LINES, { asOf: '2024-01-31' })).toEqual({ lines: 4, orderedQty: 25, onTimeQty: 12, linesCompleteOnTime: 1, unitFillRate: 0.48, lineFillRate: 0.25 });
    // A 10-day promise makes the late line on time as well.
    expect(fillRate(LINES, { asOf: '2024-01-31', promiseDays: 10 })).toMatchObject({ onTimeQty: 17, linesCompleteOnTime: 2 });
  });

  it('is null with no line to judge, and groups per item', () => {
    expect(fillRate([], { asOf: '2024-01-31' })).toMatchObject({ lines: 0, unitFillRate: null, lineFillRate: null });
    const byItem = fillRateBy(LINES, { asOf: '2024-01-31' });
    expect(byItem.get('2')).toMatchObject({ lines: 1, orderedQty: 4, onTimeQty: 2, unitFillRate: 0.5 });
    expect(fillRateBy(LINES, { asOf: '2024-01-31', byWarehouse: true }).get('1/1')).toMatchObject({ lines: 3, orderedQty: 21 });
  });

  it('refuses a delivered line without a delivery date', () => {
    expect(() => fillRate([line('2024-01-01', 1, 1, null)], { asOf: '2024-01-31' })).toThrow(/last delivery date/);
    expect(() => fillRate([], { asOf: '2024-01-31', promiseDays: -1 })).toThrow(/promiseDays/);
  });
});
