import { describe, expect, it } from 'vitest';
import { csvChunks } from './csv.js';

describe('csvChunks', () => {
  it('writes a header and quotes only fields that need it', () => {
    const text = [...csvChunks(['a', 'b'], [{ a: 'plain', b: 1.5 }, { a: 'x, "y"', b: null }, { a: 'two\nlines', b: true }])].join('');
    expect(text).toBe('a,b\r\nplain,1.5\r\n"x, ""y""",\r\n"two\nlines",true\r\n');
  });

  it('yields a chunk per N rows and loses none', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ n: i }));
    const chunks = [...csvChunks(['n'], rows, 2)];
    expect(chunks).toEqual(['n\r\n0\r\n1\r\n', '2\r\n3\r\n', '4\r\n']);
  });
});
