import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { addDaysIso } from '../../kernel/dates.js';
import { id, isoDate } from '../../kernel/inputs.js';
import type { SupplierStatus } from './tables.js';

/**
 * Supplier certificates (ISO9001, CE, RoHS, food_safety, …): the types, which types each item
 * category requires, each supplier's certificates with issue and expiry dates, revocations, and
 * reminders before expiry. A certificate is valid from its issue date through its expiry date
 * (or the day before it was revoked); a renewal is a new certificate.
 */

const certificateType = z.string().regex(/^[A-Za-z0-9_]{1,24}$/, 'letters, digits and _, at most 24 (e.g. ISO9001, RoHS, food_safety)');

export const defineCertificateType = defineCommand(
  'scm.defineCertificateType',
  z.object({ code: certificateType, name: z.string().trim().min(1).max(200) }),
  async (tx, input) => {
    const { rows } = await sql<{ code: string }>`
      insert into scm.certificate_types (code, name) values (${input.code}, ${input.name}) on conflict do nothing returning code`.execute(tx.db);
    if (rows.length === 0) throw new DomainError('DUPLICATE', `certificate type ${input.code} already exists`, 'code');
    tx.emit({ aggregateType: 'certificate_type', aggregateId: input.code, type: 'certificate_type.defined', payload: input });
    return input;
  },
);

