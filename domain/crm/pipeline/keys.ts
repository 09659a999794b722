/**
 * Duplicate-detection keys, as the database computes them (crm.company_key, crm.email_key,
 * crm.phone_key in sql/postgres/0009_crm_pipeline.sql; the database's are the ones enforced,
 * these let callers and tests predict them). Two leads or accounts with the same key are the
 * same party, and only one rep may hold it.
 */
const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ';
const PLAIN = 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy';

/** Legal-form words dropped from a company name (anywhere after its first word). */
export const LEGAL_FORMS = ['inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'gmbh', 'mbh', 'bv', 'nv', 'sa', 'sas', 'sarl', 'srl', 'spa', 'ag', 'kg', 'plc', 'pte', 'pty', 'kk', 'corp', 'corporation', 'co', 'company', 'oy', 'ab'] as const;
const LEGAL_FORM = new RegExp(` (${LEGAL_FORMS.join('|')})(?= |$)`, 'g');

/** 'Acme, Inc.' → 'acme'; 'Café Müller B.V.' → 'cafe muller'; null when nothing is left. */
export function companyKey(name: string): string | null {
  const folded = [...name].map((ch) => {
    const i = ACCENTED.indexOf(ch);
    return i < 0 ? ch : PLAIN[i]!;
  }).join('');
  const words = folded.toLowerCase().replace(/[.'`]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  return words.replace(LEGAL_FORM, '').trim() || null;
}

export function emailKey(email: string | null | undefined): string | null {
  return email?.trim().toLowerCase() || null;
}

/** The digits of a phone number; null with fewer than five. */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/[^0-9]/g, '');
  return digits.length >= 5 ? digits : null;
}
