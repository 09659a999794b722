import { json } from '@sveltejs/kit';
import { answeringForEditor, saveNotebookFromEditor } from '$lib/server/notebooks.js';
import { bodyOf } from '$lib/server/json-body.js';
import type { RequestHandler } from './$types';

/**
 * Saves the editor's notebook: POST {name, text, replace} as JSON. Answers {name, title} once
 * $LEDGERLOOP_DATA/notebooks/NAME.md is written, or {message, kind, …} with 400 when the name is
 * refused or the notebook does not parse or run (nothing is written then).
 */
export const POST: RequestHandler = ({ request, locals }) =>
  answeringForEditor(async () => {
    const body = await bodyOf(request);
    for (const field of ['name', 'text'] as const) {
      if (typeof body[field] !== 'string') return json({ message: `give the notebook's ${field} as text`, kind: 'input' }, { status: 400 });
    }
    return json(await saveNotebookFromEditor({ name: body.name as string, text: body.text as string, replace: body.replace === true }, locals.user!));
  });
