import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../domain/db/project-root.js';

/**
 * Compiles a TypeScript entry point and everything it imports into plain JavaScript that a
 * child process can run with `node`, without type checking (so another engineer's unfinished
 * work elsewhere cannot break it) and without touching dist/. The output sits under
 * node_modules/.cache, inside the project, so packages and the project root resolve as usual.
 */
export function transpileForNode(entry: string): string {
  const root = projectRoot();
  const seen = new Map<string, string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    seen.set(file, outputText);
    for (const specifier of relativeImports(outputText)) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (existsSync(target)) queue.push(target);
    }
  }
  const hash = createHash('sha256');
  for (const [file, text] of [...seen].sort()) hash.update(file).update(text);
  const out = join(root, 'node_modules', '.cache', 'ledgerloop-transpiled', hash.digest('hex').slice(0, 12));
  for (const [file, text] of seen) {
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return join(out, relative(root, resolve(entry))).replace(/\.ts$/, '.js');
}

function relativeImports(js: string): string[] {
  const found: string[] = [];
  for (const m of js.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}
