/**
 * Query rows as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or
 * line break quoted with quotes doubled), produced a chunk of rows at a time.
 */
export function* csvChunks(columns: readonly string[], rows: Iterable<Record<string, unknown>>, rowsPerChunk = 1000, header = true): Generator<string> {
  let chunk = header ? `${columns.map(field).join(',')}\r\n` : '';
  let n = 0;
  for (const row of rows) {
    chunk += `${columns.map((c) => field(row[c])).join(',')}\r\n`;
    if (++n % rowsPerChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
