import { describe, expect, it } from 'vitest';
import { isValidIban, maskAccount, normaliseIban, normaliseTaxId, taxKey } from './identifiers.js';

describe('supplier identifiers', () => {
  it('normalises tax ids so the same registration is recognised however it is written', () => {
    expect(normaliseTaxId(' de 123.456/789 ')).toBe('DE123456789');
    expect(normaliseTaxId('us-12 3456')).toBe('US-123456');
    expect(taxKey('US-123456')).toBe(taxKey(normaliseTaxId('us123456')));
    expect(taxKey('US-123456')).not.toBe(taxKey('US-123457'));
  });

  it('accepts IBANs whose check digits hold and refuses one changed character', () => {
    const valid = ['GB82 WEST 1234 5698 7654 32', 'DE89 3704 0044 0532 0130 00', 'NL91ABNA0417164300', 'fr14 2004 1010 0505 0001 3m02 606'];
    for (const iban of valid) expect(isValidIban(normaliseIban(iban)), iban).toBe(true);
    expect(isValidIban('GB82WEST12345698765433')).toBe(false); // last digit changed
    expect(isValidIban('GB28WEST12345698765432')).toBe(false); // check digits swapped
    expect(isValidIban('GB82WEST')).toBe(false); // too short
    expect(isValidIban('1282WEST12345698765432')).toBe(false); // no country
  });

  it('masks account numbers for display', () => {
    expect(maskAccount('DE89370400440532013000')).toBe('…3000');
    expect(maskAccount(null)).toBeNull();
  });
});
