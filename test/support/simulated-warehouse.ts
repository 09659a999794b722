import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../domain/index.js';
import { simulate, type SimulateOptions } from '../../domain/simulate/index.js';
import { runPipeline } from '../../pipelines/index.js';
import { freshDatabase, type TestDatabase } from './database.js';

/**
 * A simulated company and its warehouse, for one test file: a fresh database with `company`
 * simulated in it (as actor 'test'), and the pipeline's first run into `warehouse`, in a
 * temporary folder of its own. `remove` drops the database and removes the folder.
 */
export interface SimulatedWarehouse {
  database: TestDatabase;
  ctx: Context;
  /** The temporary folder the warehouse is in, for the test's other files. */
  dir: string;
  warehouse: string;
  remove(): Promise<void>;
}

export async function simulatedWarehouse(prefix: string, company: SimulateOptions): Promise<SimulatedWarehouse> {
  const database = await freshDatabase();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  const ctx: Context = { db: database.db, actor: 'test' };
  const warehouse = join(dir, 'warehouse.duckdb');
  try {
    await simulate(ctx, company);
    await runPipeline(database, { warehousePath: warehouse });
  } catch (e) {
    await remove();
    throw e;
  }
  return { database, ctx, dir, warehouse, remove };
}
