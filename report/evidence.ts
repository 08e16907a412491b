/**
 * Evaluates catalog evidence against one environment's synthesized templates: reads the property at a
 * path, follows Ref / Fn::GetAtt / cross-stack references, applies the matcher, and returns report rows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  Evidence,
  Expected,
  FileEvidence,
  Json,
  Matcher,
  Pattern,
  TemplateEvidence,
  TestEvidence,
} from './catalog/types';
import type { CfnResource, StackTemplate } from './assembly';
import type { EnvironmentConfig } from './environment';
import type { EvidenceRow, ProofResults } from './model';
import { evaluateProofEvidence } from './proof-evidence';
import { strengthOfRow } from './strength';

/** Repository root: file and test evidence paths are relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** First path segments that address the resource itself rather than its Properties. */
const RESOURCE_ATTRIBUTES = new Set([
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'DependsOn',
  'Condition',
]);

type Segment = { key: string } | { wildcard: true } | { index: number };

/** `a.b[*].c["x.y"][0]` -> segments. */
export function parsePath(p: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[\*\]|\[(\d+)\]|\["([^"]+)"\]/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(p)) !== null) {
    const between = p.slice(consumed, match.index);
    if (between !== '' && between !== '.') throw new Error(`property path '${p}': unexpected '${between}'`);
    consumed = re.lastIndex;
    if (match[1] !== undefined) out.push({ key: match[1] });
    else if (match[2] !== undefined) out.push({ index: Number(match[2]) });
    else if (match[3] !== undefined) out.push({ key: match[3] });
    else out.push({ wildcard: true });
  }
  if (consumed !== p.length || out.length === 0) throw new Error(`property path '${p}' is not valid`);
  return out;
}

/**
 * The value at `propertyPath` of a resource. With `[*]` the result is the list of values found (missing
 * ones left out); without, the value or undefined.
 */
export function readProperty(resource: CfnResource, propertyPath: string): Json | undefined {
  const segments = parsePath(propertyPath);
  const first = segments[0];
  const root: Json | undefined =
    'key' in first && RESOURCE_ATTRIBUTES.has(first.key)
      ? (resource as unknown as { [k: string]: Json })[first.key]
      : (resource.Properties as Json | undefined);
  const rest = 'key' in first && RESOURCE_ATTRIBUTES.has(first.key) ? segments.slice(1) : segments;
  let wildcard = false;
  let values: (Json | undefined)[] = [root];
  for (const seg of rest) {
    const next: (Json | undefined)[] = [];
    for (const v of values) {
      if (v === undefined || v === null) continue;
      if ('wildcard' in seg) {
        wildcard = true;
        if (Array.isArray(v)) next.push(...v);
      } else if ('index' in seg) {
        if (Array.isArray(v)) next.push(v[seg.index]);
      } else if (typeof v === 'object' && !Array.isArray(v)) {
        next.push((v as { [k: string]: Json })[seg.key]);
      }
    }
    values = next;
  }
  const found = values.filter((v): v is Json => v !== undefined);
  return wildcard ? found : found[0];
}

