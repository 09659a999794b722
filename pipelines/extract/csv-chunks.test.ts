import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvChunker, lastRecordEnd } from './csv-chunks.js';

/** A CSV field as Postgres writes it: quoted when it holds a comma, a quote or a line break. */
const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (records: string[][]) => records.map((r) => `${r.map(field).join(',')}\n`).join('');

/** Splits CSV text into records, honouring quotes (the reference the chunks are checked against). */
function records(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), out.push(row), (row = []), (cell = '');
    else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error(`text ends inside a record: ${JSON.stringify(text.slice(-40))}`);
  return out;
}

describe('cutting a CSV stream on record boundaries', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('finds the last newline outside quotes', () => {
    expect(lastRecordEnd(Buffer.from('a,b\nc,d\n'), false)).toEqual({ end: 7, endsQuoted: false });
    expect(lastRecordEnd(Buffer.from('a,"x\ny"\nc,"p\nq'), false)).toEqual({ end: 7, endsQuoted: true });
    expect(lastRecordEnd(Buffer.from('a,"say ""hi""\n"\n'), false)).toEqual({ end: 15, endsQuoted: false });
    expect(lastRecordEnd(Buffer.from('still quoted\n",b\n'), true)).toEqual({ end: 16, endsQuoted: false });
    expect(lastRecordEnd(Buffer.from('no newline'), false)).toEqual({ end: -1, endsQuoted: false });
  });

  it('gives files that each hold whole records and together hold the stream, however it arrives', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 40 }), (rows, cuts, chunkBytes, blockBytes) => {
        const input = Buffer.from(csv(rows));
        const dir = mkdtempSync(join(tmpdir(), 'll-chunks-'));
        dirs.push(dir);
        const files: string[] = [];
        const chunker = new CsvChunker(dir, 'stg', chunkBytes, (path) => files.push(path), blockBytes);
        for (let at = 0, k = 0; at < input.length; k++) {
          const size = cuts[k % cuts.length]!;
          chunker.push(input.subarray(at, at + size));
          at += size;
        }
        chunker.finish();
        const parts = files.map((f) => readFileSync(f));
        expect(Buffer.concat(parts).equals(input)).toBe(true);
        expect(parts.flatMap((p) => records(p.toString('utf8')))).toEqual(records(input.toString('utf8')));
      }),
      { numRuns: 300 },
    );
  });
});
