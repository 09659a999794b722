import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { DomainError, documentCounts, verify } from '../domain/index.js';
import { openDatabase, type Database } from '../domain/db/connect.js';
import { migrate } from '../domain/db/migrate.js';
import { fileURLToPath } from 'node:url';
import { onServer } from './support/database.js';
import { setUpTestCompany } from './support/company.js';
import { rejectionOf } from './support/fingerprint.js';

/**
 * The embedded database is one process's: a lock file `${dataDir}.lock` holds the owner's pid.
 * A second opener, in this process or another, is refused naming the owner; a lock whose
 * process is gone is taken over.
 */
describe.skipIf(onServer)('embedded database lock', () => {
  let dir: string;
  let dataDir: string;
  let lockFile: string;
  let lockModule: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerloop-lock-'));
    dataDir = join(dir, 'pg');
    lockFile = `${dataDir}.lock`;
    lockModule = compileLockModule(join(dir, 'lock-code'));
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectInUse(owner: number) {
    const error = await rejectionOf(openDatabase({ dataDir }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('DATABASE_IN_USE');
    expect((error as DomainError).message).toContain(`process ${owner}`);
  }

  /** Runs the real lock code in a second Node process; `hold` keeps the lock until killed. */
  function lockInChild(mode: 'try' | 'hold'): { child: ChildProcess; result: Promise<{ ok: boolean; code?: string; message?: string; pid: number }> } {
    const child = spawn(process.execPath, [join(dir, 'lock-code', 'child.mjs'), lockFile, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const result = new Promise<{ ok: boolean; code?: string; message?: string; pid: number }>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve(JSON.parse(line));
      });
      child.on('close', (code) => reject(new Error(`child closed (${code}) before reporting: ${out}`)));
    });
    return { child, result };
  }

  it('a second open in the same process is refused with DATABASE_IN_USE and this pid; after close the data is still there', async () => {
    const first = await openDatabase({ dataDir });
    let counts: Record<string, number>;
    try {
      expect(first).toMatchObject({ kind: 'embedded', location: dataDir });
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      await migrate(first);
      await setUpTestCompany({ db: first.db, actor: 'lock-test' });
      counts = await documentCounts(first.db);
      expect(counts).toMatchObject({ items: 3, customers: 2, stock_adjustments: 1 });

      await expectInUse(process.pid);
      // The refusal did not disturb the owner.
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      expect(await documentCounts(first.db)).toEqual(counts);
    } finally {
      await first.close();
    }
    expect(existsSync(lockFile)).toBe(false);

    const again = await openDatabase({ dataDir });
    try {
      expect(await documentCounts(again.db)).toEqual(counts);
      expect((await migrate(again)).applied).toEqual([]);
      expect((await verify(again.db)).breaches).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('a lock naming a live process refuses the open; once that process is gone the stale lock is taken over', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    await once(sleeper, 'spawn');
    writeFileSync(lockFile, String(sleeper.pid));
    await expectInUse(sleeper.pid!);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(sleeper.pid)); // not stolen from a live owner

    sleeper.kill('SIGKILL');
    await once(sleeper, 'exit');
    const db = await openDatabase({ dataDir });
    try {
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      expect((await documentCounts(db.db)).items).toBe(3);
    } finally {
      await db.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  });

  it('the lock code running in a second Node process is refused while we hold the database, and holds it against us in turn', async () => {
    expect(existsSync(lockModule)).toBe(true);
    let ours: Database | undefined = await openDatabase({ dataDir });
    try {
      const refused = await lockInChild('try').result;
      expect(refused.ok).toBe(false);
      expect(refused.code).toBe('DATABASE_IN_USE');
      expect(refused.message).toContain(`process ${process.pid}`);
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    } finally {
      await ours.close();
      ours = undefined;
    }

    // Now the other process takes the lock and keeps it: we are refused, naming it.
    const { child, result } = lockInChild('hold');
    const holding = await result;
    expect(holding.ok).toBe(true);
    expect(holding.pid).toBe(child.pid);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(child.pid));
    await expectInUse(child.pid!);

    // It dies without releasing (SIGKILL): the lock is stale and we take it over.
    child.kill('SIGKILL');
    await once(child, 'exit').catch(() => {});
    expect(existsSync(lockFile)).toBe(true);
    const reopened = await openDatabase({ dataDir });
    try {
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      expect((await documentCounts(reopened.db)).customers).toBe(2);
    } finally {
      await reopened.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  });
});

/**
 * Compiles domain/db/embedded-lock.ts (and the error module it imports) to plain ESM in `out`,
 * with a small child script around it, so another Node process runs the very same lock code.
 */
function compileLockModule(out: string): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const [source, target] of [['domain/db/embedded-lock.ts', 'db/embedded-lock.js'], ['domain/kernel/errors.ts', 'kernel/errors.js']] as const) {
    const { outputText } = ts.transpileModule(readFileSync(join(root, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    mkdirSync(join(out, target, '..'), { recursive: true });
    writeFileSync(join(out, target), outputText);
  }
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(out, 'child.mjs'),
    `import { acquireEmbeddedLock } from './db/embedded-lock.js';
const [lockPath, mode] = process.argv.slice(2);
try {
  const release = acquireEmbeddedLock(lockPath);
  console.log(JSON.stringify({ ok: true, pid: process.pid }));
  if (mode === 'hold') setInterval(() => {}, 1000);
  else release();
} catch (error) {
  console.log(JSON.stringify({ ok: false, code: error.code, message: error.message, pid: process.pid }));
}
`,
  );
  return join(out, 'db', 'embedded-lock.js');
}
