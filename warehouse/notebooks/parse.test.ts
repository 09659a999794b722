import { describe, expect, it } from 'vitest';
import { NotebookError } from './errors.js';
import { parseNotebook } from './parse.js';

const fence = '```';
const nb = (...lines: string[]) => lines.join('\n');

function error(text: string): NotebookError {
  try {
    parseNotebook('t', text);
  } catch (e) {
    if (e instanceof NotebookError) return e;
    throw e;
  }
  throw new Error('expected a NotebookError');
}

describe('parseNotebook', () => {
  it('reads front matter, parameters, SQL and chart blocks and prose in order', () => {
    const parsed = parseNotebook(
      'top',
      nb(
        '---',
        'title: Top customers',
        'description: Who buys most.',
        'params: region:text=ALL, from:date=2025-01-01',
        '---',
        'Intro {{ top.0.name }}.',
        `${fence}sql name=top params="n:integer=5" rows=3`,
        'select name from x where region = $region limit $n',
        fence,
        `${fence}chart data=top`,
        '{"marks": [{"type": "barX", "x": "revenue", "y": "name"}], "y": {"grid": true}}',
        fence,
        `${fence}sql name=hidden show=false params="n:integer=5"`,
        'select 1 as one',
        fence,
        'Outro.',
      ),
    );
    expect(parsed).toMatchObject({ name: 'top', title: 'Top customers', titleInProse: false, description: 'Who buys most.' });
    expect(parsed.params).toEqual([
      { name: 'region', type: 'text', default: 'ALL', description: '' },
      { name: 'from', type: 'date', default: '2025-01-01', description: '' },
      { name: 'n', type: 'integer', default: '5', description: '' },
    ]);
    expect(parsed.blocks.map((b) => [b.kind, b.line])).toEqual([['prose', 6], ['sql', 7], ['chart', 10], ['sql', 13], ['prose', 16]]);
    expect(parsed.blocks[1]).toEqual({ kind: 'sql', name: 'top', sql: 'select name from x where region = $region limit $n', query: null, show: true, rows: 3, line: 7 });
    expect(parsed.blocks[2]).toMatchObject({ kind: 'chart', data: 'top', spec: { marks: [{ type: 'barX', x: 'revenue', y: 'name' }], y: { grid: true } } });
    expect(parsed.blocks[3]).toMatchObject({ name: 'hidden', show: false, rows: 20 });
  });

  it('takes the first heading as the title without front matter, and leaves other code fences in the prose', () => {
    const parsed = parseNotebook('h', nb('# Sales review', '', '~~~text', '```sql name=not_a_block', '~~~', `${fence}sql name=a`, 'select 1', fence));
    expect(parsed).toMatchObject({ title: 'Sales review', titleInProse: true, params: [] });
    expect(parsed.blocks.map((b) => b.kind)).toEqual(['prose', 'sql']);
    expect((parsed.blocks[0] as { markdown: string }).markdown).toContain('```sql name=not_a_block');
  });

  it.each([
    ['no title', nb('Just text.'), { block: null, field: 'title' }, /no title/],
    ['unclosed front matter', nb('---', 'title: x'), { block: 'front matter' }, /never closed/],
    ['unknown front matter key', nb('---', 'author: me', '---', '# T'), { field: 'author' }, /unknown key 'author'/],
    ['unreadable front matter line', nb('---', 'just words', '---', '# T'), { block: 'front matter line 2' }, /write key: value/],
    ['unclosed block', nb('# T', `${fence}sql name=a`, 'select 1'), { block: 'sql block on line 2' }, /never closed/],
    ['unclosed prose fence', nb('# T', '~~~', 'code'), { block: 'code on line 2' }, /never closed/],
    ['SQL block without a name', nb('# T', `${fence}sql`, 'select 1', fence), { field: 'name' }, /needs a name/],
    ['bad block name', nb('# T', `${fence}sql name=Top-1`, 'select 1', fence), { field: 'name' }, /not a valid block name/],
    ['duplicate block name', nb('# T', `${fence}sql name=a`, 'select 1', fence, `${fence}sql name=a`, 'select 2', fence), { block: 'sql block on line 5', field: 'name' }, /already defined/],
    ['unknown block setting', nb('# T', `${fence}sql name=a limit=3`, 'select 1', fence), { field: 'limit' }, /unknown setting 'limit'/],
    ['unreadable block header', nb('# T', `${fence}sql name=a "oops"`, 'select 1', fence), { block: 'sql block on line 2' }, /cannot read/],
    ['setting given twice', nb('# T', `${fence}sql name=a name=b`, 'select 1', fence), { field: 'name' }, /given twice/],
    ['bad show', nb('# T', `${fence}sql name=a show=maybe`, 'select 1', fence), { block: 'block a (line 2)', field: 'show' }, /true or false/],
    ['bad rows', nb('# T', `${fence}sql name=a rows=0`, 'select 1', fence), { field: 'rows' }, /whole number/],
    ['empty SQL', nb('# T', `${fence}sql name=a`, '  ', fence), { block: 'block a (line 2)' }, /empty/],
    ['unreadable parameter', nb('# T', `${fence}sql name=a params="region"`, 'select 1', fence), { field: 'params' }, /name:date\|integer\|text/],
    ['bad integer default', nb('# T', `${fence}sql name=a params="n:integer=ten"`, 'select 1', fence), { field: 'params.n' }, /whole number/],
    ['bad date default', nb('# T', `${fence}sql name=a params="d:date=2025-02-30"`, 'select 1', fence), { field: 'params.d' }, /YYYY-MM-DD/],
    ['conflicting parameter', nb('---', 'params: n:integer=1', '---', '# T', `${fence}sql name=a params="n:integer=2"`, 'select 1', fence), { field: 'params.n' }, /declared again/],
    ['chart without data', nb('# T', `${fence}chart`, '{}', fence), { block: 'chart on line 2', field: 'data' }, /needs data=NAME/],
    ['chart of a block below it', nb('# T', `${fence}chart data=a`, '{"marks":[{"type":"dot"}]}', fence, `${fence}sql name=a`, 'select 1', fence), { field: 'data' }, /no SQL block named 'a' above/],
    ['chart that is not JSON', nb('# T', `${fence}sql name=a`, 'select 1', fence, `${fence}chart data=a`, '{marks: []}', fence), { field: '(body)' }, /not valid JSON/],
    ['unknown mark type', nb('# T', `${fence}sql name=a`, 'select 1', fence, `${fence}chart data=a`, '{"marks":[{"type":"pie","x":"a"}]}', fence), { field: 'marks[0].type' }, /Invalid option/],
    ['unknown chart option', nb('# T', `${fence}sql name=a`, 'select 1', fence, `${fence}chart data=a`, '{"marks":[{"type":"dot"}],"render":"x"}', fence), { field: '(spec)' }, /render/],
    ['no marks', nb('# T', `${fence}sql name=a`, 'select 1', fence, `${fence}chart data=a`, '{"marks":[]}', fence), { field: 'marks' }, /at least 1|>=1/],
    ['constant values on a bar', nb('# T', `${fence}sql name=a`, 'select 1', fence, `${fence}chart data=a`, '{"marks":[{"type":"barY","values":[1]}]}', fence), { field: 'marks[0].values' }, /only ruleX and ruleY/],
    ['inline value of an unknown block', nb('# T', 'See {{ nope.0.x }}.'), { block: 'prose from line 1', field: '{{ nope.0.x }}' }, /no SQL block named 'nope'/],
    ['unreadable inline value', nb('# T', `${fence}sql name=a`, 'select 1', fence, 'See {{ a.x }}.'), { field: '{{ a.x }}' }, /cannot read/],
    ['unknown inline format', nb('# T', `${fence}sql name=a`, 'select 1 as x', fence, 'See {{ a.0.x | euros }}.'), { field: '{{ a.0.x | euros }}' }, /unknown format 'euros'/],
  ])('refuses %s, naming where', (_, text, where, message) => {
    const e = error(text);
    expect(e).toMatchObject({ notebook: 't.md', ...where });
    expect(e.reason).toMatch(message);
    expect(e.message.startsWith('t.md')).toBe(true);
  });

  it('leaves inline braces in code alone', () => {
    expect(() => parseNotebook('c', nb('# T', 'Write `{{ block.0.column }}` to show a value.', '', '```', '{{ x.0.y }}', '```'))).not.toThrow();
  });
});
