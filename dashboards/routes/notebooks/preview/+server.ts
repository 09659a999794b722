import { json } from '@sveltejs/kit';
import { answeringForEditor, previewNotebook } from '$lib/server/notebooks.js';
import { bodyOf } from '$lib/server/json-body.js';
import type { RequestHandler } from './$types';

/**
 * Runs the editor's notebook without saving it: POST {name, text, params} as JSON. Answers the
 * rendered notebook (as the notebook page shows it), or {message, kind, block, field, line}
 * with 400 when it does not parse or run.
 */
export const POST: RequestHandler = ({ request }) =>
  answeringForEditor(async () => {
    const body = await bodyOf(request);
    if (typeof body.text !== 'string') return json({ message: "give the notebook's text", kind: 'input' }, { status: 400 });
    const params = typeof body.params === 'object' && body.params !== null && !Array.isArray(body.params) ? body.params : {};
    const values = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return json({ notebook: await previewNotebook({ name: typeof body.name === 'string' ? body.name.trim() : '', text: body.text, params: values }) });
  });
