import type { Tally } from './tally.js';
import type { Context } from '../kernel/command.js';
import * as core from '../core/index.js';
import * as finance from '../finance/index.js';
import { stream } from './random.js';
import { CURRENCIES } from './world.js';
import { isMonday, daysBetween } from './calendar.js';

/** Exchange rates follow a seeded random walk with a weekly step of about 0.8%. */
export function exchangeRate(seed: number, currency: string, week: number): string {
  const base = CURRENCIES.find((c) => c.code === currency)?.base ?? 1;
  let log = 0;
  for (let k = 1; k <= week; k++) log += stream(seed, 'fx', currency, k).normal(0, 0.008);
  return (base * Math.exp(log)).toFixed(6);
}

/** Mondays bring new exchange rates; on the 5th the previous month closes. */
export async function runTreasury(ctx: Context, seed: number, start: string, today: string, counter: Tally): Promise<void> {
  if (isMonday(today)) {
    const week = Math.floor(daysBetween(start, today) / 7);
    for (const c of CURRENCIES) {
      if (c.code === 'USD') continue;
      await core.setExchangeRate(ctx, { currency: c.code, date: today, rate: exchangeRate(seed, c.code, week) });
      counter.commands++;
    }
  }
  // Books for a month close on the 5th of the next; every document is dated the day it happens.
  if (today.endsWith('-05')) {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - 1);
    const previous = d.toISOString().slice(0, 7);
    if (previous >= start.slice(0, 7)) {
      await finance.closePeriod(ctx, { period: previous });
      counter.commands++;
    }
  }
}
