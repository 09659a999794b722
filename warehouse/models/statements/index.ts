/**
 * Financial statements from a summarised general ledger (PeriodLedger: each account's balance
 * before a period and its debits and credits in it, integer minor units): trial balance,
 * income statement, balance sheet, indirect cash flow, receivables and payables ageing and the
 * working-capital ratios; plus the ledger as an hledger/ledger journal.
 */
export { add, checkLedger, closing, minor, negate, StatementInvariantError } from './types.js';
export type { AccountMovement, AccountType, PeriodLedger, StatementAccount } from './types.js';
export { periodLedger, periodLedgerFromRows, type LedgerLine } from './ledger.js';
export { addDays, daysBetween, daysIn, isIsoDate, previousPeriod, samePeriodLastYear, type DateWindow } from './periods.js';
export { statementTrialBalance, type TrialBalanceLine, type TrialBalanceReport } from './trial-balance.js';
export { incomeStatement, type IncomeStatement, type StatementLine, type StatementSection } from './income-statement.js';
export { balanceSheet, equityLines, type BalanceSheet, type RetainedEarningsRollForward } from './balance-sheet.js';
export { cashFlowStatement, classifyForCashFlow, ROLE_CLASS, type CashFlowClass, type CashFlowLine, type CashFlowStatement } from './cash-flow.js';
export { ageing, AGEING_BUCKETS, bucketOf, openDocuments, type AgeingBucket, type AgeingItem, type AgeingReport, type AgeingRow, type OpenDocument } from './ageing.js';
export { workingCapitalFigures, workingCapitalRatios, type WorkingCapitalFigures, type WorkingCapitalRatios } from './ratios.js';
export { journalAccountName, journalAmount, journalText, type JournalCurrency, type JournalEntryText } from './journal-text.js';
