import { checkDate } from './checks.js';
import { mean } from './percentile.js';
import { sumExact } from './money.js';
import type { OpportunityState } from './opportunities.js';

/**
 * Sales velocity per currency: open opportunities × average won deal × win rate ÷ average
 * cycle length of won deals, in minor units per day (rounded to a whole minor unit; a rate, not
 * an amount to book). Won deals, win rate and cycle come from opportunities closed on or after
 * `since` (default: all history); the open count is at the date the states were taken.
 *
 * velocityPerDay is null, with `reason`, when a factor is missing: nothing closed (no win rate),
 * nothing won (no average deal) or an average cycle of 0 days (every deal won the day it was
 * opened: the rate per day is unbounded, not infinite money).
 */
export interface VelocityRow {
  currency: string;
  open: number;
  closed: number;
  won: number;
  winRate: number | null;
  averageWonAmount: number | null;
  averageCycleDays: number | null;
  velocityPerDay: number | null;
  reason: 'nothing_closed' | 'nothing_won' | 'zero_cycle' | null;
}

export function salesVelocity(opportunities: readonly OpportunityState[], options: { since?: string } = {}): VelocityRow[] {
  if (options.since !== undefined) checkDate(options.since, 'since');
  const currencies = [...new Set(opportunities.map((o) => o.currency))].sort();
  return currencies.map((currency) => {
    const mine = opportunities.filter((o) => o.currency === currency);
    const open = mine.filter((o) => o.status === 'open').length;
    const closed = mine.filter((o) => o.status !== 'open' && (options.since === undefined || o.closedDate! >= options.since));
    const won = closed.filter((o) => o.status === 'won');
    const winRate = closed.length === 0 ? null : won.length / closed.length;
    const averageWonAmount = won.length === 0 ? null : sumExact(won.map((o) => o.amount)) / won.length;
    const averageCycleDays = mean(won.map((o) => o.cycleDays!));
    const reason = winRate === null ? 'nothing_closed' : averageWonAmount === null ? 'nothing_won' : averageCycleDays === 0 ? 'zero_cycle' : null;
    const velocityPerDay = reason === null ? Math.round((open * averageWonAmount! * winRate!) / averageCycleDays!) : null;
    return { currency, open, closed: closed.length, won: won.length, winRate, averageWonAmount, averageCycleDays, velocityPerDay, reason };
  });
}
