import { ArnFormat, CfnResource, type IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeRules } from '../core/acknowledge';

export interface WorkloadPermissionsBoundaryProps {
  /**
   * Name of the managed policy. Deterministic so that roles in other stacks (and other regions) can
   * reference it by ARN without cross-stack exports.
   */
  readonly managedPolicyName: string;
  /**
   * KMS alias prefix of the project's keys (without `alias/`); scheduling their deletion is denied.
   */
  readonly protectedKeyAliasPrefix: string;
  /**
   * Tag key carried by every resource of the project; scheduling deletion of a KMS key with this tag is denied.
   */
  readonly protectedKeyTagKey: string;
  /**
   * ARN patterns (`ArnLike`) of the roles that may change the account guardrail settings (password policy,
   * account Block Public Access, IMDS and EBS defaults): the guardrails' own provider role.
   * @default - nobody under this boundary may change them
   */
  readonly accountGuardrailRoleArns?: readonly string[];
  /**
   * Qualifier of the CDK bootstrap whose roles (`cdk-<qualifier>-*`) only `cdkDeployerArns` may assume.
   * @default 'hnb659fds'
   */
  readonly cdkBootstrapQualifier?: string;
  /**
   * ARN patterns (`ArnLike`) of the roles under this boundary that may assume the CDK bootstrap roles and tag
   * their sessions with `cdkDeploySessionTagKey`: the CI deploy role.
   * @default - no role under this boundary may
   */
  readonly cdkDeployerArns?: readonly string[];
  /**
   * Session tag key that marks a deploy-role session as the CI deploy role's (the bootstrap boundary lets only
   * such sessions change the guardrail stacks).
   * @default 'security-baseline:deployer'
   */
  readonly cdkDeploySessionTagKey?: string;
}

/** Creating a role or user, or setting its boundary: allowed only with the required boundary. */
export const BOUNDED_PRINCIPAL_ACTIONS = [
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:PutRolePermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
];
/** Changing a role's policies: allowed only on roles that carry the required boundary. */
export const ROLE_POLICY_ACTIONS = [
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:DeleteRolePolicy',
];

/** Removing a boundary from a role or user. */
export const BOUNDARY_REMOVAL_ACTIONS = [
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
];
/** Long-term IAM credentials: access keys, console passwords, service-specific credentials. */
export const LONG_TERM_CREDENTIAL_ACTIONS = [
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:UpdateAccessKey',
];

/** The Sids of the deny statements, so tests and reviewers can find each guardrail. */
export const BOUNDARY_STATEMENT_IDS = [
  'DenyRoleOrUserWithoutThisBoundary',
  'DenyRemovingPermissionsBoundaries',
  'DenyChangingThisBoundary',
  'DenyLongTermIamCredentials',
  'DenyLeavingTheOrganization',
  'DenyStoppingCloudTrail',
  'DenyStoppingGuardDuty',
  'DenyStoppingConfig',
  'DenyStoppingSecurityHub',
  'DenyDeletingProjectKeysByAlias',
  'DenyDeletingProjectKeysByTag',
  'DenyWeakeningAccountGuardrails',
  'DenyPolicyChangesToRolesWithoutThisBoundary',
  'DenyChangingTrustPolicies',
  'DenyIdentityProviderChanges',
  'DenyWeakeningProjectKeys',
  'DenyRemovingProjectKeyAliasesAndTags',
  'DenyRemovingProjectKeyTags',
  'DenyGrantsOnProjectKeysExceptForAwsResources',
  'DenySettingAccountGuardrailsExceptByTheirProvider',
  'DenyDeletingKeys',
  'DenyWeakeningLogBuckets',
  'DenyMutingAlerts',
  'DenyAssumingCdkBootstrapRolesExceptCi',
  'DenyTaggingSessionsAsCi',
] as const;

/**
 * The permissions boundary of every IAM role this project creates: the most any workload role may
 * ever do, whatever its own policies say. It allows everything except privilege escalation (creating
 * roles or users without this boundary, removing or editing the boundary, long-term IAM credentials),
 * leaving the organization, switching off the audit and detection services (CloudTrail, GuardDuty,
 * Config, Security Hub), scheduling deletion of the project's KMS keys, and undoing the account
 * guardrails. Attach it with {@link PermissionsBoundaryAspect}.
 */
export class WorkloadPermissionsBoundary extends Construct {
  public readonly policy: iam.ManagedPolicy;
  public readonly managedPolicyName: string;

