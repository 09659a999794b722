import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface CertificateSpan { certificateType: string; certificateNo: string; issuedOn: string; validUntil: string; state: string }

export const CERTIFICATE_STATES = ['valid', 'expiring', 'lapsed', 'superseded'] as const;

/** Each certificate from issue to the last day it is valid, against the company's day. */
export function certificateTimeline(certificates: readonly CertificateSpan[], { width, height, asOf }: { width: number; height: number; asOf: string }): Element {
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const data = certificates.map((c) => ({ ...c, from: day(c.issuedOn), to: day(c.validUntil), label: c.certificateNo }));
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 170, marginRight: 24, marginBottom: 30, marginTop: 18,
    x: { type: 'utc', label: null },
    y: { domain: data.map((d) => d.label), label: null },
    color: { domain: [...CERTIFICATE_STATES], range: ['var(--good)', 'var(--warn)', 'var(--bad)', 'var(--muted)'], legend: true },
    marks: [
      Plot.barX(data, { x1: 'from', x2: 'to', y: 'label', fill: 'state', fillOpacity: 0.8, tip: true }),
      Plot.ruleX([day(asOf)], { stroke: 'currentColor', strokeDasharray: '4 3' }),
      Plot.text([day(asOf)], { x: (d: Date) => d, frameAnchor: 'top', dy: -10, text: () => 'today', fill: 'currentColor', fontSize: 10 }),
    ],
  });
}
