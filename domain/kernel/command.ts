import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/tables.js';
import { DomainError } from './errors.js';
import { isRetryable, translatePgError } from './pg-errors.js';

/** Who is calling, and with which database. Every command takes one. */
export interface Context {
  readonly db: Kysely<DB>;
  /** User or system that performs the commands, recorded on documents and events. */
  readonly actor: string;
}

export interface CommandOptions {
  /** A retry with the same key returns the first result and writes nothing. */
  idempotencyKey?: string | undefined;
}

/** A domain event, appended to core.outbox in the command's own transaction. */
export interface DomainEvent {
  aggregateType: string;
  aggregateId: string | number;
  type: string;
  payload?: Record<string, unknown>;
}

/** What a command body receives: the transaction, the actor, and a way to record events. */
export interface Tx {
  readonly db: Transaction<DB> | Kysely<DB>;
  readonly actor: string;
  readonly command: string;
  emit(event: DomainEvent): void;
  /**
   * The outbox insert for the events emitted so far, as a SQL fragment to run inside the
   * command's own final statement (`with …, events as (${tx.eventsInsert()}) …`), saving a round
   * trip; those events are then not written again. With none, a harmless `select 1`.
   */
  eventsInsert(): RawBuilder<unknown>;
  /** The same transaction as a Context, for calling another area's public commands. */
  readonly context: Context;
}

export interface Command<S extends z.ZodType, R> {
  (ctx: Context, input: z.input<S>, options?: CommandOptions): Promise<R>;
  readonly commandName: string;
  readonly input: S;
}

const MAX_ATTEMPTS = 6;

/**
 * Defines a business command: input validated by `input`, the body run in one transaction
 * with its events, the whole retried on a serialisation failure or deadlock, and any failure
 * turned into a DomainError. Called inside another command's transaction it joins it.
 */
export function defineCommand<S extends z.ZodType, R>(
  name: string,
  input: S,
  body: (tx: Tx, input: z.output<S>) => Promise<R>,
): Command<S, R> {
  const run = async (ctx: Context, raw: z.input<S>, options: CommandOptions = {}): Promise<R> => {
    const parsed = parseInput(input, raw);
    if (!ctx.actor) throw new DomainError('INVALID_INPUT', 'an actor is required', 'actor');
    if (ctx.db.isTransaction) return runBody(name, body, ctx.db, ctx.actor, parsed);

    for (let attempt = 1; ; attempt++) {
      try {
        return await ctx.db.transaction().execute(async (trx) => {
          const key = options.idempotencyKey;
          if (key === undefined) return normalise(await runBody(name, body, trx, ctx.actor, parsed));
          const requestHash = hashRequest(name, parsed);
          const replay = await claimKey(trx, key, name, requestHash, ctx.actor);
          if (replay) return replay.result as R;
          const result = normalise(await runBody(name, body, trx, ctx.actor, parsed));
          await sql`update core.idempotency_keys set result = ${JSON.stringify(result ?? null)}::jsonb where key = ${key}`.execute(trx);
          return result;
        });
      } catch (error) {
        if (isRetryable(error) && attempt < MAX_ATTEMPTS) {
          await sleep(Math.random() * 5 * attempt);
          continue;
        }
        throw translatePgError(error);
      }
    }
  };
  const command = profile ? (ctx: Context, raw: z.input<S>, options?: CommandOptions) => profile.time(name, ctx, () => run(ctx, raw, options)) : run;
  return Object.assign(command, { commandName: name, input });
}

/**
 * LEDGERLOOP_PROFILE_COMMANDS=1 prints, at exit, how many times each command ran and its total
 * and mean time (outermost calls only), for finding what a simulation spends its time on.
 */
const profile = process.env.LEDGERLOOP_PROFILE_COMMANDS ? commandProfile() : undefined;

