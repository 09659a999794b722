import { describe, expect, it } from 'vitest';
import { sqlLiteral } from './pglite-dialect.js';

describe('sqlLiteral', () => {
  it('quotes every kind of value the commands send', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral(42)).toBe("'42'");
    expect(sqlLiteral(10n ** 15n)).toBe("'1000000000000000'");
    expect(sqlLiteral(true)).toBe("'t'");
    expect(sqlLiteral(new Date('2024-01-02T03:04:05Z'))).toBe("'2024-01-02T03:04:05.000Z'");
    expect(sqlLiteral({ a: "it's" })).toBe(`'{"a":"it''s"}'`);
    expect(sqlLiteral([1, 2, 3])).toBe(`'{"1","2","3"}'`);
    expect(sqlLiteral(['a"b', 'c\\d', null])).toBe(`'{"a\\"b","c\\\\d",NULL}'`);
    expect(sqlLiteral(new Uint8Array([1, 255]))).toBe("'\\x01ff'");
    expect(() => sqlLiteral(Number.NaN)).toThrow(RangeError);
  });
});
