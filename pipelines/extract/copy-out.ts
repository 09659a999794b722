import type pg from 'pg';

/**
 * `COPY (…) TO STDOUT` on a `pg` client, without a streaming library: a submittable query that
 * hands each CopyData message to `onData`. `pause` and `resume` stop and restart reading the
 * socket, so a slow consumer holds the server back instead of filling memory.
 *
 * A chunk is only valid during the call: `pg` reuses the buffer it points into, so a consumer
 * that keeps it (an asynchronous write) must copy it first.
 */
export interface CopyOutStream {
  done: Promise<void>;
  pause(): void;
  resume(): void;
}

interface Connection {
  query(text: string): void;
  stream: { pause(): void; resume(): void };
}

export function copyOut(client: pg.Client, copySql: string, onData: (chunk: Buffer) => void): CopyOutStream {
  let settle!: (error: Error | null) => void;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  let finished = false;
  const finish = (error: Error | null) => {
    if (finished) return;
    finished = true;
    settle(error);
  };
  const submittable = {
    submit(connection: Connection) {
      connection.query(copySql);
    },
    handleCopyData(message: { chunk: Buffer }) {
      if (!finished) onData(message.chunk);
    },
    handleCommandComplete() {},
    handleRowDescription() {},
    handleDataRow() {},
    handleEmptyQuery() {},
    handlePortalSuspended() {},
    handleCopyInResponse(connection: { sendCopyFail(message: string): void }) {
      connection.sendCopyFail('not a COPY FROM');
    },
    // The client drops an erring query before the ReadyForQuery that follows, so settle now.
    handleError(error: Error) {
      finish(error);
    },
    handleReadyForQuery() {
      finish(null);
    },
  };
  (client as unknown as { query(s: unknown): void }).query(submittable);
  const stream = () => (client as unknown as { connection: Connection }).connection.stream;
  return { done, pause: () => stream().pause(), resume: () => stream().resume() };
}
