/**
 * Runs the pipeline in its own process, for tests that kill it: `node pipeline-child.js
 * <server|embedded> <url or data dir> <warehouse> [stage]`. It prints "running" once the
 * database is open and the run starts; at `stage` (one of RUN_STAGES) it prints
 * "paused at <stage>" and waits to be killed; a run that ends prints its result as JSON.
 */
import { openDatabase } from '../../domain/db/connect.js';
import { runPipeline } from '../../pipelines/run.js';
import type { RunStage } from '../../pipelines/failure.js';

const [engine, target, warehousePath, pauseAt] = process.argv.slice(2);
const database = engine === 'server' ? await openDatabase({ url: target }) : await openDatabase({ dataDir: target });
try {
  process.stdout.write('running\n');
  const result = await runPipeline(database, {
    warehousePath: warehousePath!,
    sourceUrl: engine === 'server' ? target : undefined,
    onStage: async (stage: RunStage) => {
      if (stage !== pauseAt) return;
      process.stdout.write(`paused at ${stage}\n`);
      setInterval(() => {}, 60_000);
      await new Promise(() => {});
    },
  });
  process.stdout.write(`${JSON.stringify({ runId: result.runId, mode: result.mode })}\n`);
} finally {
  await database.close();
}
