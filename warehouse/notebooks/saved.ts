import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from '../../domain/db/project-root.js';
import { notebookNames, notebooksDirectory } from './files.js';
import { parseNotebook, type Notebook } from './parse.js';
import { runNotebook } from './run.js';

/**
 * Notebooks written in the browser, beside the shipped ones: an analyst's notebook is a file
 * $LEDGERLOOP_DATA/notebooks/NAME.md (with the warehouse, so it belongs to the company's data,
 * not to the code), in the same format as notebooks/*.md. A name finds its notebook in either
 * folder; a shipped notebook always wins, and saving one that a shipped notebook would hide is
 * refused, as saved queries are (saved-queries.ts).
 */
export type NotebookSource = 'shipped' | 'saved';

export interface NotebookDirectories {
  shipped: string;
  saved: string;
}

export interface NotebookFile {
  name: string;
  source: NotebookSource;
  path: string;
}

export function savedNotebooksDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), 'notebooks');
}

export function notebookDirectories(env: NodeJS.ProcessEnv = process.env): NotebookDirectories {
  return { shipped: notebooksDirectory(), saved: savedNotebooksDirectory(env) };
}

/** A notebook's name: its file's name without .md, and the last part of its page's address. */
export const NOTEBOOK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Names the app's own pages under /notebooks/ have (/notebooks/new, …): no notebook may take them. */
export const RESERVED_NOTEBOOK_NAMES: readonly string[] = ['new', 'preview', 'save'];

export type NotebookSaveCode = 'INVALID_NAME' | 'RESERVED_NAME' | 'SHIPPED_NAME' | 'EXISTS' | 'EMPTY';

/** A save refused before the notebook is looked at: its name, or nothing to save. */
export class NotebookSaveError extends Error {
  override readonly name = 'NotebookSaveError';
  constructor(
    readonly code: NotebookSaveCode,
    message: string,
    readonly field: 'name' | 'replace' | 'source',
  ) {
    super(message);
  }
}

/** What is wrong with `name` as a notebook's name; null when nothing is. */
export function notebookNameProblem(name: string): NotebookSaveError | null {
  if (!NOTEBOOK_NAME.test(name)) return new NotebookSaveError('INVALID_NAME', `a notebook's name is lower-case letters, digits and -, starting with a letter or digit, at most 63 characters: not '${name}'`, 'name');
  if (RESERVED_NOTEBOOK_NAMES.includes(name)) return new NotebookSaveError('RESERVED_NAME', `'${name}' is the address of a page of the app (/notebooks/${name}); choose another name`, 'name');
  return null;
}

/** Every notebook, the shipped ones first; a saved one hidden by a shipped one of its name, or with a name the app cannot open, is left out. */
export function listNotebookFiles(dirs: NotebookDirectories = notebookDirectories()): NotebookFile[] {
  const shipped = notebookNames(dirs.shipped).map((name): NotebookFile => ({ name, source: 'shipped', path: join(dirs.shipped, `${name}.md`) }));
  const taken = new Set(shipped.map((f) => f.name));
  const saved = savedNames(dirs.saved)
    .filter((name) => !taken.has(name) && notebookNameProblem(name) === null)
    .map((name): NotebookFile => ({ name, source: 'saved', path: join(dirs.saved, `${name}.md`) }));
  return [...shipped, ...saved];
}

/** Every .md file in the saved folder, by name, whatever it is called (`ledgerloop check` looks at them all). */
export function savedNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** The notebook of this name: the shipped one, else the saved one; null when neither exists. */
export function findNotebookFile(name: string, dirs: NotebookDirectories = notebookDirectories()): NotebookFile | null {
  return listNotebookFiles(dirs).find((f) => f.name === name) ?? null;
}

export function readNotebookText(file: NotebookFile): string {
  return readFileSync(file.path, 'utf8');
}

/** The notebook parsed (NotebookError when it cannot be). */
export function loadNotebookFile(file: NotebookFile): Notebook {
  return parseNotebook(file.name, readNotebookText(file));
}

export interface SaveNotebookInput {
  name: string;
  /** The notebook's Markdown text. */
  text: string;
  /** Overwrite a saved notebook of this name (never a shipped one). */
  replace?: boolean;
}

export interface SavedNotebook {
  file: NotebookFile;
  notebook: Notebook;
  /** Whether a saved notebook of this name was overwritten. */
  replaced: boolean;
}

/**
 * Saves a notebook as $LEDGERLOOP_DATA/notebooks/NAME.md once it parses and runs against the
 * warehouse as `ledgerloop check` runs it (its parameters' defaults, stand-ins where there is
 * none; every block, chart and inline value). Refuses with a NotebookSaveError (the name, or
 * nothing to save) or the notebook's first NotebookError, and then writes nothing. The file is
 * written whole or not at all (a temporary file renamed over it), so a reader never sees half.
 */
export async function saveNotebook(warehousePath: string, input: SaveNotebookInput, dirs: NotebookDirectories = notebookDirectories()): Promise<SavedNotebook> {
  const name = input.name.trim();
  const problem = notebookNameProblem(name);
  if (problem) throw problem;
  if (notebookNames(dirs.shipped).includes(name)) throw new NotebookSaveError('SHIPPED_NAME', `'${name}' is the name of a shipped notebook (notebooks/${name}.md); choose another name`, 'name');
  const path = join(dirs.saved, `${name}.md`);
  const replaced = existsSync(path);
  if (replaced && !input.replace) throw new NotebookSaveError('EXISTS', `a saved notebook named '${name}' exists already; choose "replace" to overwrite it`, 'replace');
  if (input.text.trim() === '') throw new NotebookSaveError('EMPTY', 'there is no notebook to save', 'source');

  const text = `${input.text.replace(/\r\n?/g, '\n').replace(/\s+$/, '')}\n`;
  const notebook = parseNotebook(name, text);
  await runNotebook(warehousePath, notebook, {}, { placeholders: true });

  mkdirSync(dirs.saved, { recursive: true });
  writeWhole(path, text);
  return { file: { name, source: 'saved', path }, notebook, replaced };
}

/** Writes `text` to a temporary file beside `path` and renames it over `path`. */
function writeWhole(path: string, text: string): void {
  // Not a .md name, so no listing takes it for a notebook meanwhile.
  const partial = `${path}.${randomUUID()}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
