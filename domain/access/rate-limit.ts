/**
 * Rate limiting of failed sign-ins, as a sliding window: at most `maxPerPair` failures for one
 * name from one address, and `maxPerAddress` for all names from one address (someone trying
 * one password on many names), within `windowMinutes`. Past either, sign-in from there is
 * refused — a right password too — until the oldest counted failure leaves the window.
 */
export interface LockoutPolicy {
  windowMinutes: number;
  maxPerPair: number;
  maxPerAddress: number;
}

export const LOCKOUT: LockoutPolicy = { windowMinutes: 15, maxPerPair: 5, maxPerAddress: 50 };

export type Lockout = { locked: false } | { locked: true; scope: 'pair' | 'address'; retryAfterSeconds: number };

/** Whether sign-in is locked at `now`, given the failure times of the pair and of the address. */
export function lockout(failures: { pair: readonly Date[]; address: readonly Date[] }, now: Date, policy: LockoutPolicy = LOCKOUT): Lockout {
  const pair = lockedUntil(failures.pair, policy.maxPerPair, now, policy.windowMinutes);
  const address = lockedUntil(failures.address, policy.maxPerAddress, now, policy.windowMinutes);
  if (pair === null && address === null) return { locked: false };
  const [scope, until] = address !== null && (pair === null || address > pair) ? (['address', address] as const) : (['pair', pair!] as const);
  return { locked: true, scope, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/** When the lock ends (epoch ms), or null when there is none. */
function lockedUntil(times: readonly Date[], max: number, now: Date, windowMinutes: number): number | null {
  const windowMs = windowMinutes * 60_000;
  const recent = times.map((t) => t.getTime()).filter((t) => t > now.getTime() - windowMs && t <= now.getTime()).sort((a, b) => a - b);
  if (recent.length < max) return null;
  // Once the (n - max + 1) oldest have left the window, fewer than max remain.
  return recent[recent.length - max]! + windowMs;
}

/** "14 minutes" / "40 seconds": how long to wait, for the sign-in page. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
