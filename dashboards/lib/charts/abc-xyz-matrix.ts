import * as Plot from '@observablehq/plot';

export interface AbcXyzCell { abc: string; xyz: string; items: number; consumption: number; consumption_share: number }

export const ABC = ['A', 'B', 'C'] as const;
export const XYZ = ['X', 'Y', 'Z', 'none'] as const;

/**
 * The ABC×XYZ matrix: consumption-value class down, demand-variability class across, each cell
 * shaded by its share of consumption value and labelled with its items. `selected` (the
 * cross-filter in the URL) is outlined; a cell's datum is its row.
 */
export function abcXyzMatrix(cells: readonly AbcXyzCell[], { width, height, money, selected }: { width: number; height: number; money: (minor: number) => string; selected: { abc: string | null; xyz: string | null } }): Element {
  const isSelected = (d: AbcXyzCell) => (selected.abc !== null || selected.xyz !== null) && (selected.abc === null || d.abc === selected.abc) && (selected.xyz === null || d.xyz === selected.xyz);
  const max = Math.max(0.01, ...cells.map((c) => c.consumption_share));
  return Plot.plot({
    width, height, marginLeft: 40, marginTop: 28, marginBottom: 8,
    x: { axis: 'top', label: 'demand variability (X steady … Z erratic)', domain: XYZ, padding: 0.05 },
    y: { label: 'consumption value', domain: ABC, padding: 0.05 },
    // Shade by opacity of the theme's accent: a colour scale cannot interpolate CSS variables.
    opacity: { type: 'sqrt', domain: [0, max], range: [0.06, 0.9] },
    marks: [
      Plot.cell(cells, {
        x: 'xyz', y: 'abc', fill: 'var(--accent)', fillOpacity: 'consumption_share', inset: 1,
        stroke: (d: AbcXyzCell) => (isSelected(d) ? 'currentColor' : 'var(--border)'), strokeWidth: (d: AbcXyzCell) => (isSelected(d) ? 3 : 1),
        channels: { items: 'items', 'consumption value': (d: AbcXyzCell) => money(d.consumption) },
        tip: { format: { fillOpacity: (v: number) => `${(v * 100).toFixed(1)}% of consumption`, x: true, y: true, stroke: false, strokeWidth: false } },
      } as Plot.CellOptions),
      Plot.text(cells, { x: 'xyz', y: 'abc', text: (d: AbcXyzCell) => `${d.abc}${d.xyz === 'none' ? '·' : d.xyz}\n${d.items} items\n${(d.consumption_share * 100).toFixed(1)}%`, fontSize: 11, lineHeight: 1.2,
        // The page's background colour on the strongly shaded cells, its text colour on the rest.
        fill: (d: AbcXyzCell) => (Math.sqrt(d.consumption_share / max) > 0.55 ? 'var(--surface)' : 'currentColor') }),
    ],
  });
}
