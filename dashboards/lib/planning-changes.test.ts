import { describe, expect, it } from 'vitest';
import { ChangeError, changesFromForm } from './planning-changes.js';

const form = (values: Record<string, string>) => new Map(Object.entries(values));
const buy = { itemId: 7, warehouseId: 2, quantity: 40, supplierId: 3, orderBy: '2024-03-05', neededBy: '2024-03-20' };

describe('a planner\'s changes from the form', () => {
  it('keeps only the fields that differ from the proposal', () => {
    expect(changesFromForm('replenishment', buy, form({ quantity: '30', supplierId: '3', orderBy: '2024-03-05', neededBy: '2024-03-25' }))).toEqual({ quantity: 30, neededBy: '2024-03-25' });
  });

  it('ignores fields the kind does not have and refuses no change at all', () => {
    expect(() => changesFromForm('production', { itemId: 1, quantity: 5, neededBy: '2024-04-01' }, form({ supplierId: '9', quantity: '5' }))).toThrow(/nothing was changed/);
  });

  it('names the field of a bad value', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as ChangeError;
      }
      throw new Error('no refusal');
    };
    expect(refusal(() => changesFromForm('replenishment', buy, form({ quantity: '-3' }))).field).toBe('quantity');
    expect(refusal(() => changesFromForm('replenishment', buy, form({ neededBy: '2024-13-45' }))).message).toMatch(/needed by must be a date/);
    expect(refusal(() => changesFromForm('budget', { lines: [] }, form({ scalePercent: '-100' }))).field).toBe('scalePercent');
  });

  it('scales a budget line by line in whole minor units', () => {
    const lines = [{ account: '4100', month: '2025-01', amount: 1001 }, { account: '6100', month: '2025-01', amount: -333 }];
    expect(changesFromForm('budget', { lines }, form({ scalePercent: '10' })).lines).toEqual([{ account: '4100', month: '2025-01', amount: 1101 }, { account: '6100', month: '2025-01', amount: -366 }]);
  });
});
