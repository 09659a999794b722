/**
 * The scorecard's standings, best first, and how each is coloured: preferred and approved
 * suppliers are ordered from freely, watch ones with a warning, blocked ones not at all.
 */
export const STANDING_ORDER = ['preferred', 'approved', 'watch', 'blocked', 'not scored'] as const;
export const STANDING_COLORS = ['var(--good)', 'var(--accent)', 'var(--warn)', 'var(--bad)', 'var(--muted)'];

/** The scores at which a standing begins (DEFAULT_SCORECARD.standings), for reference lines. */
export const STANDING_THRESHOLDS = [
  { score: 50, standing: 'watch' },
  { score: 65, standing: 'approved' },
  { score: 85, standing: 'preferred' },
] as const;

/** Scores 0–100 as colours from red (0) through amber to green (100), readable in both themes. */
export const SCORE_COLOR = { type: 'linear', domain: [0, 50, 100], range: ['#c0392b', '#e0a030', '#2e9e4f'], clamp: true } as const;
