import { FunnelInputError, type CampaignRow, type LeadRow, type LeadStatus, type OpportunityStageRow, type Outcome, type StageDefinition } from './types.js';

/**
 * Typed funnel rows from the records the funnel_* queries in sql/queries return (snake_case
 * columns; integers as number, bigint or digit text; dates as text or Date). Values are checked
 * for type here, and for meaning by the model's functions.
 */
type Row = Readonly<Record<string, unknown>>;

function integer(row: Row, column: string, where: string): number {
  const v = row[column];
  const n = typeof v === 'number' ? v : typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v)) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new FunnelInputError(`must be a whole number within the exact integer range, got ${String(v)}`, `${where}.${column}`);
  return n;
}
const optionalInteger = (row: Row, column: string, where: string) => (row[column] == null ? null : integer(row, column, where));
const text = (row: Row, column: string, where: string): string => {
  const v = row[column];
  if (typeof v !== 'string') throw new FunnelInputError(`must be text, got ${String(v)}`, `${where}.${column}`);
  return v;
};
const optionalText = (row: Row, column: string, where: string) => (row[column] == null ? null : text(row, column, where));
const day = (row: Row, column: string, where: string): string => {
  const v = row[column];
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return text(row, column, where).slice(0, 10);
};
const optionalDay = (row: Row, column: string, where: string) => (row[column] == null ? null : day(row, column, where));

export function leadRowsFromRecords(rows: readonly Row[]): LeadRow[] {
  return rows.map((r, i) => {
    const at = `leads[${i}]`;
    return {
      leadId: integer(r, 'lead_id', at), sourceCode: text(r, 'source_code', at), campaignId: optionalInteger(r, 'campaign_id', at),
      region: text(r, 'region', at), segment: text(r, 'segment', at), ownerId: optionalInteger(r, 'owner_id', at),
      status: text(r, 'status', at) as LeadStatus, createdDate: day(r, 'created_date', at), closedDate: optionalDay(r, 'closed_date', at),
    };
  });
}

export function stageRowsFromRecords(rows: readonly Row[]): OpportunityStageRow[] {
  return rows.map((r, i) => {
    const at = `stages[${i}]`;
    return {
      opportunityId: integer(r, 'opportunity_id', at), entryNo: integer(r, 'entry_no', at), stageCode: text(r, 'stage_code', at),
      winProbabilityBp: integer(r, 'win_probability_bp', at), enteredDate: day(r, 'entered_date', at), leftDate: optionalDay(r, 'left_date', at),
      outcome: text(r, 'outcome', at) as Outcome, lostReason: optionalText(r, 'lost_reason', at), amount: integer(r, 'amount', at), currency: text(r, 'currency', at),
      ownerId: integer(r, 'owner_id', at), leadId: optionalInteger(r, 'lead_id', at), sourceCode: optionalText(r, 'source_code', at),
      campaignId: optionalInteger(r, 'campaign_id', at), region: optionalText(r, 'region', at), segment: optionalText(r, 'segment', at),
      opportunityCreatedDate: day(r, 'opportunity_created_date', at), closedDate: optionalDay(r, 'closed_date', at),
    };
  });
}

export function stageDefinitionsFromRecords(rows: readonly Row[]): StageDefinition[] {
  return rows.map((r, i) => {
    const at = `stageDefinitions[${i}]`;
    return { code: text(r, 'code', at), name: text(r, 'name', at), position: integer(r, 'position', at), probabilityBp: integer(r, 'probability_bp', at), outcome: text(r, 'outcome', at) as Outcome };
  });
}

export function campaignRowsFromRecords(rows: readonly Row[]): CampaignRow[] {
  return rows.map((r, i) => {
    const at = `campaigns[${i}]`;
    return {
      campaignId: integer(r, 'campaign_id', at), code: text(r, 'code', at), name: text(r, 'name', at), channel: text(r, 'channel', at),
      sourceCode: text(r, 'source_code', at), startDate: day(r, 'start_date', at), cost: integer(r, 'cost', at), currency: text(r, 'currency', at),
    };
  });
}
