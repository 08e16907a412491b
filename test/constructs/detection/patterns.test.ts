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
import { matchesEventPattern } from '../../support/event-pattern';
import { matchesFilterPattern, parseFilterPattern } from '../../support/filter-pattern';

/**
 * Proves the CIS metric filters and the EventBridge patterns against recorded-shape events:
 * test/fixtures/cloudtrail/<name>.json are single CloudTrail records (as CloudWatch Logs receives them;
 * each can be pasted into the console's "Test pattern" to check against the real service), and
 * test/fixtures/events/<name>.json are EventBridge events.
 */

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
type FixtureDir = 'cloudtrail' | 'events';

function fixture(dir: FixtureDir, name: string): object {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, dir, `${name}.json`), 'utf8')) as object;
}

interface Cases {
  /** Fixtures the pattern must match. */
  readonly match: readonly string[];
  /** Look-alikes the pattern must not match. */
  readonly noMatch: readonly string[];
}

/** CloudTrail records each CIS metric filter must count, and look-alikes it must not. */
const CIS_CASES: Readonly<Record<string, Cases>> = {
  '4.1': {
    match: [
      'ec2-runinstances-unauthorized-operation',
      'iam-listusers-access-denied',
      'kms-decrypt-access-denied-exception',
    ],
    noMatch: [
      's3-getbucketacl-access-denied-log-delivery',
      's3-headbucket-access-denied',
      'iam-getrole-no-such-entity',
      'ec2-describeinstances',
    ],
  },
  '4.2': {
    match: ['signin-iam-user-without-mfa'],
    noMatch: [
      'signin-iam-user-with-mfa',
      'signin-iam-user-failed',
      'signin-sso-user-without-mfa',
      'signin-root-failed',
    ],
  },
  '4.3': {
    match: ['signin-root-with-mfa', 'signin-root-failed', 'iam-createaccesskey-by-root'],
    noMatch: ['support-describecases-by-root-via-service', 'signin-iam-user-with-mfa', 'iam-createuser'],
  },
  '4.4': {
    match: ['iam-putrolepolicy', 'iam-attachuserpolicy', 'iam-createpolicyversion'],
    noMatch: ['iam-getpolicy', 'iam-listattachedrolepolicies', 'iam-createuser'],
  },
  '4.5': {
    match: ['cloudtrail-stoplogging', 'cloudtrail-updatetrail'],
    noMatch: ['cloudtrail-describetrails', 'cloudtrail-gettrailstatus'],
  },
  '4.6': {
    match: ['signin-iam-user-failed', 'signin-root-failed'],
    noMatch: ['signin-iam-user-with-mfa', 'signin-iam-user-without-mfa', 'signin-root-with-mfa'],
  },
  '4.7': {
    match: ['kms-schedulekeydeletion', 'kms-disablekey'],
    noMatch: [
      'kms-disablekeyrotation',
      'kms-cancelkeydeletion',
      'kms-enablekey',
      'kms-decrypt-access-denied-exception',
    ],
  },
  '4.8': {
    match: ['s3-putbucketpolicy', 's3-deletebucketpolicy', 's3-putbucketacl'],
    noMatch: ['s3-getbucketpolicy', 's3-headbucket-access-denied'],
  },
  '4.9': {
    match: ['config-stopconfigurationrecorder', 'config-deletedeliverychannel'],
    noMatch: ['config-startconfigurationrecorder', 'config-describeconfigurationrecorders'],
  },
  '4.10': {
    match: ['ec2-authorizesecuritygroupingress', 'ec2-deletesecuritygroup'],
    noMatch: ['ec2-describesecuritygroups', 'ec2-describeinstances'],
  },
  '4.11': {
    match: ['ec2-createnetworkaclentry', 'ec2-replacenetworkaclassociation'],
    noMatch: ['ec2-describenetworkacls'],
  },
  '4.12': {
    match: ['ec2-createinternetgateway', 'ec2-attachinternetgateway'],
    noMatch: ['ec2-describeinternetgateways'],
  },
  '4.13': {
    match: ['ec2-createroute', 'ec2-replaceroutetableassociation'],
    noMatch: ['ec2-describeroutetables'],
  },
  '4.14': {
    match: ['ec2-createvpcpeeringconnection', 'ec2-modifyvpcattribute'],
    noMatch: ['ec2-describevpcattribute', 'ec2-describevpcs'],
  },
  '4.15': {
    match: ['organizations-attachpolicy', 'organizations-inviteaccounttoorganization'],
    noMatch: ['organizations-describeorganization', 'iot-attachpolicy'],
  },
};

const PARTITION = 'aws';
const BREAK_GLASS_ROLE_ARN = `arn:${PARTITION}:iam::111111111111:role/break-glass`;

/** Every EventBridge pattern, the parameterised ones built as the detection constructs would. */
const EVENT_PATTERNS: readonly SecurityEventPattern[] = [
  guardDutyFindingPattern(7),
  breakGlassAssumeRolePattern(BREAK_GLASS_ROLE_ARN),
  ...SECURITY_EVENT_PATTERNS,
];

/** EventBridge events each pattern must match, and look-alikes it must not. */
const EVENT_CASES: Readonly<Record<string, Cases>> = {
  guardDutyFindings: { match: ['guardduty-finding-severity-8'], noMatch: ['guardduty-finding-severity-2'] },
  breakGlassRoleAssumed: {
    match: ['sts-assumerole-break-glass', 'sts-assumerolewithsaml-break-glass'],
    noMatch: ['sts-assumerole-other-role'],
  },
  securityHubFindings: {
    match: ['securityhub-finding-high-new-failed', 'securityhub-finding-high-new-guardduty-no-compliance'],
    noMatch: [
      'securityhub-finding-low-new-failed',
      'securityhub-finding-high-resolved-passed',
      'securityhub-finding-high-suppressed-failed',
      'securityhub-finding-high-new-archived',
    ],
  },
  rootConsoleSignIn: {
    match: ['signin-root-console-login', 'signin-root-console-login-failed'],
    noMatch: ['signin-iam-user-console-login'],
  },
  accessAnalyzerFindings: {
    match: ['access-analyzer-finding-active'],
    noMatch: ['access-analyzer-finding-archived', 'access-analyzer-finding-deleted'],
  },
  kmsKeyDeletionOrDisable: {
    match: ['kms-schedulekeydeletion', 'kms-disablekey'],
    noMatch: ['kms-enablekey'],
  },
  secretRotationFailed: {
    match: ['secretsmanager-rotation-failed'],
    noMatch: ['secretsmanager-rotation-succeeded'],
  },
  backupJobFailed: {
    match: ['backup-job-failed', 'backup-copy-job-failed', 'backup-restore-job-failed'],
    noMatch: ['backup-job-completed', 'backup-restore-job-completed'],
  },
};

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
    cloudtrail: new Set(Object.values(CIS_CASES).flatMap((c) => [...c.match, ...c.noMatch])),
    events: new Set(Object.values(EVENT_CASES).flatMap((c) => [...c.match, ...c.noMatch])),
  };
  for (const dir of ['cloudtrail', 'events'] as const) {
    const files = fs.readdirSync(path.join(FIXTURES, dir)).map((f) => f.replace(/\.json$/, ''));
    expect(files.filter((f) => !used[dir].has(f))).toEqual([]);
    expect([...used[dir]].filter((f) => !files.includes(f))).toEqual([]);
  }
});
