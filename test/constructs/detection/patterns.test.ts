import * as fs from 'node:fs';
import * as path from 'node:path';
import { Lazy } from 'aws-cdk-lib';
import {
  breakGlassAssumeRolePattern,
  CIS_CONTROLS,
  guardDutyFindingPattern,
  SECURITY_EVENT_PATTERNS,
  type SecurityEventPattern,
} from '../../../constructs/detection/cis-patterns';
import {
  type Cases,
  CIS_CASES,
  EVENT_CASES,
  FIXTURES,
  type FixtureDir,
  fixture,
  GUARDRAIL_CASES,
} from '../../support/detection-cases';
import { matchesEventPattern } from '../../support/event-pattern';
import { matchesFilterPattern, parseFilterPattern } from '../../support/filter-pattern';

/**
 * Proves the CIS metric filters and the EventBridge patterns (the TS constants) against the recorded-shape
 * events of test/support/detection-cases.ts. test/lib/stacks/audit-stack.test.ts proves the same cases
 * against the patterns as synthesized into the Audit templates.
 */

const PARTITION = 'aws';
const BREAK_GLASS_ROLE_ARN = `arn:${PARTITION}:iam::111111111111:role/break-glass`;

/** Every EventBridge pattern, the parameterised ones built as the detection constructs would. */
const EVENT_PATTERNS: readonly SecurityEventPattern[] = [
  guardDutyFindingPattern(7),
  breakGlassAssumeRolePattern(BREAK_GLASS_ROLE_ARN),
  ...SECURITY_EVENT_PATTERNS,
];

type Row = [id: string, key: string, verb: 'matches' | 'ignores', fixtureName: string, expected: boolean];

function rows(
  entries: readonly { id: string; key: string }[],
  cases: Readonly<Record<string, Cases>>,
): Row[] {
  return entries.flatMap(({ id, key }) => [
    ...(cases[id]?.match ?? []).map((f): Row => [id, key, 'matches', f, true]),
    ...(cases[id]?.noMatch ?? []).map((f): Row => [id, key, 'ignores', f, false]),
  ]);
}

describe('CIS AWS Foundations v3.0.0 section 4 metric filters', () => {
  test.each(rows(CIS_CONTROLS, CIS_CASES))('CIS %s %s %s %s', (id, _key, _verb, name, expected) => {
    const control = CIS_CONTROLS.find((c) => c.id === id)!;
    expect(matchesFilterPattern(control.pattern, fixture('cloudtrail', name))).toBe(expected);
  });

  test('every control has at least one matching fixture and one look-alike', () => {
    const incomplete = CIS_CONTROLS.filter(
      (c) => !CIS_CASES[c.id]?.match.length || !CIS_CASES[c.id]?.noMatch.length,
    );
    expect(incomplete.map((c) => c.id)).toEqual([]);
    expect(Object.keys(CIS_CASES).sort()).toEqual(CIS_CONTROLS.map((c) => c.id).sort());
  });

  test('controls are 4.1 to 4.15 in order, with unique camelCase keys and metric names, and parseable patterns', () => {
    expect(CIS_CONTROLS.map((c) => c.id)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    expect(new Set(CIS_CONTROLS.map((c) => c.key)).size).toBe(CIS_CONTROLS.length);
    expect(new Set(CIS_CONTROLS.map((c) => c.metricName)).size).toBe(CIS_CONTROLS.length);
    for (const c of CIS_CONTROLS) {
      expect(c.key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(c.metricName).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(c.description).toContain(`CIS ${c.id}:`);
      expect(() => parseFilterPattern(c.pattern)).not.toThrow();
    }
  });
});

describe('EventBridge security event patterns', () => {
  const entries = EVENT_PATTERNS.map((p) => ({ id: p.key, key: p.key }));

  test.each(rows(entries, EVENT_CASES))('%s (%s) %s %s', (key, _key, _verb, name, expected) => {
    const { pattern } = EVENT_PATTERNS.find((p) => p.key === key)!;
    expect(matchesEventPattern(pattern, fixture('events', name))).toBe(expected);
  });

  test('every pattern has at least one matching fixture and one look-alike', () => {
    const incomplete = EVENT_PATTERNS.filter(
      (p) => !EVENT_CASES[p.key]?.match.length || !EVENT_CASES[p.key]?.noMatch.length,
    );
    expect(incomplete.map((p) => p.key)).toEqual([]);
    expect(Object.keys(EVENT_CASES).sort()).toEqual(EVENT_PATTERNS.map((p) => p.key).sort());
  });

  test('pattern keys are unique camelCase and every pattern names its source and detail-type', () => {
    expect(new Set(EVENT_PATTERNS.map((p) => p.key)).size).toBe(EVENT_PATTERNS.length);
    for (const p of EVENT_PATTERNS) {
      expect(p.key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(p.description.length).toBeGreaterThan(40);
      expect(p.pattern).toEqual(
        expect.objectContaining({ source: expect.any(Array), 'detail-type': expect.any(Array) }),
      );
    }
  });

  test('the GuardDuty threshold is inclusive and validated', () => {
    const event = fixture('events', 'guardduty-finding-severity-8');
    expect(matchesEventPattern(guardDutyFindingPattern(8).pattern, event)).toBe(true);
    expect(matchesEventPattern(guardDutyFindingPattern(8.1).pattern, event)).toBe(false);
    expect(() => guardDutyFindingPattern(11)).toThrow(/from 0 to 10/);
    expect(() => guardDutyFindingPattern(Number.NaN)).toThrow(/from 0 to 10/);
  });

  test('the break-glass pattern takes a role ARN or an unresolved token, nothing else', () => {
    expect(() => breakGlassAssumeRolePattern('break-glass')).toThrow(/IAM role ARN/);
    expect(() => breakGlassAssumeRolePattern(`arn:${PARTITION}:iam::111111111111:user/alice`)).toThrow(
      /IAM role ARN/,
    );
    const token = Lazy.string({ produce: () => BREAK_GLASS_ROLE_ARN });
    expect(breakGlassAssumeRolePattern(token).pattern).toMatchObject({
      detail: { requestParameters: { roleArn: [token] } },
    });
  });
});

test('every fixture file is used by a case', () => {
  const used: Record<FixtureDir, Set<string>> = {
    cloudtrail: new Set(
      [...Object.values(CIS_CASES), ...Object.values(GUARDRAIL_CASES)].flatMap((c) => [
        ...c.match,
        ...c.noMatch,
      ]),
    ),
    events: new Set(Object.values(EVENT_CASES).flatMap((c) => [...c.match, ...c.noMatch])),
  };
  for (const dir of ['cloudtrail', 'events'] as const) {
    const files = fs.readdirSync(path.join(FIXTURES, dir)).map((f) => f.replace(/\.json$/, ''));
    expect(files.filter((f) => !used[dir].has(f))).toEqual([]);
    expect([...used[dir]].filter((f) => !files.includes(f))).toEqual([]);
  }
});
