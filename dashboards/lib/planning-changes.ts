/**
 * A planner's changes to a suggestion, read from the "change and accept" form: only the fields
 * its kind allows, only those that differ from the proposal, each checked, so the domain gets
 * exactly what the planner changed. A budget is changed by scaling all its lines by a percentage.
 */
export type Changes = {
  quantity?: number;
  supplierId?: number;
  orderBy?: string;
  neededBy?: string;
  dueDate?: string;
  repId?: number;
  lines?: { account: string; month: string; amount: number }[];
};

export class ChangeError extends Error {
  override readonly name = 'ChangeError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const FIELDS: Record<string, readonly (keyof Changes | 'scalePercent')[]> = {
  replenishment: ['quantity', 'supplierId', 'orderBy', 'neededBy'],
  production: ['quantity', 'neededBy'],
  re_engagement: ['dueDate', 'repId'],
  budget: ['scalePercent'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function changesFromForm(kind: string, proposal: Record<string, unknown>, form: { get(name: string): unknown }): Changes {
  const fields = FIELDS[kind];
  if (!fields) throw new ChangeError('kind', `a ${kind} suggestion cannot be changed`);
  const changes: Changes = {};
  for (const field of fields) {
    const raw = form.get(field);
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    if (field === 'quantity' || field === 'supplierId' || field === 'repId') {
      if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw new ChangeError(field, `${label(field)} must be a whole number above zero, not '${text.slice(0, 40)}'`);
      if (Number(text) !== proposal[field]) changes[field] = Number(text);
    } else if (field === 'scalePercent') {
      if (!/^-?\d{1,3}(\.\d{1,2})?$/.test(text) || Number(text) <= -100 || Number(text) > 500) throw new ChangeError(field, `the change to the budget must be a percentage above -100 and at most 500, not '${text.slice(0, 40)}'`);
      const lines = Array.isArray(proposal.lines) ? (proposal.lines as { account: string; month: string; amount: number }[]) : [];
      // Integer minor units: each line rounded on its own, half away from zero.
      if (Number(text) !== 0) changes.lines = lines.map((l) => ({ ...l, amount: Math.sign(l.amount) * Math.round((Math.abs(l.amount) * (100 + Number(text))) / 100) }));
    } else {
      if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw new ChangeError(field, `${label(field)} must be a date as YYYY-MM-DD, not '${text.slice(0, 40)}'`);
      if (text !== proposal[field]) changes[field as 'orderBy' | 'neededBy' | 'dueDate'] = text;
    }
  }
  if (Object.keys(changes).length === 0) throw new ChangeError('changes', 'nothing was changed: accept the suggestion as proposed, or change a field');
  return changes;
}

function label(field: string): string {
  return { quantity: 'the quantity', supplierId: 'the supplier', repId: 'the rep', orderBy: 'order by', neededBy: 'needed by', dueDate: 'the due date' }[field] ?? field;
}
