import { daysBetween } from './periods.js';
import { meanAndSd } from './xyz.js';
import { badInput, isoDay, wholeNumber } from './validate.js';

/**
 * Supplier lead times learned from receipts (not from price lists): per purchase order line,
 * the days from the order date to the day its whole quantity had arrived, summarised per item,
 * per supplier or per item and supplier as mean and sample standard deviation in days.
 *
 * Lines not fully received are left out: their lead time is not known yet (they are censored,
 * so while many lines are outstanding the mean leans short). sdDays is null with a single line
 * (one receipt says nothing about spread); no lines gives no row.
 * The promised lead time (expected − order date) and days late are summarised alongside.
 */
export interface ReceiptLine {
  itemId: number;
  supplierId: number;
  orderDate: string;
  /** Date the supplier promised. */
  expectedDate: string;
  /** Date the whole line had arrived; null while some is outstanding. */
  fullyReceivedDate: string | null;
}

export type LeadTimeKey = 'item' | 'supplier' | 'item-supplier';

export interface LeadTimeStats {
  /** Item id, supplier id, or 'item/supplier'. */
  key: string;
  lines: number;
  meanDays: number;
  sdDays: number | null;
  minDays: number;
  maxDays: number;
  /** Mean promised lead time (expected − order date). */
  meanPromisedDays: number;
  /** Mean of (received − expected); positive = late. */
  meanDaysLate: number;
  /** Share of lines complete on or before the promised date. */
  onTimeShare: number;
}

export function leadTimeStats(lines: readonly ReceiptLine[], by: LeadTimeKey): LeadTimeStats[] {
  if (!['item', 'supplier', 'item-supplier'].includes(by)) throw badInput('by', `by must be item, supplier or item-supplier, got ${String(by)}`);
  const groups = new Map<string, { lead: number[]; promised: number[]; late: number[] }>();
  lines.forEach((l, i) => {
    wholeNumber(l.itemId, `lines.${i}.itemId`);
    wholeNumber(l.supplierId, `lines.${i}.supplierId`);
    isoDay(l.orderDate, `lines.${i}.orderDate`);
    isoDay(l.expectedDate, `lines.${i}.expectedDate`);
    if (l.fullyReceivedDate === null) return;
    isoDay(l.fullyReceivedDate, `lines.${i}.fullyReceivedDate`);
    const lead = daysBetween(l.orderDate, l.fullyReceivedDate);
    if (lead < 0) throw badInput(`lines.${i}.fullyReceivedDate`, `lines.${i} was received (${l.fullyReceivedDate}) before it was ordered (${l.orderDate})`);
    const key = by === 'item' ? String(l.itemId) : by === 'supplier' ? String(l.supplierId) : `${l.itemId}/${l.supplierId}`;
    const g = groups.get(key) ?? { lead: [], promised: [], late: [] };
    g.lead.push(lead);
    g.promised.push(daysBetween(l.orderDate, l.expectedDate));
    g.late.push(daysBetween(l.expectedDate, l.fullyReceivedDate));
    groups.set(key, g);
  });
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return [...groups]
    .map(([key, g]) => {
      const { mean, sd } = meanAndSd(g.lead);
      return {
        key,
        lines: g.lead.length,
        meanDays: mean!,
        sdDays: sd,
        minDays: Math.min(...g.lead),
        maxDays: Math.max(...g.lead),
        meanPromisedDays: avg(g.promised),
        meanDaysLate: avg(g.late),
        onTimeShare: g.late.filter((d) => d <= 0).length / g.late.length,
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

/** Days → weeks for leadTimeDemandQuantiles (models/demand), which works in weeks. */
export const leadTimeInWeeks = (s: Pick<LeadTimeStats, 'meanDays' | 'sdDays'>) => ({ mean: s.meanDays / 7, sd: (s.sdDays ?? 0) / 7 });
