import type { Kysely } from 'kysely';
import type { DB } from '../domain/db/tables.js';
import { generalLedger } from '../domain/finance/general-ledger.js';
import { journalText } from './models/statements/journal-text.js';

/**
 * The general ledger up to `asOf` as an hledger/ledger journal. Read from the database rather
 * than the warehouse: the journal needs the functional currency and its decimals, which the
 * warehouse does not keep, and it should match the books without waiting for a pipeline run.
 */
export async function ledgerJournal(db: Kysely<DB>, asOf = '9999-12-31'): Promise<{ text: string; entries: number; currency: string; minorUnits: number }> {
  const gl = await generalLedger(db, asOf);
  return { text: journalText(gl.entries, gl.accounts, gl.currency), entries: gl.entries.length, currency: gl.currency.code, minorUnits: gl.currency.minorUnits };
}
