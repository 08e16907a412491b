import {
  type GuardDutyProtectionPlans,
  MIN_DISABLE_REASON_LENGTH,
  SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
} from './detection-constants';
import { Annotations, Stack } from 'aws-cdk-lib';
import * as detective from 'aws-cdk-lib/aws-detective';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as macie from 'aws-cdk-lib/aws-macie';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { acknowledgeFrameworkResources } from '../core/framework-resources';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { LOG_ARCHIVE_PREFIXES } from '../logging/log-archive-layout';
import { SecureLogGroup } from '../logging/secure-log-group';

/** A control turned off in one standard, with the reason Security Hub records. */
export {
  type GuardDutyProtectionPlans,
  MIN_DISABLE_REASON_LENGTH,
  SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
};

export interface DisabledSecurityHubControl {
  readonly standard: SecurityHubStandard;
  /** Control id as the standard numbers it: `IAM.6` (FSBP, NIST, PCI 4.0.1), `1.6` (CIS 3.0). */
  readonly controlId: string;
  /** Why, in words an auditor can check (at least 25 characters). */
  readonly reason: string;
}

export interface ThreatDetectionProps {
  /** Bucket GuardDuty exports findings to (the log archive); this construct adds GuardDuty's grant to its policy. */
  readonly findingsBucket: s3.IBucket;
  /** Key GuardDuty encrypts exported findings with; this construct adds GuardDuty's grant to its policy. */
  readonly findingsKey: kms.IKey;
  /**
   * Key prefix of the exported findings.
   * @default 'guardduty' (the log archive layout)
   */
  readonly findingsPrefix?: string;
  /**
   * GuardDuty protection plans.
   * @default - every plan on
   */
  readonly guardDutyPlans?: GuardDutyProtectionPlans;
  /**
   * Security Hub standards to enable.
   * @default ['fsbp', 'cis-3.0']
   */
  readonly securityHubStandards?: readonly SecurityHubStandard[];
  /**
   * Controls to turn off, each with a reason.
   * @default - none
   */
  readonly disabledSecurityHubControls?: readonly DisabledSecurityHubControl[];
  /**
   * Enable Amazon Inspector for EC2, ECR and Lambda, and ECR enhanced scanning on push for every repository.
   * @default true
   */
  readonly vulnerabilityScanning?: boolean;
  /**
   * Enable Amazon Macie (sensitive data discovery in S3).
   * @default true
   */
  readonly macie?: boolean;
  /**
   * Enable Amazon Detective (behavior graph for investigations).
   * @default true
   */
  readonly detective?: boolean;
  /** Key of the log group of the Inspector custom resource's function. */
  readonly logKey: kms.IKey;
  /** Retention of that log group, in days (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
  /**
   * Other regions whose Security Hub findings are aggregated into this region (a finding aggregator).
   * @default - none: no aggregator
   */
  readonly findingAggregatorRegions?: readonly string[];
}

/** A GuardDuty detector publishing every 15 minutes with each protection plan on unless turned off. */
export function createGuardDutyDetector(
  scope: Construct,
  id: string,
  plans: GuardDutyProtectionPlans,
): guardduty.CfnDetector {
  const feature = (name: string, on: boolean | undefined, additional?: string[]) => ({
    name,
    status: (on ?? true) ? 'ENABLED' : 'DISABLED',
    additionalConfiguration: additional?.map((a) => ({
      name: a,
      status: (on ?? true) ? 'ENABLED' : 'DISABLED',
    })),
  });
  return new guardduty.CfnDetector(scope, id, {
    enable: true,
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
    features: [
      feature('S3_DATA_EVENTS', plans.s3DataEvents),
      feature('EKS_AUDIT_LOGS', plans.eksAuditLogs),
      // RUNTIME_MONITORING covers EKS too; it must not be combined with EKS_RUNTIME_MONITORING.
      feature('RUNTIME_MONITORING', plans.runtimeMonitoring, [
        'EKS_ADDON_MANAGEMENT',
        'ECS_FARGATE_AGENT_MANAGEMENT',
        'EC2_AGENT_MANAGEMENT',
      ]),
      feature('EBS_MALWARE_PROTECTION', plans.ebsMalwareProtection),
      feature('RDS_LOGIN_EVENTS', plans.rdsLoginEvents),
      feature('LAMBDA_NETWORK_LOGS', plans.lambdaNetworkActivity),
    ],
  });
}

