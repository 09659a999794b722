import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/kernel/errors.js';
import { slowAndDeadStock, type StockPosition } from './slow-dead.js';

const at = (itemId: number, onHandQty: number, value: number, lastOutDate: string | null, firstDate = '2024-01-01'): StockPosition => ({ itemId, warehouseId: 1, onHandQty, value, lastOutDate, firstDate });

describe('slowAndDeadStock', () => {
  it('ages stock on hand by the days since it last moved out, at the 90- and 180-day defaults', () => {
    const { rows, totals } = slowAndDeadStock(
      [
        at(1, 10, 1000, '2024-06-01'), // 30 days
        at(2, 5, 500, '2024-04-02'), // exactly 90 days: slow
        at(3, 4, 400, '2024-04-03'), // 89 days: active
        at(4, 3, 300, null, '2024-01-03'), // never out, in stock since 3 January: 180 days, dead
        at(5, 0, 0, '2023-01-01'), // nothing on hand: neither slow nor dead
      ],
      { asOf: '2024-07-01' },
    );
    expect(rows.map((r) => [r.itemId, r.daysWithoutMovementOut, r.status])).toEqual([
      [1, 30, 'active'],
      [2, 90, 'slow'],
      [3, 89, 'active'],
      [4, 180, 'dead'],
      [5, 547, 'no-stock'],
    ]);
    expect(totals).toEqual({ active: { pairs: 2, value: 1400 }, slow: { pairs: 1, value: 500 }, dead: { pairs: 1, value: 300 }, 'no-stock': { pairs: 1, value: 0 } });
  });

  it('takes configured limits', () => {
    const { rows } = slowAndDeadStock([at(1, 10, 1000, '2024-06-01'), at(2, 5, 500, '2024-04-02')], { asOf: '2024-07-01', slowDays: 30, deadDays: 60 });
    expect(rows.map((r) => r.status)).toEqual(['slow', 'dead']);
  });

  it('refuses limits out of order and dates after the day asked about', () => {
    expect(() => slowAndDeadStock([], { asOf: '2024-07-01', slowDays: 180, deadDays: 90 })).toThrow(DomainError);
    expect(() => slowAndDeadStock([at(1, 1, 1, '2024-08-01')], { asOf: '2024-07-01' })).toThrow(/after asOf/);
    expect(() => slowAndDeadStock([at(1, 1, 1, null, '2024-13-01')], { asOf: '2024-07-01' })).toThrow(/firstDate/);
  });
});
