/**
 * Slowly changing dimensions, type 2: comparing the source's members with the warehouse's
 * current versions decides which versions to close and open. Pure, so it can be tested on its
 * own; the loader applies the plan. Times are microseconds since the epoch (bigint), exact.
 *
 * - A new member gets version 1, valid from its creation.
 * - A change to a tracked attribute closes the current version at the time of the change and
 *   opens the next one from then: the time of the member's latest event in the window, or the
 *   snapshot's time when no event dates it.
 * - A change to an overwritten (type 1) attribute is written onto every version of the member.
 */
export type Value = string | number | bigint | boolean | null;
export type Row = Record<string, Value>;

export interface Type2Spec {
  /** Durable business key, e.g. customer_id. */
  readonly memberKey: string;
  /** Surrogate key of a version, e.g. customer_key. */
  readonly surrogateKey: string;
  /** A change opens a new version. */
  readonly tracked: readonly string[];
  /** A change is written onto every version. */
  readonly overwritten: readonly string[];
}

/** A member as the source has it now: memberKey, every tracked and overwritten attribute, created_at_us. */
export type Member = Row & { created_at_us: bigint };

/** A version as the warehouse keeps it. */
export type Version = Row & { version: number; valid_from_us: bigint; valid_to_us: bigint; is_current: boolean; created_at_us: bigint };

export interface Type2Plan {
  /** New versions, with their surrogate keys. */
  inserts: Version[];
  /** Current versions to close: surrogate key and the time they end. */
  closes: { key: bigint; validToUs: bigint }[];
  /** Members whose overwritten attributes changed: memberKey and the new values. */
  overwrites: Row[];
}

/** valid_to of a current version: 9999-12-31T00:00:00Z. */
export const OPEN_END_US = 253_402_214_400_000_000n;

export interface PlanInput {
  current: readonly Version[];
  incoming: readonly Member[];
  /** Time of each member's latest event in the window. */
  changedAt: ReadonlyMap<number, bigint>;
  snapshotUs: bigint;
  /** The first unused surrogate key. */
  nextKey: bigint;
}

export function planType2(spec: Type2Spec, input: PlanInput): Type2Plan {
  const currentByMember = new Map(input.current.filter((v) => v.is_current).map((v) => [Number(v[spec.memberKey]), v]));
  const plan: Type2Plan = { inserts: [], closes: [], overwrites: [] };
  let nextKey = input.nextKey;
  const sorted = [...input.incoming].sort((a, b) => Number(a[spec.memberKey]) - Number(b[spec.memberKey]));
  for (const member of sorted) {
    const id = Number(member[spec.memberKey]);
    const attributes = pick(member, [spec.memberKey, ...spec.tracked, ...spec.overwritten]);
    const current = currentByMember.get(id);
    if (!current) {
      plan.inserts.push({ ...attributes, [spec.surrogateKey]: nextKey++, created_at_us: member.created_at_us, version: 1, valid_from_us: member.created_at_us, valid_to_us: OPEN_END_US, is_current: true });
      continue;
    }
    if (spec.overwritten.some((a) => !same(current[a], member[a]))) plan.overwrites.push(pick(member, [spec.memberKey, ...spec.overwritten]));
    if (spec.tracked.every((a) => same(current[a], member[a]))) continue;
    const observed = input.changedAt.get(id) ?? input.snapshotUs;
    // A version never ends before it began, whatever the clocks said.
    const at = observed > current.valid_from_us ? observed : current.valid_from_us + 1n;
    plan.closes.push({ key: BigInt(current[spec.surrogateKey] as bigint | number), validToUs: at });
    plan.inserts.push({ ...attributes, [spec.surrogateKey]: nextKey++, created_at_us: current.created_at_us, version: current.version + 1, valid_from_us: at, valid_to_us: OPEN_END_US, is_current: true });
  }
  return plan;
}

function pick(row: Row, keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) out[k] = row[k] ?? null;
  return out;
}

/** Equality across the shapes a value can come back in (an INTEGER as number, a BIGINT as bigint). */
export function same(a: Value | undefined, b: Value | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === null || y === null) return x === y;
  if ((typeof x === 'bigint' || typeof x === 'number') && (typeof y === 'bigint' || typeof y === 'number')) return BigInt(x) === BigInt(y);
  return x === y;
}
