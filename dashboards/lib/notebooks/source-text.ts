/**
 * Small edits of the notebook editor's text, kept apart from the page so they can be tested:
 * where a line is (to show a problem's line), and typing over a selection (Tab's indent).
 */

/** The offsets of line `line` (counted from 1) of `text`: its first character and its end, before the newline. */
export function lineRange(text: string, line: number): { start: number; end: number } {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return { start: text.length, end: text.length };
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return { start, end: end < 0 ? text.length : end };
}

/** `text` with `insert` typed over [start, end), and where the caret is after it. */
export function typeOver(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}
