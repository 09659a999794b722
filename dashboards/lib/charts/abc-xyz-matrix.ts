import * as Plot from '@observablehq/plot';

export interface AbcXyzCell { abc: string; xyz: string; items: number; consumption: number; consumption_share: number }

export const ABC = ['A', 'B', 'C'] as const;
export const XYZ = ['X', 'Y', 'Z', 'none'] as const;
const ABC_LABELS: Record<string, string> = { A: 'A · top 80%', B: 'B · next 15%', C: 'C · last 5%' };
const XYZ_LABELS: Record<string, string> = { X: 'X · steady', Y: 'Y · variable', Z: 'Z · erratic', none: '· too little demand' };

/**
 * The ABC×XYZ matrix: consumption-value class down, demand-variability class across, each cell
 * shaded by its share of consumption value and labelled with its items. `selected` (the
 * cross-filter in the URL) is outlined; a cell's datum is its row.
 */
export function abcXyzMatrix(cells: readonly AbcXyzCell[], { width, height, money, selected }: { width: number; height: number; money: (minor: number) => string; selected: { abc: string | null; xyz: string | null } }): Element {
  const isSelected = (d: AbcXyzCell) => (selected.abc !== null || selected.xyz !== null) && (selected.abc === null || d.abc === selected.abc) && (selected.xyz === null || d.xyz === selected.xyz);
  const max = Math.max(0.01, ...cells.map((c) => c.consumption_share));
  // Shaded by the opacity of the theme's accent (a colour scale cannot interpolate CSS
  // variables), square-root scaled so the small cells still show; given as literal opacities.
  const shade = (d: AbcXyzCell) => Math.sqrt(d.consumption_share / max);
  return Plot.plot({
    width, height, marginLeft: 78, marginTop: 24, marginBottom: 8,
    x: { axis: 'top', label: null, domain: XYZ, padding: 0.05, tickFormat: (c: string) => XYZ_LABELS[c] ?? c },
    y: { label: null, domain: ABC, padding: 0.05, tickFormat: (c: string) => ABC_LABELS[c] ?? c },
    marks: [
      Plot.cell(cells, {
        x: 'xyz', y: 'abc', fill: 'var(--accent)', fillOpacity: (d: AbcXyzCell) => 0.06 + 0.84 * shade(d), inset: 1,
        stroke: (d: AbcXyzCell) => (isSelected(d) ? 'currentColor' : 'var(--border)'), strokeWidth: (d: AbcXyzCell) => (isSelected(d) ? 3 : 1),
        channels: { items: 'items', 'consumption value': (d: AbcXyzCell) => money(d.consumption), share: (d: AbcXyzCell) => `${(d.consumption_share * 100).toFixed(1)}%` },
        tip: { format: { x: true, y: true, fillOpacity: false, stroke: false, strokeWidth: false } },
      } as Plot.CellOptions),
      Plot.text(cells, { x: 'xyz', y: 'abc', text: (d: AbcXyzCell) => `${d.abc}${d.xyz === 'none' ? '·' : d.xyz}\n${d.items} ${d.items === 1 ? 'item' : 'items'}\n${(d.consumption_share * 100).toFixed(1)}%`, fontSize: 11, lineHeight: 1.2, pointerEvents: 'none',
        // The page's background colour on the strongly shaded cells, its text colour on the rest.
        fill: (d: AbcXyzCell) => (shade(d) > 0.6 ? 'var(--surface)' : 'currentColor') }),
    ],
  });
}
