import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateExpression, ExpressionError, parseExpression, variablesOf } from './expression.js';

const evalText = (text: string, vars: Record<string, number | null> = {}) => evaluateExpression(parseExpression(text, 'c'), vars);

function errorOf(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

describe('formula parser and evaluator', () => {
  it('follows the usual precedence and left associativity', () => {
    expect(evalText('1 + 2 * 3')).toBe(7);
    expect(evalText('(1 + 2) * 3')).toBe(9);
    expect(evalText('10 - 4 - 3')).toBe(3);
    expect(evalText('48 / 4 / 2')).toBe(6);
    expect(evalText('2 * -3')).toBe(-6);
    expect(evalText('--4')).toBe(4);
    expect(evalText('-2 * 3 + 1')).toBe(-5);
    expect(evalText('.5 + 1e2 + 2.5E-1')).toBe(100.75);
  });

  it('evaluates variables and the four functions', () => {
    const vars = { acceptance_rate: 0.93, mean_lateness_days: 2.5, x: -7 };
    expect(evalText('100 * acceptance_rate', vars)).toBeCloseTo(93, 12);
    expect(evalText('max(0, 100 - 10 * mean_lateness_days)', vars)).toBe(75);
    expect(evalText('max(0, 100 - 10 * mean_lateness_days * 5)', vars)).toBe(0);
    expect(evalText('min(3, 1, 2)')).toBe(1);
    expect(evalText('max(4)')).toBe(4);
    expect(evalText('abs(x)', vars)).toBe(7);
    expect(evalText('clamp(x, 0, 100)', vars)).toBe(0);
    expect(evalText('clamp(140, 0, 100)')).toBe(100);
    expect(evalText('clamp(42, 0, 100)')).toBe(42);
  });

  it('gives null, never NaN or Infinity, for missing data and undefined arithmetic', () => {
    expect(evalText('100 * acceptance_rate', { acceptance_rate: null })).toBeNull();
    expect(evalText('100 * acceptance_rate', {})).toBeNull();
    expect(evalText('1 / 0')).toBeNull();
    expect(evalText('1 / (x - x)', { x: 3 })).toBeNull();
    expect(evalText('1e308 * 10')).toBeNull();
    expect(evalText('clamp(5, 10, 0)')).toBeNull();
    expect(evalText('max(1, y)', { y: null })).toBeNull();
  });

  it('lists the variables a formula uses', () => {
    expect(variablesOf(parseExpression('a * (b + a) - max(c, 1)', 'c'))).toEqual(['a', 'b', 'c']);
  });

  it('names the criterion and position of a syntax error', () => {
    const e = errorOf(() => parseExpression('100 * (acceptance_rate', 'quality'));
    expect(e.kind).toBe('syntax');
    expect(e.criterion).toBe('quality');
    expect(e.position).toBe(22);
    expect(e.message).toBe("criterion 'quality': expected ')' but found the end of the formula at position 22");
    expect(errorOf(() => parseExpression('1 + * 2', 'q')).position).toBe(4);
    expect(errorOf(() => parseExpression('1 2', 'q')).position).toBe(2);
    expect(errorOf(() => parseExpression('a % b', 'q'))).toMatchObject({ kind: 'syntax', position: 2 });
    expect(errorOf(() => parseExpression('', 'q'))).toMatchObject({ kind: 'syntax', position: 0 });
    expect(errorOf(() => parseExpression('2x', 'q'))).toMatchObject({ kind: 'syntax', position: 1 });
    expect(errorOf(() => parseExpression('a < b', 'q'))).toMatchObject({ kind: 'syntax', position: 2 });
    expect(errorOf(() => parseExpression('max(1,)', 'q'))).toMatchObject({ kind: 'syntax', position: 6 });
    expect(errorOf(() => parseExpression('+1', 'q'))).toMatchObject({ kind: 'syntax', position: 0 });
  });

  it('refuses unknown variables and functions and wrong argument counts', () => {
    const known = new Set(['acceptance_rate']);
    const options = { isVariable: (n: string) => known.has(n), unknownHint: () => ' (known: acceptance_rate)' };
    const e = errorOf(() => parseExpression('100 * acceptence_rate', 'quality', options));
    expect(e).toMatchObject({ kind: 'unknown_variable', criterion: 'quality', position: 6 });
    expect(e.message).toBe("criterion 'quality': unknown variable 'acceptence_rate' (known: acceptance_rate) at position 6");
    expect(errorOf(() => parseExpression('sqrt(4)', 'q'))).toMatchObject({ kind: 'unknown_function', position: 0 });
    expect(errorOf(() => parseExpression('1 + MAX(4, 5)', 'q'))).toMatchObject({ kind: 'unknown_function', position: 4 });
    expect(errorOf(() => parseExpression('clamp(1, 2)', 'q'))).toMatchObject({ kind: 'arity', position: 0 });
    expect(errorOf(() => parseExpression('abs(1, 2)', 'q')).message).toBe("criterion 'q': abs takes 1 argument, not 2 at position 0");
  });

  it('does not reach JavaScript names through variables', () => {
    expect(evalText('constructor + 1', {})).toBeNull();
    expect(evalText('toString', {})).toBeNull();
  });
});

// ---- property: any expression, printed with minimal or extra parentheses, parses back to the
// same value as an independent reference evaluation of the generated tree ----------------------

type Ref =
  | { n: number }
  | { v: string }
  | { neg: Ref; paren: boolean }
  | { op: '+' | '-' | '*' | '/'; l: Ref; r: Ref; paren: boolean }
  | { fn: 'min' | 'max' | 'abs' | 'clamp'; args: Ref[] };

const NAMES = ['a', 'b', 'rate_x', 'days'];

const refArb = fc.letrec<{ e: Ref }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1e6, noNaN: true })).map((n) => ({ n })),
    fc.constantFrom(...NAMES).map((v) => ({ v })),
    fc.record({ neg: tie('e'), paren: fc.boolean() }),
    fc.record({ op: fc.constantFrom('+', '-', '*', '/'), l: tie('e'), r: tie('e'), paren: fc.boolean() }),
    fc.oneof(
      fc.record({ fn: fc.constantFrom('min', 'max'), args: fc.array(tie('e'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ fn: fc.constant('abs'), args: fc.tuple(tie('e')).map((a) => [...a]) }),
      fc.record({ fn: fc.constant('clamp'), args: fc.tuple(tie('e'), tie('e'), tie('e')).map((a) => [...a]) }),
    ),
  ) as fc.Arbitrary<Ref>,
}));

