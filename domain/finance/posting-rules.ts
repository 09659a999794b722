import type { AccountRole } from './chart-of-accounts.js';

/**
 * Every automatic journal entry, in one readable place: document kind → lines.
 * A positive amount is a debit, a negative one a credit (functional minor units).
 * Subledger keys (customer, supplier) ride on the control-account lines.
 */
export interface PostingLine {
  role?: AccountRole;
  /** An explicit account code, for manual journals. */
  account?: string;
  amount: number;
  currency?: string;
  amountTxn?: number;
  customerId?: number;
  supplierId?: number;
  itemId?: number;
  costCenter?: string;
}

const dr = (role: AccountRole, amount: number, extra: Partial<PostingLine> = {}): PostingLine => ({ role, amount, ...extra });
const cr = (role: AccountRole, amount: number, extra: Partial<PostingLine> = {}): PostingLine => ({ role, amount: -amount, ...extra });

interface InTxnCurrency {
  currency: string;
}

export const postingRules = {
  /** Goods leave stock at moving-average cost. */
  delivery: (d: { cost: number }) => [dr('cogs', d.cost), cr('inventory', d.cost)],

  customerInvoice: (d: InTxnCurrency & { customerId: number; gross: number; grossFunctional: number; netFunctional: number; taxFunctional: number }) => [
    dr('receivables', d.grossFunctional, { customerId: d.customerId, currency: d.currency, amountTxn: d.gross }),
    cr('revenue', d.netFunctional),
    cr('sales_tax', d.taxFunctional),
  ],

  creditNote: (d: InTxnCurrency & { customerId: number; gross: number; grossFunctional: number; netFunctional: number; taxFunctional: number }) => [
    dr('revenue', d.netFunctional),
    dr('sales_tax', d.taxFunctional),
    cr('receivables', d.grossFunctional, { customerId: d.customerId, currency: d.currency, amountTxn: -d.gross }),
  ],

  customerPayment: (d: InTxnCurrency & { customerId: number; amount: number; amountFunctional: number }) => [
    dr('bank', d.amountFunctional, { currency: d.currency, amountTxn: d.amount }),
    cr('receivables', d.amountFunctional, { customerId: d.customerId, currency: d.currency, amountTxn: -d.amount }),
  ],

  /**
   * Realised exchange difference when a payment settles an invoice booked at another rate:
   * `difference` = functional value of the payment part − functional value it clears.
   * Positive: receivables were credited more than the invoice carried → a gain.
   */
  receivableFxDifference: (d: { customerId: number; difference: number }) =>
    d.difference > 0
      ? [dr('receivables', d.difference, { customerId: d.customerId }), cr('fx_gain', d.difference)]
      : [dr('fx_loss', -d.difference), cr('receivables', -d.difference, { customerId: d.customerId })],

  goodsReceipt: (d: { supplierId: number; value: number }) => [dr('inventory', d.value), cr('grni', d.value, { supplierId: d.supplierId })],

  /** A bill clears what the receipt put on GRNI; the price difference goes to variance. */
  vendorBill: (d: InTxnCurrency & { supplierId: number; gross: number; grossFunctional: number; grniValue: number }) => [
    dr('grni', d.grniValue, { supplierId: d.supplierId }),
    dr('price_variance', d.grossFunctional - d.grniValue),
    cr('payables', d.grossFunctional, { supplierId: d.supplierId, currency: d.currency, amountTxn: -d.gross }),
  ],

  supplierPayment: (d: InTxnCurrency & { supplierId: number; amount: number; amountFunctional: number }) => [
    dr('payables', d.amountFunctional, { supplierId: d.supplierId, currency: d.currency, amountTxn: d.amount }),
    cr('bank', d.amountFunctional, { currency: d.currency, amountTxn: -d.amount }),
  ],

  /** Positive difference: we paid less in functional terms than the bill carried → a gain. */
  payableFxDifference: (d: { supplierId: number; difference: number }) =>
    d.difference > 0
      ? [dr('payables', d.difference, { supplierId: d.supplierId }), cr('fx_gain', d.difference)]
      : [dr('fx_loss', -d.difference), cr('payables', -d.difference, { supplierId: d.supplierId })],

  /**
   * Goods sent back to the supplier before they are billed: what the receipt put on GRNI comes
   * off it, the goods leave stock at moving-average cost, and any difference is price variance.
   */
  supplierReturn: (d: { supplierId: number; grniValue: number; stockValue: number }) => [
    dr('grni', d.grniValue, { supplierId: d.supplierId }),
    ...(d.stockValue === d.grniValue ? [] : [dr('price_variance', d.stockValue - d.grniValue)]),
    cr('inventory', d.stockValue),
  ],

  /** A supplier's credit against a bill (an overcharge credited back): payables down, variance back. */
  supplierCredit: (d: InTxnCurrency & { supplierId: number; amount: number; amountFunctional: number }) => [
    dr('payables', d.amountFunctional, { supplierId: d.supplierId, currency: d.currency, amountTxn: d.amount }),
    cr('price_variance', d.amountFunctional),
  ],

  /** An early-payment discount taken: the part of the bill not paid is a discount received. */
  purchaseDiscount: (d: InTxnCurrency & { supplierId: number; amount: number; amountFunctional: number }) => [
    dr('payables', d.amountFunctional, { supplierId: d.supplierId, currency: d.currency, amountTxn: d.amount }),
    cr('purchase_discount', d.amountFunctional),
  ],

  /** Returned goods back into stock at the cost they left at: the delivery's posting undone. */
  returnToStock: (d: { cost: number }) => [dr('inventory', d.cost), cr('cogs', d.cost)],

  /** Returned goods scrapped after inspection: their cost moves from cost of sales to the write-off account. */
  returnScrapped: (d: { cost: number }) => [dr('inventory_adjustment', d.cost), cr('cogs', d.cost)],

  /**
   * Money paid back for returned goods on a paid invoice: the credit and the payment out net to
   * zero on receivables, so revenue and tax (at the invoice's rate) are taken back against the
   * bank (at today's rate); the difference is a realised exchange loss or gain.
   */
  customerRefund: (d: InTxnCurrency & { amount: number; amountFunctional: number; netFunctional: number; taxFunctional: number }) => {
    const fx = d.amountFunctional - d.netFunctional - d.taxFunctional;
    return [
      dr('revenue', d.netFunctional),
      dr('sales_tax', d.taxFunctional),
      ...(fx > 0 ? [dr('fx_loss', fx)] : fx < 0 ? [cr('fx_gain', -fx)] : []),
      cr('bank', d.amountFunctional, { currency: d.currency, amountTxn: -d.amount }),
    ];
  },

  /** Stock counted up (positive value) or down; the other side is the adjustment account (a stocktake's: stocktake variances). */
  stockAdjustment: (d: { value: number; openingBalance: boolean; stocktake?: boolean }) => [
    dr('inventory', d.value),
    cr(d.openingBalance ? 'opening_balances' : d.stocktake ? 'stocktake_variance' : 'inventory_adjustment', d.value),
  ],

  /** Components leave stock at moving-average cost into work in progress. */
  productionIssue: (d: { value: number }) => [dr('work_in_progress', d.value), cr('inventory', d.value)],

  /** Labour and overhead of an operation, absorbed into work in progress at its work centre's rate. */
  productionAbsorption: (d: { value: number }) => [dr('work_in_progress', d.value), cr('production_absorption', d.value)],

  /** Finished goods into stock at standard or actual cost, out of work in progress. */
  productionReceipt: (d: { value: number }) => [dr('inventory', d.value), cr('work_in_progress', d.value)],

  /** What a closed production order leaves in work in progress is its variance (negative: favourable). */
  productionVariance: (d: { value: number }) => [dr('production_variance', d.value), cr('work_in_progress', d.value)],

  /** Goods shipped to another warehouse are in transit at the cost they left at. */
  transferShipment: (d: { value: number }) => [dr('inventory_in_transit', d.value), cr('inventory', d.value)],

  /** Goods arriving from another warehouse come out of transit at the cost they were shipped at. */
  transferReceipt: (d: { value: number }) => [dr('inventory', d.value), cr('inventory_in_transit', d.value)],

  /**
   * A month's payroll: gross salaries and employer charges as expenses of each cost centre;
   * the employees are owed their net pay, the tax authority the tax withheld, the social
   * insurers the employer charges.
   */
  payrollRun: (d: { costCenters: { costCenter: string | null; gross: number; employerCharges: number }[]; net: number; incomeTax: number; employerCharges: number }) => [
    ...d.costCenters.flatMap((c) => {
      const where = c.costCenter === null ? {} : { costCenter: c.costCenter };
      return [dr('salaries', c.gross, where), dr('employer_charges', c.employerCharges, where)];
    }),
    cr('wages_payable', d.net),
    cr('tax_withholding', d.incomeTax),
    cr('social_charges_payable', d.employerCharges),
  ],

  /** The net wages leave the bank. */
  wagesPayment: (d: { amount: number }) => [dr('wages_payable', d.amount), cr('bank', d.amount)],

  /** Withheld tax and employer charges are paid over to the authorities. */
  payrollRemittance: (d: { incomeTax: number; employerCharges: number }) => [
    dr('tax_withholding', d.incomeTax),
    dr('social_charges_payable', d.employerCharges),
    cr('bank', d.incomeTax + d.employerCharges),
  ],

  /** Rent, utilities, marketing, travel…: an expense of a cost centre, paid at once or owed. */
  operatingExpense: (d: InTxnCurrency & { account: string; costCenter: string; amount: number; amountFunctional: number; paidFrom: 'bank' | 'payable'; supplierId?: number | undefined }) => [
    { account: d.account, amount: d.amountFunctional, costCenter: d.costCenter },
    cr(d.paidFrom === 'bank' ? 'bank' : 'expense_payables', d.amountFunctional, {
      currency: d.currency,
      amountTxn: -d.amount,
      ...(d.paidFrom === 'payable' && d.supplierId !== undefined ? { supplierId: d.supplierId } : {}),
    }),
  ],

  /**
   * Pays an accrued expense at today's rate: it clears what the expense put on accrued expenses
   * payable; `difference` = functional value paid − functional value cleared (positive: a loss).
   */
  operatingExpensePayment: (d: InTxnCurrency & { amount: number; amountFunctional: number; clearedFunctional: number; supplierId?: number | undefined }) => {
    const difference = d.amountFunctional - d.clearedFunctional;
    return [
      dr('expense_payables', d.clearedFunctional, { currency: d.currency, amountTxn: d.amount, ...(d.supplierId !== undefined ? { supplierId: d.supplierId } : {}) }),
      ...(difference > 0 ? [dr('fx_loss', difference)] : difference < 0 ? [cr('fx_gain', -difference)] : []),
      cr('bank', d.amountFunctional, { currency: d.currency, amountTxn: -d.amount }),
    ];
  },
} satisfies Record<string, (d: never) => PostingLine[]>;
