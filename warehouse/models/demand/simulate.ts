import { gamma, lognormal, mulberry32, normal } from './prng.js';
import type { Rng } from './prng.js';

/**
 * Deterministic synthetic weekly demand for tests and benchmarks. Each generator
 * takes a seed, so a failing test can be replayed exactly. The four SBC patterns are
 * generated well inside their classification regions (by default), so a correct
 * classifier should recover most of them; sampling noise puts some across a line.
 */
export { mulberry32 } from './prng.js';

export type SimulatedPattern = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

export interface DemandProcess {
  /** Probability of demand in a week (ADI ≈ 1/probability). */
  probability: number;
  /** Mean of the non-zero demand size. */
  meanSize: number;
  /** Squared coefficient of variation of the demand size. */
  cv2: number;
}

/**
 * Default processes: ADI 1 vs ≈ 3.3 (cut-off 1.32) and size CV² 0.1–0.15 vs 1.5–2
 * (cut-off 0.49). Sizes are whole units, at least 1 in a demand week.
 */
export const PATTERN_PROCESSES: Record<SimulatedPattern, DemandProcess> = {
  smooth: { probability: 1, meanSize: 60, cv2: 0.1 },
  erratic: { probability: 1, meanSize: 60, cv2: 1.5 },
  intermittent: { probability: 0.3, meanSize: 12, cv2: 0.15 },
  lumpy: { probability: 0.3, meanSize: 12, cv2: 2 },
};

/**
 * Bernoulli-occurrence, random-size demand: each week has demand with the given
 * probability; sizes are Gamma (CV² < 1, light-tailed) or log-normal (CV² ≥ 1,
 * the heavy tail typical of lumpy items), rounded to whole units, at least 1.
 */
export function simulateProcess(process: DemandProcess, weeks: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const out = new Array<number>(weeks);
  for (let t = 0; t < weeks; t++) {
    out[t] = rng() < process.probability ? drawSize(rng, process) : 0;
  }
  return out;
}

/** A series of the given SBC pattern with the default process for it (see `PATTERN_PROCESSES`). */
export function simulateDemand(pattern: SimulatedPattern, weeks: number, seed: number): number[] {
  return simulateProcess(PATTERN_PROCESSES[pattern], weeks, seed);
}

function drawSize(rng: Rng, p: DemandProcess): number {
  const raw = p.cv2 < 1 ? (gamma(rng, 1 / p.cv2) * p.meanSize * p.cv2) : lognormal(rng, p.meanSize, p.cv2);
  return Math.max(1, Math.round(raw));
}

export interface SeasonalTrendOptions {
  level: number;
  /** Added per week. */
  slope: number;
  /** Seasonal amplitude: in units (additive) or as a fraction of the trend (multiplicative). */
  amplitude: number;
  noiseSd: number;
  period?: number;
  multiplicative?: boolean;
}

/**
 * Trend + sinusoidal week-of-year season + Gaussian noise, floored at 0 (not rounded,
 * so models can be checked against the exact generating values).
 *   additive:        (level + slope·t) + amplitude·sin(2πt/m) + ε
 *   multiplicative:  (level + slope·t)·(1 + amplitude·sin(2πt/m)) + ε
 */
export function simulateSeasonalTrend(weeks: number, seed: number, o: SeasonalTrendOptions): number[] {
  const rng = mulberry32(seed);
  const m = o.period ?? 52;
  return Array.from({ length: weeks }, (_, t) => {
    const trend = o.level + o.slope * t;
    const wave = Math.sin((2 * Math.PI * t) / m);
    const mean = o.multiplicative ? trend * (1 + o.amplitude * wave) : trend + o.amplitude * wave;
    return Math.max(0, mean + o.noiseSd * normal(rng));
  });
}

/**
 * A mixed portfolio like a real catalogue, for throughput tests: per series one of
 * the four patterns (a quarter each, by index), with the mean size varied per
 * series; every fifth smooth series gets a trend and a season instead.
 */
export function simulatePortfolio(count: number, weeks: number, seed: number): { pattern: SimulatedPattern; values: number[] }[] {
  const patterns: SimulatedPattern[] = ['smooth', 'erratic', 'intermittent', 'lumpy'];
  const rng = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const pattern = patterns[i % 4]!;
    const seriesSeed = (seed * 7919 + i * 104729) >>> 0;
    const scale = 0.5 + 1.5 * rng();
    if (pattern === 'smooth' && i % 20 === 0) {
      const values = simulateSeasonalTrend(weeks, seriesSeed, {
        level: 80 * scale,
        slope: 0.2 * scale,
        amplitude: 15 * scale,
        noiseSd: 5 * scale,
      }).map(Math.round);
      return { pattern, values };
    }
    const base = PATTERN_PROCESSES[pattern];
    return { pattern, values: simulateProcess({ ...base, meanSize: base.meanSize * scale }, weeks, seriesSeed) };
  });
}
