import { postJson as post, problemOf, type Problem } from '../post-json.js';
import { readRun, type RunInfo } from './run-info.js';

/**
 * The workbench page's calls to its endpoints (dashboards/routes/workbench/*): run, cancel,
 * save. A refused, failed or stopped run comes back as { problem } with the server's message.
 */
export type { Problem };

/** A new run id: random, so only the page that started a run can cancel it. */
export function newRunId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `run-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function postRun(body: { runId: string; sql: string; params: Record<string, string>; limit: number; timeout: number }): Promise<{ info: RunInfo; rows: Record<string, unknown>[] } | { problem: Problem }> {
  const response = await post('/workbench/run', body);
  if ('problem' in response) return response;
  if (response.ok && (response.headers.get('content-type') ?? '').includes('arrow')) return readRun(new Uint8Array(await response.arrayBuffer()));
  return { problem: await problemOf(response) };
}

export async function postCancel(runId: string): Promise<void> {
  await post('/workbench/cancel', { runId });
}

export async function postSave(body: { name: string; description: string; sql: string; replace: boolean }): Promise<{ name: string } | { problem: Problem }> {
  const response = await post('/workbench/save', body);
  if ('problem' in response) return response;
  if (!response.ok) return { problem: await problemOf(response) };
  return (await response.json()) as { name: string };
}
