import { Token } from 'aws-cdk-lib';

/**
 * Detection data: the CIS AWS Foundations Benchmark v3.0.0 section 4 ("Monitoring") metric filters
 * for the CloudTrail log group, and the EventBridge patterns for security events that are not in CloudTrail
 * metric-filter territory. Pure data, no constructs: the detection constructs turn these into
 * `logs.MetricFilter` + `cloudwatch.Alarm` and `events.Rule`; `test/constructs/detection/patterns.test.ts`
 * proves every pattern against recorded-shape events.
 */

/** One CIS AWS Foundations v3.0.0 section 4 control: a metric filter on the CloudTrail log group, and its alarm. */
export interface CisControl {
  /** CIS recommendation number, '4.1' .. '4.15'. */
  readonly id: string;
  /** camelCase key used in configuration (to disable or tune one control) and in construct ids. */
  readonly key: string;
  /** CloudWatch metric name the filter publishes to. */
  readonly metricName: string;
  /** CIS recommendation title. */
  readonly title: string;
  /** Alarm description: what happened and what the responder should check. */
  readonly description: string;
  /** CloudWatch Logs JSON filter pattern, as CIS v3.0.0 section 4 gives it (see the note on 4.1). */
  readonly pattern: string;
}

export const CIS_CONTROLS: readonly CisControl[] = [
  {
    id: '4.1',
    key: 'unauthorizedApiCalls',
    metricName: 'UnauthorizedApiCalls',
    title: 'Ensure unauthorized API calls are monitored',
    description:
      'CIS 4.1: API calls were refused with an UnauthorizedOperation or AccessDenied error. Check in CloudTrail ' +
      'which principal (userIdentity.arn), source IP and actions were denied: a burst from one principal can be ' +
      'stolen credentials probing permissions; a steady trickle is usually a mis-scoped role or pipeline.',
    // CIS v3.0.0 prints this pattern without the outer parentheses around the two errorCode terms, which under
    // the documented precedence (&& before ||) would exempt only AccessDenied* from the two exclusions. The
    // parenthesised form below is the evident intent: both error kinds, minus S3 log-delivery and HeadBucket noise.
    pattern:
      '{(($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ' +
      '($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")}',
  },
  {
    id: '4.2',
    key: 'consoleSignInWithoutMfa',
    metricName: 'ConsoleSignInWithoutMfa',
    title: 'Ensure management console sign-in without MFA is monitored',
    description:
      'CIS 4.2: an IAM user signed in to the AWS console successfully without MFA. Check which user ' +
      '(userIdentity.arn) and from which source IP; confirm with the user, enforce an MFA device on the user ' +
      'and rotate the password if the sign-in was not theirs.',
    // The CIS variant restricted to IAM users and successful sign-ins (CIS offers it to avoid SSO false positives).
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ' +
      '($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: '4.3',
    key: 'rootAccountUsage',
    metricName: 'RootAccountUsage',
    title: 'Ensure usage of the "root" account is monitored',
    description:
      'CIS 4.3: the root user signed in or made an API call (not on behalf of an AWS service). Check in ' +
      'CloudTrail what was done (eventName), from which source IP, and whether it was a planned, approved ' +
      'root task; if not, treat it as an account compromise: secure the root credentials and MFA now.',
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: '4.4',
    key: 'iamPolicyChanges',
    metricName: 'IamPolicyChanges',
    title: 'Ensure IAM policy changes are monitored',
    description:
      'CIS 4.4: an IAM policy was created, changed, deleted, attached or detached. Check in CloudTrail who ' +
      'made the change, which policy and which user, group or role (requestParameters), and whether it went ' +
      'through the normal deployment pipeline; review the new permissions for privilege escalation.',
    pattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||' +
      '($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||' +
      '($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||' +
      '($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||' +
      '($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||' +
      '($.eventName=DetachGroupPolicy)}',
  },
  {
    id: '4.5',
    key: 'cloudTrailConfigChanges',
    metricName: 'CloudTrailConfigChanges',
    title: 'Ensure CloudTrail configuration changes are monitored',
    description:
      'CIS 4.5: a CloudTrail trail was created, updated or deleted, or its logging was started or stopped. ' +
      'Check who did it and which trail (requestParameters.name); a StopLogging or DeleteTrail outside a ' +
      'planned change is a classic step to hide activity: re-enable logging and investigate the principal.',
    pattern:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ' +
      '($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  },
  {
    id: '4.6',
    key: 'consoleAuthenticationFailures',
    metricName: 'ConsoleAuthenticationFailures',
    title: 'Ensure AWS Management Console authentication failures are monitored',
    description:
      'CIS 4.6: console sign-ins failed authentication. Check which user names (userIdentity) and source IPs ' +
      'failed and how often: many failures for one user suggest password guessing, many users from one IP ' +
      'suggest credential stuffing; lock or reset the affected users if needed.',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: '4.7',
    key: 'cmkDisableOrDeletion',
    metricName: 'CmkDisableOrScheduledDeletion',
    title: 'Ensure disabling or scheduled deletion of customer created CMKs is monitored',
    description:
      'CIS 4.7: a KMS key was disabled or scheduled for deletion. Check which key (requestParameters.keyId) ' +
      'and who did it; data encrypted under the key becomes unreadable. If unplanned, re-enable the key or ' +
      'cancel the deletion (CancelKeyDeletion) within the pending window.',
    pattern:
      '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  },
  {
    id: '4.8',
    key: 's3BucketPolicyChanges',
    metricName: 'S3BucketPolicyChanges',
    title: 'Ensure S3 bucket policy changes are monitored',
    description:
      'CIS 4.8: an S3 bucket policy, ACL, CORS, lifecycle or replication configuration was changed or ' +
      'deleted. Check which bucket (requestParameters.bucketName) and who did it; review the new policy or ' +
      'ACL for public or cross-account access and the replication target for exfiltration.',
    pattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ' +
      '($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ' +
      '($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ' +
      '($.eventName = DeleteBucketReplication)) }',
  },
  {
    id: '4.9',
    key: 'awsConfigChanges',
    metricName: 'AwsConfigChanges',
    title: 'Ensure AWS Config configuration changes are monitored',
    description:
      'CIS 4.9: the AWS Config recorder was stopped or changed, or the delivery channel was changed or ' +
      'deleted. Check who did it; while the recorder is off, configuration changes go unrecorded and Config ' +
      'rules stop evaluating. Restart the recorder and restore the delivery channel if unplanned.',
    pattern:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||' +
      '($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  },
  {
    id: '4.10',
    key: 'securityGroupChanges',
    metricName: 'SecurityGroupChanges',
    title: 'Ensure security group changes are monitored',
    description:
      'CIS 4.10: a security group was created or deleted, or an ingress/egress rule was added or revoked. ' +
      'Check which group (requestParameters.groupId), which rules and who did it; look for rules open to ' +
      '0.0.0.0/0 or ::/0 and changes made outside the deployment pipeline.',
    pattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ' +
      '($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ' +
      '($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  },
  {
    id: '4.11',
    key: 'naclChanges',
    metricName: 'NaclChanges',
    title: 'Ensure Network Access Control Lists (NACL) changes are monitored',
    description:
      'CIS 4.11: a network ACL or one of its entries or subnet associations was created, replaced or ' +
      'deleted. Check which NACL (requestParameters.networkAclId), which entries and who did it; look for ' +
      'allow rules opening subnets to the internet.',
    pattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ' +
      '($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ' +
      '($.eventName = ReplaceNetworkAclAssociation) }',
  },
  {
    id: '4.12',
    key: 'networkGatewayChanges',
    metricName: 'NetworkGatewayChanges',
    title: 'Ensure changes to network gateways are monitored',
    description:
      'CIS 4.12: an internet or customer gateway was created, deleted, attached or detached. Check which ' +
      'gateway and VPC and who did it; a new internet gateway on a private VPC opens a path to the internet.',
    pattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ' +
      '($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ' +
      '($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  },
  {
    id: '4.13',
    key: 'routeTableChanges',
    metricName: 'RouteTableChanges',
    title: 'Ensure route table changes are monitored',
    description:
      'CIS 4.13: a route table, route or route table association was created, replaced, deleted or ' +
      'disassociated. Check which route table (requestParameters.routeTableId), which destination and ' +
      'target and who did it; look for traffic redirected through unexpected gateways or peers.',
    pattern:
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ' +
      '($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ' +
      '($.eventName = DisassociateRouteTable) }',
  },
  {
    id: '4.14',
    key: 'vpcChanges',
    metricName: 'VpcChanges',
    title: 'Ensure VPC changes are monitored',
    description:
      'CIS 4.14: a VPC was created, deleted or modified, or a VPC peering connection was requested, ' +
      'accepted, rejected or deleted (or ClassicLink changed). Check which VPC or peering and who did it; ' +
      'an unexpected peering to another account is a path for lateral movement or exfiltration.',
    pattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ' +
      '($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ' +
      '($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ' +
      '($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ' +
      '($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  },
  {
    id: '4.15',
    key: 'organizationsChanges',
    metricName: 'OrganizationsChanges',
    title: 'Ensure AWS Organizations changes are monitored',
    description:
      'CIS 4.15: the AWS Organization was changed: accounts invited, created, moved or removed, OUs or ' +
      'policies (SCPs) created, attached, detached or changed, or policy types enabled or disabled. Check ' +
      'who did it and what changed (requestParameters); a detached or weakened SCP removes guardrails org-wide.',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ' +
      '($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ' +
      '($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ' +
      '($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ' +
      '($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ' +
      '($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ' +
      '($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ' +
      '($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

/**
 * An EventBridge event pattern in its JSON form (`source`, `detail-type`, `detail`, ...), as PutRule takes it.
 * Leaves are arrays of values or matchers (`prefix`, `anything-but`, `numeric`, `exists`); `$or` takes an array
 * of sub-patterns. Note the CDK `events.EventPattern` spells `detail-type` as `detailType`.
 */
export interface EventPatternJson {
  readonly [field: string]: readonly EventPatternLeaf[] | readonly EventPatternJson[] | EventPatternJson;
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
