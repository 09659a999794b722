import type { HandleServerError } from '@sveltejs/kit';

/**
 * An unexpected failure is logged in full on the server and shown on the page as one line,
 * never a stack trace. Expected ones (bad URL parameters, no warehouse yet) are thrown with
 * `error(status, message)` and keep their message.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status !== 404) console.error(`dashboards: ${event.request.method} ${event.url.pathname}${event.url.search}:`, error);
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return { message: status === 404 ? 'There is no page here.' : `Something went wrong: ${message}` };
};
