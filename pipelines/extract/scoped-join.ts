import type { ChangeWindow, ReadWindow } from './stage-spec.js';

/**
 * Parent rows joined to their children (`child.key` = `parent.id`): all of them in a full run;
 * in an incremental run only the parents `filter` selects, each one's children looked up through
 * the child's index on `key`. The planner cannot know how few parents a window holds and would
 * otherwise hash-join the whole child table; a lateral subquery, fenced by `offset 0` so it is
 * not flattened back into a join, makes it use the index.
 */
export interface Side {
  table: string;
  alias: string;
}

export function parentsAndChildren(window: ReadWindow, parent: Side, child: Side & { key: string }, filter: (window: ChangeWindow) => string): string {
  const p = parent.alias;
  const c = child.alias;
  if (window.kind === 'full') return `${child.table} ${c} join ${parent.table} ${p} on ${p}.id = ${c}.${child.key}`;
  return `(select * from ${parent.table} ${p} where ${filter(window)}) ${p}
          cross join lateral (select * from ${child.table} ${c} where ${c}.${child.key} = ${p}.id offset 0) ${c}`;
}
