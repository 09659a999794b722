import type { Context } from '../kernel/command.js';
import * as scm from '../scm/index.js';
import * as people from '../people/index.js';
import { stream } from './random.js';
import { dayAfter, daysBetween, isMonday } from './calendar.js';
import { CATEGORIES, CURRENCIES, type World } from './world.js';
import type { SimulationIds } from './setup.js';
import type { Tally } from './tally.js';

/**
 * The supplier quality desk: certificates that suppliers renew (some only after they lapsed),
 * on-site audits scored from each supplier's true capability, findings with corrective actions,
 * suspensions and a block for poor quality, risk flags, supplier price lists, and a request for
 * quotation every month. Every decision is drawn from a stream keyed by what it is about (a
 * certificate id, an audit id, a date), and the state lives in the database, so a continued
 * simulation draws exactly what one long run would.
 *
 * Call setUpSupplierLifecycle once after foundCompany, and runSupplierLifecycle every day before
 * the buyers (runBuying), who must order only from suppliers that may take the order that day:
 * see supplierFor.
 */

/** Certificate types, how long one is valid, and which item categories require them. */
export const CERTIFICATE_TYPES = [
  { code: 'ISO9001', name: 'ISO 9001 quality management', years: 3 },
  { code: 'ISO14001', name: 'ISO 14001 environmental management', years: 3 },
  { code: 'CE', name: 'CE conformity assessment', years: 5 },
  { code: 'RoHS', name: 'RoHS compliance (restricted substances)', years: 2 },
  { code: 'food_safety', name: 'Food-contact safety (FSSC 22000)', years: 1 },
] as const;

export const CERTIFICATE_REQUIREMENTS: Record<string, string[]> = {
  COMPONENTS: ['ISO9001'],
  CONSUMABLES: ['ISO14001'],
  ELECTRONICS: ['CE', 'RoHS'],
  SAFETY: ['CE'],
  PACKAGING: ['food_safety'],
  MACHINES: ['CE', 'ISO9001'],
};

const MANUFACTURING = new Set(['COMPONENTS', 'ELECTRONICS', 'SAFETY', 'MACHINES']);
export const supplierTypeOf = (category: string) => (MANUFACTURING.has(category) ? 'manufacturer' : 'distributor');

/** Audit templates: manufacturers on a five-point scale (version 2, a year in, weighs delivery more), distributors in percent. */
const MFG_WEIGHTS = { 1: { QMS: 35, PROC: 30, DEL: 20, ENV: 15 }, 2: { QMS: 30, PROC: 30, DEL: 30, ENV: 10 } } as const;
const MFG_SECTIONS = (version: 1 | 2) => [
  { code: 'QMS', name: 'Quality management system', weight: MFG_WEIGHTS[version].QMS, criteria: [
    { code: 'QMS.DOC', name: 'Documented and controlled procedures', weight: 40 },
    { code: 'QMS.CAL', name: 'Calibrated measuring equipment', weight: 30 },
    { code: 'QMS.CAPA', name: 'Corrective and preventive action process', weight: 30 },
  ] },
  { code: 'PROC', name: 'Process control', weight: MFG_WEIGHTS[version].PROC, criteria: [
    { code: 'PROC.CTRL', name: 'Control plans at critical steps', weight: 50 },
    { code: 'PROC.TRACE', name: 'Lot traceability', weight: 50 },
  ] },
  { code: 'DEL', name: 'Delivery', weight: MFG_WEIGHTS[version].DEL, criteria: [
    { code: 'DEL.OTD', name: 'On-time delivery performance', weight: 60 },
    { code: 'DEL.PKG', name: 'Packaging and labelling', weight: 40 },
  ] },
  { code: 'ENV', name: 'Environment, health and safety', weight: MFG_WEIGHTS[version].ENV, criteria: [
    { code: 'ENV.WASTE', name: 'Waste and emissions handling', weight: 50 },
    { code: 'ENV.SAFE', name: 'Workplace safety', weight: 50 },
  ] },
];
const DIST_SECTIONS = [
  { code: 'QMS', name: 'Quality management system', weight: 40, criteria: [
    { code: 'QMS.DOC', name: 'Documented and controlled procedures', weight: 50 },
    { code: 'QMS.CAPA', name: 'Complaint and corrective action handling', weight: 50 },
  ] },
  { code: 'LOG', name: 'Logistics', weight: 40, criteria: [
    { code: 'LOG.STORE', name: 'Storage conditions', weight: 40 },
    { code: 'LOG.PICK', name: 'Picking accuracy', weight: 30 },
    { code: 'LOG.OTD', name: 'On-time delivery performance', weight: 30 },
  ] },
  { code: 'COMP', name: 'Compliance', weight: 20, criteria: [
    { code: 'COMP.TRACE', name: 'Batch traceability to manufacturer', weight: 60 },
    { code: 'COMP.DOCS', name: 'Certificates of conformity on file', weight: 40 },
  ] },
];
const TEMPLATE_FOR: Record<string, string> = { manufacturer: 'MFG-AUDIT', distributor: 'DIST-AUDIT' };

