import { z } from 'zod';

/**
 * A chart block's spec: a declarative subset of Observable Plot's options, as JSON, e.g.
 *
 *   {"marks": [{"type": "barY", "x": "month", "y": "revenue", "tip": true}], "y": {"grid": true}}
 *
 * Each mark draws the rows of the block's `data`; its channels (x, y, fill, …) name columns of
 * those rows. Nothing in a spec is code: the page hands the validated options to Plot as they
 * are, so a spec can only pick marks, columns and scale settings from the lists below.
 */
export const MARK_TYPES = ['barX', 'barY', 'rectX', 'rectY', 'cell', 'dot', 'line', 'lineX', 'lineY', 'areaX', 'areaY', 'ruleX', 'ruleY', 'tickX', 'tickY', 'text'] as const;

/** Channels that must name a column of the data. */
export const COLUMN_CHANNELS = ['x', 'x1', 'x2', 'y', 'y1', 'y2', 'fx', 'fy', 'z', 'text', 'title'] as const;

const column = z.string().min(1);
const colourOrColumn = z.string().min(1);

const Mark = z.strictObject({
  type: z.enum(MARK_TYPES),
  x: column.optional(),
  x1: column.optional(),
  x2: column.optional(),
  y: column.optional(),
  y1: column.optional(),
  y2: column.optional(),
  fx: column.optional(),
  fy: column.optional(),
  z: column.optional(),
  text: column.optional(),
  title: column.optional(),
  fill: colourOrColumn.optional(),
  stroke: colourOrColumn.optional(),
  r: z.union([column, z.number().positive().max(100)]).optional(),
  opacity: z.number().min(0).max(1).optional(),
  fillOpacity: z.number().min(0).max(1).optional(),
  strokeWidth: z.number().positive().max(20).optional(),
  strokeDasharray: z.string().regex(/^[\d ,.]+$/).optional(),
  tip: z.boolean().optional(),
  /** Ordinal domain sort, as Plot's `sort` option: e.g. {"y": "-x"} sorts the y bands by descending x. */
  sort: z.strictObject({ x: z.string().optional(), y: z.string().optional(), fx: z.string().optional(), fy: z.string().optional(), reverse: z.boolean().optional(), limit: z.number().int().positive().optional() }).optional(),
  /** Constant positions instead of rows, for rules: e.g. {"type": "ruleY", "values": [0]}. */
  values: z.array(z.number()).min(1).max(100).optional(),
});

const Scale = z.strictObject({
  label: z.string().nullable().optional(),
  grid: z.boolean().optional(),
  type: z.enum(['linear', 'log', 'sqrt', 'symlog', 'time', 'utc', 'band', 'point', 'ordinal']).optional(),
  tickFormat: z.string().max(20).optional(),
  tickRotate: z.number().min(-90).max(90).optional(),
  domain: z.array(z.union([z.number(), z.string(), z.boolean()])).max(100).optional(),
  /** Colours for a categorical colour scale's domain, in order. */
  range: z.array(z.string().regex(/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)$/)).max(20).optional(),
  nice: z.boolean().optional(),
  zero: z.boolean().optional(),
  percent: z.boolean().optional(),
  reverse: z.boolean().optional(),
  legend: z.boolean().optional(),
  scheme: z.string().regex(/^[a-zA-Z0-9]+$/).optional(),
});

export const ChartSpec = z.strictObject({
  title: z.string().optional(),
  caption: z.string().optional(),
  marks: z.array(Mark).min(1).max(20),
  x: Scale.optional(),
  y: Scale.optional(),
  fx: Scale.optional(),
  fy: Scale.optional(),
  color: Scale.optional(),
  r: Scale.optional(),
  grid: z.boolean().optional(),
  height: z.number().int().min(80).max(2000).optional(),
  marginLeft: z.number().int().min(0).max(400).optional(),
  marginRight: z.number().int().min(0).max(400).optional(),
  marginTop: z.number().int().min(0).max(400).optional(),
  marginBottom: z.number().int().min(0).max(400).optional(),
});

export type ChartSpec = z.infer<typeof ChartSpec>;
export type ChartMark = ChartSpec['marks'][number];

export interface SpecProblem {
  field: string;
  message: string;
}

/** Parses and validates a chart block's body; problems name the field (e.g. marks[0].type). */
export function parseChartSpec(body: string): { spec: ChartSpec } | { problems: SpecProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { problems: [{ field: '(body)', message: `the chart spec is not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = ChartSpec.safeParse(json);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path) || '(spec)', message: issue.message })) };
  }
  const problems: SpecProblem[] = [];
  parsed.data.marks.forEach((mark, i) => {
    if (mark.values && mark.type !== 'ruleX' && mark.type !== 'ruleY') problems.push({ field: `marks[${i}].values`, message: `only ruleX and ruleY take constant values, not ${mark.type}` });
    if (mark.values && COLUMN_CHANNELS.some((c) => mark[c] !== undefined)) problems.push({ field: `marks[${i}].values`, message: 'a mark drawing constant values takes no column channels' });
  });
  return problems.length > 0 ? { problems } : { spec: parsed.data };
}

/** Checks that every channel names one of `columns` (fill and stroke may be a colour instead). */
export function checkChartColumns(spec: ChartSpec, columns: readonly string[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const known = new Set(columns);
  const listed = columns.length > 0 ? columns.join(', ') : 'none';
  spec.marks.forEach((mark, i) => {
    if (mark.values) return;
    for (const channel of COLUMN_CHANNELS) {
      const name = mark[channel];
      if (name !== undefined && !known.has(name)) problems.push({ field: `marks[${i}].${channel}`, message: `no column '${name}' in the data (its columns: ${listed})` });
    }
    if (typeof mark.r === 'string' && !known.has(mark.r)) problems.push({ field: `marks[${i}].r`, message: `no column '${mark.r}' in the data (its columns: ${listed})` });
    for (const channel of ['fill', 'stroke'] as const) {
      const value = mark[channel];
      if (value !== undefined && !known.has(value) && !isColour(value)) {
        problems.push({ field: `marks[${i}].${channel}`, message: `'${value}' is neither a column of the data (${listed}) nor a colour` });
      }
    }
  });
  return problems;
}

/** Colours a mark may use instead of a column: hex, rgb()/hsl(), or one of these names (a short list, so a misspelt column is not taken for a colour). */
export const COLOUR_NAMES = ['currentColor', 'none', 'black', 'white', 'gray', 'grey', 'lightgray', 'darkgray', 'slategray', 'steelblue', 'royalblue', 'navy', 'teal', 'seagreen', 'green', 'olive', 'goldenrod', 'orange', 'darkorange', 'tomato', 'red', 'firebrick', 'crimson', 'purple', 'orchid'];

function isColour(value: string): boolean {
  return /^#[0-9a-f]{3,8}$/i.test(value) || COLOUR_NAMES.includes(value) || /^(rgb|hsl)a?\([\d\s.,%]+\)$/i.test(value);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
