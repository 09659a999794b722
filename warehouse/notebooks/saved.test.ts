import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWriter } from '../../pipelines/warehouse/duck.js';
import { NotebookError } from './errors.js';
import { parseNotebook } from './parse.js';
import { findNotebookFile, listNotebookFiles, loadNotebookFile, notebookNameProblem, NotebookSaveError, saveNotebook, savedNotebooksDirectory, type NotebookDirectories } from './saved.js';
import { NEW_NOTEBOOK_TEMPLATE } from './template.js';

const fence = '```';
const notebook = (title: string, sql = 'select n from numbers') => `# ${title}\n\n${fence}sql name=result\n${sql}\n${fence}\n\n{{ result.rows }} rows.\n`;

describe('notebook names', () => {
  it('takes lower-case letters, digits and -, starting with a letter or digit', () => {
    for (const name of ['sales', 'q3-review', '2025-plan', 'a', 'x'.repeat(63)]) expect(notebookNameProblem(name), name).toBeNull();
    for (const name of ['', 'Sales', '-lead', 'with space', 'under_score', '../escape', 'a/b', 'name.md', 'x'.repeat(64), 'é']) {
      expect(notebookNameProblem(name), name).toMatchObject({ code: 'INVALID_NAME', field: 'name' });
    }
  });

  it("refuses the names of the app's own pages", () => {
    expect(notebookNameProblem('new')).toMatchObject({ code: 'RESERVED_NAME', message: "'new' is the address of a page of the app (/notebooks/new); choose another name" });
    expect(notebookNameProblem('preview')?.code).toBe('RESERVED_NAME');
    expect(notebookNameProblem('save')?.code).toBe('RESERVED_NAME');
  });
});