/** Sets the certificate types a category's items require of their supplier (replacing the category's list; empty: none). */
export const setCertificateRequirements = defineCommand(
  'scm.setCertificateRequirements',
  z.object({ category: z.string().min(1).max(24), certificateTypes: z.array(certificateType).max(20) }),
  async (tx, input) => {
    const types = [...new Set(input.certificateTypes)];
    const { rows } = await sql<{ category: string | null; unknown: string[] }>`
      select (select c.code from erp.item_categories c where c.code = ${input.category}) as category,
             (select coalesce(jsonb_agg(t order by t), '[]') from unnest(${types}::text[]) t
               where not exists (select 1 from scm.certificate_types k where k.code = t)) as unknown`.execute(tx.db);
    const check = rows[0]!;
    if (!check.category) throw new DomainError('NOT_FOUND', `item category ${input.category} does not exist`, 'category');
    if (check.unknown.length > 0) throw new DomainError('NOT_FOUND', `certificate type ${check.unknown[0]} does not exist`, `certificateTypes.${input.certificateTypes.indexOf(check.unknown[0]!)}`);
    tx.emit({ aggregateType: 'item_category', aggregateId: input.category, type: 'certificate_requirements.set', payload: { category: input.category, certificateTypes: types } });
    await sql`
      with d as (
        delete from scm.mandatory_certificates where category = ${input.category} and certificate_type <> all(${types}::text[])
      ), i as (
        insert into scm.mandatory_certificates (category, certificate_type)
        select ${input.category}, t from unnest(${types}::text[]) t on conflict do nothing
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { category: input.category, certificateTypes: types };
  },
);

export const recordSupplierCertificate = defineCommand(
  'scm.recordSupplierCertificate',
  z.object({
    supplierId: id,
    certificateType,
    certificateNo: z.string().trim().min(1).max(100),
    issuer: z.string().trim().min(1).max(200).optional(),
    issuedOn: isoDate,
    expiresOn: isoDate,
    /** Business date the certificate was received and recorded. */
    date: isoDate,
  }),
  async (tx, input) => {
    if (input.expiresOn < input.issuedOn) throw new DomainError('INVALID_INPUT', 'a certificate cannot expire before it is issued', 'expiresOn');
    const { rows } = await sql<{ code: string | null; type: string | null; taken: boolean }>`
      select (select s.code from scm.suppliers s where s.id = ${input.supplierId}) as code,
             (select t.code from scm.certificate_types t where t.code = ${input.certificateType}) as type,
             exists (select 1 from scm.supplier_certificates c where c.supplier_id = ${input.supplierId}
                        and c.certificate_type = ${input.certificateType} and c.certificate_no = ${input.certificateNo}) as taken`.execute(tx.db);
    const check = rows[0]!;
    if (!check.code) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (!check.type) throw new DomainError('NOT_FOUND', `certificate type ${input.certificateType} does not exist`, 'certificateType');
    if (check.taken) throw new DomainError('DUPLICATE', `supplier ${check.code} already has ${input.certificateType} certificate ${input.certificateNo}`, 'certificateNo');
    const { rows: inserted } = await sql<{ id: number }>`
      insert into scm.supplier_certificates (supplier_id, certificate_type, certificate_no, issuer, issued_on, expires_on, recorded_on, created_by)
      values (${input.supplierId}, ${input.certificateType}, ${input.certificateNo}, ${input.issuer ?? null}, ${input.issuedOn}, ${input.expiresOn}, ${input.date}, ${tx.actor})
      returning id`.execute(tx.db);
    const certificateId = inserted[0]!.id;
    tx.emit({
      aggregateType: 'supplier',
      aggregateId: input.supplierId,
      type: 'supplier.certificate_recorded',
      payload: { certificateId, supplierCode: check.code, certificateType: input.certificateType, certificateNo: input.certificateNo, issuedOn: input.issuedOn, expiresOn: input.expiresOn },
    });
    return { certificateId };
  },
);

/** Withdraws a certificate from `date` on (it was valid until the day before). */
export const revokeSupplierCertificate = defineCommand(
  'scm.revokeSupplierCertificate',
  z.object({ certificateId: id, date: isoDate, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    // The supplier row is locked as a status change would lock it, so an order being checked
    // against this certificate finishes first, and later orders see the revocation.
    const { rows } = await sql<{ supplier_id: number; certificate_no: string; issued_on: string; revoked_on: string | null }>`
      select c.supplier_id, c.certificate_no, c.issued_on, c.revoked_on
        from scm.supplier_certificates c join scm.suppliers s on s.id = c.supplier_id
       where c.id = ${input.certificateId} for no key update of s`.execute(tx.db);
    const cert = rows[0];
    if (!cert) throw new DomainError('NOT_FOUND', `certificate ${input.certificateId} does not exist`, 'certificateId');
    if (cert.revoked_on) throw new DomainError('CONFLICT', `certificate ${cert.certificate_no} was already revoked on ${cert.revoked_on}`, 'certificateId');
    if (input.date < cert.issued_on) throw new DomainError('INVALID_INPUT', `certificate ${cert.certificate_no} was issued on ${cert.issued_on}`, 'date');
    tx.emit({ aggregateType: 'supplier', aggregateId: cert.supplier_id, type: 'supplier.certificate_revoked', payload: { certificateId: input.certificateId, certificateNo: cert.certificate_no, date: input.date, reason: input.reason } });
    await sql`
      with u as (
        update scm.supplier_certificates set revoked_on = ${input.date}, revoked_reason = ${input.reason} where id = ${input.certificateId}
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { certificateId: input.certificateId, validUntil: addDaysIso(input.date, -1) };
  },
);

export interface ExpiringCertificate {
  certificateId: number;
  supplierId: number;
  supplierCode: string;
  supplierName: string;
  supplierStatus: SupplierStatus;
  certificateType: string;
  certificateNo: string;
  issuedOn: string;
  expiresOn: string;
  /** The last day it is valid (the expiry date, or the day before a revocation). */
  validUntil: string;
  /** Days from asOf to validUntil; negative once lapsed. */
  daysLeft: number;
  remindedOn: string | null;
  /** Item categories that require this type. */
  requiredFor: string[];
}

/**
 * Each supplier's latest certificate of each type that runs out within `withinDays` of `asOf`
 * (and, with includeLapsed, those that have already run out) and has no renewal on file: the
 * reminder list. Ordered by the day they run out.
 */
export async function expiringCertificates(
  db: Kysely<DB>,
  options: { asOf: string; withinDays?: number; includeLapsed?: boolean; supplierId?: number },
): Promise<ExpiringCertificate[]> {
  const until = addDaysIso(options.asOf, options.withinDays ?? 30);
  const { rows } = await sql<ExpiringCertificate>`
    select c.id as "certificateId", c.supplier_id as "supplierId", s.code as "supplierCode", s.legal_name as "supplierName", s.status as "supplierStatus",
           c.certificate_type as "certificateType", c.certificate_no as "certificateNo", c.issued_on as "issuedOn", c.expires_on as "expiresOn",
           c.valid_until as "validUntil", (c.valid_until - ${options.asOf}::date) as "daysLeft", c.reminded_on as "remindedOn",
           coalesce((select jsonb_agg(m.category order by m.category) from scm.mandatory_certificates m where m.certificate_type = c.certificate_type), '[]') as "requiredFor"
      from (select distinct on (supplier_id, certificate_type) * from scm.supplier_certificates
             ${options.supplierId !== undefined ? sql`where supplier_id = ${options.supplierId}` : sql``}
             order by supplier_id, certificate_type, valid_until desc, id desc) c
      join scm.suppliers s on s.id = c.supplier_id
     where c.valid_until <= ${until}::date
       ${options.includeLapsed ? sql`` : sql`and c.valid_until >= ${options.asOf}::date`}
     order by c.valid_until, s.code, c.certificate_type`.execute(db);
  return rows;
}

/**
 * Sends the reminders: every certificate expiring within `withinDays` of `asOf` that has not been
 * reminded of gets a `supplier.certificate_expiring` event and is marked reminded.
 */
export const remindExpiringCertificates = defineCommand(
  'scm.remindExpiringCertificates',
  z.object({ asOf: isoDate, withinDays: z.number().int().min(1).max(365).default(30) }),
  async (tx, input) => {
    const due = (await expiringCertificates(tx.db, { asOf: input.asOf, withinDays: input.withinDays })).filter((c) => c.remindedOn === null);
    if (due.length === 0) return { reminded: 0 };
    for (const c of due) {
      tx.emit({
        aggregateType: 'supplier',
        aggregateId: c.supplierId,
        type: 'supplier.certificate_expiring',
        payload: { certificateId: c.certificateId, supplierCode: c.supplierCode, certificateType: c.certificateType, certificateNo: c.certificateNo, validUntil: c.validUntil, daysLeft: c.daysLeft, requiredFor: c.requiredFor },
      });
    }
    const ids = due.map((c) => c.certificateId);
    await sql`
      with u as (
        update scm.supplier_certificates set reminded_on = ${input.asOf} where id = any(${ids}::int[]) and reminded_on is null
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { reminded: due.length };
  },
);

export interface SupplierCertificate {
  certificateId: number;
  certificateType: string;
  certificateNo: string;
  issuer: string | null;
  issuedOn: string;
  expiresOn: string;
  validUntil: string;
  revokedOn: string | null;
  /** Valid on the asOf date. */
  valid: boolean;
}

/** A supplier's certificates, newest first per type, each with whether it is valid on `asOf`. */
export async function supplierCertificates(db: Kysely<DB>, supplierId: number, asOf: string): Promise<SupplierCertificate[]> {
  const { rows } = await sql<SupplierCertificate>`
    select id as "certificateId", certificate_type as "certificateType", certificate_no as "certificateNo", issuer, issued_on as "issuedOn",
           expires_on as "expiresOn", valid_until as "validUntil", revoked_on as "revokedOn",
           (issued_on <= ${asOf}::date and valid_until >= ${asOf}::date) as valid
      from scm.supplier_certificates where supplier_id = ${supplierId}
     order by certificate_type, valid_until desc, id desc`.execute(db);
  return rows;
}

/** The certificate types each item category requires, by category. */
export async function certificateRequirements(db: Kysely<DB>): Promise<Record<string, string[]>> {
  const rows = await db.selectFrom('scm.mandatory_certificates').select(['category', 'certificate_type']).orderBy('category').orderBy('certificate_type').execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.category] ??= []).push(r.certificate_type);
  return out;
}