/**
 * Security Hub with consolidated control findings and the given standards (children `SecurityHub` and
 * `Standard-<standard>` of `scope`), controls disabled only with a reason.
 */
export function enableSecurityHub(
  scope: Construct,
  standards: readonly SecurityHubStandard[],
  disabled: readonly DisabledSecurityHubControl[],
): { hub: securityhub.CfnHub; standards: securityhub.CfnStandard[] } {
  validateDisabledControls(standards, disabled);
  const { account, region, partition } = Stack.of(scope);
  const hub = new securityhub.CfnHub(scope, 'SecurityHub', {
    enableDefaultStandards: false,
    controlFindingGenerator: 'SECURITY_CONTROL',
    autoEnableControls: true,
  });
  return {
    hub,
    standards: standards.map((standard) => {
      const path = SECURITY_HUB_STANDARDS[standard];
      const resource = new securityhub.CfnStandard(scope, `Standard-${standard}`, {
        standardsArn: `arn:${partition}:securityhub:${region}::standards/${path}`,
        disabledStandardsControls: disabled
          .filter((d) => d.standard === standard)
          .map((d) => ({
            standardsControlArn: `arn:${partition}:securityhub:${region}:${account}:control/${path}/${d.controlId}`,
            reason: d.reason,
          })),
      });
      resource.node.addDependency(hub);
      return resource;
    }),
  };
}

/**
 * The account's threat detection services: a GuardDuty detector (15-minute publishing, each protection plan
 * toggleable, findings exported to KMS-encrypted S3), Security Hub with consolidated control findings and the
 * chosen standards (controls disabled only with a reason), Amazon Inspector for EC2/ECR/Lambda with ECR
 * enhanced scanning on push, and optionally Macie and Detective.
 */
export class ThreatDetection extends Construct {
  public readonly detector: guardduty.CfnDetector;
  public readonly hub: securityhub.CfnHub;
  public readonly standards: readonly securityhub.CfnStandard[];

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const standards = props.securityHubStandards ?? ['fsbp', 'cis-3.0'];
    const disabled = props.disabledSecurityHubControls ?? [];
    validateDisabledControls(standards, disabled);
    const { account, region, partition } = Stack.of(this);

    // GuardDuty ------------------------------------------------------------------------------------------
    this.detector = createGuardDutyDetector(this, 'Detector', props.guardDutyPlans ?? {});

