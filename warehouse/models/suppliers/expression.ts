/**
 * The small formula language of scorecard criteria: numbers, variables, + - * /, unary minus,
 * parentheses and the functions min, max, abs and clamp. No comparisons, no strings, no other
 * names: a formula is parsed into a tree once (errors name the criterion and the character
 * position) and evaluated over a record of variable values without `eval` or `Function`.
 *
 * Grammar (usual precedence, left-associative):
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER | NAME | NAME '(' sum (',' sum)* ')' | '(' sum ')'
 *   NUMBER  := digits with an optional fraction and exponent (12, 0.5, .5, 1e3, 2.5E-2)
 *   NAME    := [A-Za-z_][A-Za-z0-9_]*
 */

export type Expr =
  | { kind: 'number'; value: number; position: number }
  | { kind: 'variable'; name: string; position: number }
  | { kind: 'negate'; operand: Expr; position: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr; position: number }
  | { kind: 'call'; fn: FunctionName; args: Expr[]; position: number };

export type FunctionName = 'min' | 'max' | 'abs' | 'clamp';

/** How many arguments each function takes: [least, most]. */
export const FUNCTIONS: Readonly<Record<FunctionName, readonly [number, number]>> = {
  min: [1, Number.POSITIVE_INFINITY],
  max: [1, Number.POSITIVE_INFINITY],
  abs: [1, 1],
  clamp: [3, 3],
};

export type ExpressionErrorKind = 'syntax' | 'unknown_variable' | 'unknown_function' | 'arity';

/** A formula that cannot be parsed or names something unknown; `position` is a 0-based character offset. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    readonly kind: ExpressionErrorKind,
    readonly criterion: string,
    readonly position: number,
    detail: string,
  ) {
    super(`criterion '${criterion}': ${detail} at position ${position}`);
  }
}

type Token =
  | { t: 'num'; value: number; pos: number }
  | { t: 'name'; name: string; pos: number }
  | { t: 'op'; op: '+' | '-' | '*' | '/' | '(' | ')' | ','; pos: number }
  | { t: 'end'; pos: number };

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(text: string, criterion: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      if (NAME.test(text.slice(i + num[0].length))) throw new ExpressionError('syntax', criterion, i + num[0].length, `a number cannot run into a name ('${rest.slice(0, num[0].length + 1)}')`);
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new ExpressionError('syntax', criterion, i, `the number ${num[0]} is too large`);
      tokens.push({ t: 'num', value, pos: i });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ t: 'name', name: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    if ('+-*/(),'.includes(c)) {
      tokens.push({ t: 'op', op: c as '+', pos: i });
      i++;
      continue;
    }
    throw new ExpressionError('syntax', criterion, i, `unexpected character '${c}'`);
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

export interface ParseOptions {
  /** Whether a variable name is known; unknown names are refused with `unknownHint` appended. */
  isVariable?: (name: string) => boolean;
  /** Appended to the unknown-variable message (e.g. the list of known names), given the name. */
  unknownHint?: (name: string) => string;
}

