/**
 * A small Markdown to HTML for notebook prose: headings, paragraphs, lists (one level,
 * bulleted or numbered), block quotes, rules, fenced code, pipe tables, and inline **strong**,
 * *emphasis*, `code` and [links](https://…). Everything else is text, escaped: no raw HTML
 * passes through, and links only to http, https and mailto addresses.
 *
 * `{{ … }}` in text is handed to `inline`, whose answer is escaped and put in its place.
 */
export interface MarkdownOptions {
  inline?: (expression: string) => string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function markdownToHtml(markdown: string, options: MarkdownOptions = {}): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const text = (s: string) => inlineHtml(s, options);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s*(```|~~~)\s*([\w-]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(fence[1]!)) body.push(lines[i++]!);
      i++;
      out.push(`<pre><code${fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : ''}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      out.push(`<h${level}>${text(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^\s*>\s?/, ''));
      out.push(`<blockquote>${markdownToHtml(quoted.join('\n'), options)}</blockquote>`);
      continue;
    }
    const listKind = listItem(line);
    if (listKind) {
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '') {
        const item = listItem(lines[i]!);
        if (item && item.kind === listKind.kind) items.push(item.text);
        else if (item || items.length === 0) break;
        else items[items.length - 1] += ` ${lines[i]!.trim()}`;
        i++;
      }
      const tag = listKind.kind === 'ol' ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((item) => `<li>${text(item)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (isTableRow(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(lines[i + 1]!)) {
      const header = cells(line);
      const aligns = cells(lines[i + 1]!).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : null));
      i += 2;
      const body: string[][] = [];
      while (i < lines.length && isTableRow(lines[i]!)) body.push(cells(lines[i++]!));
      const cell = (tag: string, c: string, k: number) => `<${tag}${aligns[k] ? ` style="text-align:${aligns[k]}"` : ''}>${text(c)}</${tag}>`;
      out.push(
        `<table><thead><tr>${header.map((c, k) => cell('th', c, k)).join('')}</tr></thead><tbody>${body
          .map((row) => `<tr>${header.map((_, k) => cell('td', row[k] ?? '', k)).join('')}</tr>`)
          .join('')}</tbody></table>`,
      );
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) paragraph.push(lines[i++]!.trim());
    if (paragraph.length === 0) paragraph.push(lines[i++]!.trim());
    out.push(`<p>${text(paragraph.join('\n'))}</p>`);
  }
  return out.join('\n');
}

function listItem(line: string): { kind: 'ul' | 'ol'; text: string } | null {
  const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
  if (bullet) return { kind: 'ul', text: bullet[1]! };
  const numbered = /^\s*\d{1,9}[.)]\s+(.*)$/.exec(line);
  return numbered ? { kind: 'ol', text: numbered[1]! } : null;
}

function isTableRow(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line);
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

function startsBlock(line: string): boolean {
  return /^(#{1,6}\s|\s*(```|~~~)|\s*>|\s*[-*+]\s|\s*\d{1,9}[.)]\s)/.test(line) || /^\s*([-*_])(\s*\1){2,}\s*$/.test(line);
}

/**
 * Inline markup. Code spans and inline values are cut out first (their text is literal), the
 * rest escaped, then emphasis and links marked up on the escaped text, then the cut-out parts
 * put back: so nothing from the source or from a value can open a tag.
 */
function inlineHtml(source: string, options: MarkdownOptions): string {
  const held: string[] = [];
  const hold = (html: string) => `\u0000${held.push(html) - 1}\u0000`;
  let text = source.replace(/\u0000/g, '');
  text = text.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  text = text.replace(/\{\{([^{}]*)\}\}/g, (whole, expression: string) => hold(options.inline ? `<span class="value">${escapeHtml(options.inline(expression))}</span>` : escapeHtml(whole)));
  let html = escapeHtml(text);
  html = html.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (whole, label: string, href: string) => {
    const url = href.replace(/&amp;/g, '&');
    return /^(https?:\/\/|mailto:)/i.test(url) ? `<a href="${escapeHtml(url)}">${label}</a>` : whole;
  });
  html = html.replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>').replace(/__(?=\S)([^_]*?\S)__/g, '<strong>$1</strong>');
  html = html.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1<em>$2</em>').replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  html = html.replace(/\n/g, ' ');
  return html.replace(/\u0000(\d+)\u0000/g, (_, k: string) => held[Number(k)]!);
}
