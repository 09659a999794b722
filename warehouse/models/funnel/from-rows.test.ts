import { describe, expect, it } from 'vitest';
import { campaignRowsFromRecords, leadRowsFromRecords, stageDefinitionsFromRecords, stageRowsFromRecords } from './from-rows.js';
import { FunnelInputError } from './types.js';

describe('funnel rows from query records', () => {
  it('reads integers given as text or bigint and dates given as text or Date', () => {
    expect(campaignRowsFromRecords([{ campaign_id: 1n, code: 'W', name: 'Web', channel: 'content', source_code: 'web', start_date: new Date('2024-01-01T00:00:00Z'), cost: '20700', currency: 'USD' }]))
      .toEqual([{ campaignId: 1, code: 'W', name: 'Web', channel: 'content', sourceCode: 'web', startDate: '2024-01-01', cost: 20700, currency: 'USD' }]);
    expect(leadRowsFromRecords([{ lead_id: 2, source_code: 'web', campaign_id: null, region: 'EU', segment: 'consumer', owner_id: null, status: 'new', created_date: '2024-01-02', closed_date: null }])[0])
      .toMatchObject({ leadId: 2, campaignId: null, ownerId: null, closedDate: null });
    expect(stageDefinitionsFromRecords([{ code: 'won', name: 'Won', position: 90, probability_bp: 10000, outcome: 'won' }])[0]!.probabilityBp).toBe(10000);
  });
  it('refuses an amount beyond the exact integer range, naming the row and column', () => {
    const row = { opportunity_id: 1, entry_no: 1, stage_code: 'q', win_probability_bp: 1000, entered_date: '2024-01-01', left_date: null, outcome: 'open', lost_reason: null,
      amount: '90071992547409930', currency: 'USD', owner_id: 1, lead_id: null, source_code: null, campaign_id: null, region: null, segment: null, opportunity_created_date: '2024-01-01', closed_date: null };
    expect(() => stageRowsFromRecords([row])).toThrow(FunnelInputError);
    expect(() => stageRowsFromRecords([row])).toThrow(/stages\[0\]\.amount/);
    expect(stageRowsFromRecords([{ ...row, amount: '12' }])[0]!.amount).toBe(12);
  });
});
