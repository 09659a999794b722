import { describe, expect, it } from 'vitest';
import { companyKey, emailKey, phoneKey } from './keys.js';

describe('duplicate-detection keys', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME inc', 'acme'],
    ['Acme', 'acme'],
    ['Acme Corp.', 'acme'],
    ['Apex Works Pte. Ltd.', 'apex works'],
    ['Apex Works Inc #12', 'apex works 12'],
    ['Café Müller B.V.', 'cafe muller'],
    ["O'Neil & Sons GmbH", 'oneil sons'],
    ['AG Works Inc', 'ag works'],
    ['  Globex   Corporation ', 'globex'],
  ])('%s → %s', (name, key) => expect(companyKey(name)).toBe(key));

  it('keeps a name that is only a legal form, and gives nothing for punctuation alone', () => {
    expect(companyKey('Inc')).toBe('inc');
    expect(companyKey('...')).toBeNull();
  });

  it('compares e-mails without case or spaces, phones by their digits', () => {
    expect(emailKey(' Hank@Globex.EXAMPLE ')).toBe('hank@globex.example');
    expect(emailKey('')).toBeNull();
    expect(phoneKey('+1 (555) 010-2030')).toBe('15550102030');
    expect(phoneKey('12-34')).toBeNull();
    expect(phoneKey(undefined)).toBeNull();
  });
});
