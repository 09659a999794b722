import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, money } from '../../kernel/inputs.js';
import { mulDivRound } from '../../finance/money.js';
import { inEffect } from './boms.js';

/**
 * Work centres (where operations run, with the hourly rate at which their labour and overhead
 * are absorbed into work in progress) and routings: the operations that make an item, in
 * sequence, each at a work centre with a standard setup time and run time per unit. Routings are
 * revised like BOMs: immutable revisions with effective windows.
 */

/** Standard minutes to the hundredth (12.5 minutes; not 12.345). */
export const minutes = z
  .number()
  .nonnegative()
  .max(1_000_000)
  .refine((m) => Math.abs(m * 100 - Math.round(m * 100)) < 1e-6, 'minutes to the hundredth at most');

/** Minutes (a number or the database's decimal string) as whole hundredths of a minute. */
export const hundredths = (m: number | string) => Math.round(Number(m) * 100);

/** Labour and overhead for `hundredthsOfMinutes` at a rate per hour: rate × minutes ÷ 60, rounded once. */
export const absorptionCost = (hundredthsOfMinutes: number, ratePerHour: number) => mulDivRound(hundredthsOfMinutes, ratePerHour, 6_000);

export const createWorkCenter = defineCommand(
  'erp.createWorkCenter',
  z.object({
    code: z.string().regex(/^[A-Z0-9_-]{1,20}$/, 'capitals, digits, _ or -, at most 20'),
    name: z.string().trim().min(1).max(120),
    warehouseId: id.optional(),
    /** Labour and overhead absorbed per hour, functional minor units. */
    costRatePerHour: money,
  }),
  async (tx, input) => {
    const row = await tx.db
      .insertInto('erp.work_centers')
      .values({ code: input.code, name: input.name, warehouse_id: input.warehouseId ?? null, cost_rate_per_hour: input.costRatePerHour, created_by: tx.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.emit({ aggregateType: 'work_center', aggregateId: row.id, type: 'work_center.created', payload: input });
    return { workCenterId: row.id };
  },
);

/** A new hourly rate; production orders keep the rate of their order date. */
export const setWorkCenterRate = defineCommand(
  'erp.setWorkCenterRate',
  z.object({ workCenterId: id, costRatePerHour: money }),
  async (tx, input) => {
    const row = await tx.db.updateTable('erp.work_centers').set({ cost_rate_per_hour: input.costRatePerHour }).where('id', '=', input.workCenterId).returning('id').executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `work centre ${input.workCenterId} does not exist`, 'workCenterId');
    tx.emit({ aggregateType: 'work_center', aggregateId: input.workCenterId, type: 'work_center.rate_set', payload: input });
    return input;
  },
);

const operation = z.object({
  seq: z.number().int().positive().max(10_000),
  workCenterId: id,
  description: z.string().trim().min(1).max(200),
  setupMinutes: minutes,
  /** Standard minutes per unit. */
  runMinutes: minutes,
});

/** Adds the next routing revision of a manufactured item. */
export const createRouting = defineCommand(
  'erp.createRouting',
  z
    .object({
      itemId: id,
      effectiveFrom: isoDate,
      effectiveTo: isoDate.optional(),
      changeNote: z.string().trim().max(500).default(''),
      operations: z.array(operation).min(1).max(100),
    })
    .refine((r) => r.effectiveTo === undefined || r.effectiveTo > r.effectiveFrom, { message: 'the end must be after the start', path: ['effectiveTo'] }),
  async (tx, input) => {
    const seqs = input.operations.map((o) => o.seq);
    input.operations.forEach((o, i) => {
      if (seqs.indexOf(o.seq) !== i) throw new DomainError('INVALID_INPUT', `operation ${o.seq} appears twice`, `operations.${i}.seq`);
    });
    const centreIds = input.operations.map((o) => o.workCenterId);
    const { rows } = await sql<{ procurement: string | null; centres: number[]; revision: number }>`
      select (select procurement from erp.items where id = ${input.itemId}) as procurement,
             coalesce((select jsonb_agg(id) from erp.work_centers where id = any(${centreIds}::int[])), '[]') as centres,
             coalesce((select max(revision) from erp.routings where item_id = ${input.itemId}), 0) + 1 as revision`.execute(tx.db);
    const found = rows[0]!;
    if (found.procurement === null) throw new DomainError('NOT_FOUND', `item ${input.itemId} does not exist`, 'itemId');
    if (found.procurement !== 'make') throw new DomainError('NOT_ALLOWED', `item ${input.itemId} is bought, not manufactured; set its procurement to make first`, 'itemId');
    const centres = new Set(found.centres);
    input.operations.forEach((o, i) => {
      if (!centres.has(o.workCenterId)) throw new DomainError('NOT_FOUND', `work centre ${o.workCenterId} does not exist`, `operations.${i}.workCenterId`);
    });
    const ops = input.operations.map((o) => ({ seq: o.seq, wc: o.workCenterId, d: o.description, s: (hundredths(o.setupMinutes) / 100).toFixed(2), r: (hundredths(o.runMinutes) / 100).toFixed(2) }));
    tx.emit({ aggregateType: 'item', aggregateId: input.itemId, type: 'routing.revised', payload: { revision: found.revision, effectiveFrom: input.effectiveFrom, operations: ops.length } });
    const { rows: created } = await sql<{ id: number }>`
      with r as (
        insert into erp.routings (item_id, revision, effective_from, effective_to, change_note, created_by)
        values (${input.itemId}, ${found.revision}, ${input.effectiveFrom}, ${input.effectiveTo ?? null}, ${input.changeNote}, ${tx.actor}) returning id
      ), o as (
        insert into erp.routing_operations (routing_id, seq, work_center_id, description, setup_minutes, run_minutes)
        select r.id, x.seq, x.wc, x.d, x.s::numeric, x.r::numeric from r, jsonb_to_recordset(${JSON.stringify(ops)}::jsonb) as x(seq int, wc int, d text, s text, r text)
      ), events as (${tx.eventsInsert()})
      select id from r`.execute(tx.db);
    return { routingId: created[0]!.id, itemId: input.itemId, revision: found.revision };
  },
);

export interface RoutingOperation {
  seq: number;
  workCenterId: number;
  workCenterCode: string;
  description: string;
  setupMinutes: number;
  runMinutes: number;
  costRatePerHour: number;
}

export interface Routing {
  routingId: number;
  itemId: number;
  revision: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  operations: RoutingOperation[];
}

/** The routing of an item in effect on a date, or undefined. */
export async function routingInEffect(db: Kysely<DB>, itemId: number, date: string): Promise<Routing | undefined> {
  const { rows } = await sql<Routing>`
    select r.id as "routingId", r.item_id as "itemId", r.revision, r.effective_from as "effectiveFrom", r.effective_to as "effectiveTo",
           coalesce((select jsonb_agg(jsonb_build_object('seq', o.seq, 'workCenterId', o.work_center_id, 'workCenterCode', w.code, 'description', o.description,
                                                         'setupMinutes', o.setup_minutes, 'runMinutes', o.run_minutes, 'costRatePerHour', w.cost_rate_per_hour) order by o.seq)
                       from erp.routing_operations o join erp.work_centers w on w.id = o.work_center_id where o.routing_id = r.id), '[]') as operations
      from erp.routings r where r.id = (${inEffect('erp.routings', itemId, date)})`.execute(db);
  return rows[0];
}

export async function listWorkCenters(db: Kysely<DB>): Promise<{ id: number; code: string; name: string; warehouseId: number | null; costRatePerHour: number }[]> {
  const { rows } = await sql<{ id: number; code: string; name: string; warehouseId: number | null; costRatePerHour: number }>`
    select id, code, name, warehouse_id as "warehouseId", cost_rate_per_hour as "costRatePerHour" from erp.work_centers order by id`.execute(db);
  return rows;
}
