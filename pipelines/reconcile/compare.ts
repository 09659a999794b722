/**
 * Reconciliation: the same figures computed in Postgres (in the run's own snapshot) and in the
 * warehouse the run built. Any difference fails the run, naming each figure.
 */
export type Figures = ReadonlyMap<string, number>;

export interface Mismatch {
  figure: string;
  postgres: number;
  warehouse: number;
}

export interface Reconciliation {
  checked: number;
  mismatches: Mismatch[];
}

/** Compares every figure either side has; a figure one side lacks counts as 0 there (an account without lines). */
export function compareFigures(postgres: Figures, warehouse: Figures): Reconciliation {
  const names = [...new Set([...postgres.keys(), ...warehouse.keys()])].sort();
  const mismatches = names
    .map((figure) => ({ figure, postgres: postgres.get(figure) ?? 0, warehouse: warehouse.get(figure) ?? 0 }))
    .filter((m) => m.postgres !== m.warehouse);
  return { checked: names.length, mismatches };
}

export class ReconciliationError extends Error {
  override readonly name = 'ReconciliationError';
  constructor(readonly mismatches: Mismatch[]) {
    const shown = mismatches.slice(0, 5).map((m) => `${m.figure}: warehouse ${m.warehouse} ≠ postgres ${m.postgres}`);
    super(`reconciliation failed: ${shown.join('; ')}${mismatches.length > 5 ? `; and ${mismatches.length - 5} more` : ''}`);
  }
}