const PREC = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;

/** Prints with only the parentheses precedence needs, plus those the tree asks for. */
function print(e: Ref): string {
  if ('n' in e) return String(e.n);
  if ('v' in e) return e.v;
  if ('neg' in e) {
    const inner = 'op' in e.neg ? `(${print(e.neg)})` : print(e.neg);
    return e.paren ? `(-${inner})` : `-${inner}`;
  }
  if ('op' in e) {
    const side = (c: Ref, right: boolean) => {
      const needs = 'op' in c && (PREC[c.op] < PREC[e.op] || (right && PREC[c.op] === PREC[e.op]));
      return needs ? `(${print(c)})` : print(c);
    };
    const text = `${side(e.l, false)} ${e.op} ${side(e.r, true)}`;
    return e.paren ? `( ${text} )` : text;
  }
  return `${e.fn}(${e.args.map(print).join(', ')})`;
}

/** Reference semantics: plain JavaScript arithmetic, null for missing values, x/0 and non-finite results. */
function reference(e: Ref, vars: Record<string, number | null>): number | null {
  const ok = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  if ('n' in e) return e.n;
  if ('v' in e) return vars[e.v] ?? null;
  if ('neg' in e) {
    const x = reference(e.neg, vars);
    return x === null ? null : -x;
  }
  if ('op' in e) {
    const a = reference(e.l, vars);
    const b = reference(e.r, vars);
    if (a === null || b === null) return null;
    if (e.op === '+') return ok(a + b);
    if (e.op === '-') return ok(a - b);
    if (e.op === '*') return ok(a * b);
    return b === 0 ? null : ok(a / b);
  }
  const xs = e.args.map((x) => reference(x, vars));
  if (xs.some((x) => x === null)) return null;
  const ns = xs as number[];
  if (e.fn === 'min') return Math.min(...ns);
  if (e.fn === 'max') return Math.max(...ns);
  if (e.fn === 'abs') return Math.abs(ns[0]!);
  return ns[1]! > ns[2]! ? null : Math.min(ns[2]!, Math.max(ns[1]!, ns[0]!));
}

describe('formula property', () => {
  it('a printed random expression parses and evaluates to the reference value', () => {
    const varsArb = fc.record(Object.fromEntries(NAMES.map((n) => [n, fc.option(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { freq: 5 })])) as Record<string, fc.Arbitrary<number | null>>);
    fc.assert(
      fc.property(refArb.e, varsArb, (tree, vars) => {
        const text = print(tree);
        const got = evaluateExpression(parseExpression(text, 'p'), vars);
        const want = reference(tree, vars);
        const wantFinite = want === null || !Number.isFinite(want) ? null : want;
        expect(Object.is(got, wantFinite) || got === wantFinite, `${text} → ${got}, want ${wantFinite}`).toBe(true);
      }),
      { seed: 20261124, numRuns: 400 },
    );
  });
});
