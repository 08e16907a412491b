import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The recorded-shape sample events the detection patterns are proven against, and which samples each
 * pattern must and must not match. Shared by the pattern tests (TS constants) and the Audit stack tests
 * (the patterns as synthesized into the templates), so both prove the same cases.
 *
 * test/fixtures/cloudtrail/<name>.json are single CloudTrail records (as CloudWatch Logs receives them; each
 * can be pasted into the console's "Test pattern" to check against the real service), and
 * test/fixtures/events/<name>.json are EventBridge events.
 */

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export type FixtureDir = 'cloudtrail' | 'events';

export function fixture(dir: FixtureDir, name: string): object {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, dir, `${name}.json`), 'utf8')) as object;
}

export interface Cases {
  /** Fixtures the pattern must match. */
  readonly match: readonly string[];
  /** Look-alikes the pattern must not match. */
  readonly noMatch: readonly string[];
}

/** CloudTrail records each CIS metric filter must count, and look-alikes it must not. */
export const CIS_CASES: Readonly<Record<string, Cases>> = {
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

/** EventBridge events each pattern must match, and look-alikes it must not. */
export const EVENT_CASES: Readonly<Record<string, Cases>> = {
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
    noMatch: [
      'access-analyzer-finding-archived',
      'access-analyzer-finding-deleted',
      'access-analyzer-finding-error',
      'access-analyzer-unused-access-finding',
    ],
  },
  // IAM User Guide, "Monitoring AWS IAM Access Analyzer with Amazon EventBridge" (the example events).
  unusedAccessFindings: {
    match: ['access-analyzer-unused-access-finding'],
    noMatch: ['access-analyzer-unused-access-finding-error', 'access-analyzer-finding-active'],
  },
  accessAnalyzerErrorFindings: {
    match: ['access-analyzer-finding-error', 'access-analyzer-unused-access-finding-error'],
    noMatch: ['access-analyzer-finding-active', 'access-analyzer-unused-access-finding'],
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

/**
 * CloudTrail records each guardrail metric filter (constructs/detection/guardrail-patterns.ts) must count,
 * and look-alikes it must not. The log-bucket records name the Prod log archive as the test assembly names it
 * (`prod-foundation-logarchivebucket73900f7a`); tests over other environments rewrite the bucket name.
 */
export const GUARDRAIL_CASES: Readonly<Record<string, Cases>> = {
  G1: {
    match: ['iam-updateassumerolepolicy'],
    noMatch: ['iam-putrolepolicy', 'iam-getpolicy', 'iam-createuser'],
  },
  G2: { match: ['kms-putkeypolicy'], noMatch: ['kms-disablekey', 'kms-enablekey'] },
  G3: {
    match: ['iam-putrolepermissionsboundary', 'iam-deleterolepermissionsboundary'],
    noMatch: ['iam-putrolepolicy', 'iam-attachuserpolicy'],
  },
  G4: {
    match: ['kms-deletealias-project'],
    noMatch: ['kms-deletealias-other', 'kms-createalias-project', 'kms-disablekey'],
  },
  G5: {
    match: ['s3-putbucketpolicy-log-archive', 's3-putobjectlockconfiguration-log-archive'],
    noMatch: ['s3-putbucketpolicy', 's3-deletebucketpolicy', 's3-getbucketpolicy'],
  },
};

/** The log archive bucket name in the log-bucket fixtures of GUARDRAIL_CASES. */
export const FIXTURE_LOG_ARCHIVE = 'prod-foundation-logarchivebucket73900f7a';