/** Where a reference points. */
export interface ReferenceTarget {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

/** Every resource `value` references (Ref, Fn::GetAtt, Fn::GetStackOutput, Fn::ImportValue), at any depth. */
export function collectReferences(
  value: Json | undefined,
  from: StackTemplate,
  stacks: readonly StackTemplate[],
  seen: Set<string> = new Set(),
): ReferenceTarget[] {
  if (value === null || value === undefined || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => collectReferences(v, from, stacks, seen));
  const local = (logicalId: unknown): ReferenceTarget[] => {
    if (typeof logicalId !== 'string') return [];
    const resource = from.template.Resources?.[logicalId];
    return resource ? [{ stack: from, logicalId, resource }] : [];
  };
  if ('Ref' in value) return local(value.Ref);
  if ('Fn::GetAtt' in value) {
    const att = value['Fn::GetAtt'];
    return local(Array.isArray(att) ? att[0] : typeof att === 'string' ? att.split('.')[0] : undefined);
  }
  if ('Fn::GetStackOutput' in value) {
    const spec = value['Fn::GetStackOutput'] as { StackName?: Json; OutputName?: Json };
    const producer = stacks.find((s) => s.stackName === spec.StackName);
    const output =
      producer && typeof spec.OutputName === 'string'
        ? producer.template.Outputs?.[spec.OutputName]
        : undefined;
    const key = `${String(spec.StackName)}:${String(spec.OutputName)}`;
    if (!producer || !output || seen.has(key)) return [];
    seen.add(key);
    return collectReferences(output.Value, producer, stacks, seen);
  }
  if ('Fn::ImportValue' in value) {
    const name = value['Fn::ImportValue'];
    for (const producer of stacks) {
      for (const [outputName, output] of Object.entries(producer.template.Outputs ?? {})) {
        const key = `${producer.stackName}:${outputName}`;
        if (JSON.stringify(output.Export?.Name) === JSON.stringify(name) && !seen.has(key)) {
          seen.add(key);
          return collectReferences(output.Value, producer, stacks, seen);
        }
      }
    }
    return [];
  }
  return Object.values(value).flatMap((v) => collectReferences(v, from, stacks, seen));
}

const MATCHER_KINDS = new Set([
  'equals',
  'present',
  'atLeast',
  'atMost',
  'oneOf',
  'includes',
  'includesAll',
  'objectLike',
  'regex',
  'refersTo',
  'every',
]);

export function isMatcher(x: unknown): x is Matcher {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as { match?: unknown }).match === 'string' &&
    MATCHER_KINDS.has((x as { match: string }).match)
  );
}

/** Context a matcher needs to follow references. */
export interface MatchContext {
  readonly stack: StackTemplate;
  readonly stacks: readonly StackTemplate[];
}

const asNumber = (v: Json | undefined): number | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))
      ? Number(v)
      : undefined;

/** True if `actual` satisfies `expected` (a literal, a matcher, or a pattern with matchers inside). */
export function matches(actual: Json | undefined, expected: Pattern | Expected, ctx: MatchContext): boolean {
  if (isMatcher(expected)) return matchMatcher(actual, expected, ctx);
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(actual[i], e as Pattern, ctx))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, e]) =>
    matches((actual as { [k: string]: Json })[k], e as Pattern, ctx),
  );
}

function matchMatcher(actual: Json | undefined, m: Matcher, ctx: MatchContext): boolean {
  switch (m.match) {
    case 'equals':
      return JSON.stringify(actual) === JSON.stringify(m.value);
    case 'present':
      return actual !== undefined && actual !== null && !(Array.isArray(actual) && actual.length === 0);
    case 'atLeast': {
      const n = asNumber(actual);
      return n !== undefined && n >= m.value;
    }
    case 'atMost': {
      const n = asNumber(actual);
      return n !== undefined && n <= m.value;
    }
    case 'oneOf':
      return m.values.some((v) => JSON.stringify(v) === JSON.stringify(actual));
    case 'includes':
      if (typeof actual === 'string' && typeof m.value === 'string') return actual.includes(m.value);
      return Array.isArray(actual) && actual.some((a) => matches(a, m.value, ctx));
    case 'includesAll':
      return Array.isArray(actual) && m.values.every((v) => actual.some((a) => matches(a, v, ctx)));
    case 'objectLike':
      return matches(actual, m.value as Pattern, ctx);
    case 'regex':
      return typeof actual === 'string' && new RegExp(m.pattern).test(actual);
    case 'refersTo':
      return collectReferences(actual, ctx.stack, ctx.stacks).some((t) => t.resource.Type === m.resourceType);
    case 'every':
      return Array.isArray(actual) && actual.length > 0 && actual.every((a) => matches(a, m.matcher, ctx));
  }
}

