import { describe, expect, it } from 'vitest';
import { computeVariables, isScorecardVariable, ScorecardInputError, sectionVariable, type PurchaseLineRow, type ReceiptLineRow, type ScorecardInputs } from './variables.js';
import { periodEnd, periodOf, periodsBetween } from './periods.js';

const line = (p: Partial<PurchaseLineRow> & Pick<PurchaseLineRow, 'supplierId' | 'itemId' | 'orderDate' | 'expectedDate'>): PurchaseLineRow => ({
  poStatus: 'open', orderedQty: 10, receivedQty: 0, fullyReceivedDate: null, unitPrice: 100, listUnitPrice: null, receivedValueFunctional: 0, ...p,
});
const receipt = (p: Partial<ReceiptLineRow> & Pick<ReceiptLineRow, 'receiptId' | 'receiptDate'>): ReceiptLineRow => ({
  supplierId: 1, asnId: null, daysAfterAsnPromise: null, inspected: false, receivedQty: 10, rejectedQty: null, ...p,
});

const inputs: ScorecardInputs = {
  purchaseLines: [
    line({ supplierId: 1, itemId: 10, orderDate: '2024-01-02', expectedDate: '2024-01-10', fullyReceivedDate: '2024-01-09', receivedQty: 10, unitPrice: 100, listUnitPrice: 100, receivedValueFunctional: 1000 }),
    line({ supplierId: 1, itemId: 10, orderDate: '2024-01-05', expectedDate: '2024-01-15', fullyReceivedDate: '2024-01-18', receivedQty: 10, unitPrice: 110, listUnitPrice: 100, receivedValueFunctional: 1100 }),
    line({ supplierId: 1, itemId: 11, orderDate: '2024-01-20', expectedDate: '2024-01-31', orderedQty: 5, unitPrice: 200 }),
    line({ supplierId: 1, itemId: 10, orderDate: '2024-02-01', expectedDate: '2024-02-25', unitPrice: 121, listUnitPrice: 100 }),
    line({ supplierId: 1, itemId: 10, orderDate: '2024-01-03', expectedDate: '2024-01-04', poStatus: 'cancelled', unitPrice: 1, listUnitPrice: 100 }),
    line({ supplierId: 2, itemId: 10, orderDate: '2024-01-04', expectedDate: '2024-01-12', fullyReceivedDate: '2024-01-12', receivedQty: 10, unitPrice: 90, receivedValueFunctional: 900 }),
  ],
  receiptLines: [
    receipt({ receiptId: 100, receiptDate: '2024-01-09', asnId: 5, daysAfterAsnPromise: -1, inspected: true, rejectedQty: 0 }),
    receipt({ receiptId: 101, receiptDate: '2024-01-18' }),
    receipt({ receiptId: 102, receiptDate: '2024-01-25', asnId: 6, daysAfterAsnPromise: 2, inspected: true, receivedQty: 100, rejectedQty: 3 }),
    receipt({ receiptId: 102, receiptDate: '2024-01-25', asnId: 6, daysAfterAsnPromise: 2, inspected: true, receivedQty: 50, rejectedQty: 0 }),
    receipt({ receiptId: 103, receiptDate: '2024-02-25', inspected: true, rejectedQty: 10 }),
  ],
  statementLines: [
    ...['confirmed', 'confirmed', 'confirmed', 'disputed', 'open'].map((r) => ({ supplierId: 1, period: '2024-01', supplierResponse: r })),
    { supplierId: 1, period: '2024-02', supplierResponse: 'confirmed' },
  ],
  auditSections: [
    { supplierId: 1, auditId: 7, auditDate: '2023-12-10', auditScorePct: 80, sectionCode: 'QMS', sectionScorePct: 70 },
    { supplierId: 1, auditId: 7, auditDate: '2023-12-10', auditScorePct: 80, sectionCode: 'DEL-1', sectionScorePct: 90 },
    { supplierId: 1, auditId: 8, auditDate: '2024-02-10', auditScorePct: 60, sectionCode: 'QMS', sectionScorePct: 50 },
    { supplierId: 1, auditId: 9, auditDate: '2024-03-01', auditScorePct: 10, sectionCode: 'QMS', sectionScorePct: 10 },
  ],
};

