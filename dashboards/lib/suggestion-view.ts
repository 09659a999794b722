/**
 * A planning suggestion as the inbox shows it: what to do, and the rationale the forecast wrote
 * (forecast with its interval, projected stock, lead time, the chosen supplier and why) picked
 * out of the stored JSON defensively — a field the model did not write is simply absent.
 */
export interface SuggestionView {
  id: number;
  kind: string;
  revision: number;
  valueAtStake: number;
  expiresOn: string;
  title: string;
  detail: string | null;
  forecast: { week: number; forecast: number; lower: number | null; upper: number | null }[];
  interval: number | null;
  projected: { week: number; stock: number }[];
  safetyStock: number | null;
  onHand: number | null;
  leadTime: string | null;
  supplier: string | null;
  late: string | null;
  /** The proposal's fields a planner may change, as proposed (the "change and accept" form's defaults). */
  proposed: { quantity: number | null; supplierId: number | null; orderBy: string | null; neededBy: string | null; dueDate: string | null; repId: number | null };
  /** A budget proposal's lines summed per account over its quarter, minor units. */
  budget: { account: string; amount: number }[];
}

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number).filter(Number.isFinite) : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function suggestionView(s: { suggestionId: number; kind: string; revision: number; valueAtStake: number; expiresOn: string; proposal: Record<string, unknown>; rationale: Record<string, unknown> }): SuggestionView {
  const p = s.proposal;
  const r = s.rationale;
  const f = obj(r.forecast);
  const weekly = numbers(f.weekly);
  const lower = numbers(f.lower);
  const upper = numbers(f.upper);
  const lead = obj(r.leadTime);
  const supplier = obj(r.supplier);
  const leadDays = num(lead.meanDays);
  return {
    id: s.suggestionId,
    kind: s.kind,
    revision: s.revision,
    valueAtStake: s.valueAtStake,
    expiresOn: s.expiresOn,
    title: title(s.kind, p, r),
    detail: s.kind === 're_engagement' ? text(p.reason) : s.kind === 'budget' ? null : [text(f.method) && `forecast by ${String(f.method)}`, text(f.pattern) && `${String(f.pattern)} demand`].filter(Boolean).join(', ') || null,
    forecast: weekly.map((value, i) => ({ week: i + 1, forecast: value, lower: lower[i] ?? null, upper: upper[i] ?? null })),
    interval: num(f.level),
    projected: numbers(r.projectedStock).map((stock, i) => ({ week: i + 1, stock })),
    safetyStock: num(r.safetyStock),
    onHand: num(r.onHand),
    leadTime: leadDays === null ? null : `${Math.round(leadDays)} days${num(lead.sdDays) ? ` ± ${Math.round(num(lead.sdDays)!)}` : ''}${text(lead.source) ? ` (${String(lead.source)})` : ''}`,
    supplier: s.kind !== 'replenishment' ? null : p.supplierId === null || p.supplierId === undefined ? 'no supplier qualifies: the requisition names none' : `supplier ${String(p.supplierId)}${text(supplier.why) ? `: ${String(supplier.why)}` : ''}`,
    late: text(r.late),
    proposed: { quantity: num(p.quantity), supplierId: num(p.supplierId), orderBy: text(p.orderBy), neededBy: text(p.neededBy), dueDate: text(p.dueDate), repId: num(p.repId) },
    budget: budgetByAccount(p.lines),
  };
}

function title(kind: string, p: Record<string, unknown>, r: Record<string, unknown>): string {
  const item = text(r.sku) ?? `item ${String(p.itemId)}`;
  switch (kind) {
    case 'replenishment':
      return `Buy ${String(p.quantity)} × ${item} for warehouse ${String(p.warehouseId)}: order by ${String(p.orderBy)}, needed by ${String(p.neededBy)}`;
    case 'production':
      return `Make ${String(p.quantity)} × ${item} at warehouse ${String(p.warehouseId)} by ${String(p.neededBy)}`;
    case 're_engagement':
      return `Call ${text(r.name) ?? `customer ${String(p.customerId)}`}${text(r.region) ? ` (${String(r.region)})` : ''}: rep ${String(p.repId)} by ${String(p.dueDate)}`;
    default:
      return `Budget ${String(p.quarter)} for cost centre ${p.costCenter === null ? '(none)' : String(p.costCenter)}`;
  }
}

function budgetByAccount(lines: unknown): { account: string; amount: number }[] {
  const totals = new Map<string, number>();
  for (const line of Array.isArray(lines) ? lines : []) {
    const l = obj(line);
    if (typeof l.account === 'string' && typeof l.amount === 'number') totals.set(l.account, (totals.get(l.account) ?? 0) + l.amount);
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([account, amount]) => ({ account, amount }));
}
