/**
 * Reconciliation: figures computed by the warehouse against the same figures computed where
 * they come from — in Postgres, in the run's own snapshot, or, for a cross-check between facts,
 * in the warehouse's ledger. Any difference fails the run, naming each figure.
 */
export type Figures = ReadonlyMap<string, number>;

/** Where the expected figure came from. */
export type FigureSource = 'postgres' | 'ledger';

export interface Mismatch {
  figure: string;
  warehouse: number;
  expected: number;
  source: FigureSource;
}

export interface Reconciliation {
  checked: number;
  mismatches: Mismatch[];
}

/** Compares every figure either side has; a figure one side lacks counts as 0 there (an account without lines). */
export function compareFigures(expected: Figures, warehouse: Figures, source: FigureSource = 'postgres'): Reconciliation {
  const names = [...new Set([...expected.keys(), ...warehouse.keys()])].sort();
  const mismatches = names
    .map((figure) => ({ figure, warehouse: warehouse.get(figure) ?? 0, expected: expected.get(figure) ?? 0, source }))
    .filter((m) => m.expected !== m.warehouse);
  return { checked: names.length, mismatches };
}

export class ReconciliationError extends Error {
  override readonly name = 'ReconciliationError';
  constructor(readonly mismatches: Mismatch[]) {
    const shown = mismatches.slice(0, 5).map((m) => `${m.figure}: warehouse ${m.warehouse} ≠ ${m.source} ${m.expected}`);
    super(`reconciliation failed: ${shown.join('; ')}${mismatches.length > 5 ? `; and ${mismatches.length - 5} more` : ''}`);
  }
}
