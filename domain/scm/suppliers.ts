import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency, id, isoDate } from '../kernel/inputs.js';
import type { SupplierStatus } from './lifecycle/tables.js';
import {
  ACCOUNT_NO_SHAPE,
  BANK_CODE_SHAPE,
  isValidIban,
  maskAccount,
  normaliseIban,
  normaliseTaxId,
  TAX_ID_SHAPE,
  taxKey,
} from './lifecycle/identifiers.js';

/**
 * Suppliers: registration (legal name, tax id, categories supplied, contacts, bank details,
 * payment terms) and the status lifecycle. Status changes are rows of an append-only history
 * that the database applies, so the status always has its reason.
 */

const supplierType = z.string().regex(/^[a-z][a-z_]{0,29}$/, 'lower-case letters and _, at most 30 (e.g. manufacturer, distributor)');
const categoryCode = z.string().min(1).max(24);
const contact = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  role: z.string().trim().min(1).max(80).optional(),
});

/** Bank details: an IBAN (check digits verified), or a domestic account number with its bank code (BIC, sort code or routing number). */
export const bankDetails = z
  .object({
    iban: z.string().transform(normaliseIban).refine(isValidIban, 'not a valid IBAN (shape or check digits)').optional(),
    accountNumber: z.string().trim().toUpperCase().regex(ACCOUNT_NO_SHAPE, 'digits, capitals and dashes, 4 to 34').optional(),
    bankCode: z.string().trim().toUpperCase().regex(BANK_CODE_SHAPE, 'a BIC (8 or 11 characters) or a bank code of 6 to 9 digits').optional(),
    accountHolder: z.string().trim().min(1).max(200).optional(),
  })
  .refine((b) => b.iban !== undefined || b.accountNumber !== undefined, { message: 'give an IBAN or an account number', path: ['iban'] })
  .refine((b) => b.accountNumber === undefined || b.bankCode !== undefined, { message: 'an account number needs its bank code', path: ['bankCode'] });
type BankDetails = z.output<typeof bankDetails>;

const taxId = z
  .string()
  .transform(normaliseTaxId)
  .pipe(z.string().regex(TAX_ID_SHAPE, 'capitals, digits and dashes, 4 to 30 (spaces and dots are dropped)'));

const bankColumns = (bank: BankDetails | null | undefined) => ({
  iban: bank?.iban ?? null,
  account: bank?.accountNumber ?? null,
  code: bank?.bankCode ?? null,
  holder: bank?.accountHolder ?? null,
});

