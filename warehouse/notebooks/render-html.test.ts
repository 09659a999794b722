import { describe, expect, it } from 'vitest';
import { parseNotebook } from './parse.js';
import { jsonForScript, renderNotebookHtml } from './render-html.js';
import type { NotebookRun } from './run.js';

const fence = '```';

describe('renderNotebookHtml', () => {
  const notebook = parseNotebook(
    'r',
    ['# Report <1>', `${fence}sql name=t rows=1`, 'select 1', fence, `${fence}chart data=t`, '{"marks":[{"type":"barY","x":"name","y":"v"}],"title":"T </script>"}', fence, 'Top: {{ t.0.name }}.'].join('\n'),
  );
  const run: NotebookRun = {
    notebook,
    params: {},
    problems: [],
    results: { t: { name: 't', columns: [{ name: 'name', type: 'VARCHAR' }, { name: 'v', type: 'BIGINT' }, { name: 'unused', type: 'VARCHAR' }], rows: [{ name: '</script><b>x', v: 1234567, unused: 'big' }, { name: 'b', v: 2, unused: 'big' }] } },
  };
  const html = renderNotebookHtml(run, { d3: '/*d3*/', plot: '/*plot*/ "</script>"' }, { generatedAt: '2025-01-01 00:00 UTC' });

  it('escapes everything from the notebook and the data, in text and in the inlined JSON', () => {
    expect(html).toContain('<title>Report &lt;1&gt;</title>');
    expect(html).toContain('<span class="value">&lt;/script&gt;&lt;b&gt;x</span>');
    expect(html.match(/<\/script>/g)).toHaveLength(4); // the chart's JSON, d3, Plot and the page script
    expect(html).toContain('/*plot*/ "<\\/script>"');
    expect(jsonForScript({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}');
  });

  it('shows at most `rows` rows of a result, numbers grouped, and inlines only the columns a chart draws', () => {
    expect(html).toContain('<code>t</code>: 2 rows, the first 1 shown');
    expect(html).toContain('<td class="num">1,234,567</td>');
    expect(html).not.toContain('<td>b</td>');
    expect(html).toContain('"columns":[{"name":"name","type":"VARCHAR"},{"name":"v","type":"BIGINT"}]');
    expect(html).not.toContain('"unused"');
  });
});
