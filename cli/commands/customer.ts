import { parse, dateOption, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { DomainError } from '../../domain/kernel/errors.js';
// The whole library, so every area's handlers and queries are loaded.
import { core, crm } from '../../domain/index.js';
import { formatMinor } from '../../domain/finance/money.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const LIST_LIMIT = 20;

export const customerCommand: Subcommand = {
  name: 'customer',
  summary: 'the customer 360: one account with its contacts, pipeline, documents and balance',
  help: `Usage: ledgerloop customer show CODE|ID [--as-of DATE] [--json]

  show   one account in one view: owner, source and campaign, contacts, activities,
         opportunities, quotes, orders, contracts with their instalments, invoices, the open
         balance (overdue as of --as-of, default the simulated company's last day, else the
         latest invoice date), returns and tickets.

Amounts are in the document's currency (balances also in the functional currency); --json gives
integer minor units and every row.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' }, 'as-of': { type: 'string' } }, true);
    const [action, key, ...rest] = positionals;
    if (action !== 'show') throw new UsageError(action ? `unknown action '${action}'; one of: show` : 'name an action: show', 'action');
    if (!key) throw new UsageError('name a customer by code or id', 'customer');
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const asOf = dateOption(values['as-of'], 'as-of');
    const view = await withDatabase(async ({ db }) => {
      const customerId = await crm.findCustomerId(db, key);
      if (customerId === undefined) throw new DomainError('NOT_FOUND', `customer ${key} does not exist`, 'customer');
      const date = asOf ?? (await core.simulationState(db))?.lastDate;
      return crm.customer360(db, customerId, date ? { asOf: date } : {});
    });
    if (!view) throw new DomainError('NOT_FOUND', `customer ${key} does not exist`, 'customer');
    console.log(values.json ? JSON.stringify(view, null, 2) : formatCustomer360(view));
    return 0;
  },
};

export const contractsCommand: Subcommand = {
  name: 'contracts',
  summary: 'contract instalments overdue as of a date',
  help: `Usage: ledgerloop contracts overdue [--date DATE] [--json]

  overdue   instalments due before --date and not paid (default: the simulated company's last
            day, else today), most overdue first: invoiced ones with what is still open, and those
            of active contracts not yet invoiced.

Amounts are in the contract's currency; --json gives integer minor units.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { date: { type: 'string' }, json: { type: 'boolean' } }, true);
    const [action, ...rest] = positionals;
    if (action !== 'overdue') throw new UsageError(action ? `unknown action '${action}'; one of: overdue` : 'name an action: overdue', 'action');
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const given = dateOption(values.date, 'date');
    const { asOf, rows } = await withDatabase(async ({ db }) => {
      const asOf = given ?? (await core.simulationState(db))?.lastDate ?? new Date().toISOString().slice(0, 10);
      return { asOf, rows: await crm.overdueInstalments(db, { asOf }) };
    });
    if (values.json) {
      console.log(JSON.stringify({ asOf, instalments: rows }, null, 2));
      return 0;
    }
    console.log(`Overdue contract instalments as of ${asOf}\n`);
    console.log(table(rows.map((r) => ({
      contract: r.contractNo, customer: r.customerName, instalment: r.seq, due: r.dueDate, days: r.daysOverdue, status: r.status,
      invoice: r.invoiceNo ?? '', outstanding: `${formatMinor(r.outstanding)} ${r.currency}`,
    }))));
    if (rows.length > 0) {
      const byCurrency = new Map<string, number>();
      for (const r of rows) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + r.outstanding);
      console.log(`\n${rows.length} overdue; outstanding ${[...byCurrency].map(([c, a]) => `${formatMinor(a)} ${c}`).join(', ')}`);
    }
    return 0;
  },
};

/** The 360 as text: a header, then one short table per kind of document. */
export function formatCustomer360(v: crm.Customer360): string {
  const a = v.account;
  const out: string[] = [
    `${a.code}  ${a.name}  (${a.segment}, ${a.region}, ${a.currency}, ${a.status})`,
    `owner      ${a.owner ? `${a.owner.name} (${a.owner.code}, ${a.owner.role})` : '— public pool'}`,
    `source     ${a.source ? a.source.name : '—'}${a.campaign ? `; campaign ${a.campaign.name} (${a.campaign.channel})` : ''}`,
    `terms      ${a.paymentTermsDays} days; credit limit ${a.creditLimit === null ? 'none' : `${formatMinor(a.creditLimit)} functional`}`,
    `balance    ${formatMinor(v.openBalance.functional)} functional, ${formatMinor(v.openBalance.overdueFunctional)} overdue${v.openBalance.asOf ? ` as of ${v.openBalance.asOf}` : ''}` +
      (v.openBalance.byCurrency.length > 0 ? ` (${v.openBalance.byCurrency.map((b) => `${formatMinor(b.balance)} ${b.currency}`).join(', ')})` : ''),
  ];
  const section = (title: string, rows: Record<string, unknown>[]) => {
    out.push('', `${title} (${rows.length})`);
    if (rows.length > 0) out.push(table(rows.slice(0, LIST_LIMIT)));
    if (rows.length > LIST_LIMIT) out.push(`… ${rows.length - LIST_LIMIT} more (--json for all)`);
  };
  section('Contacts', v.contacts.map((c) => ({ name: c.name, role: c.role, email: c.email, phone: c.phone })));
  section('Activities', v.activities.map(flat));
  section('Opportunities', v.opportunities.map(flat));
  section('Quotes', v.quotes.map((q) => ({ quote: q.quoteNo, date: q.quoteDate, version: q.version, status: q.status, 'valid until': q.validUntil, net: `${formatMinor(q.net)} ${q.currency}`, 'max discount': `${q.maxDiscountBp / 100}%` })));
  section('Orders', v.orders.map((o) => ({ order: o.orderNo, date: o.date, status: o.status, net: `${formatMinor(o.net)} ${o.currency}`, quote: o.quoteId, contract: o.contractId })));
  section('Contracts', v.contracts.map((c) => {
    const paid = c.instalments.filter((i) => i.status === 'paid').length;
    return { contract: c.contractNo, title: c.title, status: c.status, term: `${c.startDate} – ${c.endDate}`, value: `${formatMinor(c.value)} ${c.currency}`, instalments: `${paid}/${c.instalments.length} paid` };
  }));
  section('Instalments', v.contracts.flatMap((c) => c.instalments.map((i) => ({ contract: c.contractNo, no: i.seq, due: i.dueDate, amount: `${formatMinor(i.amount)} ${c.currency}`, status: i.status, invoice: i.invoiceNo ?? '' }))));
  section('Invoices', v.invoices.map((i) => ({ invoice: i.invoiceNo, date: i.date, due: i.dueDate, kind: i.kind, gross: `${formatMinor(i.gross)} ${i.currency}`, open: formatMinor(i.open) })));
  section('Returns', v.returns.map((r) => ({ return: r.returnNo, date: r.requestDate, status: r.status, reason: r.reason, value: formatMinor(r.valueFunctional) })));
  section('Tickets', v.tickets.map((t) => ({ ticket: t.ticketNo, opened: t.openedDate, type: t.type, priority: t.priority, status: t.status, subject: t.subject })));
  return out.join('\n');
}

/** A row of another area's view as a flat table row (nested values as JSON). */
function flat(row: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row as Record<string, unknown>).filter(([, v]) => v === null || typeof v !== 'object' || v instanceof Date));
}
