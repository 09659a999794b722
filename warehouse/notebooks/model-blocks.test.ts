import { describe, expect, it } from 'vitest';
import { classifyDemand } from '../models/demand/classify.js';
import { spearman } from '../models/suppliers/spearman.js';
import { ModelInputError, runModel } from './model-blocks.js';
import { parseNotebook } from './parse.js';

const fence = '```';
const weeks = (item: number, qty: number[]) => qty.map((q, i) => ({ item_id: item, week: `2024-01-${String(i + 1).padStart(2, '0')}`, qty: q }));

describe('model blocks', () => {
  it('classifyDemand: one row per series, ordered by the order column, as the model classifies it', () => {
    const smooth = [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6];
    const lumpy = [0, 0, 30, 0, 0, 0, 1, 0, 0, 55, 0, 0];
    const rows = [...weeks(2, lumpy), ...weeks(1, smooth)].reverse();
    const out = runModel('classifyDemand', { by: 'item_id', order: 'week', value: 'qty' }, { columns: [{ name: 'item_id' }, { name: 'week' }, { name: 'qty' }], rows });
    expect(out.columns.map((c) => `${c.name} ${c.type}`)).toEqual(['item_id BIGINT', 'pattern VARCHAR', 'adi DOUBLE', 'cv2 DOUBLE', 'non_zero_periods BIGINT', 'periods BIGINT']);
    const byItem = Object.fromEntries(out.rows.map((r) => [r.item_id, r]));
    expect(byItem[1]).toMatchObject({ pattern: classifyDemand(smooth).pattern, non_zero_periods: 12, periods: 12 });
    expect(byItem[2]).toMatchObject({ pattern: classifyDemand(lumpy).pattern, adi: Math.round(classifyDemand(lumpy).adi * 1e4) / 1e4 });
    expect(byItem[2]!.pattern).toBe('lumpy');
  });

  it('spearman: overall and per group', () => {
    const rows = [{ g: 'a', x: 1, y: 2 }, { g: 'a', x: 2, y: 1 }, { g: 'a', x: 3, y: 3 }, { g: 'b', x: 1, y: 1 }, { g: 'b', x: 2, y: 2 }];
    const columns = [{ name: 'g' }, { name: 'x' }, { name: 'y' }];
    expect(runModel('spearman', { x: 'x', y: 'y' }, { columns, rows }).rows).toEqual([{ n: 5, rho: Math.round(spearman([1, 2, 3, 1, 2], [2, 1, 3, 1, 2])! * 1e4) / 1e4 }]);
    expect(runModel('spearman', { x: 'x', y: 'y', by: 'g' }, { columns, rows }).rows).toEqual([{ g: 'a', n: 3, rho: 0.5 }, { g: 'b', n: 2, rho: 1 }]);
  });

  it('names a missing column or a value that is not a number', () => {
    expect(() => runModel('spearman', { x: 'x', y: 'nope' }, { columns: [{ name: 'x' }], rows: [] })).toThrow(new ModelInputError("no column 'nope' in the data (its columns: x)"));
    expect(() => runModel('spearman', { x: 'x', y: 'x' }, { columns: [{ name: 'x' }], rows: [{ x: 'abc' }] })).toThrow(/column 'x' holds 'abc', which is not a number/);
  });

  it('parses a model block and refuses an unknown function, bad options or data not above', () => {
    const base = ['# M', `${fence}sql name=w`, 'select 1 as item_id, 1 as week, 1 as qty', fence];
    const nb = parseNotebook('m', [...base, `${fence}model name=p fn=classifyDemand data=w rows=5`, '{"by": "item_id", "order": "week", "value": "qty"}', fence].join('\n'));
    expect(nb.blocks[2]).toMatchObject({ kind: 'model', name: 'p', fn: 'classifyDemand', data: 'w', rows: 5, show: true, options: { by: 'item_id' } });
    const bad = (lines: string[]) => () => parseNotebook('m', [...base, ...lines, fence].join('\n'));
    expect(bad([`${fence}model name=p fn=eval data=w`, '{}'])).toThrow(/'eval' is not a model function notebooks can call \(they can call classifyDemand, spearman\)/);
    expect(bad([`${fence}model name=p fn=spearman data=w`, '{"x": "a"}'])).toThrow(/field y: .*spearman: Spearman rank correlation/);
    expect(bad([`${fence}model name=p fn=spearman data=w`, '{"x": "a", "y": "b", "code": "1"}'])).toThrow(/field \(options\)|code/);
    expect(bad([`${fence}model name=p fn=spearman data=later`, '{"x": "a", "y": "b"}'])).toThrow(/no block named 'later' above \(blocks above: w\)/);
    expect(bad([`${fence}model name=w fn=spearman data=w`, '{"x": "a", "y": "b"}'])).toThrow(/a block named 'w' is already defined above/);
  });

  it('parses a SQL block that runs a named query, which then has no SQL of its own', () => {
    const nb = parseNotebook('q', ['# Q', `${fence}sql name=w query=weekly_item_demand`, fence].join('\n'));
    expect(nb.blocks[1]).toMatchObject({ kind: 'sql', name: 'w', query: 'weekly_item_demand', sql: '' });
    expect(() => parseNotebook('q', ['# Q', `${fence}sql name=w query=weekly_item_demand`, 'select 1', fence].join('\n'))).toThrow(/has no SQL of its own/);
    expect(() => parseNotebook('q', ['# Q', `${fence}sql name=w query=../etc/passwd`, fence].join('\n'))).toThrow(/is not a query name/);
  });
});
