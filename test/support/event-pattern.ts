/**
 * A small EventBridge event-pattern matcher, so tests can prove rule patterns against sample events.
 * Semantics follow the EventBridge "Event patterns" documentation and aws/event-ruler:
 *
 * - Every field of the pattern must match (AND); a leaf is an array of alternatives (OR): exact values
 *   (string, number, boolean, null) or `{ prefix }`, `{ 'anything-but': value | values | { prefix } }`,
 *   `{ numeric: [op, n, (op, n)] }` (JSON numbers only), `{ exists: boolean }` (leaf fields only).
 * - `$or: [pattern, pattern, ...]` matches if any sub-pattern matches.
 * - If the event value is an array, a leaf matches if any element matches, and a nested pattern matches
 *   if any element matches all of it.
 *
 * Anything else (`suffix`, `cidr`, `wildcard`, `equals-ignore-case`, malformed leaves) throws, so an
 * unsupported pattern fails the test rather than silently not matching.
 */

type Leaf = string | number | boolean | null;

const NUMERIC_OPERATORS = ['<', '<=', '=', '>=', '>'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLeaf(v: unknown): v is Leaf {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function invalid(message: string, at: unknown): Error {
  return new Error(`Event pattern: ${message}: ${JSON.stringify(at)}`);
}

/** The leaf values at a field: the value itself, the leaf elements of an array, none for missing or objects. */
function leavesOf(value: unknown): Leaf[] {
  if (Array.isArray(value)) return value.filter(isLeaf);
  return isLeaf(value) ? [value] : [];
}

function matchesNumeric(spec: unknown, leaves: readonly Leaf[]): boolean {
  if (!Array.isArray(spec) || spec.length === 0 || spec.length % 2 !== 0 || spec.length > 4) {
    throw invalid('numeric takes [op, n] or [op, n, op, n]', spec);
  }
  const conditions: [string, number][] = [];
  for (let i = 0; i < spec.length; i += 2) {
    const [op, n] = [spec[i], spec[i + 1]];
    if (!(NUMERIC_OPERATORS as readonly unknown[]).includes(op) || typeof n !== 'number') {
      throw invalid('numeric takes [op, n] with op one of < <= = >= >', spec);
    }
    conditions.push([op as string, n]);
  }
  const test = (v: number, op: string, n: number): boolean =>
    op === '<' ? v < n : op === '<=' ? v <= n : op === '=' ? v === n : op === '>=' ? v >= n : v > n;
  return leaves.some((v) => typeof v === 'number' && conditions.every(([op, n]) => test(v, op, n)));
}

function matchesAnythingBut(spec: unknown, leaves: readonly Leaf[]): boolean {
  if (isObject(spec)) {
    const prefix = spec['prefix'];
    if (Object.keys(spec).length !== 1 || typeof prefix !== 'string')
      throw invalid('unsupported anything-but', spec);
    return leaves.some((v) => typeof v === 'string' && !v.startsWith(prefix));
  }
  const excluded = Array.isArray(spec) ? spec : [spec];
  if (!excluded.every((e) => typeof e === 'string' || typeof e === 'number')) {
    throw invalid('anything-but takes strings or numbers', spec);
  }
  return leaves.some((v) => !excluded.includes(v as string | number));
}

function matchesAlternative(alt: unknown, leaves: readonly Leaf[]): boolean {
  if (isLeaf(alt)) return leaves.some((v) => v === alt);
  if (!isObject(alt) || Object.keys(alt).length !== 1) throw invalid('unsupported matcher', alt);
  const [name, spec] = Object.entries(alt)[0];
  switch (name) {
    case 'prefix':
      if (typeof spec !== 'string') throw invalid('prefix takes a string', alt);
      return leaves.some((v) => typeof v === 'string' && v.startsWith(spec));
    case 'anything-but':
      return matchesAnythingBut(spec, leaves);
    case 'numeric':
      return matchesNumeric(spec, leaves);
    case 'exists':
      if (typeof spec !== 'boolean') throw invalid('exists takes true or false', alt);
      return spec === leaves.length > 0;
    default:
      throw invalid(`unsupported matcher '${name}'`, alt);
  }
}

function matchesObject(pattern: Record<string, unknown>, event: unknown): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2 || !sub.every(isObject)) {
        throw invalid('$or takes an array of at least two patterns', sub);
      }
      return sub.some((p) => matchesObject(p, event));
    }
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(sub)) {
      if (sub.length === 0) throw invalid(`empty array at '${key}'`, sub);
      const leaves = leavesOf(value);
      return sub.some((alt) => matchesAlternative(alt, leaves));
    }
    if (isObject(sub)) {
      return Array.isArray(value) ? value.some((el) => matchesObject(sub, el)) : matchesObject(sub, value);
    }
    throw invalid(`'${key}' must be an array of values or a nested pattern`, sub);
  });
}

/** True if the event matches the EventBridge pattern; throws on pattern syntax this matcher does not support. */
export function matchesEventPattern(pattern: object, event: object): boolean {
  if (!isObject(pattern)) throw invalid('pattern must be an object', pattern);
  return matchesObject(pattern, event);
}
