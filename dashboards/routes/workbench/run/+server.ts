import { answering, runToIPC } from '$lib/server/workbench.js';
import { bodyOf } from '$lib/server/json-body.js';
import { workbenchQuery } from '../../../../warehouse/workbench/link.js';
import type { RequestHandler } from './$types';

/**
 * Runs the workbench's query: POST {runId, sql, params, limit, timeout} as JSON. Answers the
 * rows as Arrow IPC (the run's facts in the schema metadata), or {message, kind} with 400 when
 * the sandbox refuses it, its parameters are wrong, or it was stopped (time limit, cancel).
 */
export const POST: RequestHandler = ({ request }) =>
  answering(async () => {
    const body = await bodyOf(request);
    const query = workbenchQuery(body);
    const ipc = await runToIPC(typeof body.runId === 'string' ? body.runId : '', query);
    return new Response(ipc as BodyInit, { headers: { 'content-type': 'application/vnd.apache.arrow.stream', 'cache-control': 'no-store' } });
  });
