/**
 * A notebook problem, located: which notebook, which block (by name, or the line it starts on)
 * and which field of it. Its message reads as one line:
 *
 *   customer-lifetime-value.md, chart on line 40, field marks[0].x: no column 'month' in top_customers (it has: name, revenue)
 */
export interface NotebookLocation {
  notebook: string;
  /** The block's name (SQL blocks) or e.g. 'chart on line 40'; null for the notebook as a whole. */
  block: string | null;
  field?: string | null;
}

export class NotebookError extends Error {
  override readonly name = 'NotebookError';
  readonly notebook: string;
  readonly block: string | null;
  readonly field: string | null;
  readonly reason: string;

  constructor(where: NotebookLocation, reason: string) {
    super(`${where.notebook}${where.block ? `, ${where.block}` : ''}${where.field ? `, field ${where.field}` : ''}: ${reason}`);
    this.notebook = where.notebook;
    this.block = where.block;
    this.field = where.field ?? null;
    this.reason = reason;
  }

  /**
   * The line of the notebook the problem is on, when its block says (every block label the
   * parser and runner give ends in 'line N': 'chart on line 40', 'block x (line 12)',
   * 'front matter line 3'); null for the notebook as a whole.
   */
  get line(): number | null {
    const m = /\bline (\d+)\)?$/.exec(this.block ?? '');
    return m ? Number(m[1]) : null;
  }
}
