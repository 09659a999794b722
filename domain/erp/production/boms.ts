import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { basisPoints, id, isoDate } from '../../kernel/inputs.js';

/**
 * Bills of materials: the components of a manufactured item per unit, with a planned scrap
 * allowance, in revisions. A revision is never changed; a change is a new revision effective from
 * a date (optionally until one), and on any date the highest revision whose window contains it
 * is in effect. Each revision records who made it and what it changed against the revision
 * before (the product-data history). No item may contain itself, directly or indirectly; the
 * database refuses it too.
 */

/** Makes an item bought or manufactured; only manufactured items have BOMs and production orders. */
export const setProcurement = defineCommand(
  'erp.setProcurement',
  z.object({ itemId: id, procurement: z.enum(['buy', 'make']) }),
  async (tx, input) => {
    const row = await tx.db.updateTable('erp.items').set({ procurement: input.procurement }).where('id', '=', input.itemId).returning('id').executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `item ${input.itemId} does not exist`, 'itemId');
    tx.emit({ aggregateType: 'item', aggregateId: input.itemId, type: 'item.procurement_set', payload: { procurement: input.procurement } });
    return { itemId: input.itemId, procurement: input.procurement };
  },
);

const bomLine = z.object({
  componentItemId: id,
  /** Units of the component per unit of the item. */
  quantityPer: z.number().int().positive().max(1e9),
  /** Planned scrap allowance: requirements are planned at quantity × (1 + allowance). */
  scrapBp: basisPoints.default(0),
});

/**
 * Adds the next revision of an item's BOM. The item must be manufactured; its components must
 * exist, appear once, and not contain the item anywhere below them.
 */
