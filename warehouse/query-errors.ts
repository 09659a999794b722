/** A query the warehouse sandbox will not run, or that DuckDB rejected: one line saying why. */
export class QueryRefused extends Error {
  override readonly name: string = 'QueryRefused';
}

/** A query stopped while it ran: past its time limit, or cancelled by the person who started it. */
export class QueryStopped extends QueryRefused {
  override readonly name = 'QueryStopped';
  constructor(readonly reason: 'timeout' | 'cancelled', message: string) {
    super(message);
  }
}

export class NoWarehouse extends Error {
  override readonly name = 'NoWarehouse';
}
