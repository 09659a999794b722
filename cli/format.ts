import { formatMinor } from '../domain/finance/money.js';

/** Renders rows as an aligned text table; numbers right-aligned. */
export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? Object.keys(rows[0]!);
  const cells = rows.map((r) => cols.map((c) => display(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const numeric = cols.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] === null));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function display(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 4 });
  if (typeof v === 'bigint') return v.toLocaleString('en-US');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const money = (minor: number, currency: string | null = null) => `${formatMinor(minor)}${currency ? ` ${currency}` : ''}`;

/** A progress line on stderr: rewritten in place on a terminal, one line every few seconds otherwise. */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastPrint = 0;
  return {
    update(done: number, total: number, detail: string) {
      const now = Date.now();
      const final = done >= total;
      if (!final && now - lastPrint < (stream.isTTY ? 200 : 5_000)) return;
      lastPrint = now;
      const elapsed = (now - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
      const text = `${label} ${done}/${total} ${detail} | elapsed ${duration(elapsed)} | ETA ${duration(eta)}`;
      if (stream.isTTY) stream.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
      else stream.write(`${text}\n`);
    },
  };
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
