import { describe, expect, it } from 'vitest';
import { OPEN_END_US, planType2, type Member, type Type2Spec, type Version } from './type2.js';

/**
 * The type-2 customer dimension without a database. There is no command yet that changes a
 * customer's segment, owner or status, so these changes are made here on the source side.
 */
const spec: Type2Spec = { memberKey: 'customer_id', surrogateKey: 'customer_key', tracked: ['region', 'segment', 'owner_id', 'status'], overwritten: ['name'] };
const T0 = 1_700_000_000_000_000n;
const member = (id: number, over: Partial<Member> = {}): Member => ({ customer_id: id, region: 'NA', segment: 'enterprise', owner_id: 7, status: 'active', name: `Customer ${id}`, created_at_us: T0 + BigInt(id), ...over });
const version = (key: number, m: Member, over: Partial<Version> = {}): Version => ({
  ...m, customer_key: BigInt(key), version: 1, valid_from_us: m.created_at_us, valid_to_us: OPEN_END_US, is_current: true, ...over,
});
const plan = (current: Version[], incoming: Member[], changedAt = new Map<number, bigint>(), nextKey = 100n) =>
  planType2(spec, { current, incoming, changedAt, snapshotUs: T0 + 1_000_000n, nextKey });

describe('type 2 dimension planning', () => {
  it('gives new members version 1 from their creation, keys in member order', () => {
    const p = plan([], [member(2), member(1)]);
    expect(p.closes).toEqual([]);
    expect(p.inserts.map((v) => [v.customer_id, v.customer_key, v.version, v.valid_from_us, v.valid_to_us, v.is_current])).toEqual([
      [1, 100n, 1, T0 + 1n, OPEN_END_US, true],
      [2, 101n, 1, T0 + 2n, OPEN_END_US, true],
    ]);
  });

  it('does nothing for an unchanged member, whatever shape its numbers come in', () => {
    const m = member(1);
    expect(plan([version(5, { ...m, owner_id: 7n as unknown as number })], [m])).toEqual({ inserts: [], closes: [], overwrites: [] });
  });

  it('closes the current version and opens the next at the time of the change event', () => {
    const before = member(1);
    const p = plan([version(5, before)], [member(1, { segment: 'mid_market' })], new Map([[1, T0 + 500n]]));
    expect(p.closes).toEqual([{ key: 5n, validToUs: T0 + 500n }]);
    expect(p.inserts).toEqual([{ ...member(1, { segment: 'mid_market' }), customer_key: 100n, version: 2, valid_from_us: T0 + 500n, valid_to_us: OPEN_END_US, is_current: true, created_at_us: before.created_at_us }]);
    expect(p.overwrites).toEqual([]);
  });

  it('dates a change no event explains at the snapshot', () => {
    const p = plan([version(5, member(1))], [member(1, { owner_id: null })]);
    expect(p.closes).toEqual([{ key: 5n, validToUs: T0 + 1_000_000n }]);
    expect(p.inserts[0]).toMatchObject({ owner_id: null, version: 2, valid_from_us: T0 + 1_000_000n });
  });

  it('never lets a version end before it began', () => {
    const current = version(5, member(1), { valid_from_us: T0 + 2_000_000n, version: 3 });
    const p = plan([current], [member(1, { status: 'inactive' })], new Map([[1, T0]]));
    expect(p.closes).toEqual([{ key: 5n, validToUs: T0 + 2_000_001n }]);
    expect(p.inserts[0]).toMatchObject({ version: 4, valid_from_us: T0 + 2_000_001n });
  });

  it('overwrites type 1 attributes on every version without opening one', () => {
    const p = plan([version(4, member(1), { is_current: false, valid_to_us: T0 + 10n }), version(5, member(1), { version: 2, valid_from_us: T0 + 10n })], [member(1, { name: 'Renamed' })]);
    expect(p).toEqual({ inserts: [], closes: [], overwrites: [{ customer_id: 1, name: 'Renamed' }] });
  });

  it('handles a tracked and an overwritten change together, and only compares with the current version', () => {
    const old = version(4, member(1, { segment: 'consumer' }), { is_current: false, valid_to_us: T0 + 10n });
    const current = version(5, member(1), { version: 2, valid_from_us: T0 + 10n });
    const p = plan([old, current], [member(1, { region: 'EU', name: 'Moved' })], new Map([[1, T0 + 20n]]));
    expect(p.closes).toEqual([{ key: 5n, validToUs: T0 + 20n }]);
    expect(p.inserts[0]).toMatchObject({ customer_key: 100n, version: 3, region: 'EU', name: 'Moved' });
    expect(p.overwrites).toEqual([{ customer_id: 1, name: 'Moved' }]);
  });
});
