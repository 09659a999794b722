import { describe, expect, it } from 'vitest';
import { lineRange, typeOver } from './source-text.js';

describe('lineRange', () => {
  const text = '# Title\n\n```sql name=a\nselect 1\n```';
  it('finds a line by its number, from 1, without its newline', () => {
    expect(lineRange(text, 1)).toEqual({ start: 0, end: 7 });
    expect(lineRange(text, 2)).toEqual({ start: 8, end: 8 });
    expect(text.slice(lineRange(text, 4).start, lineRange(text, 4).end)).toBe('select 1');
    expect(text.slice(lineRange(text, 5).start, lineRange(text, 5).end)).toBe('```');
  });

  it('takes a line past the end as the end of the text', () => {
    expect(lineRange(text, 9)).toEqual({ start: text.length, end: text.length });
    expect(lineRange('', 1)).toEqual({ start: 0, end: 0 });
  });
});

describe('typeOver', () => {
  it('replaces the selection and puts the caret after what was typed', () => {
    expect(typeOver('select x', 7, 8, '  ')).toEqual({ text: 'select   ', caret: 9 });
    expect(typeOver('ab', 1, 1, '--')).toEqual({ text: 'a--b', caret: 3 });
  });
});
