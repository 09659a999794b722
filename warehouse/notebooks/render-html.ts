import { COLUMN_CHANNELS, type ChartSpec } from './chart-spec.js';
import { NotebookError } from './errors.js';
import { formatValue, InlineRefError, parseInlineRef, resolveInlineRef } from './inline.js';
import { escapeHtml, markdownToHtml } from './markdown.js';
import { plotChartOptions } from './plot-options.js';
import type { BlockResult, NotebookRun } from './run.js';

/**
 * A notebook run as one self-contained HTML page: prose, result tables and charts, with the
 * Observable Plot and d3 bundles and every chart's rows inlined, so it opens offline (a report
 * to attach to an e-mail). Light or dark follows the reader's prefers-color-scheme.
 *
 * Everything from the notebook or the warehouse is escaped; chart data sits in
 * <script type="application/json"> with '<' escaped, and the only code on the page is the
 * bundles and the fixed script below, which hands each validated spec to Plot.
 */
export interface PlotAssets {
  /** d3's UMD bundle (d3/dist/d3.min.js): Plot's UMD build needs the global d3. */
  d3: string;
  /** @observablehq/plot/dist/plot.umd.min.js */
  plot: string;
}

export interface RenderInfo {
  /** When the report was made, shown in its footer, e.g. 2025-06-30 14:02 UTC. */
  generatedAt: string;
}

export function renderNotebookHtml(run: NotebookRun, assets: PlotAssets, info: RenderInfo): string {
  const { notebook } = run;
  const file = `${notebook.name}.md`;
  const body: string[] = [];
  const charts: string[] = [];
  notebook.blocks.forEach((block) => {
    if (block.kind === 'prose') {
      const inline = (expression: string) => {
        try {
          return resolveInlineRef(parseInlineRef(expression), run.results);
        } catch (error) {
          if (error instanceof InlineRefError) throw new NotebookError({ notebook: file, block: `prose from line ${block.line}`, field: `{{${expression}}}` }, error.message);
          throw error;
        }
      };
      body.push(`<section class="prose">${markdownToHtml(block.markdown, { inline })}</section>`);
    } else if (block.kind === 'sql' || block.kind === 'model') {
      const result = run.results[block.name];
      if (result && block.show) body.push(resultTable(result, block.rows));
    } else {
      const result = run.results[block.data];
      if (!result) return;
      const id = `chart-${charts.length + 1}`;
      const used = chartColumns(block.spec, result.columns.map((c) => c.name));
      const rows = result.rows.map((row) => Object.fromEntries(used.map((name) => [name, row[name]])));
      charts.push(`<script type="application/json" id="${id}">${jsonForScript({ spec: block.spec, columns: result.columns.filter((c) => used.includes(c.name)), rows })}</script>`);
      body.push(
        `<figure class="chart" data-source="${id}">${block.spec.title ? `<h4>${escapeHtml(block.spec.title)}</h4>` : ''}<div class="plot"></div>${
          block.spec.caption ? `<figcaption>${escapeHtml(block.spec.caption)}</figcaption>` : ''
        }<noscript>This chart is drawn by JavaScript; open the report in a web browser to see it.</noscript></figure>`,
      );
    }
  });

  const params = Object.entries(run.params);
  const meta = [
    params.length ? `Parameters: ${params.map(([k, v]) => `<code>${escapeHtml(k)}</code> = ${escapeHtml(String(v.value))}`).join(', ')}` : '',
    notebook.description ? escapeHtml(notebook.description) : '',
  ].filter(Boolean);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="ledgerloop notebook render">
<title>${escapeHtml(notebook.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>${notebook.titleInProse ? '' : `<h1>${escapeHtml(notebook.title)}</h1>`}${meta.map((m) => `<p class="meta">${m}</p>`).join('')}</header>
${body.join('\n')}
<footer>Notebook <code>${escapeHtml(file)}</code>, rendered ${escapeHtml(info.generatedAt)} by <code>ledgerloop notebook render</code> from the warehouse.</footer>
</main>
${charts.join('\n')}
<script>${scriptSafe(assets.d3)}</script>
<script>${scriptSafe(assets.plot)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** The columns a chart draws: only they are inlined into the page. */
export function chartColumns(spec: ChartSpec, columns: readonly string[]): string[] {
  const used = new Set<string>();
  for (const mark of spec.marks) {
    for (const channel of [...COLUMN_CHANNELS, 'fill', 'stroke', 'r'] as const) {
      const value = mark[channel];
      if (typeof value === 'string' && columns.includes(value)) used.add(value);
    }
  }
  return columns.filter((c) => used.has(c));
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

function resultTable(result: BlockResult, limit: number): string {
  const shown = result.rows.slice(0, limit);
  const numeric = result.columns.map((c) => NUMERIC.test(c.type));
  const caption = `<code>${escapeHtml(result.name)}</code>: ${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.rows.length > shown.length ? `, the first ${shown.length} shown` : ''}`;
  const head = result.columns.map((c, k) => `<th${numeric[k] ? ' class="num"' : ''}>${escapeHtml(c.name)}</th>`).join('');
  const rows = shown
    .map((row) => `<tr>${result.columns.map((c, k) => `<td${numeric[k] ? ' class="num"' : ''}>${escapeHtml(cellText(row[c.name]))}</td>`).join('')}</tr>`)
    .join('');
  return `<figure class="result"><figcaption>${caption}</figcaption><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></figure>`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatValue(value, null);
  return formatValue(value, 'text');
}

/** JSON that cannot end the <script> element it sits in. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function scriptSafe(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2330; --muted: #5b6475; --rule: #dde1e8; --stripe: #f5f7fa; --accent: #2f5fb3; --value-bg: #eef3fb; --plot-background: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #14171c; --fg: #e3e6eb; --muted: #9aa3b2; --rule: #2e343e; --stripe: #1b1f26; --accent: #8fb4ff; --value-bg: #1e2a3d; --plot-background: #14171c; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; }
h4 { font-size: 1rem; margin: 0 0 .4rem; }
a { color: var(--accent); }
p.meta { color: var(--muted); margin: .2rem 0; font-size: .9rem; }
code { font: .88em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--stripe); padding: .05em .3em; border-radius: 3px; }
pre { background: var(--stripe); padding: .75rem 1rem; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid var(--accent); background: var(--value-bg); }
blockquote p { margin: .3rem 0; }
.value { font-weight: 600; font-variant-numeric: tabular-nums; }
figure { margin: 1.25rem 0; }
figcaption { color: var(--muted); font-size: .85rem; margin: .3rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .88rem; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-weight: 600; border-bottom: 2px solid var(--rule); white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--stripe); }
td.num, th.num { text-align: right; white-space: nowrap; }
figure.chart svg { max-width: 100%; height: auto; overflow: visible; }
.chart-error { color: #c0392b; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--rule); padding-top: .75rem; }
`;

/**
 * The page's only own code: reads each chart's JSON and draws it with Plot, with the options
 * plotChartOptions gives (its source inlined, so the app's pages and the report draw alike).
 */
const PAGE_SCRIPT = `
(function () {
  var plotChartOptions = ${plotChartOptions.toString()};
  document.querySelectorAll('figure.chart').forEach(function (figure) {
    var target = figure.querySelector('.plot');
    try {
      var payload = JSON.parse(document.getElementById(figure.getAttribute('data-source')).textContent);
      target.appendChild(Plot.plot(plotChartOptions(payload.spec, payload.columns, payload.rows, Plot, target.clientWidth)));
    } catch (error) {
      var p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : String(error));
      target.appendChild(p);
    }
  });
})();
`;
