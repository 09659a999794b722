import { postJson, problemOf, type Problem } from '../post-json.js';
import type { NotebookView } from '../server/notebook-view.js';

/**
 * The notebook editor's calls to its endpoints (dashboards/routes/notebooks/preview, save). A
 * notebook that does not parse or run comes back as { problem } saying where: its block, field
 * and line, when the problem has them.
 */
export interface EditorProblem extends Problem {
  reason?: string;
  block?: string | null;
  field?: string | null;
  line?: number | null;
}

export async function postPreview(body: { name: string; text: string; params: Record<string, string> }): Promise<{ notebook: NotebookView } | { problem: EditorProblem }> {
  const response = await postJson('/notebooks/preview', body);
  if ('problem' in response) return response;
  if (!response.ok) return { problem: await problemOf<EditorProblem>(response) };
  return (await response.json()) as { notebook: NotebookView };
}

export async function postSave(body: { name: string; text: string; replace: boolean }): Promise<{ name: string; title: string } | { problem: EditorProblem }> {
  const response = await postJson('/notebooks/save', body);
  if ('problem' in response) return response;
  if (!response.ok) return { problem: await problemOf<EditorProblem>(response) };
  return (await response.json()) as { name: string; title: string };
}
