import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/** What an inspection decided about a lot (SCM quality calls this; the lot itself stays ERP's). */
export interface LotInspection {
  lotId: number;
  inspectionId: number;
  inspectedQty: number;
  acceptedQty: number;
  rejectedQty: number;
}

/**
 * Marks lots with their inspection: accepted, rejected, or partially accepted, with the
 * quantities. Only a lot's quality columns change (erp.guard_lot refuses anything else). One statement.
 */
export async function recordLotInspections(db: Kysely<DB>, inspections: LotInspection[]): Promise<void> {
  if (inspections.length === 0) return;
  await sql`
    update erp.lots o set inspection_id = x."inspectionId", inspected_qty = x."inspectedQty", accepted_qty = x."acceptedQty", rejected_qty = x."rejectedQty",
           quality_status = case when x."rejectedQty" = 0 then 'accepted' when x."acceptedQty" = 0 then 'rejected' else 'partially_accepted' end
      from jsonb_to_recordset(${JSON.stringify(inspections)}::jsonb) as x("lotId" int, "inspectionId" int, "inspectedQty" bigint, "acceptedQty" bigint, "rejectedQty" bigint)
     where o.id = x."lotId" and o.id = any(${inspections.map((i) => i.lotId)}::int[])`.execute(db);
}
