export { addAccount, assignAccountRole, addCostCenter } from './accounts.js';
export { DEFAULT_CHART, DEFAULT_ROLES, type AccountRole, type AccountSpec } from './chart-of-accounts.js';
export { closePeriod } from './periods.js';
export { postManualJournal, reverseJournalEntry } from './manual-journal.js';
export { setTaxRate } from './tax.js';
export { trialBalance, type TrialBalance, type TrialBalanceRow } from './trial-balance.js';
export { generalLedger, type GeneralLedger, type GeneralLedgerAccount, type GeneralLedgerEntry } from './general-ledger.js';
export { postingRules, type PostingLine } from './posting-rules.js';
export { formatMinor, mulDivRound, toFunctional } from './money.js';
