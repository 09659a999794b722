import { addMonths } from 'date-fns';
import { DomainError } from '../../kernel/errors.js';
import { mulDivRound } from '../../finance/money.js';

/** One instalment of a payment-collection plan: when it falls due and how much (contract currency). */
export interface PlannedInstalment {
  dueDate: string;
  amount: number;
}

/**
 * Splits `total` minor units into `count` parts that differ by at most one unit and sum exactly
 * to `total`. Part k is the rounded cumulative share round(total·k/n) less the one before it
 * (money.ts's rule: half away from zero), so rounding never accumulates and the last part
 * takes the remainder. Every part is at least 1 when `total >= count`.
 */
export function splitEvenly(total: number, count: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('a total is a non-negative integer');
  if (!Number.isInteger(count) || count < 1) throw new RangeError('a split has at least one part');
  const parts: number[] = [];
  let before = 0;
  for (let k = 1; k <= count; k++) {
    const upTo = k === count ? total : mulDivRound(total, k, count);
    parts.push(upTo - before);
    before = upTo;
  }
  return parts;
}

/** `date` plus `months` calendar months, clamped to the month's last day ('2024-01-31' + 1 → '2024-02-29'). */
export function addMonthsIso(date: string, months: number): string {
  return addMonths(new Date(`${date}T00:00:00Z`), months).toISOString().slice(0, 10);
}

/** Equal instalments every `intervalMonths` from `firstDueDate`, the remainder on the last. */
export function equalInstalments(value: number, count: number, firstDueDate: string, intervalMonths: number): PlannedInstalment[] {
  if (value < count) {
    throw new DomainError('INVALID_INPUT', `a value of ${value} minor units cannot be split into ${count} instalments of at least 1`, 'plan.count');
  }
  return splitEvenly(value, count).map((amount, k) => ({ dueDate: addMonthsIso(firstDueDate, k * intervalMonths), amount }));
}

/**
 * Checks an explicit plan: due dates strictly increasing, every amount positive, and the
 * amounts summing exactly to the contract's value. Returns the plan unchanged.
 */
export function validateSchedule(value: number, schedule: PlannedInstalment[]): PlannedInstalment[] {
  let sum = 0;
  schedule.forEach((s, k) => {
    if (!Number.isSafeInteger(s.amount) || s.amount <= 0) throw new DomainError('INVALID_INPUT', 'an instalment amount is a positive whole number of minor units', `plan.schedule.${k}.amount`);
    if (k > 0 && s.dueDate <= schedule[k - 1]!.dueDate) throw new DomainError('INVALID_INPUT', 'instalment due dates must be strictly increasing', `plan.schedule.${k}.dueDate`);
    sum += s.amount;
  });
  if (sum !== value) throw new DomainError('PLAN_MISMATCH', `the instalments sum to ${sum}, not the contract value ${value}`, 'plan.schedule');
  return schedule;
}
