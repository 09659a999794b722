/**
 * Multi-start Nelder–Mead. Mixture likelihoods such as BG/NBD have long curved ridges
 * (r and alpha trade off almost exactly) where a single simplex can stall far from the
 * optimum; several starts guard against a bad basin, and a final restart from the best
 * point with a fresh small simplex guards against the premature collapse Nelder–Mead is
 * known for.
 */
import { nelderMead } from '../numeric/nelder-mead.js';

export interface MultiStartResult {
  x: number[];
  value: number;
  converged: boolean;
  /** Evaluations of f itself (exploration with `explore` is not counted). */
  evaluations: number;
}

export interface MultiStartOptions {
  /** Iteration cap for each exploratory run. */
  maxIterations?: number;
  /** Relative tolerance of the exploratory runs (the polish uses 1e-12). */
  tolerance?: number;
  /**
   * A cheaper approximation of f used only to choose the basin (e.g. the likelihood of
   * coarsened data). The polish always minimises f itself, so the answer is f's optimum.
   */
  explore?: (x: readonly number[]) => number;
}

export function minimiseFromStarts(
  f: (x: readonly number[]) => number,
  starts: readonly (readonly number[])[],
  options: MultiStartOptions = {},
): MultiStartResult {
  if (starts.length === 0) throw new Error('minimiseFromStarts: at least one starting point is required');
  let evaluations = 0;
  const counted = (x: readonly number[]) => {
    evaluations++;
    return f(x);
  };
  const exploreWith = options.explore ?? counted;
  let best: { x: number[]; value: number } | undefined;
  for (const start of starts) {
    const run = nelderMead(exploreWith, start, {
      step: 0.5,
      maxIterations: options.maxIterations ?? 1500,
      tolerance: options.tolerance ?? 1e-9,
    });
    if (best === undefined || run.value < best.value) best = { x: run.x, value: run.value };
  }
  // Polish: restart until a restart no longer improves the optimum (usually 1-2 rounds).
  let current = { x: best!.x, value: counted(best!.x) };
  let converged = false;
  for (let round = 0; round < 5; round++) {
    const run = nelderMead(counted, current.x, { step: 0.05, maxIterations: 2000, tolerance: 1e-12 });
    const improvement = current.value - run.value;
    if (run.value < current.value) current = { x: run.x, value: run.value };
    if (run.converged && improvement <= 1e-9 * (1 + Math.abs(current.value))) {
      converged = true;
      break;
    }
  }
  return { x: current.x, value: current.value, converged: converged && Number.isFinite(current.value), evaluations };
}
