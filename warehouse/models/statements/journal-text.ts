import { add, type StatementAccount } from './types.js';

/** A journal entry as the plain-text journal writes it; amounts in functional minor units. */
export interface JournalEntryText {
  entryNo: string;
  date: string;
  memo: string;
  lines: { account: string; debit: number; credit: number }[];
}

export interface JournalCurrency {
  code: string;
  /** Decimals of the currency (core.currencies.minor_units). */
  minorUnits: number;
}

/**
 * An account's name as hledger and ledger read it: "code name" of each heading from the top,
 * joined by ':'. Characters they give a meaning to (':' separates levels, two spaces or a tab
 * end the name, ';' starts a comment, brackets mark virtual postings) are replaced.
 */
export function journalAccountName(code: string, accounts: ReadonlyMap<string, StatementAccount>): string {
  const parts: string[] = [];
  let a = accounts.get(code);
  if (!a) return clean(code);
  for (let guard = 0; a && guard < 100; guard++) {
    parts.unshift(clean(`${a.code} ${a.name}`));
    a = a.parent ? accounts.get(a.parent) : undefined;
  }
  return parts.join(':');
}

const clean = (text: string) => text.replace(/[:;\t\r\n]/g, ' ').replace(/[()[\]]/g, '').replace(/\s+/g, ' ').trim() || '?';

/** Minor units → "1234.56" (no thousands separator: it would be ambiguous to the parsers). */
export function journalAmount(minor: number, minorUnits: number): string {
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(minorUnits + 1, '0');
  const text = minorUnits > 0 ? `${abs.slice(0, -minorUnits)}.${abs.slice(-minorUnits)}` : abs;
  return negative ? `-${text}` : text;
}

/**
 * The general ledger as an hledger/ledger journal: one transaction per entry, dated, described by
 * its number and memo, each line a posting in the functional currency. Summing it by account
 * gives the trial balance.
 */
export function journalText(entries: readonly JournalEntryText[], accountList: readonly StatementAccount[], currency: JournalCurrency): string {
  const accounts = new Map(accountList.map((a) => [a.code, a]));
  const out = [`; General ledger exported by Ledgerloop; amounts in ${currency.code}.`, ''];
  for (const e of entries) {
    let sum = 0;
    const description = clean(`${e.entryNo} ${e.memo}`);
    out.push(`${e.date} ${description}`);
    for (const l of e.lines) {
      const amount = l.debit - l.credit;
      sum = add(sum, amount);
      out.push(`    ${journalAccountName(l.account, accounts)}  ${journalAmount(amount, currency.minorUnits)} ${currency.code}`);
    }
    if (sum !== 0) throw new RangeError(`journal entry ${e.entryNo} does not balance (${sum})`);
    out.push('');
  }
  return out.join('\n');
}
