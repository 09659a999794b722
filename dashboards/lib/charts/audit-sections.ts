import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface AuditSectionRow { audit_no: string; audit_date: string; template: string; audit_score: number; findings: number; section_no: number; section_name: string; section_weight: number; section_score: number; section_findings: number; first_section_of_audit: boolean }

/** A supplier's audits section by section: each audit's section scores as dots, the newest audit solid. */
export function auditSections(rows: readonly AuditSectionRow[], { width, height, label }: { width: number; height: number; label: (date: string) => string }): Element {
  const audits = [...new Map(rows.map((r) => [r.audit_no, r])).values()].sort((a, b) => (a.audit_date < b.audit_date ? 1 : -1));
  const name = (r: AuditSectionRow) => `${r.audit_no} (${label(r.audit_date)}, ${r.audit_score.toFixed(1)}%)`;
  const sections = [...new Map([...rows].sort((a, b) => a.section_no - b.section_no).map((r) => [r.section_name, `${r.section_name} (${r.section_weight}%)`])).entries()];
  const data = rows.map((r) => ({ ...r, audit: name(r), section: sections.find(([n]) => n === r.section_name)![1] }));
  const shown = audits.slice(0, 6).map(name);
  // Section scores sit close together near the top: start the axis a step below the lowest.
  const low = Math.max(0, Math.floor(Math.min(...rows.map((r) => r.section_score)) / 10) * 10 - 10);
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 190, marginRight: 24, marginBottom: 36,
    x: { domain: [low, 100], label: 'section score, % (weight in brackets)', grid: true },
    y: { domain: sections.map(([, s]) => s), label: null },
    color: { domain: shown, range: shown.map((_, i) => (i === 0 ? 'var(--accent)' : 'var(--muted)')), legend: true },
    symbol: { domain: shown, range: ['circle', 'square', 'triangle', 'diamond', 'star', 'cross'] },
    marks: [
      Plot.dot(data.filter((d) => shown.includes(d.audit)), { x: 'section_score', y: 'section', stroke: 'audit', symbol: 'audit', r: 5, strokeWidth: 2, tip: true, channels: { findings: 'section_findings' } }),
    ],
  });
}
