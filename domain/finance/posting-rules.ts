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

  /** Stock counted up (positive value) or down; the other side is the adjustment account. */
  stockAdjustment: (d: { value: number; openingBalance: boolean }) => [
    dr('inventory', d.value),
    cr(d.openingBalance ? 'opening_balances' : 'inventory_adjustment', d.value),
  ],
} satisfies Record<string, (d: never) => PostingLine[]>;
