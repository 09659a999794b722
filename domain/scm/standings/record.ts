import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import type { SupplierStanding } from './tables.js';

/**
 * Records the supplier scorecard's standings (warehouse/models/suppliers, one row per supplier as
 * scored on `asOf` by model `modelVersion`) in one transaction: each row is appended to the
 * standing history and becomes the supplier's current standing, which purchase-order creation
 * acts on (blocked refused, watch warned). A supplier whose standing changes gets a
 * supplier.standing_changed event; the batch one supplier_scorecard.recorded event.
 */
const standingRow = z.object({
  supplierId: id,
  standing: z.enum(['preferred', 'approved', 'watch', 'blocked']),
  /** Overall score 0–100, kept to two decimals. */
  score: z.number().finite().min(0).max(100),
  grade: z.enum(['A', 'B', 'C', 'D']),
  reason: z.string().trim().min(1).max(1000),
  /** The scorecard period the score ends with: 'YYYY-MM' or 'YYYY-Qn'. */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "a month 'YYYY-MM' or a quarter 'YYYY-Qn'"),
});

export type StandingRow = z.input<typeof standingRow>;

export interface RecordedStandings {
  asOf: string;
  modelVersion: string;
  recorded: number;
  /** Suppliers whose standing is new or different; `from` null for a first standing. */
  changed: { supplierId: number; from: SupplierStanding | null; to: SupplierStanding }[];
}

export const recordSupplierStandings = defineCommand(
  'scm.recordSupplierStandings',
  z.object({
    rows: z.array(standingRow).min(1).max(10_000),
    /** Which scorecard produced the rows (e.g. 'supplier-scorecard/1'): kept with every standing. */
    modelVersion: z.string().trim().min(1).max(100),
    /** The scoring date; the rows' periods may not start after it. */
    asOf: isoDate,
  }),
  async (tx, input): Promise<RecordedStandings> => {
    const seen = new Set<number>();
    input.rows.forEach((r, i) => {
      if (seen.has(r.supplierId)) throw new DomainError('INVALID_INPUT', `supplier ${r.supplierId} appears twice in the rows`, `rows.${i}.supplierId`);
      seen.add(r.supplierId);
      if (periodStart(r.period) > input.asOf) throw new DomainError('INVALID_INPUT', `period ${r.period} starts after the scoring date ${input.asOf}`, `rows.${i}.period`);
    });
    const ids = input.rows.map((r) => r.supplierId);
    // Locks the suppliers against purchase-order creation (which share-locks its supplier), so an
    // order either commits before these standings or sees them.
    const { rows: found } = await sql<{ id: number; code: string; standing: SupplierStanding | null; as_of: string | null }>`
      select s.id, s.code, st.standing, st.as_of
        from scm.suppliers s left join scm.supplier_standings st on st.supplier_id = s.id
       where s.id = any(${ids}::int[])
       order by s.id
         for no key update of s`.execute(tx.db);
    const current = new Map(found.map((f) => [f.id, f]));
    const changed: RecordedStandings['changed'] = [];
    input.rows.forEach((r, i) => {
      const f = current.get(r.supplierId);
      if (!f) throw new DomainError('NOT_FOUND', `supplier ${r.supplierId} does not exist`, `rows.${i}.supplierId`);
      if (f.as_of !== null && f.as_of > input.asOf) {
        throw new DomainError('CONFLICT', `supplier ${f.code} already has a standing as of ${f.as_of}, later than ${input.asOf}`, 'asOf');
      }
      if (f.standing !== r.standing) {
        changed.push({ supplierId: r.supplierId, from: f.standing, to: r.standing });
        // Its own aggregate: a standing changes nothing of the supplier the warehouse holds.
        tx.emit({
          aggregateType: 'supplier_standing', aggregateId: r.supplierId, type: 'supplier.standing_changed',
          payload: { supplierCode: f.code, from: f.standing, to: r.standing, score: round2(r.score), grade: r.grade, reason: r.reason, period: r.period, asOf: input.asOf, modelVersion: input.modelVersion },
        });
      }
    });
    tx.emit({
      aggregateType: 'supplier_scorecard', aggregateId: `${input.modelVersion}@${input.asOf}`, type: 'supplier_scorecard.recorded',
      payload: { asOf: input.asOf, modelVersion: input.modelVersion, suppliers: input.rows.length, changed: changed.length, blocked: input.rows.filter((r) => r.standing === 'blocked').length, watch: input.rows.filter((r) => r.standing === 'watch').length },
    });
    const rows = input.rows.map((r) => ({ supplier_id: r.supplierId, standing: r.standing, score: round2(r.score), grade: r.grade, reason: r.reason, period: r.period }));
    await sql`
      with x as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(supplier_id int, standing text, score numeric, grade text, reason text, period text)
      ), h as (
        insert into scm.supplier_standing_history (supplier_id, standing, score, grade, reason, period, model_version, as_of, recorded_by)
        select x.supplier_id, x.standing, x.score, x.grade, x.reason, x.period, ${input.modelVersion}, ${input.asOf}, ${tx.actor} from x order by x.supplier_id
        returning id
      ), events as (${tx.eventsInsert()})
      select count(*) from h`.execute(tx.db);
    return { asOf: input.asOf, modelVersion: input.modelVersion, recorded: input.rows.length, changed };
  },
);

const round2 = (x: number) => Math.round(x * 100) / 100;

function periodStart(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01` : `${period}-01`;
}
