import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../domain/db/project-root.js';
import { CHROMIUM, haveChromium } from './chromium.js';

/**
 * Global setup of the browser tests: builds the app (vite build → build/app) once, so the tests
 * run against what 'npm run build' ships. Without Chromium there is nothing to build it for, and
 * the tests skip, except under CI.
 */
export default function buildApp(): void {
  if (!haveChromium) {
    // CI (.ci/run installs Chromium) must not pass by skipping them.
    if (process.env.CI) throw new Error(`the browser tests need Chromium at ${CHROMIUM}: apt-get install chromium`);
    console.log(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    return;
  }
  const root = projectRoot();
  const built = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build of the dashboards failed:\n${built.stdout}\n${built.stderr}`);
}
