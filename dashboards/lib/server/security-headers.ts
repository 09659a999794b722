/**
 * Headers every response gets. Pages carry the content-security policy SvelteKit writes from
 * svelte.config.js (`kit.csp`, with a nonce for its own inline script); anything else (CSV,
 * SQL text, refusals, the static error page, redirects) gets one that lets no script run and
 * nothing frame it — only the inline styles of the plain error and refusal pages.
 */
export const FALLBACK_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function secured(response: Response, https: boolean): Response {
  let r = response;
  try {
    apply(r.headers, https);
  } catch {
    // Some responses (a fetched one passed through) have immutable headers: copy it.
    r = new Response(response.body, response);
    apply(r.headers, https);
  }
  return r;
}

function apply(headers: Headers, https: boolean): void {
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', FALLBACK_CSP);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'same-origin');
  headers.set('x-frame-options', 'DENY');
  headers.set('cross-origin-opener-policy', 'same-origin');
  headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  // What a signed-in reader sees is theirs: no shared cache keeps it.
  if (!headers.has('cache-control')) headers.set('cache-control', 'private, no-store');
  if (https) headers.set('strict-transport-security', 'max-age=31536000');
}
