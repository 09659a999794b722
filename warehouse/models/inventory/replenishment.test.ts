import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/kernel/errors.js';
import { economicOrderQuantity, reorderPoint, reorderPolicy, safetyStock, serviceLevelZ } from './replenishment.js';

describe('safety stock and reorder point', () => {
  it('match the textbook example with variable demand and lead time', () => {
    // d̄ 50/day, σd 10, L 6 days, σL 2, 95 %: σ = √(6·100 + 50²·4) = √10 600 = 102.956; z = 1.64485 → SS 169.348.
    const x = { meanDemand: 50, sdDemand: 10, meanLeadTime: 6, sdLeadTime: 2 };
    expect(safetyStock(x, 0.95)).toBeCloseTo(169.348, 3);
    expect(reorderPoint(x, 0.95)).toBeCloseTo(469.348, 3);
  });

  it('reduce to z·σd·√L for a fixed lead time', () => {
    // d̄ 20/week, σd 5, L 4 weeks, 90 %: SS = 1.28155 · 5 · 2 = 12.8155, ROP = 80 + 12.8155.
    const x = { meanDemand: 20, sdDemand: 5, meanLeadTime: 4, sdLeadTime: 0 };
    expect(safetyStock(x, 0.9)).toBeCloseTo(12.8155, 4);
    expect(reorderPoint(x, 0.9)).toBeCloseTo(92.8155, 4);
    expect(safetyStock(x, 0.5)).toBe(0);
  });

  it('refuses service levels outside [0.5, 1)', () => {
    expect(serviceLevelZ(0.975)).toBeCloseTo(1.959964, 6);
    expect(() => serviceLevelZ(1)).toThrow(DomainError);
    expect(() => serviceLevelZ(0.4)).toThrow(/serviceLevel/);
    expect(() => safetyStock({ meanDemand: -1, sdDemand: 0, meanLeadTime: 1, sdLeadTime: 0 }, 0.9)).toThrow(/meanDemand/);
  });
});

describe('economicOrderQuantity', () => {
  it('is √(2DS/H)', () => {
    expect(economicOrderQuantity(1000, 10, 0.5)).toBe(200);
    expect(economicOrderQuantity(10_000, 40, 2)).toBeCloseTo(632.456, 3);
  });

  it('is null without demand or without holding cost', () => {
    expect(economicOrderQuantity(0, 10, 1)).toBeNull();
    expect(economicOrderQuantity(100, 10, 0)).toBeNull();
    expect(() => economicOrderQuantity(100, -1, 1)).toThrow(/orderCost/);
  });
});

describe('reorderPolicy', () => {
  const base = { periodDays: 7, serviceLevel: 0.95, orderCost: 5000, holdingCostPerUnitYear: 1000 };

  it('turns weekly demand and lead time in days into SS, ROP and EOQ', () => {
    // Weekly 10, 14, 10, 14: d̄ 12, σd √(16/3); lead time 14 ± 7 days = 2 ± 1 weeks.
    // σ = √(2 · 16/3 + 144 · 1) = √154.667 = 12.4365; SS = 1.64485 · 12.4365 = 20.456.
    const p = reorderPolicy({ ...base, demand: [10, 14, 10, 14], leadTime: { meanDays: 14, sdDays: 7 } });
    expect(p).toMatchObject({ meanDemand: 12, meanLeadTime: 2, sdLeadTime: 1, leadTimeSdAssumedZero: false, reason: null });
    expect(p.safetyStock).toBeCloseTo(20.456, 3);
    expect(p.reorderPoint).toBeCloseTo(44.456, 3);
    // D = 12 · 365 / 7 = 625.71 a year: EOQ = √(2 · 625.71 · 5000 / 1000) = 79.102.
    expect(p.eoq).toBeCloseTo(79.102, 3);
  });

  it('says why a figure is missing', () => {
    expect(reorderPolicy({ ...base, demand: [3, 5], leadTime: null })).toMatchObject({ safetyStock: null, reorderPoint: null, reason: 'no-lead-time', meanDemand: 4 });
    expect(reorderPolicy({ ...base, demand: [3], leadTime: { meanDays: 7, sdDays: 1 } })).toMatchObject({ safetyStock: null, sdDemand: null, reason: 'too-few-periods' });
    expect(reorderPolicy({ ...base, demand: [0, 0, 0], leadTime: { meanDays: 7, sdDays: 1 } })).toMatchObject({ safetyStock: 0, reorderPoint: 0, eoq: null, reason: 'no-demand' });
    const single = reorderPolicy({ ...base, demand: [10, 14], leadTime: { meanDays: 14, sdDays: null } });
    expect(single).toMatchObject({ leadTimeSdAssumedZero: true, sdLeadTime: 0 });
    expect(single.safetyStock).toBeCloseTo(1.64485 * Math.sqrt(2 * 8), 3);
  });
});
