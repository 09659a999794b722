import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file whether it runs from source (vitest) or from dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'ledgerloop') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ledgerloop package root');
    dir = parent;
  }
}

/** Where embedded data, the warehouse and the simulator's manifest live. */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.LEDGERLOOP_DATA ?? join(process.cwd(), 'data');
}