export const createBomRevision = defineCommand(
  'erp.createBomRevision',
  z
    .object({
      itemId: id,
      effectiveFrom: isoDate,
      effectiveTo: isoDate.optional(),
      changeNote: z.string().trim().max(500).default(''),
      lines: z.array(bomLine).min(1).max(500),
    })
    .refine((b) => b.effectiveTo === undefined || b.effectiveTo > b.effectiveFrom, { message: 'the end must be after the start', path: ['effectiveTo'] }),
  async (tx, input) => {
    const componentIds = input.lines.map((l) => l.componentItemId);
    input.lines.forEach((l, i) => {
      if (l.componentItemId === input.itemId) throw new DomainError('BOM_CYCLE', `item ${input.itemId} cannot be its own component`, `lines.${i}.componentItemId`);
      if (componentIds.indexOf(l.componentItemId) !== i) throw new DomainError('INVALID_INPUT', `component ${l.componentItemId} appears twice`, `lines.${i}.componentItemId`);
    });
    // One lock for all BOM changes (the cycle trigger takes the same one), then, on a snapshot
    // taken after it, everything the revision needs: the item, its components, the revision it
    // follows, and any component that already contains the item.
    await sql`select pg_advisory_xact_lock(hashtext('erp.bom_structure'))`.execute(tx.db);
    const { rows } = await sql<{
      procurement: string | null; known: number[]; revision: number; previous: { c: number; q: number; s: number }[]; cycle: number | null;
    }>`
      select (select procurement from erp.items where id = ${input.itemId}) as procurement,
             coalesce((select jsonb_agg(id) from erp.items where id = any(${componentIds}::int[])), '[]') as known,
             coalesce((select max(revision) from erp.bom_revisions where item_id = ${input.itemId}), 0) + 1 as revision,
             coalesce((select jsonb_agg(jsonb_build_object('c', l.component_item_id, 'q', l.quantity_per, 's', l.scrap_bp))
                         from erp.bom_lines l where l.revision_id = (select id from erp.bom_revisions where item_id = ${input.itemId} order by revision desc limit 1)), '[]') as previous,
             (with recursive below(root, item_id) as (
                select c, c from unnest(${componentIds}::int[]) as c
                union
                select b.root, l.component_item_id from erp.bom_lines l join below b on l.parent_item_id = b.item_id
              ) select min(root) from below where item_id = ${input.itemId}) as cycle`.execute(tx.db);
    const found = rows[0]!;
    if (found.procurement === null) throw new DomainError('NOT_FOUND', `item ${input.itemId} does not exist`, 'itemId');
    if (found.procurement !== 'make') throw new DomainError('NOT_ALLOWED', `item ${input.itemId} is bought, not manufactured; set its procurement to make first`, 'itemId');
    const known = new Set(found.known);
    input.lines.forEach((l, i) => {
      if (!known.has(l.componentItemId)) throw new DomainError('NOT_FOUND', `item ${l.componentItemId} does not exist`, `lines.${i}.componentItemId`);
    });
    if (found.cycle !== null) {
      const i = componentIds.indexOf(found.cycle);
      throw new DomainError('BOM_CYCLE', `item ${input.itemId} cannot contain item ${found.cycle}: it is already among that item's components`, `lines.${i}.componentItemId`);
    }

    const previous = new Map(found.previous.map((p) => [p.c, p]));
    type Change = { c: number; change: 'added' | 'removed' | 'changed'; oq: number | null; nq: number | null; os: number | null; ns: number | null };
    const changes: Change[] = [
      ...input.lines.flatMap((l): Change[] => {
        const p = previous.get(l.componentItemId);
        if (!p) return [{ c: l.componentItemId, change: 'added', oq: null, nq: l.quantityPer, os: null, ns: l.scrapBp }];
        if (p.q !== l.quantityPer || p.s !== l.scrapBp) return [{ c: l.componentItemId, change: 'changed', oq: p.q, nq: l.quantityPer, os: p.s, ns: l.scrapBp }];
        return [];
      }),
      ...found.previous.filter((p) => !componentIds.includes(p.c)).map((p): Change => ({ c: p.c, change: 'removed', oq: p.q, nq: null, os: p.s, ns: null })),
    ];
    const lines = input.lines.map((l, i) => ({ n: i + 1, c: l.componentItemId, q: l.quantityPer, s: l.scrapBp }));
    const revision = found.revision;
    tx.emit({
      aggregateType: 'item', aggregateId: input.itemId, type: 'bom.revised',
      payload: { revision, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? null, changeNote: input.changeNote, changes: changes.length },
    });
    const { rows: created } = await sql<{ id: number }>`
      with r as (
        insert into erp.bom_revisions (item_id, revision, effective_from, effective_to, change_note, created_by)
        values (${input.itemId}, ${revision}, ${input.effectiveFrom}, ${input.effectiveTo ?? null}, ${input.changeNote}, ${tx.actor}) returning id
      ), l as (
        insert into erp.bom_lines (revision_id, parent_item_id, line_no, component_item_id, quantity_per, scrap_bp)
        select r.id, ${input.itemId}, x.n, x.c, x.q, x.s from r, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(n int, c int, q bigint, s int)
      ), c as (
        insert into erp.bom_changes (revision_id, item_id, component_item_id, change, old_quantity_per, new_quantity_per, old_scrap_bp, new_scrap_bp, changed_by)
        select r.id, ${input.itemId}, x.c, x.change, x.oq, x.nq, x.os, x.ns, ${tx.actor}
          from r, jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as x(c int, change text, oq bigint, nq bigint, os int, ns int)
      ), events as (${tx.eventsInsert()})
      select id from r`.execute(tx.db);
    return { revisionId: created[0]!.id, itemId: input.itemId, revision, changes: changes.length };
  },
);

export interface BomLine {
  lineNo: number;
  componentItemId: number;
  sku: string;
  quantityPer: number;
  scrapBp: number;
}

export interface BomRevision {
  revisionId: number;
  itemId: number;
  revision: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  changeNote: string;
  createdBy: string;
  lines: BomLine[];
}

