/**
 * One mapping from Postgres types to JavaScript values, shared by the `pg` pool and PGlite,
 * so the same query returns the same shapes on both databases.
 *
 * - int8 (money in minor units, quantities): JavaScript number, refused beyond 2^53 so no
 *   amount is ever silently rounded.
 * - numeric (exchange rates, percentages): string, parsed exactly where needed.
 * - date: the ISO string as stored ('YYYY-MM-DD'); business dates never pass through a time zone.
 * - timestamptz: Date.
 */
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMPTZ: 1184, TIMESTAMP: 1114 } as const;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is beyond JavaScript's exact integer range`);
  return n;
}

export const typeParsers: Record<number, (text: string) => unknown> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: (text) => text,
  [OID.DATE]: (text) => text,
  [OID.TIMESTAMPTZ]: (text) => new Date(text),
  [OID.TIMESTAMP]: (text) => new Date(`${text}Z`),
};