  constructor(scope: Construct, id: string, props: WorkloadPermissionsBoundaryProps) {
    super(scope, id);
    if (!/^[\w+=,.@-]{1,128}$/.test(props.managedPolicyName)) {
      throw new Error(
        `'managedPolicyName' must be 1-128 characters of letters, digits and +=,.@_-. Received: ${props.managedPolicyName}`,
      );
    }
    this.managedPolicyName = props.managedPolicyName;
    const selfArn = this.arnIn(Stack.of(this));
    const any = ['*'];
    const deployers = props.cdkDeployerArns?.length
      ? { ArnNotLike: { 'aws:PrincipalArn': [...props.cdkDeployerArns] } }
      : undefined;

    const statements = [
      // A boundary is a ceiling, not a grant: each role's own policies still decide what it may do.
      new iam.PolicyStatement({ sid: 'AllowWithinBoundary', actions: ['*'], resources: any }),
      new iam.PolicyStatement({
        sid: 'DenyRoleOrUserWithoutThisBoundary',
        effect: iam.Effect.DENY,
        actions: BOUNDED_PRINCIPAL_ACTIONS,
        resources: any,
        conditions: { StringNotEquals: { 'iam:PermissionsBoundary': selfArn } },
      }),
      // Policies may change only on roles that carry this boundary (no unbounded role gains permissions).
      new iam.PolicyStatement({
        sid: 'DenyPolicyChangesToRolesWithoutThisBoundary',
        effect: iam.Effect.DENY,
        actions: ROLE_POLICY_ACTIONS,
        resources: any,
        conditions: { StringNotEquals: { 'iam:PermissionsBoundary': selfArn } },
      }),
      // Trust policies change only through CloudFormation (its execution role is not a workload role).
      new iam.PolicyStatement({
        sid: 'DenyChangingTrustPolicies',
        effect: iam.Effect.DENY,
        actions: ['iam:UpdateAssumeRolePolicy'],
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyIdentityProviderChanges',
        effect: iam.Effect.DENY,
        actions: [
          'iam:CreateOpenIDConnectProvider',
          'iam:CreateSAMLProvider',
          'iam:UpdateOpenIDConnectProviderThumbprint',
          'iam:AddClientIDToOpenIDConnectProvider',
          'iam:UpdateSAMLProvider',
        ],
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyRemovingPermissionsBoundaries',
        effect: iam.Effect.DENY,
        actions: BOUNDARY_REMOVAL_ACTIONS,
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyChangingThisBoundary',
        effect: iam.Effect.DENY,
        actions: [
          'iam:CreatePolicyVersion',
          'iam:DeletePolicy',
          'iam:DeletePolicyVersion',
          'iam:SetDefaultPolicyVersion',
        ],
        resources: [selfArn],
      }),
      new iam.PolicyStatement({
        sid: 'DenyLongTermIamCredentials',
        effect: iam.Effect.DENY,
        actions: LONG_TERM_CREDENTIAL_ACTIONS,
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyLeavingTheOrganization',
        effect: iam.Effect.DENY,
        actions: ['organizations:LeaveOrganization'],
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyStoppingCloudTrail',
        effect: iam.Effect.DENY,
        actions: [
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'cloudtrail:UpdateTrail',
          'cloudtrail:PutEventSelectors',
          'cloudtrail:PutInsightSelectors',
        ],
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyStoppingGuardDuty',
        effect: iam.Effect.DENY,
        actions: [
          'guardduty:DeleteDetector',
          'guardduty:UpdateDetector',
          'guardduty:DisassociateFromAdministratorAccount',
          'guardduty:DisassociateFromMasterAccount',
          'guardduty:DisassociateMembers',
          'guardduty:DeleteMembers',
          'guardduty:StopMonitoringMembers',
          // Muting without switching off: auto-archive filters, trusted IP lists, the findings export.
          'guardduty:CreateFilter',
          'guardduty:UpdateFilter',
          'guardduty:CreateIPSet',
          'guardduty:UpdateIPSet',
          'guardduty:CreatePublishingDestination',
          'guardduty:UpdatePublishingDestination',
          'guardduty:DeletePublishingDestination',
        ],
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyStoppingConfig',
        effect: iam.Effect.DENY,
        actions: [
          'config:StopConfigurationRecorder',
          'config:DeleteConfigurationRecorder',
          'config:DeleteDeliveryChannel',
          'config:DeleteConfigRule',
          'config:DeleteConformancePack',
          'config:PutConfigurationRecorder',
          'config:PutDeliveryChannel',
        ],
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyStoppingSecurityHub',
        effect: iam.Effect.DENY,
        actions: [
          'securityhub:DisableSecurityHub',
          'securityhub:DisassociateFromAdministratorAccount',
          'securityhub:DisassociateFromMasterAccount',
          'securityhub:DisassociateMembers',
          'securityhub:DeleteMembers',
          'securityhub:BatchDisableStandards',
          // Suppressing instead of disabling: automation rules, finding workflow, control status.
          'securityhub:CreateAutomationRule',
          'securityhub:BatchUpdateAutomationRules',
          'securityhub:BatchUpdateFindings',
          'securityhub:UpdateStandardsControl',
          'securityhub:UpdateSecurityControl',
        ],
        resources: any,
      }),
      // Two statements (OR): a key is protected by its alias, and independently by the project tag.
      new iam.PolicyStatement({
        sid: 'DenyDeletingProjectKeysByAlias',
        effect: iam.Effect.DENY,
        actions: ['kms:ScheduleKeyDeletion'],
        resources: any,
        conditions: {
          'ForAnyValue:StringLike': { 'kms:ResourceAliases': `alias/${props.protectedKeyAliasPrefix}/*` },
        },
      }),
      new iam.PolicyStatement({
        sid: 'DenyDeletingProjectKeysByTag',
        effect: iam.Effect.DENY,
        actions: ['kms:ScheduleKeyDeletion'],
        resources: any,
        conditions: { Null: { [`aws:ResourceTag/${props.protectedKeyTagKey}`]: 'false' } },
      }),
      // Alias and tag can be removed first (DeleteAlias + UntagResource): no workload deletes keys at all.
      new iam.PolicyStatement({
        sid: 'DenyDeletingKeys',
        effect: iam.Effect.DENY,
        actions: ['kms:ScheduleKeyDeletion'],
        resources: any,
      }),
      new iam.PolicyStatement({
        sid: 'DenyWeakeningProjectKeys',
        effect: iam.Effect.DENY,
        actions: ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:DisableKeyRotation'],
        resources: any,
        conditions: {
          'ForAnyValue:StringLike': { 'kms:ResourceAliases': `alias/${props.protectedKeyAliasPrefix}/*` },
        },
      }),
      // AWS Backup and RDS create grants for the resources they encrypt with the caller's credentials.
      new iam.PolicyStatement({
        sid: 'DenyGrantsOnProjectKeysExceptForAwsResources',
        effect: iam.Effect.DENY,
        actions: ['kms:CreateGrant'],
        resources: any,
        conditions: {
          'ForAnyValue:StringLike': { 'kms:ResourceAliases': `alias/${props.protectedKeyAliasPrefix}/*` },
          StringNotEquals: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'DenyRemovingProjectKeyAliasesAndTags',
        effect: iam.Effect.DENY,
        actions: ['kms:DeleteAlias', 'kms:UpdateAlias'],
        resources: [
          Stack.of(this).formatArn({
            service: 'kms',
            region: '*',
            resource: 'alias',
            resourceName: `${props.protectedKeyAliasPrefix}/*`,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'DenyRemovingProjectKeyTags',
        effect: iam.Effect.DENY,
        actions: ['kms:UntagResource', 'kms:TagResource'],
        resources: any,
        conditions: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': [props.protectedKeyTagKey] } },
      }),
      // The log buckets' policies, locks, lifecycle and versioning change only through CloudFormation.
      new iam.PolicyStatement({
        sid: 'DenyWeakeningLogBuckets',
        effect: iam.Effect.DENY,
        actions: [
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketObjectLockConfiguration',
          's3:BypassGovernanceRetention',
          's3:PutLifecycleConfiguration',
          's3:PutBucketVersioning',
        ],
        resources: any,
      }),
      // The plumbing of the alerts: rules, metric filters, log groups, alarms, topics, subscriptions.
      new iam.PolicyStatement({
        sid: 'DenyMutingAlerts',
        effect: iam.Effect.DENY,
        actions: [
          'events:DisableRule',
          'events:DeleteRule',
          'events:RemoveTargets',
          'logs:DeleteMetricFilter',
          'logs:DeleteLogGroup',
          'logs:DeleteSubscriptionFilter',
          'cloudwatch:DeleteAlarms',
          'cloudwatch:DisableAlarmActions',
          'sns:DeleteTopic',
          'sns:Unsubscribe',
          'sns:SetTopicAttributes',
        ],
        resources: any,
      }),
      // What the AccountGuardrails construct sets must not be undone by a workload.
      new iam.PolicyStatement({
        sid: 'DenyWeakeningAccountGuardrails',
        effect: iam.Effect.DENY,
        actions: [
          'iam:DeleteAccountPasswordPolicy',
          'ec2:DisableEbsEncryptionByDefault',
          'ec2:ResetEbsDefaultKmsKeyId',
          'access-analyzer:DeleteAnalyzer',
        ],
        resources: any,
      }),
      // Setting them is the guardrails provider's job only.
      new iam.PolicyStatement({
        sid: 'DenySettingAccountGuardrailsExceptByTheirProvider',
        effect: iam.Effect.DENY,
        actions: [
          'iam:UpdateAccountPasswordPolicy',
          's3:PutAccountPublicAccessBlock',
          'ec2:ModifyInstanceMetadataDefaults',
          'ec2:ModifyEbsDefaultKmsKeyId',
          'ec2:EnableEbsEncryptionByDefault',
        ],
        resources: any,
        conditions: props.accountGuardrailRoleArns?.length
          ? { ArnNotLike: { 'aws:PrincipalArn': [...props.accountGuardrailRoleArns] } }
          : undefined,
      }),
      // The CDK bootstrap roles trust the whole account (bootstrap template): under this boundary only the CI
      // deploy role may become a deployer, and only it may mark its deploy-role sessions as CI's.
      new iam.PolicyStatement({
        sid: 'DenyAssumingCdkBootstrapRolesExceptCi',
        effect: iam.Effect.DENY,
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [
          Stack.of(this).formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: `cdk-${props.cdkBootstrapQualifier ?? 'hnb659fds'}-*`,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
        conditions: deployers,
      }),
      new iam.PolicyStatement({
        sid: 'DenyTaggingSessionsAsCi',
        effect: iam.Effect.DENY,
        actions: ['sts:TagSession'],
        resources: any,
        conditions: {
          'ForAnyValue:StringEquals': {
            'aws:TagKeys': [props.cdkDeploySessionTagKey ?? 'security-baseline:deployer'],
          },
          ...deployers,
        },
      }),
    ];

    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      managedPolicyName: props.managedPolicyName,
      description:
        'Permissions boundary of every workload role of the security baseline: no privilege escalation, no disabling of audit/detection, no deletion of project keys',
      statements,
    });
    acknowledgeRules(
      this.policy,
      ['AwsSolutions-IAM5[Action::*]', 'AwsSolutions-IAM5[Resource::*]'],
      'Permissions boundary: the Allow * statement is the ceiling that the deny statements cut down; it grants nothing by itself because a boundary only limits the role policies it is intersected with',
    );
    acknowledgeRules(
      this.policy,
      [
        'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess',
        'HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess',
        'PCI.DSS.321-IAMPolicyNoStatementsWithAdminAccess',
        'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
        'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess',
        'PCI.DSS.321-IAMPolicyNoStatementsWithFullAccess',
      ],
      'This policy is attached only as a permissions boundary (never as a permissions policy); the Allow * is the ceiling that its deny statements restrict, effective permissions are the intersection with each role policy',
    );
  }

  /** ARN of the boundary policy as seen from `stack` (same account, built from the name: no export). */
  public arnIn(stack: Stack): string {
    return stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'policy',
      resourceName: this.managedPolicyName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}

/**
 * Attaches a {@link WorkloadPermissionsBoundary} to every IAM role and user in the scope it is added
 * to, including roles that CDK framework constructs create (custom-resource providers, whose roles
 * are raw `AWS::IAM::Role` resources). Roles in other stacks reference the policy by its
 * deterministic ARN, and their stack is made to depend on the boundary's stack so the policy exists
 * first. Add it to a Stage: aspects do not cross Stage boundaries.
 */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundary: WorkloadPermissionsBoundary) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    if (node.cfnResourceType !== 'AWS::IAM::Role' && node.cfnResourceType !== 'AWS::IAM::User') return;
    const stack = Stack.of(node);
    const owner = Stack.of(this.boundary);
    if (stack === owner) {
      node.addPropertyOverride('PermissionsBoundary', this.boundary.policy.managedPolicyArn);
      return;
    }
    node.addPropertyOverride('PermissionsBoundary', this.boundary.arnIn(stack));
    stack.addStackDependency(owner, 'IAM roles use the workload permissions boundary, referenced by name');
  }
}
