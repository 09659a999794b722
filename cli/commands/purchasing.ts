import { parse, UsageError, type Options } from '../args.js';
import { withDatabase } from '../database.js';
// The whole library, so every area's handlers and queries are loaded.
import { scm } from '../../domain/index.js';
import { money, table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['requisitions', 'statement'] as const;

export const purchasingCommand: Subcommand = {
  name: 'purchasing',
  summary: 'purchasing: requisitions by item and department, a supplier\'s statement reconciliation',
  help: `Usage: ledgerloop purchasing requisitions [--department D] [--json]
       ledgerloop purchasing statement --supplier CODE --period YYYY-MM [--json]

  requisitions   open requisitions (not rejected or cancelled) summed by item and department:
                 how many, quantity, estimated amount, and how much is pending, approved, ordered
  statement      a supplier's statement for a month: opening and closing balance, the balance in
                 the books at the month's end, each line with the supplier's answer, and every
                 discrepancy recorded`,
  async run(argv) {
    const options: Options = { department: { type: 'string' }, supplier: { type: 'string' }, period: { type: 'string' }, json: { type: 'boolean' } };
    const { values, positionals } = parse(argv, options, true);
    const [action, ...rest] = positionals;
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);

    if (action === 'requisitions') {
      const department = values.department as string | undefined;
      const rows = await withDatabase(({ db }) => scm.requisitionsByItemAndDepartment(db, department === undefined ? {} : { departmentCode: department }));
      if (values.json) console.log(JSON.stringify({ requisitions: rows }, null, 2));
      else if (rows.length === 0) console.log('No open requisitions.');
      else {
        console.log(table(rows.map((r) => ({
          item: r.sku, department: r.department, requisitions: r.requisitions, quantity: r.quantity, amount: money(r.amount),
          pending: r.pendingQty, approved: r.approvedQty, ordered: r.orderedQty,
        }))));
      }
      return 0;
    }

    const supplier = values.supplier as string | undefined;
    const period = values.period as string | undefined;
    if (!supplier) throw new UsageError('--supplier CODE is required', 'supplier');
    if (!period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UsageError('--period YYYY-MM is required', 'period');
    const statement = await withDatabase(({ db }) => scm.supplierStatement(db, { supplierCode: supplier, period }));
    if (!statement) {
      if (values.json) console.log(JSON.stringify({ statement: null }));
      else console.log(`No statement for supplier ${supplier} in ${period}.`);
      return values.json ? 0 : 1;
    }
    if (values.json) {
      console.log(JSON.stringify({ statement }, null, 2));
      return 0;
    }
    const c = statement.currency;
    console.log(`${statement.statementNo}  supplier ${statement.supplierCode}  ${statement.period} (to ${statement.periodEnd})  ${statement.status}`);
    console.log(`opening ${money(statement.openingBalance, c)}  closing ${money(statement.closingBalance, c)}  books ${money(statement.ledgerBalance, c)}` +
      (statement.supplierBalance === null ? '' : `  supplier says ${money(statement.supplierBalance, c)}`) + '\n');
    console.log(table(statement.lines.map((l) => ({
      line: l.lineNo, kind: l.kind, document: l.docNo, date: l.date, amount: money(l.amount), status: l.status,
      supplier: l.supplierAmount === null ? '' : money(l.supplierAmount), note: l.note ?? '',
    }))));
    if (statement.discrepancies.length > 0) {
      console.log('\nDiscrepancies');
      console.log(table(statement.discrepancies.map((d) => ({
        kind: d.kind, ours: money(d.ourAmount), supplier: money(d.supplierAmount), difference: money(d.difference), ref: d.supplierRef ?? '', note: d.note ?? '',
      }))));
    }
    return 0;
  },
};
