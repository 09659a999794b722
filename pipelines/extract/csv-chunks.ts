import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Cuts a CSV byte stream into files of about `chunkBytes`, each ending on a record boundary, so
 * DuckDB can load one file while the next is still arriving. A newline ends a record only
 * outside quotes; in Postgres CSV a quote inside a field is doubled, so counting quotes from the
 * start of the stream tells which side of a field boundary every byte is on.
 */
const QUOTE = 0x22;
const NEWLINE = 0x0a;

/** The position of the last record-ending newline in `buf` (-1 if none), and whether `buf` ends inside quotes. */
export function lastRecordEnd(buf: Buffer, startsQuoted: boolean): { end: number; endsQuoted: boolean } {
  let quoted = startsQuoted;
  let end = -1;
  let from = 0;
  for (;;) {
    const q = buf.indexOf(QUOTE, from);
    const stop = q === -1 ? buf.length : q;
    if (!quoted && stop > from) {
      const n = buf.lastIndexOf(NEWLINE, stop - 1);
      if (n >= from) end = n;
    }
    if (q === -1) return { end, endsQuoted: quoted };
    quoted = !quoted;
    from = q + 1;
  }
}

export class CsvChunker {
  #fd: number | null = null;
  #path = '';
  #bytes = 0;
  #quoted = false;
  #count = 0;
  // Postgres sends one message per row, so bytes are gathered into blocks before any scanning or
  // writing; the copy also frees the driver's buffer, which it reuses for the next message.
  readonly #block: Buffer;
  #used = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly chunkBytes: number,
    private readonly onChunk: (path: string) => void,
    blockBytes = 1 << 20,
  ) {
    this.#block = Buffer.allocUnsafe(blockBytes);
  }

  push(buf: Buffer): void {
    for (let from = 0; from < buf.length; ) {
      const n = buf.copy(this.#block, this.#used, from);
      this.#used += n;
      from += n;
      if (this.#used === this.#block.length) this.#flushBlock();
    }
  }

  /** Closes the last file; call when the stream has ended. */
  finish(): void {
    this.#flushBlock();
    this.#close();
  }

  /** Closes the open file without handing it on (after a failure). */
  abandon(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #flushBlock(): void {
    if (this.#used === 0) return;
    const block = this.#block.subarray(0, this.#used);
    this.#used = 0;
    const { end, endsQuoted } = lastRecordEnd(block, this.#quoted);
    this.#quoted = endsQuoted;
    if (this.#bytes + block.length >= this.chunkBytes && end >= 0) {
      this.#write(block.subarray(0, end + 1));
      this.#close();
      if (end + 1 < block.length) this.#write(block.subarray(end + 1));
    } else {
      this.#write(block);
    }
  }

  #write(part: Buffer): void {
    if (this.#fd === null) {
      this.#path = join(this.dir, `${this.name}.${this.#count++}.csv`);
      this.#fd = openSync(this.#path, 'w');
      this.#bytes = 0;
    }
    for (let off = 0; off < part.length; ) off += writeSync(this.#fd, part, off);
    this.#bytes += part.length;
  }

  #close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
    if (this.#bytes > 0) this.onChunk(this.#path);
  }
}
