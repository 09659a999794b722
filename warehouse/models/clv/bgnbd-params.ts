/** Parameter types for the BG/NBD model (Fader, Hardie & Lee 2005). */
import type { TimeUnit } from './units.js';
import { validatePositive } from './validate.js';

/**
 * Shape parameters of the BG/NBD model:
 *  - transaction rate lambda ~ Gamma(shape r, rate alpha) — alpha is in the time unit;
 *  - dropout probability after each purchase p ~ Beta(a, b).
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Parameters plus the time unit they were estimated in; required for scoring. */
export interface BgNbdModel extends BgNbdParams {
  readonly unit: TimeUnit;
}

export function validateBgNbdParams(params: BgNbdParams, context: string): void {
  validatePositive({ r: params.r, alpha: params.alpha, a: params.a, b: params.b }, context);
}