    // Findings export: grants bound to this account's detectors, so no reference back to this stack is needed.
    const prefix = (props.findingsPrefix ?? LOG_ARCHIVE_PREFIXES.guardDuty.prefix).replace(/\/$/, '');
    const guardDutyPrincipal = new iam.ServicePrincipal('guardduty.amazonaws.com');
    const fromThisAccountsDetectors = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:guardduty:${region}:${account}:detector/*` },
    };
    const grants = [
      props.findingsBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'GuardDutyGetBucketLocation',
          principals: [guardDutyPrincipal],
          actions: ['s3:GetBucketLocation'],
          resources: [props.findingsBucket.bucketArn],
          conditions: fromThisAccountsDetectors,
        }),
      ),
      props.findingsBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'GuardDutyExportFindings',
          principals: [guardDutyPrincipal],
          actions: ['s3:PutObject'],
          resources: [props.findingsBucket.arnForObjects(`${prefix}/*`)],
          conditions: fromThisAccountsDetectors,
        }),
      ),
      props.findingsKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'GuardDutyEncryptExportedFindings',
          principals: [guardDutyPrincipal],
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          conditions: fromThisAccountsDetectors,
        }),
      ),
    ];
    if (grants.some((g) => !g.statementAdded)) {
      Annotations.of(this).addWarningV2(
        'security-baseline:guardDutyExportGrant',
        'The findings bucket or key is imported: allow guardduty.amazonaws.com s3:PutObject/GetBucketLocation and kms:GenerateDataKey in their policies yourself',
      );
    }
    new guardduty.CfnPublishingDestination(this, 'FindingsExport', {
      detectorId: this.detector.ref,
      destinationType: 'S3',
      destinationProperties: {
        destinationArn: `${props.findingsBucket.bucketArn}/${prefix}`,
        kmsKeyArn: props.findingsKey.keyArn,
      },
    });

    // Security Hub ---------------------------------------------------------------------------------------
    const securityHub = enableSecurityHub(this, standards, disabled);
    this.hub = securityHub.hub;
    this.standards = securityHub.standards;
    if (props.findingAggregatorRegions?.length) {
      // Findings of the linked regions (GuardDuty's included) are replicated here, where the rules notify.
      const aggregator = new securityhub.CfnFindingAggregator(this, 'FindingAggregator', {
        regionLinkingMode: 'SPECIFIED_REGIONS',
        regions: [...props.findingAggregatorRegions],
      });
      aggregator.node.addDependency(this.hub);
    }

    // Vulnerability scanning -----------------------------------------------------------------------------
    if (props.vulnerabilityScanning ?? true) {
      const inspector = this.enableInspector(props.logKey, props.logRetentionDays);
      const registryScanning = new ecr.CfnRegistryScanningConfiguration(this, 'EcrEnhancedScanning', {
        scanType: 'ENHANCED',
        rules: [
          {
            scanFrequency: 'SCAN_ON_PUSH',
            repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }],
          },
        ],
      });
      registryScanning.node.addDependency(inspector);
    }

    if (props.macie ?? true) {
      new macie.CfnSession(this, 'Macie', {
        status: 'ENABLED',
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
      });
    }
    if (props.detective ?? true) {
      new detective.CfnGraph(this, 'Detective', { autoEnableMembers: false });
    }
  }

  /** Amazon Inspector has no CloudFormation resource for enablement: one SDK call (inspector2:Enable). */
  private enableInspector(logKey: kms.IKey, logRetentionDays: number): cr.AwsCustomResource {
    const { account, region, partition } = Stack.of(this);
    const logGroup = new SecureLogGroup(this, 'InspectorEnablerLogs', {
      encryptionKey: logKey,
      retentionDays: logRetentionDays,
    }).logGroup;
    const role = new ManagedPolicyRole(this, 'InspectorEnablerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Enables Amazon Inspector scanning for EC2, ECR and Lambda in this account and region',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EnableInspector',
        actions: ['inspector2:Enable'],
        resources: ['*'],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'CreateInspectorServiceLinkedRoles',
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [
          `arn:${partition}:iam::${account}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`,
          `arn:${partition}:iam::${account}:role/aws-service-role/agentless.inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2Agentless`,
        ],
        conditions: {
          StringEquals: {
            'iam:AWSServiceName': ['inspector2.amazonaws.com', 'agentless.inspector2.amazonaws.com'],
          },
        },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    acknowledgeRule(
      role.policy!.node.defaultChild!,
      'AwsSolutions-IAM5[Resource::*]',
      'inspector2:Enable has no resource type in the Service Authorization Reference (Amazon Inspector2), so it can only be granted on *; it is the only action granted on *',
    );

    const enable: cr.AwsSdkCall = {
      service: 'Inspector2',
      action: 'enable',
      parameters: { accountIds: [account], resourceTypes: ['EC2', 'ECR', 'LAMBDA'] },
      physicalResourceId: cr.PhysicalResourceId.of(`inspector2-${account}-${region}`),
    };
    const enabler = new cr.AwsCustomResource(this, 'InspectorEnabler', {
      resourceType: 'Custom::InspectorEnabler',
      onCreate: enable,
      onUpdate: enable,
      // No onDelete: removing the stack must not switch vulnerability scanning off.
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    enabler.node.addDependency(role);
    acknowledgeFrameworkResources(this, 'AwsCustomResourceProvider');
    return enabler;
  }
}

function validateDisabledControls(
  standards: readonly SecurityHubStandard[],
  disabled: readonly DisabledSecurityHubControl[],
): void {
  for (const d of disabled) {
    if (!standards.includes(d.standard)) {
      throw new Error(
        `Security Hub control ${d.controlId} is disabled in '${d.standard}', which is not enabled (enabled: ${standards.join(', ')}); enable the standard or remove the entry`,
      );
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(d.controlId)) {
      throw new Error(`Security Hub control id '${d.controlId}' is not a control id such as IAM.6 or 1.14`);
    }
    if (d.reason.trim().length < MIN_DISABLE_REASON_LENGTH) {
      throw new Error(
        `Security Hub control ${d.controlId} in '${d.standard}' is disabled without a reason of at least ${MIN_DISABLE_REASON_LENGTH} characters; say what compensates or why it does not apply`,
      );
    }
  }
}
