import type { KpiFormat } from './kpi.js';

/**
 * Number and date formats in the reader's locale (the browser's first Accept-Language, so the
 * server renders the same text the browser would). Money arrives in minor units of the
 * functional currency.
 */
export interface Formats {
  money(minor: number | null): string;
  moneyCompact(minor: number | null): string;
  percent(fraction: number | null, digits?: number): string;
  number(value: number | null, digits?: number): string;
  integer(value: number | null): string;
  /** A YYYY-MM-DD date, or an ISO time (shown with the time of day, in UTC). */
  date(iso: string | null): string;
  dateTime(iso: string | null): string;
  month(yyyyMm: string): string;
  kpi(value: number | null, format: KpiFormat): string;
  /** A KPI's change against the prior period (see Kpi.change), with its sign. */
  change(change: number | null, format: KpiFormat): string;
}

const NONE = '–';

export function formats(locale: string, currency: string): Formats {
  const currencyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const scale = 10 ** (currencyFormat.resolvedOptions().maximumFractionDigits ?? 2);
  const compact = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  const major = (minor: number) => minor / scale;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const f: Formats = {
    money: (minor) => (minor === null ? NONE : currencyFormat.format(major(minor))),
    moneyCompact: (minor) => (minor === null ? NONE : compact.format(major(minor))),
    percent: (fraction, digits = 1) => (fraction === null ? NONE : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction)),
    number: (value, digits = 1) => (value === null ? NONE : new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)),
    integer: (value) => (value === null ? NONE : new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value)),
    date: (iso) => (iso === null ? NONE : dateFormat.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso))),
    dateTime: (iso) => (iso === null ? NONE : dateTimeFormat.format(new Date(iso))),
    month: (m) => monthFormat.format(new Date(`${m}-01T00:00:00Z`)),
    kpi: (value, format) => {
      if (value === null) return 'no data';
      if (format === 'money') return f.moneyCompact(value);
      if (format === 'percent') return f.percent(value);
      if (format === 'turns') return `${f.number(value)}×`;
      return `${f.number(value, 0)} d`;
    },
    change: (change, format) => {
      if (change === null) return 'no prior period';
      const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 1, minimumFractionDigits: 1 });
      if (format === 'percent') return `${signed.format(change * 100)} pts`;
      if (format === 'days') return `${signed.format(change)} d`;
      return `${signed.format(change * 100)} %`;
    },
  };
  return f;
}

/** The first supported locale of an Accept-Language header; en-US without one. */
export function localeFrom(acceptLanguage: string | null): string {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim();
    if (!tag || tag === '*') continue;
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // not a well-formed tag: try the next
    }
  }
  return 'en-US';
}
