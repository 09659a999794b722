import { describe, expect, it } from 'vitest';
import { formatValue, inlineExpressions, InlineRefError, parseInlineRef, resolveInlineRef } from './inline.js';

const results = {
  top: { columns: [{ name: 'name' }, { name: 'revenue' }, { name: 'share' }], rows: [{ name: 'Acme', revenue: 4176722, share: 0.1234 }, { name: 'Beta', revenue: null, share: 0.05 }] },
  empty: { columns: [{ name: 'x' }], rows: [] },
};
const value = (expression: string) => resolveInlineRef(parseInlineRef(expression), results);

describe('inline values', () => {
  it('reads a row, a column and an optional format', () => {
    expect(parseInlineRef(' top.1.revenue | money ')).toEqual({ kind: 'value', block: 'top', row: 1, column: 'revenue', format: 'money' });
    expect(parseInlineRef('top.rows')).toEqual({ kind: 'rows', block: 'top', format: null });
  });

  it('prints values with their format', () => {
    expect(value('top.0.name')).toBe('Acme');
    expect(value('top.0.revenue')).toBe('4,176,722');
    expect(value('top.0.revenue | money')).toBe('41,767');
    expect(value('top.0.share | percent')).toBe('12.3%');
    expect(value('top.0.share | integer')).toBe('0');
    expect(value('top.1.revenue')).toBe('n/a');
    expect(value('top.rows')).toBe('2');
    expect(value('empty.rows')).toBe('0');
    expect(formatValue(true, null)).toBe('yes');
    expect(formatValue('1234.5', 'number')).toBe('1,234.5');
  });

  it.each([
    ['nope.0.x', /no SQL block named 'nope' \(blocks: top, empty\)/],
    ['top.0.revenu', /no column 'revenu' \(its columns: name, revenue, share\)/],
    ['top.2.name', /returned 2 rows; there is no row 2/],
    ['empty.0.x', /returned 0 rows/],
    ['top.0.name | money', /'Acme' is not a number/],
  ])('refuses {{%s}} clearly', (expression, message) => {
    expect(() => value(expression)).toThrow(InlineRefError);
    expect(() => value(expression)).toThrow(message);
  });

  it.each(['top', 'top.x.name', 'top.0', 'top.0.name | money | number', '0top.0.x'])('cannot read {{%s}}', (expression) => {
    expect(() => parseInlineRef(expression)).toThrow(InlineRefError);
  });

  it('finds expressions outside code only', () => {
    expect(inlineExpressions('a {{x.0.y}} `{{no.0.z}}`\n```\n{{nor.0.z}}\n```\nb {{ x.rows }}')).toEqual(['x.0.y', ' x.rows ']);
  });
});
