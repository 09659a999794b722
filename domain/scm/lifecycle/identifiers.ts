/**
 * Supplier identifiers as registered: tax ids and bank details, normalised and checked for shape
 * before they reach the database (which checks the same shapes again).
 */

/** 'de 123.456 789' → 'DE123456789': capitals and digits, dashes kept, spaces, dots and slashes dropped. */
export function normaliseTaxId(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s./]/g, '');
}
export const TAX_ID_SHAPE = /^[A-Z0-9-]{4,30}$/;

/** The tax id without separators: two registrations with the same key are the same company. */
export const taxKey = (taxId: string) => taxId.replace(/[^A-Z0-9]/g, '');

/** 'gb82 west 1234 5698 7654 32' → 'GB82WEST12345698765432'. */
export const normaliseIban = (raw: string) => raw.replace(/\s/g, '').toUpperCase();
const IBAN_SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;

/** An IBAN of the right shape whose check digits hold (ISO 13616: the number mod 97 is 1). */
export function isValidIban(iban: string): boolean {
  if (!IBAN_SHAPE.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** A domestic account number: digits, capitals and dashes, 4 to 34. */
export const ACCOUNT_NO_SHAPE = /^[0-9A-Z-]{4,34}$/;
/** A BIC (8 or 11 characters) or a domestic bank code of 6 to 9 digits (sort code, ABA routing number). */
export const BANK_CODE_SHAPE = /^([A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?|[0-9]{6,9})$/;

/** Shows the last four characters only, for lists and events. */
export const maskAccount = (account: string | null) => (account === null ? null : `…${account.slice(-4)}`);
