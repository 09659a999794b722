import { openDocuments, type AgeingItem, type OpenDocument } from '../models/statements/index.js';
import { addDaysIso, dateKey, daysBetween } from './dates.js';

/**
 * The 13-week cash forecast: receipts from the invoices open at `asOf`, each expected at its
 * due date plus its customer's observed paying delay; contract instalments not yet invoiced,
 * likewise; payments of open supplier bills at the company's own observed delay; and the cash
 * balance they lead to. A counterparty's delay is shrunk toward the overall one by how few
 * payments it rests on. The naive forecast (everything settled on its due date) is kept beside
 * it, and `cashBacktest` says which of the two predicted receipts better. Pure.
 */
export const CASH_MODEL_VERSION = 'cash-delay/1';
export const CASH_WEEKS = 13;
/** Pseudo-payments of the overall delay added to each counterparty's own (shrinkage). */
const PRIOR_PAYMENTS = 5;

export interface Delay {
  meanDays: number;
  payments: number;
}

export interface CashInputs {
  asOf: string;
  receivables: readonly OpenDocument[];
  payables: readonly OpenDocument[];
  instalments: readonly { counterparty: string | null; dueDate: string; amount: number }[];
  customerDelays: ReadonlyMap<string, Delay>;
  supplierDelays: ReadonlyMap<string, Delay>;
  openingCash: number;
}

export interface CashWeek {
  week_start: string;
  week_start_key: number;
  step: number;
  receipts_functional: number;
  instalments_functional: number;
  payments_functional: number;
  net_functional: number;
  naive_receipts_functional: number;
  naive_payments_functional: number;
  opening_cash_functional: number;
  closing_cash_functional: number;
}

/** Amount-weighted overall delay and each counterparty's, shrunk toward it. */
export function delayModel(delays: ReadonlyMap<string, Delay>): { overall: number; of: (counterparty: string | null) => number } {
  let sum = 0;
  let n = 0;
  for (const d of delays.values()) {
    sum += d.meanDays * d.payments;
    n += d.payments;
  }
  const overall = n === 0 ? 0 : sum / n;
  return {
    overall,
    of: (c) => {
      const d = c === null ? undefined : delays.get(c);
      return d ? (d.meanDays * d.payments + overall * PRIOR_PAYMENTS) / (d.payments + PRIOR_PAYMENTS) : overall;
    },
  };
}

/** Week index 0..weeks-1 of a settlement expected on `date` (overdue ones in the first week), or null beyond. */
function weekOf(asOf: string, date: string, weeks: number): number | null {
  const days = daysBetween(asOf, date); // 1 = the day after asOf
  const index = days <= 0 ? 0 : Math.floor((days - 1) / 7);
  return index < weeks ? index : null;
}

export function forecastCash(inputs: CashInputs, weeks = CASH_WEEKS): CashWeek[] {
  const customers = delayModel(inputs.customerDelays);
  const suppliers = delayModel(inputs.supplierDelays);
  const receipts = new Array<number>(weeks).fill(0);
  const naiveReceipts = new Array<number>(weeks).fill(0);
  const instalments = new Array<number>(weeks).fill(0);
  const payments = new Array<number>(weeks).fill(0);
  const naivePayments = new Array<number>(weeks).fill(0);
  const put = (into: number[], date: string, amount: number) => {
    const w = weekOf(inputs.asOf, date, weeks);
    if (w !== null) into[w]! += amount;
  };
  for (const d of inputs.receivables) {
    put(receipts, addDaysIso(d.dueDate, Math.round(customers.of(d.counterparty))), d.open);
    put(naiveReceipts, d.dueDate, d.open);
  }
  for (const i of inputs.instalments) put(instalments, addDaysIso(i.dueDate, Math.round(customers.of(i.counterparty))), i.amount);
  for (const d of inputs.payables) {
    put(payments, addDaysIso(d.dueDate, Math.round(suppliers.of(d.counterparty))), d.open);
    put(naivePayments, d.dueDate, d.open);
  }
  let cash = inputs.openingCash;
  return receipts.map((r, k) => {
    const weekStart = addDaysIso(inputs.asOf, 1 + 7 * k);
    const net = r + instalments[k]! - payments[k]!;
    const row: CashWeek = {
      week_start: weekStart, week_start_key: dateKey(weekStart), step: k + 1,
      receipts_functional: r, instalments_functional: instalments[k]!, payments_functional: payments[k]!, net_functional: net,
      naive_receipts_functional: naiveReceipts[k]!, naive_payments_functional: naivePayments[k]!,
      opening_cash_functional: cash, closing_cash_functional: cash + net,
    };
    cash += net;
    return row;
  });
}

export interface CashBacktest {
  origin: string;
  /** Mean absolute error per week of the receipts forecast, minor units. */
  maeDelay: number;
  maeNaive: number;
  delayBetter: boolean;
  actual: number[];
}

/**
 * From `origin`, the receipts forecast for the invoices then open, with delays learned only from
 * payments up to the origin, against the naive due-date forecast; both scored on what those
 * invoices actually brought in each week (the drop of their open amounts, settlements applied
 * as the ledger applies them).
 */
export function cashBacktest(receivableItems: readonly AgeingItem[], origin: string, delaysAtOrigin: ReadonlyMap<string, Delay>, weeks = CASH_WEEKS): CashBacktest {
  const keyOf = (d: OpenDocument) => `${d.counterparty}|${d.date}|${d.dueDate}`;
  const openAt = (day: string) => {
    const m = new Map<string, number>();
    for (const c of openDocuments(receivableItems, day)) for (const d of c.documents) m.set(keyOf(d), (m.get(keyOf(d)) ?? 0) + d.open);
    return m;
  };
  const atOrigin = openDocuments(receivableItems, origin).flatMap((c) => c.documents);
  const tracked = new Set(atOrigin.map(keyOf));
  const actual: number[] = [];
  let before = openAt(origin);
  for (let k = 1; k <= weeks; k++) {
    const after = openAt(addDaysIso(origin, 7 * k));
    let settled = 0;
    for (const key of tracked) settled += (before.get(key) ?? 0) - (after.get(key) ?? 0);
    actual.push(settled);
    before = after;
  }
  const forecast = forecastCash({ asOf: origin, receivables: atOrigin, payables: [], instalments: [], customerDelays: delaysAtOrigin, supplierDelays: new Map(), openingCash: 0 }, weeks);
  const mae = (xs: number[]) => xs.reduce((s, x, k) => s + Math.abs(x - actual[k]!), 0) / weeks;
  const maeDelay = mae(forecast.map((w) => w.receipts_functional));
  const maeNaive = mae(forecast.map((w) => w.naive_receipts_functional));
  return { origin, maeDelay, maeNaive, delayBetter: maeDelay < maeNaive, actual };
}
