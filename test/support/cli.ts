import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { vi } from 'vitest';
import { main, reportError } from '../../cli/main.js';
import type { Subcommand } from '../../cli/subcommand.js';
import { sharedSource, type SharedSource } from './source.js';

/** What a command run in-process ended with and printed (console.log and console.error). */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ledgerloop ARGV` in-process (main.ts) and captures what it prints; `stdin` is what it reads. */
export async function runMain(argv: string[], stdin?: string): Promise<CliResult> {
  const input = stdin === undefined ? undefined : vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(stdin)]) as unknown as typeof process.stdin);
  try {
    return await captured(() => main(argv));
  } finally {
    input?.mockRestore();
  }
}

/** Runs a subcommand as `ledgerloop` would (main.ts's error handling), capturing what it prints (stderr's progress dropped). */
export async function runCommand(command: Subcommand, ...argv: string[]): Promise<CliResult> {
  const progress = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await captured(async () => {
      try {
        return await command.run(argv);
      } catch (e) {
        return reportError(e, false);
      }
    });
  } finally {
    progress.mockRestore();
  }
}

async function captured(run: () => Promise<number>): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    const code = await run();
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/**
 * An operational database for the CLI under test, which opens the database the environment
 * names: a shared source in a temporary folder of its own. Set it up through `database()`, then
 * `handOver` releases it and points LEDGERLOOP_DATA (and, on the server, DATABASE_URL) at it;
 * `reopen`/`release` take it back for a look and give it back. `remove` puts the environment
 * back as it was, drops the database and removes the folder.
 */
export interface CliSource extends SharedSource {
  readonly dir: string;
  handOver(): Promise<void>;
  remove(): Promise<void>;
}

export async function cliSource(prefix: string): Promise<CliSource> {
  const saved = { LEDGERLOOP_DATA: process.env.LEDGERLOOP_DATA, DATABASE_URL: process.env.DATABASE_URL };
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let source: SharedSource;
  try {
    source = await sharedSource(dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...source,
    dir,
    async handOver() {
      await source.release();
      process.env.LEDGERLOOP_DATA = dir;
      if (source.engine === 'server') process.env.DATABASE_URL = source.target;
    },
    async remove() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await source.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
