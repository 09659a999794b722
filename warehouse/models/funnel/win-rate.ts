import { mean, quantile } from './percentile.js';
import type { OpportunityState } from './opportunities.js';

export const WIN_RATE_DIMENSIONS = ['source', 'campaign', 'owner', 'region', 'segment'] as const;
export type WinRateDimension = (typeof WIN_RATE_DIMENSIONS)[number];

/**
 * Win rate and cycle length of one group. winRate = won ÷ (won + lost), null with nothing closed
 * (no evidence either way, not 0%). Cycle = days from the opportunity's creation to its close,
 * over the closed ones (mean, median) and the won ones (meanWonCycleDays); null with none.
 */
export interface WinRateRow {
  dimension: WinRateDimension;
  /** The group's key as text (source code, campaign id, owner id, region, segment); null = none. */
  key: string | null;
  opportunities: number;
  open: number;
  won: number;
  lost: number;
  winRate: number | null;
  meanCycleDays: number | null;
  medianCycleDays: number | null;
  meanWonCycleDays: number | null;
}

const keyOf: Record<WinRateDimension, (o: OpportunityState) => string | number | null> = {
  source: (o) => o.sourceCode,
  campaign: (o) => o.campaignId,
  owner: (o) => o.ownerId,
  region: (o) => o.region,
  segment: (o) => o.segment,
};

/** Summary of a set of opportunities (any grouping). */
export function winRateOf(opportunities: readonly OpportunityState[]): Omit<WinRateRow, 'dimension' | 'key'> {
  const closed = opportunities.filter((o) => o.status !== 'open');
  const won = closed.filter((o) => o.status === 'won');
  const cycles = closed.map((o) => o.cycleDays!);
  return {
    opportunities: opportunities.length,
    open: opportunities.length - closed.length,
    won: won.length,
    lost: closed.length - won.length,
    winRate: closed.length === 0 ? null : won.length / closed.length,
    meanCycleDays: mean(cycles),
    medianCycleDays: quantile(cycles, 0.5),
    meanWonCycleDays: mean(won.map((o) => o.cycleDays!)),
  };
}

/** Win rate and cycle length per value of each dimension asked for (default: all five), keys sorted with null last. */
export function winRates(opportunities: readonly OpportunityState[], dimensions: readonly WinRateDimension[] = WIN_RATE_DIMENSIONS): WinRateRow[] {
  return dimensions.flatMap((dimension) => {
    const groups = new Map<string | null, OpportunityState[]>();
    for (const o of opportunities) {
      const k = keyOf[dimension](o);
      const key = k === null ? null : String(k);
      groups.set(key, [...(groups.get(key) ?? []), o]);
    }
    const keys = [...groups.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en', { numeric: true })));
    return keys.map((key) => ({ dimension, key, ...winRateOf(groups.get(key)!) }));
  });
}
