import { describe, expect, it } from 'vitest';
import { leadTimeInWeeks, leadTimeStats, type ReceiptLine } from './lead-time-stats.js';

const r = (itemId: number, supplierId: number, orderDate: string, expectedDate: string, fullyReceivedDate: string | null): ReceiptLine => ({ itemId, supplierId, orderDate, expectedDate, fullyReceivedDate });

const LINES = [
  r(1, 10, '2024-01-01', '2024-01-11', '2024-01-11'), // 10 days, on time
  r(1, 20, '2024-02-01', '2024-02-11', '2024-02-15'), // 14 days, 4 late
  r(1, 10, '2024-03-01', '2024-03-11', '2024-03-07'), // 6 days, 4 early
  r(2, 10, '2024-01-05', '2024-01-15', null), // outstanding: not known yet
  r(3, 20, '2024-01-01', '2024-01-08', '2024-01-09'), // 8 days, 1 late
];

describe('leadTimeStats', () => {
  it('summarises order-to-receipt days per item', () => {
    const [item1, item3] = leadTimeStats(LINES, 'item');
    // 10, 14, 6: mean 10, sample SD √((0 + 16 + 16) / 2) = 4.
    expect(item1).toEqual({ key: '1', lines: 3, meanDays: 10, sdDays: 4, minDays: 6, maxDays: 14, meanPromisedDays: 10, meanDaysLate: 0, onTimeShare: 2 / 3 });
    expect(item3).toMatchObject({ key: '3', lines: 1, meanDays: 8, sdDays: null, meanDaysLate: 1, onTimeShare: 0 });
  });

  it('summarises per supplier and per item and supplier', () => {
    const bySupplier = leadTimeStats(LINES, 'supplier');
    expect(bySupplier.map((s) => [s.key, s.lines, s.meanDays])).toEqual([['10', 2, 8], ['20', 2, 11]]);
    expect(bySupplier[0]!.sdDays).toBeCloseTo(Math.sqrt(8), 12); // 10 and 6
    expect(bySupplier[1]!.sdDays).toBeCloseTo(Math.sqrt(18), 12); // 14 and 8
    expect(leadTimeStats(LINES, 'item-supplier').map((s) => s.key)).toEqual(['1/10', '1/20', '3/20']);
  });

  it('converts to weeks for the demand model and refuses receipts before orders', () => {
    expect(leadTimeInWeeks({ meanDays: 14, sdDays: 7 })).toEqual({ mean: 2, sd: 1 });
    expect(leadTimeInWeeks({ meanDays: 7, sdDays: null })).toEqual({ mean: 1, sd: 0 });
    expect(() => leadTimeStats([r(1, 1, '2024-01-10', '2024-01-12', '2024-01-09')], 'item')).toThrow(/before it was ordered/);
  });
});
