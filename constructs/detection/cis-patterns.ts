import { Token } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';

/**
 * Detection data: the CIS AWS Foundations Benchmark v3.0.0 section 4 ("Monitoring") metric filters
 * for the CloudTrail log group, and the EventBridge patterns for security events that are not in CloudTrail
 * metric-filter territory. Pure data, no constructs: the detection constructs turn these into
 * `logs.MetricFilter` + `cloudwatch.Alarm` and `events.Rule`; `test/constructs/detection/patterns.test.ts`
 * proves every pattern against recorded-shape events.
 */

export { CIS_CONTROLS, type CisControl } from './cis-controls';

/**
 * An EventBridge event pattern in its JSON form (`source`, `detail-type`, `detail`, ...), as PutRule takes it.
 * Leaves are arrays of values or matchers (`prefix`, `anything-but`, `numeric`, `exists`); `$or` takes an array
 * of sub-patterns. Note the CDK `events.EventPattern` spells `detail-type` as `detailType`.
 */
export interface EventPatternJson {
  readonly [field: string]: readonly EventPatternLeaf[] | readonly EventPatternJson[] | EventPatternJson;
}

/** The CDK spelling of an EventBridge pattern (`detail-type` is `detailType`). */
export function toEventPattern(pattern: EventPatternJson): events.EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern as Record<string, unknown>;
  return { ...rest, ...(detailType ? { detailType } : {}) } as events.EventPattern;
}

export type EventPatternLeaf =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly 'anything-but': string | number | readonly (string | number)[] | { readonly prefix: string } }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean };

/** An EventBridge rule pattern for one kind of security event. */
export interface SecurityEventPattern {
  /** camelCase key used in configuration and construct ids. */
  readonly key: string;
  /** Rule description: what the event means and what the responder should check. */
  readonly description: string;
  readonly pattern: EventPatternJson;
}

/**
 * GuardDuty findings whose severity is at least `minSeverity` (GuardDuty: 1.0-3.9 low, 4.0-6.9 medium,
 * 7.0-8.9 high, 9.0-10.0 critical). `detail.severity` is a JSON number, so numeric matching applies.
 */
export function guardDutyFindingPattern(minSeverity: number): SecurityEventPattern {
  if (!Number.isFinite(minSeverity) || minSeverity < 0 || minSeverity > 10) {
    throw new Error(`GuardDuty minimum severity must be a number from 0 to 10, got ${minSeverity}`);
  }
  return {
    key: 'guardDutyFindings',
    description:
      `GuardDuty finding of severity ${minSeverity} or higher. Open the finding (detail.id, detail.type) in ` +
      'GuardDuty, identify the affected resource and principal, and follow the finding type remediation.',
    pattern: {
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', minSeverity] }] },
    },
  };
}

/**
 * STS role assumptions of the break-glass role (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity),
 * matched on `requestParameters.roleArn`; errored attempts match too, as no errorCode filter is applied.
 * STS events reach EventBridge in the Region of the STS endpoint that served the call.
 */
export function breakGlassAssumeRolePattern(roleArn: string): SecurityEventPattern {
  if (!Token.isUnresolved(roleArn) && !/^arn:[\w-]+:iam::\d{12}:role\/\S+$/.test(roleArn)) {
    throw new Error(`Break-glass role must be an IAM role ARN, got '${roleArn}'`);
  }
  return {
    key: 'breakGlassRoleAssumed',
    description:
      'The break-glass role was assumed (or an attempt failed: see detail.errorCode). Check who assumed it ' +
      '(detail.userIdentity, detail.sourceIPAddress), that an incident or approved change justifies it, and ' +
      'review what the session did (CloudTrail, by detail.responseElements.assumedRoleUser.arn).',
    pattern: {
      source: ['aws.sts'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['sts.amazonaws.com'],
        eventName: ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'],
        requestParameters: { roleArn: [roleArn] },
      },
    },
  };
}