/** Parses `text` (the formula of `criterion`) into a tree; throws ExpressionError. */
export function parseExpression(text: string, criterion: string, options: ParseOptions = {}): Expr {
  const tokens = tokenize(text, criterion);
  let k = 0;
  const peek = () => tokens[k]!;
  const describe = (tok: Token) => (tok.t === 'end' ? 'the end of the formula' : tok.t === 'num' ? `the number ${tok.value}` : tok.t === 'name' ? `'${tok.name}'` : `'${tok.op}'`);
  const fail = (tok: Token, expected: string): never => {
    throw new ExpressionError('syntax', criterion, tok.pos, `expected ${expected} but found ${describe(tok)}`);
  };
  const isOp = (tok: Token, ...ops: string[]): tok is Extract<Token, { t: 'op' }> => tok.t === 'op' && ops.includes(tok.op);

  function sum(): Expr {
    let left = product();
    for (let tok = peek(); isOp(tok, '+', '-'); tok = peek()) {
      k++;
      left = { kind: 'binary', op: tok.op as '+' | '-', left, right: product(), position: tok.pos };
    }
    return left;
  }

  function product(): Expr {
    let left = unary();
    for (let tok = peek(); isOp(tok, '*', '/'); tok = peek()) {
      k++;
      left = { kind: 'binary', op: tok.op as '*' | '/', left, right: unary(), position: tok.pos };
    }
    return left;
  }

  function unary(): Expr {
    const tok = peek();
    if (isOp(tok, '-')) {
      k++;
      return { kind: 'negate', operand: unary(), position: tok.pos };
    }
    return primary();
  }

  function primary(): Expr {
    const tok = peek();
    if (tok.t === 'num') {
      k++;
      return { kind: 'number', value: tok.value, position: tok.pos };
    }
    if (isOp(tok, '(')) {
      k++;
      const inner = sum();
      if (!isOp(peek(), ')')) fail(peek(), "')'");
      k++;
      return inner;
    }
    if (tok.t === 'name') {
      k++;
      if (isOp(peek(), '(')) return call(tok);
      if (options.isVariable && !options.isVariable(tok.name)) {
        throw new ExpressionError('unknown_variable', criterion, tok.pos, `unknown variable '${tok.name}'${options.unknownHint ? options.unknownHint(tok.name) : ''}`);
      }
      return { kind: 'variable', name: tok.name, position: tok.pos };
    }
    return fail(tok, 'a number, a variable, a function or \'(\'');
  }

  function call(nameTok: Extract<Token, { t: 'name' }>): Expr {
    const fn = nameTok.name;
    if (!Object.hasOwn(FUNCTIONS, fn)) {
      throw new ExpressionError('unknown_function', criterion, nameTok.pos, `unknown function '${nameTok.name}' (functions: ${Object.keys(FUNCTIONS).join(', ')})`);
    }
    k++; // '('
    const args: Expr[] = [sum()];
    while (isOp(peek(), ',')) {
      k++;
      args.push(sum());
    }
    if (!isOp(peek(), ')')) fail(peek(), "',' or ')'");
    k++;
    const [least, most] = FUNCTIONS[fn as FunctionName];
    if (args.length < least || args.length > most) {
      const wanted = least === most ? `${least}` : most === Number.POSITIVE_INFINITY ? `at least ${least}` : `${least} to ${most}`;
      throw new ExpressionError('arity', criterion, nameTok.pos, `${fn} takes ${wanted} argument${wanted === '1' ? '' : 's'}, not ${args.length}`);
    }
    return { kind: 'call', fn: fn as FunctionName, args, position: nameTok.pos };
  }

  const tree = sum();
  if (peek().t !== 'end') fail(peek(), 'an operator or the end of the formula');
  return tree;
}

/**
 * Evaluates a parsed formula. A variable that is null or absent (no data for the period), a
 * division by zero, or any intermediate result that is not a finite number makes the whole
 * result null: a criterion without evidence, never NaN or Infinity. clamp(x, lo, hi) with
 * lo > hi is null too (a formula mistake that only data can reveal).
 */
export function evaluateExpression(expr: Expr, variables: Readonly<Record<string, number | null | undefined>>): number | null {
  const value = walk(expr, variables);
  return value === null || !Number.isFinite(value) ? null : value;
}

function walk(e: Expr, vars: Readonly<Record<string, number | null | undefined>>): number | null {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'variable': {
      const v = Object.hasOwn(vars, e.name) ? vars[e.name] : undefined;
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    case 'negate': {
      const v = walk(e.operand, vars);
      return v === null ? null : -v;
    }
    case 'binary': {
      const a = walk(e.left, vars);
      if (a === null) return null;
      const b = walk(e.right, vars);
      if (b === null) return null;
      const r = e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : b === 0 ? null : a / b;
      return r === null || !Number.isFinite(r) ? null : r;
    }
    case 'call': {
      const args: number[] = [];
      for (const arg of e.args) {
        const v = walk(arg, vars);
        if (v === null) return null;
        args.push(v);
      }
      switch (e.fn) {
        case 'min':
          return Math.min(...args);
        case 'max':
          return Math.max(...args);
        case 'abs':
          return Math.abs(args[0]!);
        case 'clamp': {
          const [x, lo, hi] = args as [number, number, number];
          return lo > hi ? null : Math.min(hi, Math.max(lo, x));
        }
      }
    }
  }
}

/** The variable names a formula uses, each once, in order of first use. */
export function variablesOf(expr: Expr): string[] {
  const seen = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === 'variable') seen.add(e.name);
    else if (e.kind === 'negate') visit(e.operand);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'call') e.args.forEach(visit);
  };
  visit(expr);
  return [...seen];
}
