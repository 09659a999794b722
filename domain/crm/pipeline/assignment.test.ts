import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planAssignments, type Candidate } from './assignment.js';

const leads = (n: number, source = 'web', segment = 'consumer') => Array.from({ length: n }, (_, i) => ({ leadId: 100 + i, source, segment }));
const reps = (...held: (number | [number, number | null])[]): Candidate[] =>
  held.map((h, i) => (Array.isArray(h) ? { repId: i + 1, openLeads: h[0], cap: h[1] } : { repId: i + 1, openLeads: h, cap: null }));

describe('lead assignment', () => {
  it('goes round the reps in id order, continuing after the last one served', () => {
    expect(planAssignments('round_robin', leads(5), reps(0, 0, 0)).assignments.map((a) => a.repId)).toEqual([1, 2, 3, 1, 2]);
    const plan = planAssignments('round_robin', leads(2), reps(0, 0, 0), [], 2);
    expect(plan.assignments.map((a) => a.repId)).toEqual([3, 1]);
    expect(plan.cursor).toBe(1);
  });

  it('skips reps at their cap and those outside the rotation, leaving leads nobody can take', () => {
    const candidates = [...reps([2, 2], 0, [0, 1]), { repId: 4, openLeads: 0, cap: null, acceptsLeads: false }];
    const plan = planAssignments('round_robin', leads(3), candidates.map((c, i) => (i === 1 ? { ...c, cap: 1 } : c)));
    expect(plan.assignments.map((a) => a.repId)).toEqual([2, 3]);
  });

  it('by capacity gives each lead to the rep holding the fewest, lowest id on a tie', () => {
    expect(planAssignments('capacity', leads(4), reps(3, 1, 1)).assignments.map((a) => a.repId)).toEqual([2, 3, 2, 3]);
  });

  it('by rules takes the first matching rule whose rep has room, else capacity', () => {
    const rules = [
      { priority: 1, source: 'trade_show', segment: 'enterprise', repId: 3 },
      { priority: 2, source: 'trade_show', segment: null, repId: 2 },
    ];
    const candidates = [{ repId: 1, openLeads: 0, cap: null }, { repId: 2, openLeads: 0, cap: 1 }, { repId: 3, openLeads: 0, cap: null, acceptsLeads: false }];
    const plan = planAssignments('rules', [...leads(1, 'trade_show', 'enterprise'), ...leads(2, 'trade_show', 'consumer'), ...leads(1, 'web')].map((l, i) => ({ ...l, leadId: i })), candidates, rules);
    expect(plan.assignments.map((a) => a.repId)).toEqual([3, 2, 1, 1]);
  });

  it('never exceeds a cap and never assigns a lead twice', () => {
    fc.assert(fc.property(
      fc.constantFrom('round_robin' as const, 'capacity' as const, 'rules' as const),
      fc.array(fc.record({ openLeads: fc.nat({ max: 5 }), cap: fc.option(fc.nat({ max: 6 })), acceptsLeads: fc.boolean() }), { maxLength: 6 }),
      fc.nat({ max: 30 }),
      (method, cs, n) => {
        const candidates = cs.map((c, i) => ({ ...c, repId: i + 1 }));
        const rules = candidates.map((c, i) => ({ priority: i, source: i % 2 ? 'web' : null, segment: null, repId: c.repId }));
        const plan = planAssignments(method, leads(n), candidates, rules);
        expect(new Set(plan.assignments.map((a) => a.leadId)).size).toBe(plan.assignments.length);
        for (const c of candidates) {
          const got = plan.assignments.filter((a) => a.repId === c.repId).length;
          if (c.cap !== null) expect(got === 0 || c.openLeads + got <= c.cap).toBe(true);
        }
      },
    ));
  });
});