const revisionColumns = sql`
  r.id as "revisionId", r.item_id as "itemId", r.revision, r.effective_from as "effectiveFrom", r.effective_to as "effectiveTo",
  r.change_note as "changeNote", r.created_by as "createdBy",
  coalesce((select jsonb_agg(jsonb_build_object('lineNo', l.line_no, 'componentItemId', l.component_item_id, 'sku', i.sku,
                                                'quantityPer', l.quantity_per, 'scrapBp', l.scrap_bp) order by l.line_no)
              from erp.bom_lines l join erp.items i on i.id = l.component_item_id where l.revision_id = r.id), '[]') as lines`;

/** The SQL that picks the revision in effect on a date: the highest whose window contains it. */
export const inEffect = (table: 'erp.bom_revisions' | 'erp.routings', itemId: unknown, date: string) => sql`
  select id from ${sql.table(table)}
   where item_id = ${itemId} and effective_from <= ${date} and (effective_to is null or effective_to > ${date})
   order by revision desc limit 1`;

/** The BOM revision of an item in effect on a date, or undefined. */
export async function bomInEffect(db: Kysely<DB>, itemId: number, date: string): Promise<BomRevision | undefined> {
  const { rows } = await sql<BomRevision>`select ${revisionColumns} from erp.bom_revisions r where r.id = (${inEffect('erp.bom_revisions', itemId, date)})`.execute(db);
  return rows[0];
}

export interface BomChange {
  revision: number;
  componentItemId: number;
  sku: string;
  change: 'added' | 'removed' | 'changed';
  oldQuantityPer: number | null;
  newQuantityPer: number | null;
  oldScrapBp: number | null;
  newScrapBp: number | null;
  changedBy: string;
}

/** Every revision of an item's BOM, oldest first, each with what it changed and who changed it. */
export async function bomHistory(db: Kysely<DB>, itemId: number): Promise<(BomRevision & { changes: BomChange[] })[]> {
  const { rows } = await sql<BomRevision & { changes: BomChange[] }>`
    select ${revisionColumns},
           coalesce((select jsonb_agg(jsonb_build_object('revision', r.revision, 'componentItemId', c.component_item_id, 'sku', i.sku, 'change', c.change,
                                                         'oldQuantityPer', c.old_quantity_per, 'newQuantityPer', c.new_quantity_per,
                                                         'oldScrapBp', c.old_scrap_bp, 'newScrapBp', c.new_scrap_bp, 'changedBy', c.changed_by) order by c.id)
                       from erp.bom_changes c join erp.items i on i.id = c.component_item_id where c.revision_id = r.id), '[]') as changes
      from erp.bom_revisions r where r.item_id = ${itemId} order by r.revision`.execute(db);
  return rows;
}

/**
 * A multi-level explosion of the BOMs in effect on a date: every component below an item with
 * the quantity needed for `quantity` units (planned scrap allowances not applied), by level.
 */
export async function explodeBom(db: Kysely<DB>, itemId: number, quantity: number, date: string): Promise<{ level: number; parentItemId: number; componentItemId: number; quantity: number }[]> {
  const { rows } = await sql<{ level: number; parentItemId: number; componentItemId: number; quantity: number }>`
    with recursive tree(level, parent, component, qty) as (
      select 1, l.parent_item_id, l.component_item_id, l.quantity_per * ${quantity}::bigint
        from erp.bom_lines l where l.revision_id = (${inEffect('erp.bom_revisions', itemId, date)})
      union all
      select t.level + 1, l.parent_item_id, l.component_item_id, l.quantity_per * t.qty
        from tree t join erp.bom_lines l on l.parent_item_id = t.component
         and l.revision_id = (select r.id from erp.bom_revisions r where r.item_id = t.component and r.effective_from <= ${date}
                                and (r.effective_to is null or r.effective_to > ${date}) order by r.revision desc limit 1)
       where t.level < 50
    )
    select level, parent as "parentItemId", component as "componentItemId", qty::bigint as quantity from tree order by level, parent, component`.execute(db);
  return rows;
}
