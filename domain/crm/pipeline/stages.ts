import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { basisPoints } from '../../kernel/inputs.js';
import { stageCode } from './opportunities.js';

/**
 * Adds or changes an open stage of the sales pipeline: its name, place in the order and win
 * probability; `active: false` retires it (opportunities in it stay until moved on). The won
 * and lost stages are fixed at 100% and 0%; only their names change.
 */
export const setPipelineStage = defineCommand(
  'crm.setPipelineStage',
  z.object({
    code: stageCode,
    name: z.string().trim().min(1).max(80),
    position: z.number().int().min(0).max(10_000).optional(),
    probabilityBp: basisPoints.optional(),
    active: z.boolean().optional(),
  }),
  async (tx, input) => {
    const existing = await tx.db.selectFrom('crm.pipeline_stages').selectAll().where('code', '=', input.code).executeTakeFirst();
    if (existing && existing.outcome !== 'open') {
      if (input.probabilityBp !== undefined && input.probabilityBp !== existing.probability_bp) {
        throw new DomainError('NOT_ALLOWED', `the ${existing.outcome} stage's probability is fixed at ${existing.probability_bp / 100}%`, 'probabilityBp');
      }
      if (input.active === false) throw new DomainError('NOT_ALLOWED', `the ${existing.outcome} stage cannot be retired`, 'active');
    }
    if (!existing && (input.position === undefined || input.probabilityBp === undefined)) {
      throw new DomainError('INVALID_INPUT', 'a new stage needs its position and probability', input.position === undefined ? 'position' : 'probabilityBp');
    }
    await sql`
      insert into crm.pipeline_stages (code, name, position, probability_bp, active)
      values (${input.code}, ${input.name}, ${input.position ?? 0}, ${input.probabilityBp ?? 0}, ${input.active ?? true})
      on conflict (code) do update set name = excluded.name,
        position = coalesce(${input.position ?? null}::int, crm.pipeline_stages.position),
        probability_bp = coalesce(${input.probabilityBp ?? null}::int, crm.pipeline_stages.probability_bp),
        active = coalesce(${input.active ?? null}::boolean, crm.pipeline_stages.active)`.execute(tx.db);
    tx.emit({ aggregateType: 'pipeline_stage', aggregateId: input.code, type: 'pipeline_stage.set', payload: { ...input } });
    return (await pipelineStages(tx.db)).find((s) => s.code === input.code)!;
  },
);

export interface PipelineStage {
  code: string;
  name: string;
  position: number;
  probabilityBp: number;
  outcome: 'open' | 'won' | 'lost';
  active: boolean;
}

/** The pipeline's stages in order. */
export async function pipelineStages(db: Kysely<DB>): Promise<PipelineStage[]> {
  const rows = await db.selectFrom('crm.pipeline_stages').selectAll().orderBy('position').orderBy('code').execute();
  return rows.map((s) => ({ code: s.code, name: s.name, position: s.position, probabilityBp: s.probability_bp, outcome: s.outcome, active: s.active }));
}
