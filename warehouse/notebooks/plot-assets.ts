import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PlotAssets } from './render-html.js';

/**
 * The Plot and d3 UMD bundles from the installed packages, to inline into a static report.
 * Found through module resolution (then up to the package's folder), as the packages' export
 * maps hide their dist/ files from a plain require.
 */
export function readPlotAssets(): PlotAssets {
  return { d3: bundle('d3', 'dist/d3.min.js'), plot: bundle('@observablehq/plot', 'dist/plot.umd.min.js') };
}

function bundle(pkg: string, file: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === pkg) break;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of the ${pkg} package`);
    dir = parent;
  }
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`${pkg} has no ${file} (looked at ${path})`);
  return readFileSync(path, 'utf8');
}
