import type { LotTrace } from '../../domain/erp/lots.js';

/**
 * A lot trace as events on a timeline, one row per thing that happened to a lot on either path:
 * it came in from a supplier (with its inspection), was made by production, or started
 * otherwise (an adjustment, opening stock); it went out to a customer. The lot trace page draws
 * them; each carries the document it happened on.
 */
export type LotEventKind = 'received' | 'inspected' | 'made' | 'started' | 'delivered';

export interface LotEvent {
  /** The lot, as `LOT-… (SKU)`: one line of the timeline. */
  lot: string;
  lotNo: string;
  date: string;
  kind: LotEventKind;
  quantity: number | null;
  /** The document it happened on (GR-…, PR-…, DN-…, an inspection), or null. */
  document: string | null;
  /** Who: the supplier or the customer. */
  party: string | null;
  /** backwards: the lot itself or one it was made from; forwards: one made from it. */
  path: 'start' | 'backwards' | 'forwards';
}

export const LOT_EVENT_KINDS: readonly LotEventKind[] = ['received', 'inspected', 'made', 'started', 'delivered'];

export function lotEvents(trace: LotTrace): LotEvent[] {
  const start = new Set(trace.lots.map((l) => l.lotNo));
  const lots = new Map<string, { sku: string; originType: string; originNo: string | null; originDate: string; quantity: number; path: LotEvent['path'] }>();
  for (const l of trace.backwards.lots) lots.set(l.lotNo, { ...l, path: start.has(l.lotNo) ? 'start' : 'backwards' });
  for (const l of trace.forwards.lots) if (!lots.has(l.lotNo)) lots.set(l.lotNo, { ...l, path: 'forwards' });
  const label = (lotNo: string) => `${lotNo} (${lots.get(lotNo)?.sku ?? '?'})`;
  const path = (lotNo: string) => lots.get(lotNo)?.path ?? 'forwards';

  const events: LotEvent[] = [];
  const received = new Set(trace.backwards.receipts.map((r) => r.lotNo));
  for (const r of trace.backwards.receipts) {
    events.push({ lot: label(r.lotNo), lotNo: r.lotNo, date: day(r.receiptDate), kind: 'received', quantity: r.quantity, document: r.receiptNo, party: r.supplierName, path: path(r.lotNo) });
    if (r.inspection?.date) {
      const i = r.inspection;
      events.push({ lot: label(r.lotNo), lotNo: r.lotNo, date: day(i.date!), kind: 'inspected', quantity: i.rejectedQty, document: i.inspectionNo, party: i.status.replaceAll('_', ' '), path: path(r.lotNo) });
    }
  }
  for (const [lotNo, l] of lots) {
    if (received.has(lotNo)) continue;
    const made = l.originType === 'production_receipt';
    events.push({ lot: label(lotNo), lotNo, date: day(l.originDate), kind: made ? 'made' : 'started', quantity: l.quantity, document: l.originNo, party: made ? null : l.originType.replaceAll('_', ' '), path: l.path });
  }
  for (const d of trace.forwards.deliveries) {
    events.push({ lot: label(d.lotNo), lotNo: d.lotNo, date: day(d.deliveryDate), kind: 'delivered', quantity: d.quantity, document: d.deliveryNo, party: d.customerName, path: path(d.lotNo) });
  }
  const order = { start: 0, backwards: 1, forwards: 2 };
  return events.sort((a, b) => order[a.path] - order[b.path] || a.lotNo.localeCompare(b.lotNo) || a.date.localeCompare(b.date) || LOT_EVENT_KINDS.indexOf(a.kind) - LOT_EVENT_KINDS.indexOf(b.kind));
}

/** A date as the trace gives it (YYYY-MM-DD, or a timestamp) as YYYY-MM-DD. */
function day(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
