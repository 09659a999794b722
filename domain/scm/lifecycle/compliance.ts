import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { DomainError } from '../../kernel/errors.js';
import type { SupplierStatus } from './tables.js';

/**
 * Whether a supplier may receive a purchase order: it must be approved, and hold a valid
 * certificate of every type that the ordered items' categories require on the order date
 * (scm.mandatory_certificates). The rule is one SQL function, scm.certificate_gaps, shared by
 * the order command's first query, the database's backstop trigger and orderableSuppliers.
 */

export interface CertificateGap {
  category: string;
  certificateType: string;
  /** Last day a certificate of the type was valid; null: the supplier never held one by then. */
  lastValidOn: string | null;
}

export interface StatusChange {
  on: string | null;
  reason: string;
}

/** The refusal for a supplier that may not receive a purchase order, or undefined when it may. */
export function orderRefusal(
  supplier: { code: string; status: SupplierStatus; lastChange: StatusChange | null },
  gaps: CertificateGap[],
  date: string,
  field = 'supplierId',
): DomainError | undefined {
  const why = supplier.lastChange ? ` (${supplier.lastChange.on ? `since ${supplier.lastChange.on}: ` : ''}${supplier.lastChange.reason})` : '';
  if (supplier.status === 'blocked') {
    return new DomainError('SUPPLIER_BLOCKED', `supplier ${supplier.code} is blocked${why} and cannot receive purchase orders`, field);
  }
  if (supplier.status !== 'approved') {
    return new DomainError('SUPPLIER_NOT_APPROVED', `supplier ${supplier.code} is ${supplier.status}${why} and cannot receive purchase orders`, field);
  }
  const gap = gaps[0];
  if (!gap) return undefined;
  const more = gaps.length > 1 ? ` (and ${gaps.length - 1} more missing certificate${gaps.length > 2 ? 's' : ''})` : '';
  const details = { category: gap.category, certificateType: gap.certificateType, lastValidOn: gap.lastValidOn };
  if (gap.lastValidOn === null) {
    return new DomainError(
      'CERTIFICATE_MISSING',
      `supplier ${supplier.code} has no valid ${gap.certificateType} certificate on ${date}, required for ${gap.category} items${more}`,
      field,
      details,
    );
  }
  return new DomainError(
    'CERTIFICATE_EXPIRED',
    `the ${gap.certificateType} certificate of supplier ${supplier.code}, required for ${gap.category} items, expired on ${gap.lastValidOn} and has not been renewed by ${date}${more}`,
    field,
    details,
  );
}

export interface OrderableSupplier {
  supplierId: number;
  code: string;
  status: SupplierStatus;
  /** Item categories the supplier may receive purchase orders for on the date (empty unless approved). */
  categories: string[];
}

/**
 * For every supplier, the item categories it may receive purchase orders for on `date`: approved,
 * not blocked by its scorecard standing, and holding every certificate those categories require.
 * One query; for buyers choosing a supplier.
 */
export async function orderableSuppliers(db: Kysely<DB>, date: string): Promise<OrderableSupplier[]> {
  const { rows } = await sql<OrderableSupplier>`
    select s.id as "supplierId", s.code, s.status,
           coalesce((select jsonb_agg(c.code order by c.code) from erp.item_categories c
                      where s.status = 'approved'
                        and not exists (select 1 from scm.supplier_standings st where st.supplier_id = s.id and st.standing = 'blocked')
                        and not exists (select 1 from scm.certificate_gaps(s.id, array[c.code], ${date}::date))), '[]') as categories
      from scm.suppliers s order by s.id`.execute(db);
  return rows;
}

/** Whether `supplierId` may receive a purchase order for items of `category`, per orderableSuppliers. */
export function canOrderFrom(orderable: readonly OrderableSupplier[], supplierId: number, category: string): boolean {
  return orderable.some((s) => s.supplierId === supplierId && s.categories.includes(category));
}