/** The security-event patterns that take no parameters (see also the two functions above). */
export const SECURITY_EVENT_PATTERNS: readonly SecurityEventPattern[] = [
  {
    key: 'securityHubFindings',
    description:
      'Security Hub imported a new HIGH or CRITICAL finding (failed control, or a finding without compliance ' +
      'status such as GuardDuty or Inspector). Open the finding (detail.findings[0].Id), fix or suppress it, ' +
      'and set its workflow status.',
    pattern: {
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: {
        findings: {
          Severity: { Label: ['HIGH', 'CRITICAL'] },
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
          $or: [{ Compliance: { Status: ['FAILED'] } }, { Compliance: { Status: [{ exists: false }] } }],
        },
      },
    },
  },
  {
    key: 'rootConsoleSignIn',
    description:
      'Someone signed in (or tried to) to the console as the root user. Check the source IP ' +
      '(detail.sourceIPAddress), the result (detail.responseElements.ConsoleLogin) and MFA use, and whether ' +
      'a planned root task explains it; if not, secure the root credentials and MFA now.',
    pattern: {
      source: ['aws.signin'],
      'detail-type': ['AWS Console Sign In via CloudTrail'],
      detail: { userIdentity: { type: ['Root'] } },
    },
  },
  {
    key: 'accessAnalyzerFindings',
    description:
      'IAM Access Analyzer found a resource shared outside the zone of trust (active finding). Check the ' +
      'resource (detail.resource), the external principal (detail.principal) and the actions; remove the ' +
      'access or archive the finding if the sharing is intended.',
    pattern: {
      source: ['aws.access-analyzer'],
      'detail-type': ['Access Analyzer Finding'],
      // Error findings (detail.error) say the analyzer could not analyze the resource, not that it is shared.
      detail: { status: ['ACTIVE'], isDeleted: [false], error: [{ exists: false }] },
    },
  },
  {
    key: 'unusedAccessFindings',
    description:
      'IAM Access Analyzer found unused access (detail.findingType: an unused role, access key, password or ' +
      'permission) on an IAM entity (detail.resource). Remove what is not needed (least privilege), or archive ' +
      'the finding with the reason it must stay.',
    pattern: {
      source: ['aws.access-analyzer'],
      'detail-type': ['Unused Access Finding for IAM entities'],
      detail: { status: ['ACTIVE'], isDeleted: [false], error: [{ exists: false }] },
    },
  },
  {
    key: 'accessAnalyzerErrorFindings',
    description:
      'IAM Access Analyzer could not analyze a resource (detail.error: ACCESS_DENIED or INTERNAL_ERROR), so its ' +
      'sharing or unused access is unknown. Check that no policy (SCP, key or bucket policy) denies the ' +
      'analyzer service-linked role access to the resource (detail.resource).',
    pattern: {
      source: ['aws.access-analyzer'],
      'detail-type': ['Access Analyzer Finding', 'Unused Access Finding for IAM entities'],
      detail: { status: ['ACTIVE'], isDeleted: [false], error: [{ exists: true }] },
    },
  },
  {
    key: 'kmsKeyDeletionOrDisable',
    description:
      'A KMS key was scheduled for deletion or disabled. Check the key (detail.requestParameters.keyId) and ' +
      'who did it (detail.userIdentity); if unplanned, cancel the deletion or re-enable the key before data ' +
      'encrypted under it becomes unreadable.',
    pattern: {
      source: ['aws.kms'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['kms.amazonaws.com'], eventName: ['ScheduleKeyDeletion', 'DisableKey'] },
    },
  },
  {
    key: 'secretRotationFailed',
    description:
      'Secrets Manager failed to rotate a secret (or failed its test rotation). Check the secret ' +
      '(detail.additionalEventData.SecretId) and the error (detail.errorMessage), then the rotation Lambda ' +
      'logs; the old credential stays in use until rotation succeeds.',
    pattern: {
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: {
        eventSource: ['secretsmanager.amazonaws.com'],
        eventName: ['RotationFailed', 'TestRotationFailed'],
      },
    },
  },
  {
    key: 'backupJobFailed',
    description:
      'An AWS Backup backup, copy or restore job failed, was aborted or expired. Check the job ' +
      '(detail.backupJobId, copyJobId or restoreJobId), the resource and detail.statusMessage; a missed ' +
      'backup leaves the resource without a recovery point for this cycle.',
    pattern: {
      source: ['aws.backup'],
      'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
      // Backup and copy job events report `state`, restore job events report `status`.
      detail: {
        $or: [{ state: ['FAILED', 'ABORTED', 'EXPIRED'] }, { status: ['FAILED', 'ABORTED', 'EXPIRED'] }],
      },
    },
  },
];
