import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../kernel/errors.js';
import { applyChanges, defaultExpiry, naturalKey, quarterMonths, replenishmentProposal } from './kinds.js';

const buy = { itemId: 7, warehouseId: 2, quantity: 40, supplierId: 3, orderBy: '2024-03-05', neededBy: '2024-03-20' };

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('planning suggestion kinds', () => {
  it('names each suggestion by kind and subject', () => {
    expect(naturalKey({ kind: 'replenishment', proposal: buy })).toBe('replenishment:item:7:warehouse:2');
    expect(naturalKey({ kind: 'production', proposal: { itemId: 9, warehouseId: 1, quantity: 5, neededBy: '2024-04-01' } })).toBe('production:item:9:warehouse:1');
    expect(naturalKey({ kind: 're_engagement', proposal: { customerId: 12, repId: 4, dueDate: '2024-04-01', reason: 'quiet' } })).toBe('re_engagement:customer:12');
    expect(naturalKey({ kind: 'budget', proposal: { quarter: '2025-Q1', costCenter: 'OPS', lines: [] } })).toBe('budget:2025-Q1:cost_center:OPS');
    expect(naturalKey({ kind: 'budget', proposal: { quarter: '2025-Q1', costCenter: null, lines: [] } })).toBe('budget:2025-Q1:cost_center:-');
  });

  it('knows the months of a quarter and the last day a suggestion is worth deciding', () => {
    expect(quarterMonths('2024-Q1')).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(quarterMonths('2024-Q4')).toEqual(['2024-10', '2024-11', '2024-12']);
    expect(defaultExpiry({ kind: 'replenishment', proposal: buy })).toBe('2024-03-20');
    expect(defaultExpiry({ kind: 're_engagement', proposal: { customerId: 1, repId: 1, dueDate: '2024-05-02', reason: 'x' } })).toBe('2024-05-02');
    // The day before the quarter starts: across a year end, and a leap day.
    expect(defaultExpiry({ kind: 'budget', proposal: { quarter: '2025-Q1', costCenter: null, lines: [] } })).toBe('2024-12-31');
    expect(defaultExpiry({ kind: 'budget', proposal: { quarter: '2024-Q2', costCenter: null, lines: [] } })).toBe('2024-03-31');
  });

  it('refuses an order-by date after the needed-by date', () => {
    const parsed = replenishmentProposal.safeParse({ ...buy, orderBy: '2024-03-21' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['orderBy']);
  });

  it('applies the changes a kind allows, recording before and after of those that differ', () => {
    const { after, diff } = applyChanges('replenishment', buy, { quantity: 30, supplierId: 3, neededBy: '2024-03-25' });
    expect(diff).toEqual({ quantity: { before: 40, after: 30 }, neededBy: { before: '2024-03-20', after: '2024-03-25' } });
    expect(after).toEqual({ ...buy, quantity: 30, neededBy: '2024-03-25' });
    expect(refusal(() => applyChanges('production', { itemId: 9, warehouseId: 1, quantity: 5, neededBy: '2024-04-01' }, { supplierId: 2 })).field).toBe('changes.supplierId');
    expect(refusal(() => applyChanges('replenishment', buy, { quantity: 40 })).field).toBe('changes');
    expect(refusal(() => applyChanges('replenishment', buy, { neededBy: '2024-03-01' })).field).toBe('changes.orderBy');
  });

  it('a change set yields exactly the differing fields, and the proposal with them', () => {
    fc.assert(fc.property(
      fc.record({ quantity: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }), supplierId: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) }),
      (changes) => {
        const differing = Object.entries(changes).filter(([k, v]) => v !== undefined && v !== buy[k as keyof typeof buy]);
        if (differing.length === 0) {
          expect(refusal(() => applyChanges('replenishment', buy, changes)).code).toBe('INVALID_INPUT');
          return;
        }
        const { after, diff } = applyChanges('replenishment', buy, changes);
        expect(Object.keys(diff).sort()).toEqual(differing.map(([k]) => k).sort());
        for (const [k, v] of differing) expect(diff[k]).toEqual({ before: buy[k as keyof typeof buy], after: v });
        expect(after).toEqual({ ...buy, ...Object.fromEntries(differing) });
      },
    ), { seed: 18, numRuns: 200 });
  });
});