/** Policy: an audit below SUSPEND_BELOW suspends an approved supplier; a follow-up at REAPPROVE_AT or above approves it again, below blocks it. */
export const SUSPEND_BELOW = 60;
export const REAPPROVE_AT = 65;
const QUALITY_STAFF = [
  { code: 'SUPQ-1', name: 'Rosa Lindqvist' },
  { code: 'SUPQ-2', name: 'Tomas Okoro' },
];

const fx = (currency: string) => CURRENCIES.find((c) => c.code === currency)?.base ?? 1;
const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

/** Founds the quality desk on the start date: staff, certificate rules, suppliers' details and certificates, templates, onboarding audits, price lists. */
export async function setUpSupplierLifecycle(ctx: Context, world: World, ids: SimulationIds, start: string, tally?: Tally): Promise<void> {
  const run = async <T>(p: Promise<T>) => {
    if (tally) tally.commands++;
    return p;
  };
  for (const staff of QUALITY_STAFF) await run(people.hireEmployee(ctx, { code: staff.code, name: staff.name, role: 'buyer' }));
  for (const t of CERTIFICATE_TYPES) await run(scm.defineCertificateType(ctx, { code: t.code, name: t.name }));
  for (const [category, types] of Object.entries(CERTIFICATE_REQUIREMENTS)) await run(scm.setCertificateRequirements(ctx, { category, certificateTypes: types }));

  for (const s of world.suppliers) {
    const supplierId = ids.suppliers[s.index]!;
    const rng = stream(world.seed, 'supplier-details', s.index);
    await run(scm.updateSupplierRegistration(ctx, {
      supplierId,
      supplierType: supplierTypeOf(s.category),
      categories: [s.category],
      contacts: [{ name: `${s.legalName.split(' ')[0]} sales desk`, email: `sales${s.index + 1}@supplier${s.index + 1}.example`, role: 'sales' }],
      bank: s.region === 'EU'
        ? { iban: iban('NL', `ABNA${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}`), accountHolder: s.legalName }
        : { accountNumber: String(rng.int(10_000_000, 999_999_999_999)), bankCode: String(rng.int(11_000_000, 129_999_999)).padStart(9, '0'), accountHolder: s.legalName },
    }));
    // Certificates held: those the category requires, and often ISO 9001 besides.
    const required = CERTIFICATE_REQUIREMENTS[s.category] ?? [];
    const held = required.includes('ISO9001') || !rng.chance(0.5) ? required : [...required, 'ISO9001'];
    for (const type of held) {
      const years = CERTIFICATE_TYPES.find((t) => t.code === type)!.years;
      // Issued some time before the start, so each runs out at its own moment in the years ahead.
      const age = rng.int(30, years * 365 - 20);
      const issuedOn = dayAfter(start, -age);
      await run(recordCertificate(ctx, supplierId, s.index, type, issuedOn, start));
    }
  }

  await run(scm.defineAuditTemplate(ctx, { code: 'MFG-AUDIT', name: 'Manufacturer on-site audit', supplierType: 'manufacturer', scale: 'five_point', effectiveFrom: start, sections: MFG_SECTIONS(1) }));
  await run(scm.defineAuditTemplate(ctx, { code: 'DIST-AUDIT', name: 'Distributor audit', supplierType: 'distributor', scale: 'percent', effectiveFrom: start, sections: DIST_SECTIONS }));
  // A year in, delivery weighs more in the manufacturer audit: version 2.
  await run(scm.defineAuditTemplate(ctx, { code: 'MFG-AUDIT', name: 'Manufacturer on-site audit (delivery weighted up)', supplierType: 'manufacturer', scale: 'five_point', effectiveFrom: dayAfter(start, 365), sections: MFG_SECTIONS(2) }));

  const staff = await staffIds(ctx);
  for (const s of world.suppliers) await run(audit(ctx, world, ids.suppliers[s.index]!, s.index, 0, start, staff));

  for (const s of world.suppliers) {
    const prices = world.items
      .map((item, i) => ({ item, itemId: ids.items[i]! }))
      .filter(({ item }) => item.category === s.category)
      .map(({ item, itemId }) => ({ itemId, unitPrice: supplierUnitPrice(item.standardCost, s.priceLevel, s.currency), leadTimeDays: s.leadTimeMeanDays, minOrderQty: item.standardCost > 20_000 ? 1 : item.standardCost > 2_000 ? 5 : 10 }));
    if (prices.length > 0) await run(scm.setSupplierPrices(ctx, { supplierId: ids.suppliers[s.index]!, validFrom: start, prices }));
  }
}

