import { parse, dateOption, integerOption, UsageError, type Options } from '../args.js';
import { withDatabase } from '../database.js';
import { DomainError } from '../../domain/kernel/errors.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../domain/db/tables.js';
// The whole library, so every area's handlers and queries are loaded.
import { core, scm } from '../../domain/index.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['list', 'show', 'certificates'] as const;

export const suppliersCommand: Subcommand = {
  name: 'suppliers',
  summary: 'suppliers: the list, one supplier\'s profile, certificates running out',
  help: `Usage: ledgerloop suppliers list [--date DATE] [--json]
       ledgerloop suppliers show CODE [--date DATE] [--json]
       ledgerloop suppliers certificates --expiring [--within DAYS] [--lapsed] [--date DATE] [--json]

  list           every supplier: status, type, categories, latest audit score, open risk flags,
                 mandatory certificates missing or expired and certificates running out
  show CODE      one supplier: registration, contacts, bank account (last four characters),
                 status history with reasons, risk flags, certificates, audits, prices in force
  certificates   --expiring: each supplier's latest certificate of a type that runs out within
                 --within days (default 30) and has no renewal on file; --lapsed adds those that
                 have already run out

--date is the day to judge validity on (default: the simulated company's last day, else today).`,
  async run(argv) {
    const options: Options = { date: { type: 'string' }, json: { type: 'boolean' }, expiring: { type: 'boolean' }, within: { type: 'string' }, lapsed: { type: 'boolean' } };
    const { values, positionals } = parse(argv, options, true);
    const [action, ...rest] = positionals;
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    const given = dateOption(values.date, 'date');
    const asOfIn = async (db: Kysely<DB>) => given ?? (await core.simulationState(db))?.lastDate ?? new Date().toISOString().slice(0, 10);

    if (action === 'list') {
      if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
      const { asOf, rows } = await withDatabase(async ({ db }) => {
        const asOf = await asOfIn(db);
        return { asOf, rows: await scm.supplierOverview(db, asOf) };
      });
      if (values.json) console.log(JSON.stringify({ asOf, suppliers: rows }, null, 2));
      else {
        console.log(`Suppliers as of ${asOf}\n`);
        console.log(table(rows.map((s) => ({
          code: s.code, name: s.legalName, status: s.status, type: s.supplierType ?? '', region: s.region, currency: s.currency,
          categories: s.categories.join(' '), audit: s.auditScore, flags: s.openRiskFlags, 'cert gaps': s.certificateGaps, expiring: s.expiringCertificates,
        }))));
      }
      return 0;
    }

    if (action === 'show') {
      const [code, ...more] = rest;
      if (!code) throw new UsageError('name a supplier by code', 'supplier');
      if (more.length > 0) throw new UsageError(`unexpected argument '${more[0]}'`);
      const { asOf, profile } = await withDatabase(async ({ db }) => {
        const asOf = await asOfIn(db);
        return { asOf, profile: await scm.supplierProfile(db, { code: code.toUpperCase() }, asOf) };
      });
      if (!profile) throw new DomainError('NOT_FOUND', `supplier ${code} does not exist`, 'supplier');
      console.log(values.json ? JSON.stringify({ asOf, ...profile }, null, 2) : formatProfile(profile, asOf));
      return 0;
    }

    if (!values.expiring) throw new UsageError('certificates needs --expiring', 'expiring');
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const within = integerOption(values.within, 'within', { min: 1, max: 365, fallback: 30 });
    const { asOf, rows } = await withDatabase(async ({ db }) => {
      const asOf = await asOfIn(db);
      return { asOf, rows: await scm.expiringCertificates(db, { asOf, withinDays: within, includeLapsed: Boolean(values.lapsed) }) };
    });
    if (values.json) console.log(JSON.stringify({ asOf, withinDays: within, certificates: rows }, null, 2));
    else {
      console.log(`Certificates running out by ${asOf} + ${within} days${values.lapsed ? ', and lapsed ones' : ''}\n`);
      console.log(table(rows.map((c) => ({
        supplier: c.supplierCode, name: c.supplierName, status: c.supplierStatus, type: c.certificateType, number: c.certificateNo,
        'valid until': c.validUntil, days: c.daysLeft, 'required for': c.requiredFor.join(' '), reminded: c.remindedOn ?? '',
      }))));
    }
    return 0;
  },
};

export function formatProfile(p: scm.SupplierProfile, asOf: string): string {
  const bank = p.bank.account ? `${p.bank.account}${p.bank.bankCode ? ` (${p.bank.bankCode})` : ''}${p.bank.holder ? `, ${p.bank.holder}` : ''}` : '(none)';
  const section = (title: string, rows: Record<string, unknown>[]) => `\n${title}\n${table(rows)}`;
  return [
    `${p.code} ${p.legalName} — ${p.status}`,
    `tax id ${p.taxId}; ${p.supplierType ?? 'type not recorded'}; region ${p.region}; ${p.currency}; pays in ${p.paymentTermsDays} days`,
    `categories ${p.categories.join(', ') || '(none)'}; bank ${bank}; ${p.pricesInForce} prices in force on ${asOf}`,
    section('Contacts', p.contacts.map((c) => ({ name: c.name, role: c.role ?? '', email: c.email ?? '', phone: c.phone ?? '' }))),
    section('Status history', p.statusHistory.map((h) => ({ date: h.on ?? '', from: h.from ?? '', to: h.to, reason: h.reason, by: h.by }))),
    section('Risk flags', p.riskFlags.map((f) => ({ kind: f.kind, severity: f.severity, source: f.source, raised: f.raisedOn, cleared: f.clearedOn ?? '', description: f.description }))),
    section(`Certificates (valid on ${asOf})`, p.certificates.map((c) => ({ type: c.certificateType, number: c.certificateNo, issued: c.issuedOn, 'valid until': c.validUntil, valid: c.valid ? 'yes' : 'no', 'required for': c.requiredFor.join(' ') }))),
    section('Audits', p.audits.map((a) => ({ audit: a.auditNo, date: a.date, template: a.template, score: a.totalScore, findings: a.findings, 'open actions': a.openActions }))),
  ].join('\n');
}
