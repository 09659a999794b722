import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../../domain/db/project-root.js';
import { NotebookError } from './errors.js';
import { parseNotebook, type Notebook } from './parse.js';

/** The shipped notebooks' folder: notebooks/ in the project. */
export function notebooksDirectory(): string {
  return join(projectRoot(), 'notebooks');
}

/** The names (file names without .md) of the notebooks in `dir`, sorted; README.md describes them and is not one. */
export function notebookNames(dir: string = notebooksDirectory()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .map((f) => f.slice(0, -3))
    .sort();
}

/** A notebook by name from `dir`, or by path to its .md file; parsed. */
export function loadNotebook(nameOrPath: string, dir: string = notebooksDirectory()): Notebook {
  const path = nameOrPath.endsWith('.md') && existsSync(nameOrPath) ? nameOrPath : join(dir, `${nameOrPath.replace(/\.md$/, '')}.md`);
  if (!existsSync(path)) {
    const names = notebookNames(dir);
    throw new NotebookError({ notebook: `${nameOrPath.replace(/\.md$/, '')}.md`, block: null }, `no such notebook in ${dir}${names.length ? ` (there are: ${names.join(', ')})` : ''}`);
  }
  return parseNotebook(basename(path, '.md'), readFileSync(path, 'utf8'));
}
