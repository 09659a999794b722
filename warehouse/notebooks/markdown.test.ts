import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown.js';

describe('markdownToHtml', () => {
  it('renders headings, paragraphs, lists, emphasis, code, quotes, rules and tables', () => {
    const html = markdownToHtml(['# Title', '', 'Some **bold** and *em* and `co<de>`', 'on two lines.', '', '- one', '- two', '', '1. first', '2. second', '', '> quoted', '', '---', '', '| a | b |', '|---|--:|', '| 1 | 2 |'].join('\n'));
    expect(html).toBe(
      [
        '<h1>Title</h1>',
        '<p>Some <strong>bold</strong> and <em>em</em> and <code>co&lt;de&gt;</code> on two lines.</p>',
        '<ul><li>one</li><li>two</li></ul>',
        '<ol><li>first</li><li>second</li></ol>',
        '<blockquote><p>quoted</p></blockquote>',
        '<hr>',
        '<table><thead><tr><th>a</th><th style="text-align:right">b</th></tr></thead><tbody><tr><td>1</td><td style="text-align:right">2</td></tr></tbody></table>',
      ].join('\n'),
    );
  });

  it('escapes raw HTML and refuses links that are not http, https or mailto', () => {
    const html = markdownToHtml('<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com/?a=1&b="2")');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<a href="https://example.com/?a=1&amp;b=&amp;quot;2&amp;quot;">ok</a>');
  });

  it('escapes inline values and does not read markup in them', () => {
    const html = markdownToHtml('Best: {{ v }}, code `{{ v }}`.', { inline: () => '<b>*Acme*</b>' });
    expect(html).toBe('<p>Best: <span class="value">&lt;b&gt;*Acme*&lt;/b&gt;</span>, code <code>{{ v }}</code>.</p>');
  });

  it('escapes fenced code', () => {
    expect(markdownToHtml('```sql\nselect 1 < 2\n```')).toBe('<pre><code class="language-sql">select 1 &lt; 2</code></pre>');
  });
});