/** A supplier's price for an item, in its currency: the item's standard cost at the supplier's price level (as the buyers pay). */
export const supplierUnitPrice = (standardCost: number, priceLevel: number, currency: string) => Math.max(1, Math.round((standardCost * priceLevel) / fx(currency)));

/** The day's work of the quality desk. */
export async function runSupplierLifecycle(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally): Promise<void> {
  const indexOf = new Map(ids.suppliers.map((id, i) => [id, i]));
  const certificates = await scm.expiringCertificates(ctx.db, { asOf: today, withinDays: 30, includeLapsed: true });
  for (const c of certificates) {
    const index = indexOf.get(c.supplierId);
    if (index === undefined || c.supplierStatus === 'blocked') continue;
    const s = world.suppliers[index]!;
    const rng = stream(world.seed, 'certificate-renewal', c.certificateId);
    // Most renew a few weeks ahead; some only after the certificate has lapsed for a while.
    const renewOn = rng.chance(s.lateRenewalProbability) ? dayAfter(c.validUntil, rng.int(4, 45)) : dayAfter(c.validUntil, -rng.int(3, 25));
    if (today < renewOn) continue;
    await recordCertificate(ctx, c.supplierId, index, c.certificateType, today, today);
    tally.commands++;
  }
  if (!isMonday(today)) return;

  if (certificates.some((c) => c.daysLeft >= 0 && c.remindedOn === null)) {
    await scm.remindExpiringCertificates(ctx, { asOf: today, withinDays: 30 });
    tally.commands++;
  }
  await reaudit(ctx, world, indexOf, today, tally);
  await closeActions(ctx, world, indexOf, today, tally);
  await watchRisks(ctx, world, ids, today, tally);
  await runQuotations(ctx, world, ids, indexOf, today, tally);
}

/**
 * The supplier the buyers should order an item from on a day: the item's usual supplier when it
 * may take the order (per scm.orderableSuppliers of that day), else the cheapest other supplier
 * of the item's category that may; undefined when none may (the item waits a week).
 */
export function supplierFor(world: World, ids: SimulationIds, orderable: readonly scm.OrderableSupplier[], itemIndex: number): number | undefined {
  const item = world.items[itemIndex]!;
  const may = (supplierIndex: number) => scm.canOrderFrom(orderable, ids.suppliers[supplierIndex]!, item.category);
  if (may(item.supplier)) return item.supplier;
  const alternatives = world.suppliers.filter((s) => s.index !== item.supplier && s.category === item.category && may(s.index));
  alternatives.sort((a, b) => a.priceLevel - b.priceLevel || a.index - b.index);
  return alternatives[0]?.index;
}

