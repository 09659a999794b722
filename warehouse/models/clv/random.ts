/**
 * Small, deterministic random-number tools for simulation and tests. Everything takes an
 * explicit generator so a seed fully determines the output (no Math.random), which is
 * what makes parameter-recovery tests reproducible.
 */

/** A source of uniform variates on the open interval (0, 1). */
export type Random = () => number;

/** SplitMix32 step: spreads a small integer seed over the whole 32-bit state space. */
function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * xoshiro128** (Blackman & Vigna): 128 bits of state, period 2^128 - 1, fast with
 * 32-bit integer arithmetic. Each uniform uses two outputs to fill a 53-bit mantissa and
 * is offset by half a step so it is never exactly 0 or 1 (logs and inverse CDFs stay
 * finite).
 */
export function xoshiro128ss(seed: number): Random {
  const init = { s: seed | 0 };
  let s0 = splitMix32(init);
  let s1 = splitMix32(init);
  let s2 = splitMix32(init);
  let s3 = splitMix32(init);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return () => {
    const hi = next32() >>> 5; // 27 bits
    const lo = next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Standard normal by Box–Muller (one variate per call; simplicity over speed). */
export function sampleNormal(rng: Random): number {
  return Math.sqrt(-2 * Math.log(rng())) * Math.cos(2 * Math.PI * rng());
}

/** Exponential with the given rate (mean 1/rate); rate 0 gives +Infinity. */
export function sampleExponential(rng: Random, rate: number): number {
  return -Math.log(rng()) / rate;
}

/**
 * ln of a Gamma(shape, 1) variate. Marsaglia & Tsang (2000) squeeze method for
 * shape >= 1; for shape < 1 the boost Gamma(k) = Gamma(k + 1) U^(1/k), taken in logs
 * because U^(1/k) underflows to 0 for small shapes (e.g. k = 1e-3), which would turn a
 * Beta draw into 0/0.
 */
export function sampleLogGamma(rng: Random, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new Error(`sampleLogGamma: shape must be positive and finite, got ${shape}`);
  if (shape < 1) return sampleLogGamma(rng, shape + 1) + Math.log(rng()) / shape;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleNormal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.log(d) + Math.log(v);
  }
}

/** Gamma variate with shape k and rate beta (mean k / beta). */
export function sampleGamma(rng: Random, shape: number, rate = 1): number {
  if (!(rate > 0)) throw new Error(`sampleGamma: rate must be positive, got ${rate}`);
  return Math.exp(sampleLogGamma(rng, shape)) / rate;
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), combined in logs. */
export function sampleBeta(rng: Random, a: number, b: number): number {
  const lx = sampleLogGamma(rng, a);
  const ly = sampleLogGamma(rng, b);
  // X / (X + Y) = 1 / (1 + exp(ly - lx)); exact in the limits, never 0/0.
  return 1 / (1 + Math.exp(ly - lx));
}