function commandProfile() {
  const totals = new Map<string, { n: number; ms: number }>();
  process.on('exit', () => {
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
    const all = rows.reduce((s, [, t]) => s + t.ms, 0);
    process.stderr.write(`command profile: ${rows.reduce((s, [, t]) => s + t.n, 0)} commands, ${(all / 1000).toFixed(1)} s\n`);
    for (const [name, t] of rows) process.stderr.write(`${(t.ms / 1000).toFixed(1).padStart(8)} s ${String(t.n).padStart(7)} × ${(t.ms / t.n).toFixed(2).padStart(6)} ms  ${name}\n`);
  });
  return {
    async time<R>(name: string, ctx: Context, body: () => Promise<R>): Promise<R> {
      if (ctx.db.isTransaction) return body(); // nested: counted in its caller
      const began = performance.now();
      try {
        return await body();
      } finally {
        const t = totals.get(name) ?? { n: 0, ms: 0 };
        t.n++;
        t.ms += performance.now() - began;
        totals.set(name, t);
      }
    },
  };
}

async function runBody<S extends z.ZodType, R>(
  name: string,
  body: (tx: Tx, input: z.output<S>) => Promise<R>,
  db: Transaction<DB> | Kysely<DB>,
  actor: string,
  input: z.output<S>,
): Promise<R> {
  let events: DomainEvent[] = [];
  const tx: Tx = {
    db,
    actor,
    command: name,
    emit: (e) => events.push(e),
    eventsInsert: () => {
      if (events.length === 0) return sql`select 1`;
      const fragment = outboxInsert(name, actor, events);
      events = [];
      return fragment;
    },
    context: { db, actor },
  };
  try {
    const result = await body(tx, input);
    if (events.length > 0) await outboxInsert(name, actor, events).execute(db);
    return result;
  } catch (error) {
    // An amount past the exact integer range is bad input, whichever calculation met it first.
    if (error instanceof RangeError) throw new DomainError('INVALID_INPUT', error.message);
    throw translatePgError(error);
  }
}

function outboxInsert(command: string, actor: string, events: DomainEvent[]): RawBuilder<unknown> {
  const rows = events.map((e) => ({ a: e.aggregateType, i: String(e.aggregateId), t: e.type, p: e.payload ?? {} }));
  return sql`
    insert into core.outbox (command, actor, aggregate_type, aggregate_id, event_type, payload)
    select ${command}, ${actor}, e.a, e.i, e.t, e.p
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(a text, i text, t text, p jsonb)`;
}

async function claimKey(db: Kysely<DB>, key: string, command: string, requestHash: string, actor: string) {
  if (key.length === 0 || key.length > 200) throw new DomainError('INVALID_INPUT', 'an idempotency key has 1 to 200 characters', 'idempotencyKey');
  // The insert waits on a concurrent holder of the same key until it commits or rolls back.
  const claimed = await sql`
    insert into core.idempotency_keys (key, command, request_hash, actor) values (${key}, ${command}, ${requestHash}, ${actor})
    on conflict (key) do nothing returning key`.execute(db);
  if (claimed.rows.length > 0) return undefined;
  const existing = await sql<{ command: string; request_hash: string; result: unknown }>`
    select command, request_hash, result from core.idempotency_keys where key = ${key}`.execute(db);
  const row = existing.rows[0]!;
  if (row.command !== command || row.request_hash !== requestHash) {
    throw new DomainError('IDEMPOTENCY_MISMATCH', `idempotency key ${key} was already used for a different ${row.command} request`, 'idempotencyKey');
  }
  return { result: row.result };
}

/** Validates a command's input as commands do (the first problem as an INVALID_INPUT DomainError); for work that must happen before the transaction. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  throw new DomainError('INVALID_INPUT', field ? `${field}: ${issue.message}` : issue.message, field || undefined);
}

/** Results go through JSON so a first call and its replay return exactly the same shape. */
function normalise<R>(result: R): R {
  return result === undefined ? result : (JSON.parse(JSON.stringify(result)) as R);
}

function hashRequest(command: string, input: unknown): string {
  return createHash('sha256').update(command).update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