/** Each supplier's quality truths for the ground-truth manifest. */
export function supplierLifecycleTruth(world: World) {
  return {
    notes: [
      'Audit criterion scores are the supplier\'s capability + Normal(0, 3) per audit + Normal(0, 9) per criterion, clamped to 0–100 (five-point templates: rounded to twenty percent steps).',
      `An audit below ${SUSPEND_BELOW} suspends an approved supplier; its follow-up audit 6–10 weeks later approves it again at ${REAPPROVE_AT} or above, and blocks it below. Approved suppliers are re-audited every 150–210 days.`,
      "A supplier with a quality issue passes its onboarding audit (capability + 20); one whose issue 'recovers' audits at capability + 30 from its follow-up on; one whose issue 'persists' does not, and ends blocked.",
      'Certificates are renewed 3–25 days before they run out, or with the lateRenewalProbability 4–45 days after (the supplier cannot take orders for categories that require it meanwhile).',
      'Risk flags are raised weekly with small probabilities (delivery flags more often for suppliers whose deliveries run late) and cleared 30–120 days later.',
    ],
    certificateRequirements: CERTIFICATE_REQUIREMENTS,
    suppliers: world.suppliers.map((s) => ({
      index: s.index,
      legalName: s.legalName,
      category: s.category,
      supplierType: supplierTypeOf(s.category),
      capability: s.capability,
      defectRate: s.defectRate,
      lateRenewalProbability: s.lateRenewalProbability,
      qualityIssue: s.qualityIssue,
      priceLevel: s.priceLevel,
      leadTimeMeanDays: s.leadTimeMeanDays,
      leadTimeSdDays: s.leadTimeSdDays,
      lateBiasDays: s.lateBiasDays,
    })),
  };
}

// ---- the desk's routines ---------------------------------------------------------------------

function recordCertificate(ctx: Context, supplierId: number, supplierIndex: number, type: string, issuedOn: string, recordedOn: string) {
  const years = CERTIFICATE_TYPES.find((t) => t.code === type)?.years ?? 1;
  return scm.recordSupplierCertificate(ctx, {
    supplierId,
    certificateType: type,
    certificateNo: `${type.toUpperCase()}-${String(supplierIndex + 1).padStart(3, '0')}-${issuedOn.replace(/-/g, '')}`,
    issuer: type === 'CE' ? 'Notified body 0123' : 'Certification body',
    issuedOn,
    expiresOn: dayAfter(addYears(issuedOn, years), -1),
    date: recordedOn,
  });
}

interface Staff { engineers: number[] }
const staffCache = new WeakMap<object, Staff>();
async function staffIds(ctx: Context): Promise<Staff> {
  const cached = staffCache.get(ctx.db);
  if (cached) return cached;
  const employees = await people.listEmployees(ctx.db);
  const engineers = QUALITY_STAFF.map((q) => employees.find((e) => e.code === q.code)?.id).filter((x): x is number => x !== undefined);
  const staff = { engineers };
  staffCache.set(ctx.db, staff);
  return staff;
}

/**
 * Audits a supplier: every criterion scored from its capability, findings for criteria below 60%
 * with a corrective action each. `prior` is the number of earlier audits of the supplier.
 */
async function audit(ctx: Context, world: World, supplierId: number, index: number, prior: number, date: string, staff: Staff) {
  const s = world.suppliers[index]!;
  const rng = stream(world.seed, 'audit', index, date);
  const type = supplierTypeOf(s.category);
  const fivePoint = type === 'manufacturer';
  const criteria = (fivePoint ? MFG_SECTIONS(1) : DIST_SECTIONS).flatMap((section) => section.criteria.map((c) => c.code));
  const capability =
    s.qualityIssue === 'none' ? s.capability : prior === 0 ? s.capability + 20 : s.qualityIssue === 'recovers' && prior >= 2 ? s.capability + 30 : s.capability;
  const shift = rng.normal(0, 3);
  const owner = staff.engineers[index % Math.max(1, staff.engineers.length)];
  const scores = criteria.map((criterion) => {
    const percent = Math.min(100, Math.max(0, Math.round(capability + shift + rng.normal(0, 9))));
    return { criterion, score: fivePoint ? Math.round(percent / 20) : percent };
  });
  const findings = scores
    .map((x) => ({ ...x, percent: fivePoint ? x.score * 20 : x.score }))
    .filter((x) => x.percent < 60)
    .map((x) => {
      const severity = x.percent < 30 ? ('critical' as const) : x.percent < 45 ? ('major' as const) : ('minor' as const);
      const days = severity === 'critical' ? 30 : severity === 'major' ? 60 : 90;
      return {
        criterion: x.criterion,
        severity,
        description: `${x.criterion} scored ${x.percent}% (below 60%)`,
        actions: owner === undefined ? [] : [{ description: `Corrective action plan for ${x.criterion}`, ownerId: owner, dueOn: dayAfter(date, days) }],
      };
    });
  return scm.recordSupplierAudit(ctx, {
    supplierId,
    templateCode: TEMPLATE_FOR[type]!,
    date,
    ...(owner !== undefined ? { auditorId: owner } : {}),
    summary: prior === 0 ? 'Onboarding audit' : 'Periodic re-audit',
    scores,
    findings,
  });
}

