import { json } from '@sveltejs/kit';
import { answering, saveQuery } from '$lib/server/workbench.js';
import { bodyOf } from '$lib/server/json-body.js';
import type { RequestHandler } from './$types';

/**
 * Saves the workbench's query as a named query: POST {name, description, sql, replace} as JSON.
 * Answers the saved query ({name, description, params}) or {message, kind} with 400.
 */
export const POST: RequestHandler = ({ request }) =>
  answering(async () => {
    const body = await bodyOf(request);
    for (const field of ['name', 'description', 'sql'] as const) {
      if (typeof body[field] !== 'string') return json({ message: `give the query's ${field} as text`, kind: 'input' }, { status: 400 });
    }
    const saved = await saveQuery({ name: body.name as string, description: body.description as string, sql: body.sql as string, replace: body.replace === true });
    return json({ name: saved.name, description: saved.description, params: saved.params });
  });
