import { describe, expect, it } from 'vitest';
import { progressOf, tracker, type PipelineProgress } from './progress.js';

describe('pipeline progress', () => {
  it('gives the rate and the time left when the total is known', () => {
    expect(progressOf('extract', 'stg_x', 500, 2_000, 2, false)).toEqual({ phase: 'extract', table: 'stg_x', rows: 500, total: 2_000, rowsPerSecond: 250, seconds: 2, etaSeconds: 6, done: false });
  });

  it('has no time left to give without a total or a rate, and none once done', () => {
    expect(progressOf('load', 't', 10, null, 1, false).etaSeconds).toBeNull();
    expect(progressOf('load', 't', 0, 100, 0, false)).toMatchObject({ rowsPerSecond: 0, etaSeconds: null });
    expect(progressOf('load', 't', 120, 100, 2, true)).toMatchObject({ etaSeconds: 0, rowsPerSecond: 60 });
  });

  it('times each table from its beginning', () => {
    let clock = 1_000;
    const seen: PipelineProgress[] = [];
    const t = tracker((p) => seen.push(p), () => clock).begin('extract', 'stg_orders', 100);
    clock += 2_000;
    t.update(40);
    clock += 1_000;
    t.end(100);
    expect(seen.map((p) => [p.rows, p.rowsPerSecond, p.etaSeconds, p.done])).toEqual([[0, 0, null, false], [40, 20, 3, false], [100, 100 / 3, 0, true]]);
  });
});
