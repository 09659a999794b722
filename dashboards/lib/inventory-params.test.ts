import { describe, expect, it } from 'vitest';
import { InventoryParamError, parseAbcXyz, parseLotNo } from './inventory-params.js';

describe('parseAbcXyz', () => {
  it('reads a cell, a row, a column or nothing', () => {
    expect(parseAbcXyz(new URLSearchParams('abc=A&xyz=X'))).toEqual({ abc: 'A', xyz: 'X' });
    expect(parseAbcXyz(new URLSearchParams('abc=C'))).toEqual({ abc: 'C', xyz: null });
    expect(parseAbcXyz(new URLSearchParams('xyz=none'))).toEqual({ abc: null, xyz: 'none' });
    expect(parseAbcXyz(new URLSearchParams('abc=&xyz='))).toEqual({ abc: null, xyz: null });
  });

  it('says which classes there are when given another', () => {
    expect(() => parseAbcXyz(new URLSearchParams('abc=D'))).toThrow(new InventoryParamError("abc must be one of A, B, C, not 'D'"));
    expect(() => parseAbcXyz(new URLSearchParams('xyz=x'))).toThrow(/xyz must be one of X, Y, Z, none, not 'x'/);
  });
});

describe('parseLotNo', () => {
  it('takes a lot number, trimmed, and refuses what cannot be one', () => {
    expect(parseLotNo(' LOT-00000042 ')).toBe('LOT-00000042');
    expect(() => parseLotNo("LOT'; drop")).toThrow(/a lot number is letters, digits/);
    expect(() => parseLotNo('')).toThrow(InventoryParamError);
  });
});
