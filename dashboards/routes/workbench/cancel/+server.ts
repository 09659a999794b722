import { json } from '@sveltejs/kit';
import { answering, cancelRun } from '$lib/server/workbench.js';
import { bodyOf } from '$lib/server/json-body.js';
import type { RequestHandler } from './$types';

/** Cancels a running workbench query: POST {runId}. Answers {cancelled}: whether it was running (one not started yet is stopped when it starts). */
export const POST: RequestHandler = ({ request }) =>
  answering(async () => {
    const body = await bodyOf(request);
    if (typeof body.runId !== 'string') return json({ message: 'give the runId of the query to cancel', kind: 'input' }, { status: 400 });
    return json({ cancelled: cancelRun(body.runId) });
  });
