/**
 * A small evaluator for CloudWatch Logs JSON filter patterns (`{ $.a.b = "x" && ... }`), so tests can prove
 * metric filters against recorded-shape log events. Semantics follow the CloudWatch Logs "Filter pattern
 * syntax" documentation (JSON log events):
 *
 * - `{ ... }` wrapper; selectors `$.a.b`, `$.a[0].b`, `$.a[0][1]` (names: letters, digits, `-`, `_`).
 * - `=` / `!=` with a string (quoted, or unquoted of letters, digits, `.`, `-`, `_`, `*`) or a number;
 *   `<`, `>`, `<=`, `>=` with a number. A leading and/or trailing `*` is a wildcard (`*Event`, `Event*`,
 *   `*Ev*`); the docs state that an inner `*` is literal (`Ev*ent` only matches the string `Ev*ent`).
 * - `NOT EXISTS`, `IS NULL`, `IS TRUE`, `IS FALSE`; `&&`, `||` and parentheses, `&&` binding tighter.
 * - A comparison (`=`, `!=`, `<`, ...) is only true on a value node, a string or number: on a missing
 *   property, `null`, a boolean, an object or an array it is false, for `!=` too (so `$.x != "v"` does not
 *   match an event without `x`; use `|| $.x NOT EXISTS` for that).
 *
 * Anything else (text or space-delimited patterns, `%regex%` values, bare `EXISTS`, ...) throws: a pattern
 * this evaluator cannot judge must fail the test, never silently not match.
 */

export type Selector = readonly (string | number)[];
export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';
export type Literal =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string };

export type Node =
  | { readonly kind: 'or'; readonly terms: readonly Node[] }
  | { readonly kind: 'and'; readonly terms: readonly Node[] }
  | {
      readonly kind: 'compare';
      readonly selector: Selector;
      readonly op: ComparisonOperator;
      readonly value: Literal;
    }
  | { readonly kind: 'notExists'; readonly selector: Selector }
  | { readonly kind: 'is'; readonly selector: Selector; readonly value: null | boolean };

type Token =
  | { readonly type: 'punct'; readonly text: '{' | '}' | '(' | ')' | '&&' | '||'; readonly pos: number }
  | { readonly type: 'op'; readonly text: ComparisonOperator; readonly pos: number }
  | { readonly type: 'quoted'; readonly text: string; readonly pos: number }
  | { readonly type: 'word'; readonly text: string; readonly pos: number };

