import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/kernel/errors.js';
import { daysOfInventory, gmroi, inventoryTurnover } from './ratios.js';

describe('turnover, days of inventory and GMROI', () => {
  it('compute the textbook ratios', () => {
    // COGS 1 200 over a 90-day quarter with 400 of stock on average: 3 turns, 30 days, margin 600 → 1.5.
    expect(inventoryTurnover(1200, 400)).toBe(3);
    expect(daysOfInventory(400, 1200, 90)).toBe(30);
    expect(gmroi(600, 400)).toBe(1.5);
    expect(gmroi(-200, 400)).toBe(-0.5);
  });

  it('return null, not NaN or Infinity, when the denominator is not positive', () => {
    expect(inventoryTurnover(100, 0)).toBeNull();
    expect(inventoryTurnover(0, 0)).toBeNull();
    expect(inventoryTurnover(0, 50)).toBe(0);
    expect(daysOfInventory(400, 0, 30)).toBeNull();
    expect(daysOfInventory(400, -5, 30)).toBeNull();
    expect(daysOfInventory(0, 100, 30)).toBe(0);
    expect(gmroi(100, 0)).toBeNull();
  });

  it('refuse non-finite or negative inputs with a DomainError naming the field', () => {
    expect(() => inventoryTurnover(Number.NaN, 10)).toThrow(DomainError);
    expect(() => inventoryTurnover(10, -1)).toThrow(/averageInventory/);
    expect(() => daysOfInventory(10, 10, Number.POSITIVE_INFINITY)).toThrow(/days/);
    expect(() => gmroi(Number.POSITIVE_INFINITY, 10)).toThrow(/grossMargin/);
  });
});