export const registerSupplier = defineCommand(
  'scm.registerSupplier',
  z.object({
    legalName: z.string().trim().min(1).max(200),
    taxId,
    region: z.string().min(1),
    currency: currency.optional(),
    paymentTermsDays: z.number().int().min(0).max(365).default(30),
    status: z.enum(['prospective', 'approved']).default('prospective'),
    /** Business date of the registration, recorded on the status history. */
    date: isoDate.optional(),
    supplierType: supplierType.optional(),
    /** Item categories supplied (erp item category codes). */
    categories: z.array(categoryCode).max(50).default([]),
    contacts: z.array(contact).max(20).default([]),
    bank: bankDetails.optional(),
  }),
  async (tx, input) => {
    const categories = [...new Set(input.categories)];
    const { rows: checks } = await sql<{ region_currency: string | null; taken: string | null; unknown: string[] }>`
      select (select r.currency::text from core.regions r where r.code = ${input.region}) as region_currency,
             (select s.code from scm.suppliers s where s.tax_key = ${taxKey(input.taxId)}) as taken,
             (select coalesce(jsonb_agg(c order by c), '[]') from unnest(${categories}::text[]) c
               where not exists (select 1 from erp.item_categories k where k.code = c)) as unknown`.execute(tx.db);
    const check = checks[0]!;
    if (!check.region_currency) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    if (check.taken) throw new DomainError('DUPLICATE', `tax id ${input.taxId} is already registered to supplier ${check.taken}`, 'taxId');
    if (check.unknown.length > 0) throw new DomainError('NOT_FOUND', `item category ${check.unknown[0]} does not exist`, `categories.${input.categories.indexOf(check.unknown[0]!)}`);
    const bank = bankColumns(input.bank);
    const { rows } = await sql<{ id: number; code: string }>`
      with s as (
        insert into scm.suppliers (code, legal_name, tax_id, region, currency, payment_terms_days, status, supplier_type,
                                   bank_iban, bank_account_no, bank_code, bank_account_holder, created_by)
        values ('S' || lpad(nextval('scm.supplier_no')::text, 5, '0'), ${input.legalName}, ${input.taxId}, ${input.region},
                ${input.currency ?? check.region_currency}, ${input.paymentTermsDays}, ${input.status}, ${input.supplierType ?? null},
                ${bank.iban}, ${bank.account}, ${bank.code}, ${bank.holder}, ${tx.actor})
        returning id, code
      ), c as (
        insert into scm.supplier_categories (supplier_id, category) select s.id, unnest(${categories}::text[]) from s
      ), k as (
        insert into scm.supplier_contacts (supplier_id, name, email, phone, role)
        select s.id, x.name, x.email, x.phone, x.role from s, jsonb_to_recordset(${JSON.stringify(input.contacts)}::jsonb) as x(name text, email text, phone text, role text)
      ), h as (
        insert into scm.supplier_status_history (supplier_id, changed_on, from_status, to_status, reason, changed_by)
        select s.id, ${input.date ?? null}::date, null, ${input.status}, ${`registered as ${input.status}`}, ${tx.actor} from s
      )
      select id, code from s`.execute(tx.db);
    const supplier = rows[0]!;
    tx.emit({
      aggregateType: 'supplier',
      aggregateId: supplier.id,
      type: 'supplier.registered',
      payload: { code: supplier.code, status: input.status, supplierType: input.supplierType ?? null, categories, bankAccount: maskAccount(bank.iban ?? bank.account) },
    });
    return { supplierId: supplier.id, code: supplier.code };
  },
);

/**
 * Changes registration details. Given lists replace the current ones (categories, contacts);
 * `bank: null` removes the bank details. The tax id and the currency do not change.
 */
export const updateSupplierRegistration = defineCommand(
  'scm.updateSupplierRegistration',
  z.object({
    supplierId: id,
    legalName: z.string().trim().min(1).max(200).optional(),
    supplierType: supplierType.optional(),
    paymentTermsDays: z.number().int().min(0).max(365).optional(),
    categories: z.array(categoryCode).max(50).optional(),
    contacts: z.array(contact).max(20).optional(),
    bank: bankDetails.nullable().optional(),
  }),
  async (tx, input) => {
    const categories = input.categories ? [...new Set(input.categories)] : null;
    const { rows: found } = await sql<{ code: string; unknown: string[] }>`
      select s.code,
             (select coalesce(jsonb_agg(c order by c), '[]') from unnest(${categories ?? []}::text[]) c
               where not exists (select 1 from erp.item_categories k where k.code = c)) as unknown
        from scm.suppliers s where s.id = ${input.supplierId} for no key update`.execute(tx.db);
    const supplier = found[0];
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (supplier.unknown.length > 0) throw new DomainError('NOT_FOUND', `item category ${supplier.unknown[0]} does not exist`, `categories.${input.categories!.indexOf(supplier.unknown[0]!)}`);
    const changed = (['legalName', 'supplierType', 'paymentTermsDays', 'categories', 'contacts', 'bank'] as const).filter((k) => input[k] !== undefined);
    if (changed.length === 0) throw new DomainError('INVALID_INPUT', 'nothing to change', 'supplierId');
    const bank = bankColumns(input.bank);
    const setBank = input.bank !== undefined;
    await sql`
      with u as (
        update scm.suppliers set
          legal_name = coalesce(${input.legalName ?? null}, legal_name),
          supplier_type = coalesce(${input.supplierType ?? null}, supplier_type),
          payment_terms_days = coalesce(${input.paymentTermsDays ?? null}::int, payment_terms_days),
          bank_iban = case when ${setBank} then ${bank.iban} else bank_iban end,
          bank_account_no = case when ${setBank} then ${bank.account} else bank_account_no end,
          bank_code = case when ${setBank} then ${bank.code} else bank_code end,
          bank_account_holder = case when ${setBank} then ${bank.holder} else bank_account_holder end
         where id = ${input.supplierId}
      ), dc as (
        delete from scm.supplier_categories where ${categories !== null} and supplier_id = ${input.supplierId} and category <> all(${categories ?? []}::text[])
      ), ic as (
        insert into scm.supplier_categories (supplier_id, category)
        select ${input.supplierId}, c from unnest(${categories ?? []}::text[]) c on conflict do nothing
      ), dk as (
        delete from scm.supplier_contacts where ${input.contacts !== undefined} and supplier_id = ${input.supplierId}
      ), ik as (
        insert into scm.supplier_contacts (supplier_id, name, email, phone, role)
        select ${input.supplierId}, x.name, x.email, x.phone, x.role from jsonb_to_recordset(${JSON.stringify(input.contacts ?? [])}::jsonb) as x(name text, email text, phone text, role text)
      )
      select 1`.execute(tx.db);
    tx.emit({
      aggregateType: 'supplier',
      aggregateId: input.supplierId,
      type: 'supplier.registration_updated',
      payload: { code: supplier.code, changed, ...(setBank ? { bankAccount: maskAccount(bank.iban ?? bank.account) } : {}) },
    });
    return { supplierId: input.supplierId, changed };
  },
);

