import { describe, expect, it } from 'vitest';
import { relatedDocument, totalAmount, type RelatedDocument } from './documents.js';

const doc = (amount: number | null): RelatedDocument => ({ relation: 'payment', kind: 'customer-payment', number: `P-${amount}`, date: '2024-01-02', status: null, amount, currency: 'EUR' });

describe('related documents', () => {
  it('keeps only what a page shows of a related document read with more columns', () => {
    const read = { ...doc(1_200), id: 7, source_type: 'customer_payment' };
    expect(relatedDocument(read)).toEqual(doc(1_200));
    expect(Object.keys(relatedDocument(read))).not.toContain('id');
  });

  it('sums amounts, a document without one counting nothing', () => {
    expect(totalAmount([doc(1_200), doc(null), doc(-200)])).toBe(1_000);
    expect(totalAmount([])).toBe(0);
  });
});
