import type { AssignmentMethod } from './tables.js';

/** A rep who may receive leads, with what they hold now and their cap (null: none). */
export interface Candidate {
  repId: number;
  openLeads: number;
  cap: number | null;
  /** False for a rep who only receives leads through a rule naming them. Default true. */
  acceptsLeads?: boolean;
}

export interface AssignmentRule {
  priority: number;
  source: string | null;
  segment: string | null;
  repId: number;
}

export interface LeadToAssign {
  leadId: number;
  source: string;
  segment: string;
}

export interface AssignmentPlan {
  assignments: { leadId: number; repId: number }[];
  /** The last rep round-robin gave a lead to: where the next run continues. */
  cursor: number | null;
}

/**
 * Decides who gets each lead, in order, never past a rep's cap (a lead no rep can take stays in
 * its pool):
 * - round_robin: reps in id order, continuing after the last one served (the cursor);
 * - capacity: the rep holding the fewest open leads (lowest id on a tie);
 * - rules: the first rule by priority matching the lead's source and segment whose rep has room,
 *   else by capacity.
 */
export function planAssignments(method: Exclude<AssignmentMethod, 'none'>, leads: LeadToAssign[], candidates: Candidate[], rules: AssignmentRule[] = [], cursor: number | null = null): AssignmentPlan {
  const reps = [...candidates].sort((a, b) => a.repId - b.repId).map((c) => ({ ...c }));
  const hasRoom = (r: Candidate) => r.cap === null || r.openLeads < r.cap;
  const inRotation = (r: Candidate) => r.acceptsLeads !== false && hasRoom(r);
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);
  const assignments: { leadId: number; repId: number }[] = [];
  let last = cursor;

  const byCapacity = () => reps.filter(inRotation).reduce<Candidate | undefined>((best, r) => (!best || r.openLeads < best.openLeads ? r : best), undefined);
  const byRoundRobin = () => {
    if (reps.length === 0) return undefined;
    const start = last === null ? 0 : reps.findIndex((r) => r.repId > last!);
    for (let k = 0; k < reps.length; k++) {
      const r = reps[((start < 0 ? 0 : start) + k) % reps.length]!;
      if (inRotation(r)) return r;
    }
    return undefined;
  };
  const byRules = (lead: LeadToAssign) => {
    for (const rule of ordered) {
      if ((rule.source ?? lead.source) !== lead.source || (rule.segment ?? lead.segment) !== lead.segment) continue;
      const r = reps.find((x) => x.repId === rule.repId);
      if (r && hasRoom(r)) return r;
    }
    return byCapacity();
  };

  for (const lead of leads) {
    const rep = method === 'round_robin' ? byRoundRobin() : method === 'capacity' ? byCapacity() : byRules(lead);
    if (!rep) continue;
    rep.openLeads++;
    if (method === 'round_robin') last = rep.repId;
    assignments.push({ leadId: lead.leadId, repId: rep.repId });
  }
  return { assignments, cursor: last };
}