describe('the saved notebooks beside the shipped ones', () => {
  let root: string;
  let dirs: NotebookDirectories;
  let warehouse: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'll-saved-notebooks-'));
    dirs = { shipped: join(root, 'shipped'), saved: join(root, 'data', 'notebooks') };
    mkdirSync(dirs.shipped);
    writeFileSync(join(dirs.shipped, 'alpha.md'), notebook('Alpha'));
    writeFileSync(join(dirs.shipped, 'README.md'), '# Not a notebook\n');
    warehouse = join(root, 'data', 'warehouse.duckdb');
    mkdirSync(join(root, 'data'));
    const duck = await openWriter(warehouse);
    await duck.run('create table numbers as select range as n from range(3)');
    duck.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lives in the data folder', () => {
    expect(savedNotebooksDirectory({ LEDGERLOOP_DATA: '/srv/ledgerloop' })).toBe('/srv/ledgerloop/notebooks');
  });

  it('saves a notebook that runs, whole, and finds it by name in the saved folder', async () => {
    expect(listNotebookFiles(dirs).map((f) => [f.name, f.source])).toEqual([['alpha', 'shipped']]);
    const saved = await saveNotebook(warehouse, { name: ' beta ', text: notebook('Beta').replace(/\n/g, '\r\n') + '\n\n' }, dirs);
    expect(saved).toMatchObject({ file: { name: 'beta', source: 'saved', path: join(dirs.saved, 'beta.md') }, notebook: { name: 'beta', title: 'Beta' }, replaced: false });
    // Line ends as LF, one newline at the end; no temporary file left behind.
    expect(readFileSync(join(dirs.saved, 'beta.md'), 'utf8')).toBe(notebook('Beta'));
    expect(readdirSync(dirs.saved)).toEqual(['beta.md']);
    expect(listNotebookFiles(dirs).map((f) => [f.name, f.source])).toEqual([['alpha', 'shipped'], ['beta', 'saved']]);
    expect(loadNotebookFile(findNotebookFile('beta', dirs)!).title).toBe('Beta');
    expect(findNotebookFile('alpha', dirs)).toMatchObject({ source: 'shipped', path: join(dirs.shipped, 'alpha.md') });
    expect(findNotebookFile('gamma', dirs)).toBeNull();
  });

  it('refuses a shipped name, an existing saved name without "replace", and nothing to save', async () => {
    const refused = (input: Parameters<typeof saveNotebook>[1]) => saveNotebook(warehouse, input, dirs).catch((e: unknown) => e);
    expect(await refused({ name: 'alpha', text: notebook('Mine') })).toMatchObject({ code: 'SHIPPED_NAME', field: 'name', message: "'alpha' is the name of a shipped notebook (notebooks/alpha.md); choose another name" });
    expect(await refused({ name: 'beta', text: notebook('Again') })).toMatchObject({ code: 'EXISTS', field: 'replace', message: `a saved notebook named 'beta' exists already; choose "replace" to overwrite it` });
    expect(await refused({ name: 'Bad', text: notebook('Bad') })).toMatchObject({ code: 'INVALID_NAME' });
    expect(await refused({ name: 'new', text: notebook('New') })).toMatchObject({ code: 'RESERVED_NAME' });
    expect(await refused({ name: 'empty', text: ' \n ' })).toMatchObject({ code: 'EMPTY', field: 'source' });
    expect(await refused({ name: 'beta', text: notebook('Again') })).toBeInstanceOf(NotebookSaveError);
    const replaced = await saveNotebook(warehouse, { name: 'beta', text: notebook('Beta, again'), replace: true }, dirs);
    expect(replaced.replaced).toBe(true);
    expect(loadNotebookFile(findNotebookFile('beta', dirs)!).title).toBe('Beta, again');
  });

  it('writes nothing for a notebook that does not parse or does not run, saying where', async () => {
    const parseError = await saveNotebook(warehouse, { name: 'broken', text: `# Broken\n\n${fence}chart data=nothing\n{}\n${fence}\n` }, dirs).catch((e: unknown) => e);
    expect(parseError).toBeInstanceOf(NotebookError);
    expect(parseError).toMatchObject({ block: 'chart on line 3', field: 'data', line: 3 });
    const runError = await saveNotebook(warehouse, { name: 'broken', text: notebook('Broken', 'select no_such_column from numbers') }, dirs).catch((e: unknown) => e);
    expect(runError).toBeInstanceOf(NotebookError);
    expect(runError).toMatchObject({ block: 'block result (line 3)', line: 3, reason: expect.stringMatching(/no_such_column/) });
    expect(existsSync(join(dirs.saved, 'broken.md'))).toBe(false);
    expect(readdirSync(dirs.saved)).toEqual(['beta.md']);
  });

  it('leaves out a saved notebook a shipped one hides, or one the app could not open by name', () => {
    writeFileSync(join(dirs.saved, 'alpha.md'), notebook('Hidden'));
    writeFileSync(join(dirs.saved, 'Not Valid.md'), notebook('Badly named'));
    expect(listNotebookFiles(dirs).map((f) => [f.name, f.source])).toEqual([['alpha', 'shipped'], ['beta', 'saved']]);
    expect(loadNotebookFile(findNotebookFile('alpha', dirs)!).title).toBe('Alpha');
    rmSync(join(dirs.saved, 'alpha.md'));
    rmSync(join(dirs.saved, 'Not Valid.md'));
  });
});

describe('the new-notebook template', () => {
  it('is a notebook with a parameter, a SQL block, a chart of it and an inline value', () => {
    const parsed = parseNotebook('new-notebook', NEW_NOTEBOOK_TEMPLATE);
    expect(parsed.title).toBe('Revenue by month');
    expect(parsed.params.map((p) => p.name)).toEqual(['from']);
    expect(parsed.blocks.map((b) => b.kind)).toEqual(['prose', 'sql', 'chart', 'prose']);
  });
});

describe('NotebookError.line', () => {
  it('is the line its block starts on, when it says', () => {
    const at = (block: string | null) => new NotebookError({ notebook: 'x.md', block }, 'why').line;
    expect([at('chart on line 40'), at('block top (line 12)'), at('front matter line 3'), at('prose from line 7'), at('front matter'), at(null)]).toEqual([40, 12, 3, 7, null, null]);
  });
});