/** The expected value in words, e.g. `≥ 14`, `contains "AWSManagedRulesSQLiRuleSet"`. */
export function describeExpected(expected: Pattern | Expected): string {
  if (!isMatcher(expected)) return JSON.stringify(expected);
  const m = expected;
  switch (m.match) {
    case 'equals':
      return `= ${JSON.stringify(m.value)}`;
    case 'present':
      return 'is set';
    case 'atLeast':
      return `≥ ${m.value}`;
    case 'atMost':
      return `≤ ${m.value}`;
    case 'oneOf':
      return `one of ${m.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'includes':
      return `contains ${describeExpected(m.value)}`;
    case 'includesAll':
      return `contains all of ${m.values.map(describeExpected).join(', ')}`;
    case 'objectLike':
      return `has ${describePattern(m.value as Pattern)}`;
    case 'regex':
      return `matches /${m.pattern}/`;
    case 'refersTo':
      return `refers to a ${m.resourceType}`;
    case 'every':
      return `every element ${describeExpected(m.matcher)}`;
  }
}

function describePattern(p: Pattern): string {
  if (isMatcher(p)) return describeExpected(p);
  if (p === null || typeof p !== 'object') return JSON.stringify(p);
  if (Array.isArray(p)) return `[${p.map((x) => describePattern(x as Pattern)).join(', ')}]`;
  return `{ ${Object.entries(p)
    .map(([k, v]) => `${k}: ${describePattern(v as Pattern)}`)
    .join(', ')} }`;
}

const MAX_ACTUAL = 240;

/** A template value in words: references as `→ LogicalId (Type)`, long JSON truncated. */
export function describeActual(value: Json | undefined, ctx?: MatchContext): string {
  if (value === undefined) return '(not set)';
  const text = JSON.stringify(value, (_k, v: Json) => {
    if (ctx && v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (
        keys.length === 1 &&
        ['Ref', 'Fn::GetAtt', 'Fn::GetStackOutput', 'Fn::ImportValue'].includes(keys[0])
      ) {
        const [target] = collectReferences(v, ctx.stack, ctx.stacks);
        if (target) {
          const where = target.stack === ctx.stack ? '' : `${target.stack.id}/`;
          return `→ ${where}${target.logicalId} (${target.resource.Type})`;
        }
      }
    }
    return v;
  });
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL - 1)}…` : text;
}

/** For `includes` on a list, the element that matched (what an auditor wants to see), else the value. */
function focus(actual: Json | undefined, expected: Expected, ctx: MatchContext): Json | undefined {
  if (isMatcher(expected) && expected.match === 'includes' && Array.isArray(actual)) {
    const hit = actual.find((a) => matches(a, expected.value, ctx));
    if (hit !== undefined && actual.length > 1) return hit;
  }
  return actual;
}

/** Inputs for evaluating evidence in one environment. */
export interface EvidenceContext {
  readonly stage: string;
  readonly config: EnvironmentConfig;
  readonly stacks: readonly StackTemplate[];
  /** Repository root for file and test evidence. @default REPO_ROOT */
  readonly root?: string;
  /**
   * The proofs evaluated for this environment (report/proofs.ts), for `proof` evidence.
   * @default - none: every `proof` evidence item fails (a missing proof never counts)
   */
  readonly proofs?: ProofResults;
}

/** Rows of one evidence item, and whether it holds in this environment. */
export interface EvaluatedEvidence {
  readonly rows: EvidenceRow[];
  /** true: holds; false: does not; undefined: not applicable in this environment. */
  readonly holds: boolean | undefined;
  /** The enabledWhen condition, when it disabled the row. */
  readonly disabledBy?: string;
}

export function evaluateEvidence(evidence: Evidence, ctx: EvidenceContext): EvaluatedEvidence {
  switch (evidence.kind) {
    case 'template':
      return evaluateTemplateEvidence(evidence, ctx);
    case 'test':
      return evaluateTestEvidence(evidence, ctx);
    case 'file':
      return evaluateFileEvidence(evidence, ctx);
    case 'proof':
      return evaluateProofEvidence(evidence, ctx.stage, ctx.proofs);
  }
}

const emptyRow = (ctx: EvidenceContext, e: { test?: string; proves: string }) => ({
  stage: ctx.stage,
  stack: '',
  logicalId: '',
  resourceType: '',
  test: e.test ?? '',
  proves: e.proves,
});

/** `<file> › <title> › ...`: true when the file exists and contains every title segment. */
export function testReferenceExists(ref: string, root: string = REPO_ROOT): boolean {
  const [file, ...titles] = ref.split(' › ');
  const full = path.join(root, file);
  if (titles.length === 0 || !fs.existsSync(full)) return false;
  const text = fs.readFileSync(full, 'utf8');
  return titles.every((t) => text.includes(t));
}

function evaluateTestEvidence(e: TestEvidence, ctx: EvidenceContext): EvaluatedEvidence {
  const ok = testReferenceExists(e.test, ctx.root);
  return {
    holds: ok,
    rows: [
      {
        ...emptyRow(ctx, e),
        kind: 'test',
        strength: strengthOfRow('test', e.strength),
        propertyPath: e.test.split(' › ')[0],
        expected: 'a unit test asserts it (npm test)',
        actual: ok ? 'test present' : 'test not found',
        result: ok ? 'asserted-by-test' : 'fail',
      },
    ],
  };
}

function evaluateFileEvidence(e: FileEvidence, ctx: EvidenceContext): EvaluatedEvidence {
  const full = path.join(ctx.root ?? REPO_ROOT, e.path);
  const exists = fs.existsSync(full);
  const contains = exists && (e.contains === undefined || fs.readFileSync(full, 'utf8').includes(e.contains));
  return {
    holds: contains,
    rows: [
      {
        ...emptyRow(ctx, e),
        kind: 'file',
        strength: strengthOfRow('file'),
        propertyPath: e.path,
        expected: e.contains ? `exists and contains ${JSON.stringify(e.contains)}` : 'exists',
        actual: !exists ? 'file missing' : contains ? 'found' : 'text missing',
        result: contains ? 'pass' : 'fail',
      },
    ],
  };
}

function evaluateTemplateEvidence(e: TemplateEvidence, ctx: EvidenceContext): EvaluatedEvidence {
  const base = {
    kind: 'template' as const,
    strength: strengthOfRow('template'),
    stage: ctx.stage,
    stack: e.stack,
    resourceType: e.resourceType,
    propertyPath: e.propertyPath,
    expected: describeExpected(e.expected),
    test: e.test,
    proves: e.proves,
  };
  if (e.enabledWhen && !e.enabledWhen(ctx.config)) {
    return {
      holds: undefined,
      disabledBy: e.enabledWhen.description,
      rows: [
        {
          ...base,
          logicalId: '',
          actual: `disabled here (enabled when ${e.enabledWhen.description})`,
          result: 'not-applicable',
        },
      ],
    };
  }
  const stack = ctx.stacks.find((s) => s.id === e.stack);
  if (!stack) {
    return {
      holds: false,
      rows: [{ ...base, logicalId: '', actual: `no stack ${ctx.stage}/${e.stack}`, result: 'no-resource' }],
    };
  }
  const mctx: MatchContext = { stack, stacks: ctx.stacks };
  const candidates = Object.entries(stack.template.Resources ?? {}).filter(
    ([, r]) =>
      r.Type === e.resourceType &&
      (!e.where || matches(readProperty(r, e.where.propertyPath), e.where.expected, mctx)),
  );
  if (candidates.length === 0) {
    return {
      holds: false,
      rows: [
        {
          ...base,
          logicalId: '',
          actual: `no ${e.resourceType}${e.where ? ' matching the filter' : ''}`,
          result: 'no-resource',
        },
      ],
    };
  }
  const rows = candidates.map(([logicalId, r]): EvidenceRow => {
    const actual = readProperty(r, e.propertyPath);
    const pass = matches(actual, e.expected, mctx);
    return {
      ...base,
      logicalId,
      actual: describeActual(pass ? focus(actual, e.expected, mctx) : actual, mctx),
      result: pass ? 'pass' : 'fail',
    };
  });
  if ((e.quantifier ?? 'every') === 'some') {
    const passing = rows.filter((r) => r.result === 'pass');
    return passing.length > 0 ? { holds: true, rows: passing } : { holds: false, rows };
  }
  return { holds: rows.every((r) => r.result === 'pass'), rows };
}
