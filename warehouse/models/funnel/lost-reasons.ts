import { sumExact } from './money.js';
import type { OpportunityState } from './opportunities.js';

/**
 * Lost opportunities by reason and currency: how many, their amount (minor units of currency)
 * and share = lost with this reason (any currency) ÷ all lost. Reason null = not recorded.
 * Sorted by count of the reason, most first.
 */
export interface LostReasonRow {
  reason: string | null;
  currency: string;
  lost: number;
  amount: number;
  share: number;
}

export function lostReasons(opportunities: readonly OpportunityState[], options: { since?: string } = {}): LostReasonRow[] {
  const lost = opportunities.filter((o) => o.status === 'lost' && (options.since === undefined || o.closedDate! >= options.since));
  const perReason = new Map<string | null, number>();
  for (const o of lost) perReason.set(o.lostReason, (perReason.get(o.lostReason) ?? 0) + 1);
  const groups = new Map<string, OpportunityState[]>();
  for (const o of lost) {
    const k = JSON.stringify([o.lostReason, o.currency]);
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  return [...groups.entries()]
    .map(([k, list]) => {
      const [reason, currency] = JSON.parse(k) as [string | null, string];
      return { reason, currency, lost: list.length, amount: sumExact(list.map((o) => o.amount)), share: perReason.get(reason)! / lost.length };
    })
    .sort((a, b) => perReason.get(b.reason)! - perReason.get(a.reason)! || String(a.reason).localeCompare(String(b.reason)) || a.currency.localeCompare(b.currency));
}
