import { WorkbenchInputError } from '../../../warehouse/workbench/link.js';

/** A request's JSON object body; anything else is the sender's mistake (WorkbenchInputError). */
export async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) throw new WorkbenchInputError('send the request as JSON (content-type: application/json)');
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new WorkbenchInputError('the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new WorkbenchInputError('the request body must be a JSON object');
  return body as Record<string, unknown>;
}
