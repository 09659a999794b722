/**
 * Deterministic random streams for the simulator. A stream is named by the seed and a path of
 * keys (`stream(seed, 'orders', day)`), so any decision can be re-derived on its own — a
 * continued simulation draws exactly what one long run would have, and the order in which
 * other decisions were made never shifts it.
 */
export interface Rng {
  uniform(): number;
  normal(mean?: number, sd?: number): number;
  /** Gamma with shape k and scale θ (mean kθ). */
  gamma(shape: number, scale: number): number;
  beta(a: number, b: number): number;
  poisson(mean: number): number;
  lognormal(mu: number, sigma: number): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn in proportion to `cumulative` weights (non-decreasing, last = total). */
  weighted(cumulative: Float64Array | readonly number[]): number;
}

export function stream(seed: number, ...keys: (string | number)[]): Rng {
  let h = 0x811c9dc5 ^ seed;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // key separator
    h = Math.imul(h, 0x01000193);
  };
  mix(String(seed));
  for (const k of keys) mix(String(k));
  return sfc32(splitmix(h >>> 0), splitmix((h ^ 0x9e3779b9) >>> 0), splitmix((h ^ 0x7f4a7c15) >>> 0), splitmix((h ^ 0x2545f491) >>> 0));
}

function splitmix(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function sfc32(a: number, b: number, c: number, d: number): Rng {
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up
  const uniform = () => {
    let u = next();
    while (u === 0) u = next();
    return u;
  };
  const normal = (mean = 0, sd = 1) => mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const gamma = (shape: number, scale: number): number => {
    if (shape < 1) return gamma(shape + 1, scale) * uniform() ** (1 / shape);
    // Marsaglia & Tsang (2000)
    const d3 = shape - 1 / 3;
    const c3 = 1 / Math.sqrt(9 * d3);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c3 * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d3 * (1 - v + Math.log(v))) return d3 * v * scale;
    }
  };
  const rng: Rng = {
    uniform,
    normal,
    gamma,
    beta: (a, b) => {
      const x = gamma(a, 1);
      return x / (x + gamma(b, 1));
    },
    poisson: (mean) => {
      if (mean <= 0) return 0;
      if (mean > 50) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = uniform();
      while (p > limit) {
        k++;
        p *= uniform();
      }
      return k;
    },
    lognormal: (mu, sigma) => Math.exp(normal(mu, sigma)),
    int: (min, max) => min + Math.floor(uniform() * (max - min + 1)),
    chance: (p) => uniform() < p,
    pick: (items) => items[Math.floor(uniform() * items.length)]!,
    weighted: (cumulative) => {
      const total = cumulative[cumulative.length - 1]!;
      const target = uniform() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
  return rng;
}
