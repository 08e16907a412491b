import { Aws, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import type { Construct } from 'constructs';
import { acknowledgeRules } from '../../../constructs/core/acknowledge';
import { NO_PROFILE, organizationNames, type OrganizationConfig } from '../../config/organization';
import { CREATE_CONFIG_RECORDER_PARAMETER, PROFILE_PARAMETER } from './member-baseline-stack';

export interface ManagementStackProps extends StackProps {
  readonly config: OrganizationConfig;
  /** The member template (MemberBaselineStack), deployed by the StackSet by content. */
  readonly memberTemplate: Stack;
}

/** The actions that would switch off the baseline's detection and audit in a member account. */
const DETECTION_OFF_ACTIONS = [
  'cloudtrail:DeleteTrail',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:StopConfigurationRecorder',
  'guardduty:DeleteDetector',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:DisassociateFromMasterAccount',
  'guardduty:UpdateDetector',
  'securityhub:DisableSecurityHub',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateFromMasterAccount',
  'macie2:DisableMacie',
  'macie2:DisassociateFromAdministratorAccount',
  'inspector2:Disable',
  'access-analyzer:DeleteAnalyzer',
  'organizations:LeaveOrganization',
];

/**
 * The management account's org-level settings (home region): the member StackSet (service-managed,
 * auto-deployed to the target OUs), the SCP protecting the baseline roles and detection, the RCP keeping the
 * log archive inside the organization, and the organization trail unless Control Tower owns it.
 */
export class ManagementStack extends Stack {
  public readonly stackSet: cloudformation.CfnStackSet;
  public readonly serviceControlPolicy: organizations.CfnPolicy;
  public readonly resourceControlPolicy: organizations.CfnPolicy;
  public readonly trail?: cloudtrail.CfnTrail;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    super(scope, id, props);
    const c = props.config;
    const names = organizationNames(c);
    const { governedRegions, homeRegion } = c.organization;
    const excluded = c.exclusions.map((e) => e.account);

    // The L1 with TemplateBody: the template travels inside the StackSet (no asset bucket that member accounts
    // or another region would have to read). No CallAs: the StackSet lives in the management account, where
    // CallAs DELEGATED_ADMIN is invalid (SELF is the default).
    this.stackSet = new cloudformation.CfnStackSet(this, 'MemberStackSet', {
      stackSetName: names.memberStackSet,
      description: 'Security baseline member account guardrails (config/organization.yaml)',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        // The account-wide resources (the boundary every role references) come with the home region.
        regionConcurrencyType: 'SEQUENTIAL',
        regionOrder: [homeRegion, ...governedRegions.filter((r) => r !== homeRegion)],
        failureTolerancePercentage: 10,
        maxConcurrentPercentage: 25,
      },
      parameters: [
        { parameterKey: CREATE_CONFIG_RECORDER_PARAMETER, parameterValue: 'false' },
        { parameterKey: PROFILE_PARAMETER, parameterValue: NO_PROFILE },
      ],
      stackInstancesGroup: c.targets.map((t) => ({
        regions: t.regions ?? governedRegions,
        deploymentTargets: {
          organizationalUnitIds: [t.ou],
          ...(excluded.length ? { accountFilterType: 'DIFFERENCE', accounts: excluded } : {}),
        },
        // Per OU: its profile (the Config rules it gets) and whether its accounts need a recorder.
        parameterOverrides: [
          { parameterKey: PROFILE_PARAMETER, parameterValue: t.profile },
          ...(t.configRecorder === 'create'
            ? [{ parameterKey: CREATE_CONFIG_RECORDER_PARAMETER, parameterValue: 'true' }]
            : []),
        ],
      })),
      templateBody: Lazy.string({ produce: () => memberTemplateBody(props.memberTemplate) }),
    });

    const principalExemptions = {
      ArnNotLike: {
        'aws:PrincipalArn': [
          `arn:${Aws.PARTITION}:iam::*:role/stacksets-exec-*`,
          `arn:${Aws.PARTITION}:iam::*:role/AWSControlTowerExecution`,
        ],
      },
    };
    this.serviceControlPolicy = new organizations.CfnPolicy(this, 'BaselineProtection', {
      name: 'security-baseline-protection',
      description: 'Protects the baseline roles, boundary and detection of member accounts',
      type: 'SERVICE_CONTROL_POLICY',
      targetIds: c.targets.map((t) => t.ou),
      content: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyChangingBaselineRoles',
            Effect: 'Deny',
            Action: [
              'iam:AttachRolePolicy',
              'iam:DeleteRole',
              'iam:DeleteRolePermissionsBoundary',
              'iam:DeleteRolePolicy',
              'iam:DetachRolePolicy',
              'iam:PutRolePermissionsBoundary',
              'iam:PutRolePolicy',
              'iam:UpdateAssumeRolePolicy',
              'iam:UpdateRole',
              'iam:CreatePolicyVersion',
              'iam:DeletePolicy',
              'iam:DeletePolicyVersion',
              'iam:SetDefaultPolicyVersion',
            ],
            Resource: [
              `arn:${Aws.PARTITION}:iam::*:role/${c.guardrails.breakGlassRoleName}`,
              // Deleting or rewriting it would silence the member's break-glass notifications.
              `arn:${Aws.PARTITION}:iam::*:role/${names.topicPublisherRole}`,
              `arn:${Aws.PARTITION}:iam::*:role/${names.guardrailsRolePrefix}*`,
              `arn:${Aws.PARTITION}:iam::*:policy/${names.boundaryPolicy}`,
            ],
            Condition: principalExemptions,
          },
          {
            Sid: 'DenySwitchingOffDetection',
            Effect: 'Deny',
            Action: DETECTION_OFF_ACTIONS,
            Resource: '*',
            Condition: principalExemptions,
          },
        ],
      },
    });

    const archive = `arn:${Aws.PARTITION}:s3:::${names.logArchiveBucket}`;
    const configBucket = `arn:${Aws.PARTITION}:s3:::${names.configBucket}`;
    this.resourceControlPolicy = new organizations.CfnPolicy(this, 'LogArchivePerimeter', {
      name: 'security-baseline-log-archive-perimeter',
      description: 'Only principals of the organization and AWS services acting for it reach the log archive',
      type: 'RESOURCE_CONTROL_POLICY',
      targetIds: [c.accounts.logArchive],
      content: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyLogArchiveOutsideTheOrganization',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [archive, `${archive}/*`, configBucket, `${configBucket}/*`],
            Condition: {
              StringNotEqualsIfExists: { 'aws:PrincipalOrgID': c.organization.id },
              BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
            },
          },
        ],
      },
    });

    if (!c.controlTower.owns.trail) {
      this.trail = new cloudtrail.CfnTrail(this, 'OrganizationTrail', {
        trailName: names.trail,
        isLogging: true,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        s3BucketName: names.logArchiveBucket,
        s3KeyPrefix: 'cloudtrail',
        kmsKeyId: `arn:${Aws.PARTITION}:kms:${homeRegion}:${c.accounts.logArchive}:${names.logKeyAlias}`,
      });
      acknowledgeRules(
        this.trail,
        [
          'NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled',
          'HIPAA.Security-CloudTrailCloudWatchLogsEnabled',
          'PCI.DSS.321-CloudTrailCloudWatchLogsEnabled',
        ],
        'The organization trail delivers every account and region to the log archive bucket (Object Lock, KMS); CloudWatch Logs delivery of an organization trail would copy every member event into the management account, which runs no workloads to alarm on',
      );
    }
  }
}

/**
 * The member stack's template as the StackSet's TemplateBody: minified, without the CDK metadata (construct
 * paths and cdk-nag acknowledgments, which stay in the synthesized member template), so it stays well under
 * the 51,200-byte TemplateBody limit.
 */
export function memberTemplateBody(member: Stack): string {
  const template = (
    member as unknown as { _toCloudFormation(): Record<string, unknown> }
  )._toCloudFormation();
  const resources = template.Resources as Record<string, Record<string, unknown>>;
  const stripped = Object.fromEntries(
    Object.entries(resources).map(([id, r]) => [
      id,
      Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'Metadata')),
    ]),
  );
  const body = JSON.stringify({ ...template, Resources: stripped });
  if (Buffer.byteLength(body) > TEMPLATE_BODY_LIMIT) {
    throw new Error(
      `config/organization.yaml: the member template is ${Buffer.byteLength(body)} bytes, over the ${TEMPLATE_BODY_LIMIT}-byte StackSet TemplateBody limit; list fewer profiles.*.configRules (each rule set-up adds one AWS::Config::ConfigRule)`,
    );
  }
  return body;
}

/** CloudFormation's TemplateBody limit (CreateStackSet). */
const TEMPLATE_BODY_LIMIT = 51_200;
