import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { isoDate } from '../kernel/inputs.js';

/** Where a simulated company stands, so a later run continues it from the next day. */
export interface SimulationState {
  seed: number;
  scale: number;
  startDate: string;
  lastDate: string;
}

export const recordSimulation = defineCommand(
  'core.recordSimulation',
  z.object({ seed: z.number().int(), scale: z.number().positive(), startDate: isoDate, lastDate: isoDate }),
  async (tx, input) => {
    await tx.db.insertInto('core.settings').values({ key: 'simulation', value: JSON.stringify(input) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(input) })).execute();
    tx.emit({ aggregateType: 'simulation', aggregateId: 'simulation', type: 'simulation.advanced', payload: input });
    return input;
  },
);

export async function simulationState(db: Kysely<DB>): Promise<SimulationState | undefined> {
  const row = await db.selectFrom('core.settings').select('value').where('key', '=', 'simulation').executeTakeFirst();
  return row ? (row.value as SimulationState) : undefined;
}
