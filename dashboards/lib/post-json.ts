/**
 * The browser's JSON posts to the app's endpoints (the workbench's, the notebook editor's), each
 * with the session's CSRF token, and the server's refusal read back as { message, kind, … }.
 */
export interface Problem {
  message: string;
  kind: string;
}

export async function postJson(path: string, body: unknown): Promise<Response | { problem: Problem }> {
  try {
    // Every state-changing request carries the session's CSRF token (hooks.server.ts checks it).
    const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
    return await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
  } catch (error) {
    return { problem: { message: `the server could not be reached (${(error as Error).message})`, kind: 'network' } };
  }
}

/** The refusal's body, with at least a message and a kind (the status when the body has none). */
export async function problemOf<P extends Problem = Problem>(response: Response): Promise<P> {
  const body = (await response.json().catch(() => null)) as Partial<P> | null;
  return { ...body, message: body?.message ?? `the server answered ${response.status} ${response.statusText}`, kind: body?.kind ?? 'error' } as P;
}