describe('scorecard periods', () => {
  it('names months and quarters and knows their ends', () => {
    expect(periodOf('2024-05-17', 'month')).toBe('2024-05');
    expect(periodOf('2024-05-17', 'quarter')).toBe('2024-Q2');
    expect(periodEnd('2024-02', 'month')).toBe('2024-02-29');
    expect(periodEnd('2024-12', 'month')).toBe('2024-12-31');
    expect(periodEnd('2024-Q4', 'quarter')).toBe('2024-12-31');
    expect(periodEnd('2023-Q1', 'quarter')).toBe('2023-03-31');
    expect(periodsBetween('2023-11-30', '2024-02-01', 'month')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(periodsBetween('2023-11-30', '2024-02-01', 'quarter')).toEqual(['2023-Q4', '2024-Q1']);
  });
});

describe('scorecard variables', () => {
  const monthly = computeVariables(inputs, { grain: 'month', from: '2024-01-01', asOf: '2024-02-20' });
  const of = (supplierId: number, period: string) => monthly.find((v) => v.supplierId === supplierId && v.period === period)!;

  it('gives every supplier every period', () => {
    expect(monthly.map((v) => `${v.supplierId}:${v.period}`)).toEqual(['1:2024-01', '1:2024-02', '2:2024-01', '2:2024-02']);
  });

  it('computes delivery over the lines due in the period, outstanding ones counting late to the scoring date', () => {
    const jan = of(1, '2024-01').values;
    expect(jan.otif_rate).toBeCloseTo(1 / 3, 12); // on time: only the first of three due lines
    expect(jan.mean_lateness_days).toBeCloseTo((0 + 3 + 20) / 3, 12); // the open line: 31 Jan → 20 Feb
    expect(jan.lead_time_sd_days).toBeCloseTo(Math.sqrt(18), 12); // lead times 7 and 13
    expect(of(1, '2024-02').values.otif_rate).toBeNull(); // the February line is not due yet
    expect(of(2, '2024-01').values).toMatchObject({ otif_rate: 1, mean_lateness_days: 0, lead_time_sd_days: null });
    expect(of(1, '2024-01').evidence.dueLines).toBe(3);
  });

  it('computes cost against the price list, the other suppliers and the previous period', () => {
    expect(of(1, '2024-01').values.price_vs_list_bp).toBeCloseTo(500, 9); // 2100 at price vs 2000 at list
    expect(of(1, '2024-02').values.price_vs_list_bp).toBeCloseTo(2100, 9);
    expect(of(1, '2024-01').values.price_vs_peers_bp).toBeCloseTo(1e4 * (2100 / 1800 - 1), 9); // 20 units at the other's 90
    expect(of(2, '2024-01').values.price_vs_peers_bp).toBeCloseTo(1e4 * (900 / 1050 - 1), 9); // 10 units at the other's 105
    expect(of(1, '2024-01').values.price_trend_bp).toBeNull(); // nothing ordered in December
    expect(of(1, '2024-02').values.price_trend_bp).toBeCloseTo(1e4 * (1210 / 1050 - 1), 9); // item 10: 121 now, 105 in January
  });

  it('computes quality and ASN discipline from the receipts', () => {
    const jan = of(1, '2024-01').values;
    expect(jan.acceptance_rate).toBeCloseTo(2 / 3, 12);
    expect(jan.defects_ppm).toBeCloseTo(1e6 * 3 / 160, 9);
    expect(jan.asn_timeliness_rate).toBeCloseTo(2 / 3, 12); // receipts 100 and 102 of three
    expect(jan.asn_mean_days_late).toBe(1); // 0 (early) and 2
    expect(of(1, '2024-02').values.acceptance_rate).toBeNull(); // the February receipt is after the scoring date
  });

  it('computes statement discrepancies over answered lines, and carries the latest audit forward', () => {
    expect(of(1, '2024-01').values.statement_discrepancy_rate).toBe(0.25);
    expect(of(1, '2024-02').values.statement_discrepancy_rate).toBe(0);
    expect(of(1, '2024-01').values).toMatchObject({ audit_score: 80, audit_section_qms: 70, audit_section_del_1: 90 });
    expect(of(1, '2024-02').values).toMatchObject({ audit_score: 60, audit_section_qms: 50 });
    expect(of(1, '2024-02').values.audit_section_del_1).toBeUndefined();
    expect(of(2, '2024-01').values.audit_score).toBeNull();
  });

  it('aggregates whole quarters', () => {
    const [q1] = computeVariables(inputs, { grain: 'quarter', from: '2024-01-01', asOf: '2024-02-20' });
    expect(q1!.period).toBe('2024-Q1');
    expect(q1!.values.otif_rate).toBeCloseTo(1 / 3, 12);
    expect(q1!.values.price_vs_list_bp).toBeCloseTo(1e4 * (3310 / 3000 - 1), 9);
    expect(q1!.values.audit_score).toBe(60);
  });

  it('knows its variable names and refuses bad rows, naming them', () => {
    expect(isScorecardVariable('otif_rate')).toBe(true);
    expect(isScorecardVariable(sectionVariable('QMS-2'))).toBe(true);
    expect(isScorecardVariable('valid_certificate_share')).toBe(false);
    expect(() => computeVariables({ ...inputs, receiptLines: [receipt({ receiptId: 1, receiptDate: '2024-01-02', rejectedQty: 11 })] }, { grain: 'month', from: '2024-01-01', asOf: '2024-02-01' }))
      .toThrow(ScorecardInputError);
    expect(() => computeVariables(inputs, { grain: 'month', from: '2024-02-30', asOf: '2024-03-01' })).toThrow(/from: must be a date/);
    expect(() => computeVariables(inputs, { grain: 'week' as 'month', from: '2024-01-01', asOf: '2024-03-01' })).toThrow(/grain/);
  });
});