const OPERATORS: readonly ComparisonOperator[] = ['!=', '<=', '>=', '=', '<', '>'];
const WORD_STOP = /[\s(){}"&|=!<>]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BARE_STRING = /^[A-Za-z0-9_.*-]+$/;
const SELECTOR = /^\$(\.[A-Za-z0-9_-]+(\[\d+\])*)+$/;

class FilterPatternError extends Error {
  constructor(pattern: string, message: string) {
    super(`Filter pattern ${JSON.stringify(pattern)}: ${message}`);
  }
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (/\s/.test(c)) {
      i++;
    } else if ('{}()'.includes(c)) {
      tokens.push({ type: 'punct', text: c as '{' | '}' | '(' | ')', pos: i });
      i++;
    } else if (pattern.startsWith('&&', i) || pattern.startsWith('||', i)) {
      tokens.push({ type: 'punct', text: pattern.slice(i, i + 2) as '&&' | '||', pos: i });
      i += 2;
    } else if ('=!<>'.includes(c)) {
      const op = OPERATORS.find((o) => pattern.startsWith(o, i));
      if (!op) throw new FilterPatternError(pattern, `unexpected '${c}' at ${i}`);
      tokens.push({ type: 'op', text: op, pos: i });
      i += op.length;
    } else if (c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < pattern.length && pattern[j] !== '"'; j++) {
        if (pattern[j] === '\\' && j + 1 < pattern.length) j++;
        text += pattern[j];
      }
      if (j >= pattern.length) throw new FilterPatternError(pattern, `unterminated string at ${i}`);
      tokens.push({ type: 'quoted', text, pos: i });
      i = j + 1;
    } else if (c === '&' || c === '|') {
      throw new FilterPatternError(pattern, `single '${c}' at ${i} (use '&&' or '||')`);
    } else {
      let j = i;
      while (j < pattern.length && !WORD_STOP.test(pattern[j])) j++;
      tokens.push({ type: 'word', text: pattern.slice(i, j), pos: i });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private i = 0;

  constructor(
    private readonly pattern: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): Node {
    const open = this.next();
    if (open?.type !== 'punct' || open.text !== '{') {
      throw this.error('only JSON filter patterns, wrapped in { }, are supported');
    }
    const node = this.or();
    const close = this.next();
    if (close?.type !== 'punct' || close.text !== '}') throw this.error(`expected '}'`, close);
    if (this.peek()) throw this.error('unexpected text after the closing }', this.peek());
    return node;
  }

  private or(): Node {
    const terms = [this.and()];
    while (this.isPunct('||')) {
      this.i++;
      terms.push(this.and());
    }
    return terms.length === 1 ? terms[0] : { kind: 'or', terms };
  }

  private and(): Node {
    const terms = [this.unary()];
    while (this.isPunct('&&')) {
      this.i++;
      terms.push(this.unary());
    }
    return terms.length === 1 ? terms[0] : { kind: 'and', terms };
  }

  private unary(): Node {
    if (this.isPunct('(')) {
      this.i++;
      const node = this.or();
      if (!this.isPunct(')')) throw this.error(`expected ')'`, this.peek());
      this.i++;
      return node;
    }
    return this.condition();
  }

  private condition(): Node {
    const sel = this.next();
    if (sel?.type !== 'word' || !sel.text.startsWith('$')) throw this.error('expected a $. selector', sel);
    const selector = parseSelector(this.pattern, sel.text);
    const t = this.next();
    if (t?.type === 'op') return { kind: 'compare', selector, op: t.text, value: this.literal(t.text) };
    if (t?.type === 'word' && t.text === 'NOT') {
      this.expectWord('EXISTS');
      return { kind: 'notExists', selector };
    }
    if (t?.type === 'word' && t.text === 'IS') {
      const v = this.next();
      if (v?.type === 'word' && v.text === 'NULL') return { kind: 'is', selector, value: null };
      if (v?.type === 'word' && v.text === 'TRUE') return { kind: 'is', selector, value: true };
      if (v?.type === 'word' && v.text === 'FALSE') return { kind: 'is', selector, value: false };
      throw this.error('expected NULL, TRUE or FALSE after IS', v);
    }
    throw this.error(`expected an operator, NOT EXISTS or IS after ${sel.text}`, t);
  }

  private literal(op: ComparisonOperator): Literal {
    const t = this.next();
    let value: Literal;
    if (t?.type === 'quoted') {
      value = { kind: 'string', text: t.text };
    } else if (t?.type === 'word' && NUMBER.test(t.text)) {
      value = { kind: 'number', value: Number(t.text), text: t.text };
    } else if (t?.type === 'word' && t.text.startsWith('%')) {
      throw this.error('regular-expression values (%...%) are not supported', t);
    } else if (t?.type === 'word' && BARE_STRING.test(t.text)) {
      value = { kind: 'string', text: t.text };
    } else {
      throw this.error(`expected a value after '${op}' (strings with other characters must be quoted)`, t);
    }
    if (op !== '=' && op !== '!=' && value.kind !== 'number') {
      throw this.error(`'${op}' needs a number`, t);
    }
    return value;
  }

  private expectWord(word: string): void {
    const t = this.next();
    if (t?.type !== 'word' || t.text !== word) throw this.error(`expected ${word}`, t);
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t?.type === 'punct' && t.text === text;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token | undefined {
    return this.tokens[this.i++];
  }

  private error(message: string, at?: Token): FilterPatternError {
    const where = at ? ` at ${at.pos} ('${at.text}')` : ' at end of pattern';
    return new FilterPatternError(this.pattern, message + where);
  }
}

function parseSelector(pattern: string, text: string): Selector {
  if (!SELECTOR.test(text)) throw new FilterPatternError(pattern, `unsupported selector '${text}'`);
  const steps: (string | number)[] = [];
  for (const m of text.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return steps;
}

/** Parses a JSON filter pattern; throws on syntax this evaluator does not support. */
export function parseFilterPattern(pattern: string): Node {
  return new Parser(pattern, tokenize(pattern)).parse();
}

type Lookup = { readonly found: false } | { readonly found: true; readonly value: unknown };

function lookup(event: unknown, selector: Selector): Lookup {
  let current: unknown = event;
  for (const step of selector) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false };
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
      if (!Object.prototype.hasOwnProperty.call(current, step)) return { found: false };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

/** String match with the documented wildcards: a leading and/or trailing `*`. */
function matchesString(actual: string, expected: string): boolean {
  if (expected === '*') return true;
  const lead = expected.startsWith('*');
  const trail = expected.endsWith('*');
  const core = expected.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (lead && trail) return actual.includes(core);
  if (lead) return actual.endsWith(core);
  if (trail) return actual.startsWith(core);
  return actual === expected;
}

function compare(actual: unknown, op: ComparisonOperator, literal: Literal): boolean {
  if (typeof actual !== 'string' && typeof actual !== 'number') return false; // not a value node
  if (op === '=' || op === '!=') {
    let equal: boolean;
    if (literal.kind === 'string') equal = matchesString(String(actual), literal.text);
    else equal = typeof actual === 'number' ? actual === literal.value : actual === literal.text;
    return op === '=' ? equal : !equal;
  }
  if (typeof actual !== 'number' || literal.kind !== 'number') return false;
  switch (op) {
    case '<':
      return actual < literal.value;
    case '>':
      return actual > literal.value;
    case '<=':
      return actual <= literal.value;
    case '>=':
      return actual >= literal.value;
  }
}

function evaluate(node: Node, event: unknown): boolean {
  switch (node.kind) {
    case 'or':
      return node.terms.some((t) => evaluate(t, event));
    case 'and':
      return node.terms.every((t) => evaluate(t, event));
    case 'notExists':
      return !lookup(event, node.selector).found;
    case 'is': {
      const r = lookup(event, node.selector);
      return r.found && r.value === node.value;
    }
    case 'compare': {
      const r = lookup(event, node.selector);
      return r.found && compare(r.value, node.op, node.value);
    }
  }
}

/** True if the JSON log event matches the filter pattern; throws on syntax this evaluator does not support. */
export function matchesFilterPattern(pattern: string, event: object): boolean {
  return evaluate(parseFilterPattern(pattern), event);
}
