import { describe, expect, it } from 'vitest';
import { bucketStarts, demandBuckets } from './demand-buckets.js';

describe('demand buckets', () => {
  it('counts only whole Monday-to-Sunday weeks inside the window', () => {
    // 2024-01-03 is a Wednesday: the first whole week starts Monday the 8th; 29 Jan – 4 Feb is cut off.
    expect(bucketStarts({ from: '2024-01-03', to: '2024-01-31' }, 'week')).toEqual(['2024-01-08', '2024-01-15', '2024-01-22']);
    expect(bucketStarts({ from: '2024-01-01', to: '2024-01-14' }, 'week')).toEqual(['2024-01-01', '2024-01-08']);
  });

  it('counts only whole calendar months inside the window', () => {
    expect(bucketStarts({ from: '2024-01-15', to: '2024-04-30' }, 'month')).toEqual(['2024-02-01', '2024-03-01', '2024-04-01']);
    expect(bucketStarts({ from: '2023-12-01', to: '2024-02-28' }, 'month')).toEqual(['2023-12-01', '2024-01-01']);
  });

  it('sums demand per bucket with zeros, ignoring days outside whole buckets but keeping the item', () => {
    const { starts, series } = demandBuckets(
      [
        { itemId: 1, date: '2024-01-05', quantity: 9 }, // before the first whole week
        { itemId: 1, date: '2024-01-08', quantity: 2 },
        { itemId: 1, date: '2024-01-14', quantity: 1 },
        { itemId: 1, date: '2024-01-21', quantity: 4 },
        { itemId: 2, date: '2024-01-30', quantity: 9 }, // in the cut-off week
      ],
      { from: '2024-01-03', to: '2024-01-31' },
      'week',
    );
    expect(starts).toHaveLength(3);
    expect(series.get(1)).toEqual([3, 4, 0]);
    expect(series.get(2)).toEqual([0, 0, 0]);
    const months = demandBuckets([{ itemId: 1, date: '2024-02-29', quantity: 5 }], { from: '2024-01-01', to: '2024-03-31' }, 'month');
    expect(months.series.get(1)).toEqual([0, 5, 0]);
  });
});
