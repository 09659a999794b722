import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bgnbd-fit.js';
import { calibrationHoldoutReport } from './calibration.js';
import { simulateBgNbd } from './simulate.js';

describe('calibrationHoldoutReport', () => {
  const truth = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 };
  const rows = simulateBgNbd(truth, { customers: 20_000, T: 39, seed: 8, holdout: 39 });
  const model = fitBgNbd({ unit: 'week', rows });
  const report = calibrationHoldoutReport(model, { unit: 'week', rows }, { value: 39, unit: 'week' });

  it('reports the eight frequency groups and overall accuracy', () => {
    expect(report.groups.map((g) => g.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(report.groups.reduce((s, g) => s + g.customers, 0)).toBe(rows.length);
    expect(report.overall.customers).toBe(rows.length);
    expect(report.overall.mae).toBeGreaterThanOrEqual(Math.abs(report.overall.bias));
  });

  it('predicts simulated holdout purchases per group within Monte Carlo error', () => {
    for (const g of report.groups) {
      const members = rows.filter((r) => (g.label === '7+' ? r.frequency >= 7 : r.frequency === Number(g.label)));
      const actual = members.map((r) => r.holdoutPurchases);
      const mean = actual.reduce((s, v) => s + v, 0) / actual.length;
      const sd = Math.sqrt(actual.reduce((s, v) => s + (v - mean) ** 2, 0) / (actual.length - 1));
      expect(g.meanActual).toBeCloseTo(mean, 12);
      // Sampling error of the group mean dominates; allow 4 SE plus 5% for parameter error.
      expect(Math.abs(g.meanPredicted! - mean)).toBeLessThan((4 * sd) / Math.sqrt(actual.length) + 0.05 * mean);
    }
    console.log(
      'Calibration/holdout (39 + 39 weeks):\n' +
        report.groups.map((g) => `  ${g.label.padEnd(3)} n=${String(g.customers).padStart(5)}  predicted ${g.meanPredicted!.toFixed(3)}  actual ${g.meanActual!.toFixed(3)}`).join('\n') +
        `\n  overall MAE ${report.overall.mae.toFixed(3)}, bias ${report.overall.bias.toFixed(4)}`,
    );
  });

  it('marks empty groups with null means and checks units', () => {
    const small = calibrationHoldoutReport(model, [{ frequency: 0, recency: 0, T: 39, holdoutPurchases: 1 }], { value: 39, unit: 'week' });
    expect(small.groups[3]).toEqual({ label: '3', customers: 0, meanPredicted: null, meanActual: null });
    expect(small.overall.meanActual).toBe(1);
    expect(() => calibrationHoldoutReport(model, rows, { value: 273, unit: 'day' })).toThrow(/time unit mismatch/);
    expect(() => calibrationHoldoutReport(model, { unit: 'day', rows }, { value: 39, unit: 'week' })).toThrow(/time unit mismatch/);
    expect(() => calibrationHoldoutReport(model, [{ frequency: 0, recency: 0, T: 39, holdoutPurchases: -1 }], { value: 39, unit: 'week' })).toThrow(
      /rows\[0\]\.holdoutPurchases/,
    );
  });
});
