import { parse, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { erp } from '../../domain/index.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

export const traceCommand: Subcommand = {
  name: 'trace',
  summary: 'lot traceability: from a lot or a document back to supplier receipts and forward to customer deliveries',
  help: `Usage: ledgerloop trace LOT|DOCUMENT_NO [--json]

Starts from a lot number (LOT-00000042) or a document number: a goods receipt (GR-…), purchase
order (PO-…), delivery (DN-…), sales order (SO-…), production order (MO-…), production issue or
receipt (PI-…, PR-…), transfer (TR-…) or stock adjustment (ADJ-…), and prints

  backwards  every lot the goods were made from, the production orders on the way, and the
             supplier receipts (supplier, receipt, quantity, inspection) they came in on;
  forwards   every lot made from them, the production orders on the way, the customer
             deliveries (customer, delivery, quantity), and where the rest still is.

--json prints the whole trace as JSON. Exit 2 when nothing has that number.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, true);
    const [number, ...rest] = positionals;
    if (!number) throw new UsageError('name a lot or a document number', 'number');
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const trace = await withDatabase(({ db }) => erp.traceDocument(db, number));
    console.log(values.json ? JSON.stringify(trace, null, 2) : formatTrace(trace));
    return 0;
  },
};

export function formatTrace(t: erp.DocumentTrace): string {
  const indent = (depth: number) => '  '.repeat(depth);
  const lots = (rows: (erp.LotSummary & { depth: number })[]) =>
    table(rows.map((l) => ({ lot: `${indent(l.depth)}${l.lotNo}`, item: l.sku, from: l.originNo ?? `${l.originType} ${l.originId}`, date: l.originDate, quantity: l.quantity, quality: l.qualityStatus })));
  const orders = (rows: erp.ProductionTrace[]) =>
    rows.length === 0 ? '' : `\n${table(rows.map((p) => ({
      'production order': p.orderNo, item: p.sku,
      components: p.componentLots.map((c) => `${c.lotNo}×${c.quantity}`).join(', '),
      made: p.finishedLots.map((c) => `${c.lotNo}×${c.quantity}`).join(', '),
    })))}`;
  const b = t.backwards;
  const f = t.forwards;
  return [
    `Trace of ${t.document.kind.replaceAll('_', ' ')} ${t.document.number}: ${t.lots.map((l) => `${l.lotNo} (${l.sku})`).join(', ')}`,
    '',
    'BACKWARDS — what it was made from',
    lots(b.lots) + orders(b.productionOrders),
    '',
    'Supplier receipts',
    table(b.receipts.map((r) => ({
      lot: r.lotNo, item: r.sku, receipt: r.receiptNo, date: r.receiptDate, order: r.poNo, supplier: r.supplierName, quantity: r.quantity,
      inspection: r.inspection
        ? `${r.inspection.inspectionNo ?? ''} ${r.inspection.status}${r.inspection.rejectedQty ? ` (${r.inspection.rejectedQty} rejected${r.inspection.defects.length ? `: ${r.inspection.defects.map((d) => `${d.code}×${d.quantity}`).join(', ')}` : ''})` : ''}`.trim()
        : 'none yet',
    }))),
    '',
    'FORWARDS — what was made from it and where it went',
    lots(f.lots) + orders(f.productionOrders),
    '',
    'Customer deliveries',
    table(f.deliveries.map((d) => ({ lot: d.lotNo, item: d.sku, delivery: d.deliveryNo, date: d.deliveryDate, order: d.orderNo, customer: d.customerName, quantity: d.quantity }))),
    '',
    'Still in stock or in transit',
    table([
      ...f.onHand.map((h) => ({ lot: h.lotNo, where: h.warehouseCode, quantity: h.quantity })),
      ...f.inTransit.map((h) => ({ lot: h.lotNo, where: `in transit (${h.transferNo})`, quantity: h.quantity })),
    ]),
  ].join('\n');
}