/**
 * The status lifecycle: prospective → approved → suspended or blocked; suspended → approved;
 * blocked is terminal unless a manager reinstates the supplier (to approved or prospective).
 * The database applies the same table (scm.supplier_status_allowed).
 */
export const STATUS_TRANSITIONS: Record<SupplierStatus, readonly SupplierStatus[]> = {
  prospective: ['approved', 'blocked'],
  approved: ['suspended', 'blocked'],
  suspended: ['approved', 'blocked'],
  blocked: ['approved', 'prospective'],
};

/** Moves a supplier through its lifecycle with the reason, recorded in the append-only status history. */
export const changeSupplierStatus = defineCommand(
  'scm.changeSupplierStatus',
  z.object({
    supplierId: id,
    status: z.enum(['prospective', 'approved', 'suspended', 'blocked']),
    reason: z.string().trim().min(1).max(500),
    /** Business date of the change. */
    date: isoDate.optional(),
    /** The manager who reinstates a blocked supplier (an employee with the role manager). */
    managerId: id.optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{ status: SupplierStatus; code: string; manager_role: string | null; manager_active: boolean | null }>`
      select s.status, s.code, e.role as manager_role, e.active as manager_active
        from scm.suppliers s left join people.employees e on e.id = ${input.managerId ?? null}::int
       where s.id = ${input.supplierId} for no key update of s`.execute(tx.db);
    const supplier = rows[0];
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (supplier.status === input.status) throw new DomainError('CONFLICT', `supplier ${supplier.code} is already ${input.status}`, 'status');
    if (!STATUS_TRANSITIONS[supplier.status].includes(input.status)) {
      throw new DomainError('NOT_ALLOWED', `supplier ${supplier.code} cannot go from ${supplier.status} to ${input.status}`, 'status');
    }
    if (input.managerId !== undefined && (supplier.manager_role !== 'manager' || !supplier.manager_active)) {
      throw new DomainError('NOT_ALLOWED', `employee ${input.managerId} is not an active manager`, 'managerId');
    }
    if (supplier.status === 'blocked' && input.managerId === undefined) {
      throw new DomainError('NOT_ALLOWED', `supplier ${supplier.code} is blocked; only a manager can reinstate it (give managerId)`, 'managerId');
    }
    tx.emit({
      aggregateType: 'supplier',
      aggregateId: input.supplierId,
      type: 'supplier.status_changed',
      payload: { code: supplier.code, from: supplier.status, to: input.status, reason: input.reason, date: input.date ?? null, managerId: input.managerId ?? null },
    });
    // The history row's trigger moves scm.suppliers.status.
    await sql`
      with h as (
        insert into scm.supplier_status_history (supplier_id, changed_on, from_status, to_status, reason, manager_id, changed_by)
        values (${input.supplierId}, ${input.date ?? null}::date, ${supplier.status}, ${input.status}, ${input.reason}, ${input.managerId ?? null}::int, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { supplierId: input.supplierId, status: input.status };
  },
);
