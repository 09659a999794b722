import { describe, expect, it } from 'vitest';
import { parseNamedQuery } from './named-queries.js';
import { withDescription } from './saved-queries.js';

describe('withDescription', () => {
  it('replaces the leading comment and keeps the parameters and the statement as written', () => {
    const text = withDescription('-- old words\n-- more old words\n-- @param from date = 2024-01-01  First day.\nselect 1 -- trailing\nwhere $from is not null\n\n', 'Revenue   by month,\nfor the board.');
    expect(text).toBe('-- Revenue by month, for the board.\n-- @param from date = 2024-01-01  First day.\nselect 1 -- trailing\nwhere $from is not null\n');
    expect(parseNamedQuery(text)).toMatchObject({ description: 'Revenue by month, for the board.', params: [{ name: 'from', type: 'date', default: '2024-01-01' }] });
  });

  it('wraps a long description and cannot turn it into a parameter line', () => {
    const text = withDescription('select 1', `@param x text ${'word '.repeat(40)}`);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^-- param x text word/);
    expect(lines.filter((l) => l.startsWith('--')).every((l) => l.length <= 99)).toBe(true);
    expect(parseNamedQuery(text).params).toEqual([]);
  });

  it("keeps the text's own description when none is given", () => {
    expect(withDescription('-- Mine.\nselect 1', '  ')).toBe('-- Mine.\nselect 1\n');
  });
});