async function reaudit(ctx: Context, world: World, indexOf: Map<number, number>, today: string, tally: Tally) {
  const latest = await scm.supplierAuditScores(ctx.db);
  const status = new Map((await scm.listSuppliers(ctx.db)).map((s) => [s.id, s.status]));
  const staff = await staffIds(ctx);
  for (const last of latest) {
    const index = indexOf.get(last.supplierId);
    const current = status.get(last.supplierId);
    if (index === undefined || current === 'blocked' || current === 'prospective') continue;
    const rng = stream(world.seed, 'audit-interval', last.auditId);
    const interval = current === 'suspended' ? rng.int(42, 70) : rng.int(150, 210);
    if (daysBetween(last.auditDate, today) < interval) continue;
    const result = await audit(ctx, world, last.supplierId, index, last.audits, today, staff);
    tally.commands++;
    const score = result.totalScore.toFixed(2);
    if (current === 'approved' && result.totalScore < SUSPEND_BELOW) {
      await scm.changeSupplierStatus(ctx, { supplierId: last.supplierId, status: 'suspended', date: today, reason: `audit ${result.auditNo} scored ${score} (below ${SUSPEND_BELOW}): suspended until a follow-up audit` });
      tally.commands++;
    } else if (current === 'suspended') {
      const recovered = result.totalScore >= REAPPROVE_AT;
      await scm.changeSupplierStatus(ctx, {
        supplierId: last.supplierId,
        status: recovered ? 'approved' : 'blocked',
        date: today,
        reason: recovered ? `follow-up audit ${result.auditNo} scored ${score}: approved again` : `follow-up audit ${result.auditNo} scored ${score} (below ${REAPPROVE_AT}) after a suspension: blocked`,
      });
      tally.commands++;
    }
  }
}

async function closeActions(ctx: Context, world: World, indexOf: Map<number, number>, today: string, tally: Tally) {
  for (const action of await scm.openCorrectiveActions(ctx.db, { asOf: today })) {
    const index = indexOf.get(action.supplierId);
    if (index === undefined) continue;
    const s = world.suppliers[index]!;
    const rng = stream(world.seed, 'corrective-action', action.actionId);
    const onTime = rng.chance(s.capability / 100);
    const closeOn = onTime ? dayAfter(action.dueOn, -rng.int(0, 20)) : dayAfter(action.dueOn, rng.int(1, 30));
    if (today < closeOn || today < action.auditDate) continue;
    await scm.closeCorrectiveAction(ctx, { actionId: action.actionId, date: today, note: onTime ? 'implemented and verified' : 'implemented late; verified' });
    tally.commands++;
  }
}

const RISKS = [
  { kind: 'financial' as const, weekly: 0.003, source: 'credit agency', description: 'credit rating downgraded' },
  { kind: 'legal' as const, weekly: 0.0015, source: 'court register', description: 'litigation filed against the supplier' },
  { kind: 'delivery' as const, weekly: 0.003, source: 'on-time monitoring', description: 'deliveries running later than promised' },
];

async function watchRisks(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally) {
  const open = await scm.openRiskFlags(ctx.db);
  for (const flag of open) {
    const clearAfter = stream(world.seed, 'risk-clear', flag.flagId).int(30, 120);
    if (daysBetween(flag.raisedOn, today) < clearAfter) continue;
    await scm.clearSupplierRiskFlag(ctx, { flagId: flag.flagId, date: today, reason: `${flag.source}: resolved` });
    tally.commands++;
  }
  for (const s of world.suppliers) {
    const supplierId = ids.suppliers[s.index]!;
    const rng = stream(world.seed, 'risk', s.index, today);
    for (const risk of RISKS) {
      const weekly = risk.kind === 'delivery' && s.lateBiasDays > 2 ? risk.weekly * 5 : risk.weekly;
      if (!rng.chance(weekly) || open.some((f) => f.supplierId === supplierId && f.kind === risk.kind)) continue;
      await scm.raiseSupplierRiskFlag(ctx, { supplierId, kind: risk.kind, severity: rng.pick(['low', 'medium', 'medium', 'high'] as const), source: risk.source, description: risk.description, date: today });
      tally.commands++;
    }
  }
}

/**
 * On the first Monday of a month the buyers ask the suppliers of one category for quotations on a
 * few of its items; suppliers answer the Monday after; the Monday after the deadline the lowest
 * cost, weighed by lead time and audit score, wins and enters the price list.
 */
