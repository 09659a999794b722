import { describe, expect, it } from 'vitest';
import { suggestionView } from './suggestion-view.js';

const base = { suggestionId: 4, revision: 1, valueAtStake: 12_345, expiresOn: '2024-03-20' };

describe('suggestionView', () => {
  it('picks the forecast band, projected stock, lead time and supplier out of a replenishment rationale', () => {
    const v = suggestionView({
      ...base, kind: 'replenishment',
      proposal: { itemId: 7, warehouseId: 2, quantity: 40, supplierId: 3, orderBy: '2024-03-05', neededBy: '2024-03-20' },
      rationale: { sku: 'W-7', forecast: { method: 'tsb', pattern: 'lumpy', weekly: [5, 6], lower: [1, 2], upper: [9, 10], level: 0.9 }, projectedStock: [10, 3], safetyStock: 4, onHand: 12, leadTime: { meanDays: 9.6, sdDays: 2.2, source: '5 receipts' }, supplier: { why: 'best score' } },
    });
    expect(v.title).toBe('Buy 40 × W-7 for warehouse 2: order by 2024-03-05, needed by 2024-03-20');
    expect(v.forecast).toEqual([{ week: 1, forecast: 5, lower: 1, upper: 9 }, { week: 2, forecast: 6, lower: 2, upper: 10 }]);
    expect(v.projected).toEqual([{ week: 1, stock: 10 }, { week: 2, stock: 3 }]);
    expect(v).toMatchObject({ interval: 0.9, safetyStock: 4, onHand: 12, leadTime: '10 days ± 2 (5 receipts)', supplier: 'supplier 3: best score', detail: 'forecast by tsb, lumpy demand' });
  });

  it('leaves out what the rationale does not hold instead of failing', () => {
    const v = suggestionView({ ...base, kind: 're_engagement', proposal: { customerId: 9, repId: 2, dueDate: '2024-03-04', reason: 'quiet for 80 days' }, rationale: { forecast: 'not an object', projectedStock: 'x' } });
    expect(v).toMatchObject({ title: 'Call customer 9: rep 2 by 2024-03-04', detail: 'quiet for 80 days', forecast: [], projected: [], safetyStock: null, leadTime: null, supplier: null });
  });
});