async function runQuotations(ctx: Context, world: World, ids: SimulationIds, indexOf: Map<number, number>, today: string, tally: Tally) {
  for (const rfq of await scm.openRfqs(ctx.db)) {
    if (today > rfq.respondBy) {
      await award(ctx, rfq.rfqId, today, tally);
      continue;
    }
    if (today <= rfq.issuedOn) continue;
    const lines = (await scm.rfqComparison(ctx.db, rfq.rfqId))!.lines;
    for (const supplierId of rfq.invited) {
      const index = indexOf.get(supplierId);
      if (index === undefined || rfq.responded.includes(supplierId)) continue;
      const s = world.suppliers[index]!;
      const rng = stream(world.seed, 'quotation', rfq.rfqId, supplierId);
      if (!rng.chance(0.85)) continue; // declines to quote
      await scm.recordRfqResponse(ctx, {
        rfqId: rfq.rfqId,
        supplierId,
        date: today,
        validUntil: dayAfter(today, 60),
        lines: lines.map((l) => {
          const item = world.items[ids.items.indexOf(l.itemId)]!;
          return { itemId: l.itemId, unitPrice: supplierUnitPrice(Math.round(item.standardCost * Math.max(0.8, rng.normal(1, 0.05))), s.priceLevel, s.currency), leadTimeDays: Math.max(1, s.leadTimeMeanDays + rng.int(-2, 3)) };
        }),
      });
      tally.commands++;
    }
  }
  if (!isMonday(today) || Number(today.slice(8)) > 7) return;
  const orderable = await scm.orderableSuppliers(ctx.db, today);
  const rng = stream(world.seed, 'rfq', today);
  const candidates = CATEGORIES.map((c) => c.code).filter((category) => world.suppliers.filter((s) => s.category === category && scm.canOrderFrom(orderable, ids.suppliers[s.index]!, category)).length >= 2);
  if (candidates.length === 0) return;
  const category = rng.pick(candidates);
  const items = world.items.map((item, i) => ({ item, i })).filter(({ item }) => item.category === category);
  const chosen = [...new Set(Array.from({ length: Math.min(items.length, rng.int(2, 3)) }, () => rng.pick(items).i))];
  const invited = world.suppliers.filter((s) => s.category === category && scm.canOrderFrom(orderable, ids.suppliers[s.index]!, category)).map((s) => ids.suppliers[s.index]!);
  await scm.issueRfq(ctx, {
    title: `${CATEGORIES.find((c) => c.code === category)!.name}: quotations for ${today.slice(0, 7)}`,
    date: today,
    respondBy: dayAfter(today, 10),
    lines: chosen.map((i) => ({ itemId: ids.items[i]!, quantity: Math.max(10, Math.round(world.items[i]!.linesPerWeek * world.scale * 8 * (1 + world.items[i]!.extraUnits))) })),
    supplierIds: invited,
  });
  tally.commands++;
}

async function award(ctx: Context, rfqId: number, today: string, tally: Tally) {
  const comparison = (await scm.rfqComparison(ctx.db, rfqId))!;
  const cost = (s: scm.RfqSupplierSummary) => s.totalFunctional * (1 + (s.maxLeadTimeDays ?? 0) / 700) * (1 + (85 - (s.auditScore ?? 70)) / 100);
  const eligible = comparison.suppliers.filter((s) => s.responseId !== null && s.linesQuoted === comparison.lines.length && s.status !== 'blocked' && s.status !== 'suspended' && s.validUntil! >= today);
  eligible.sort((a, b) => cost(a) - cost(b) || a.supplierId - b.supplierId);
  const winner = eligible[0];
  if (!winner) {
    await scm.cancelRfq(ctx, { rfqId, date: today, reason: 'no complete quotation from a supplier that may take orders' });
  } else {
    await scm.awardRfq(ctx, { rfqId, responseId: winner.responseId!, date: today, reason: 'lowest cost weighed by lead time and audit score', priceValidTo: null });
  }
  tally.commands++;
}

/** An IBAN with correct check digits for a country and a BBAN. */
function iban(country: string, bban: string): string {
  const digits = (s: string) => [...s].map((ch) => (ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  let remainder = 0;
  for (const d of digits(`${bban}${country}00`)) remainder = (remainder * 10 + Number(d)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}
