import { Annotations, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { assertConfigCanDeliverTo, grantConfigDelivery } from './config-delivery';

const R = config.ManagedRuleIdentifiers;

/** One AWS Config managed rule and the baseline control it verifies. */
export interface BaselineConfigRule {
  /** Rule name suffix (`<prefix>-<name>`), the managed rule's own name where there is one. */
  readonly name: string;
  readonly identifier: string;
  /** The control of this baseline the rule verifies in the deployed account. */
  readonly verifies: string;
  readonly inputParameters?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The controls this baseline claims, each checked continuously by a managed rule: what the stacks build is
 * also verified in the running account, including changes made outside CloudFormation.
 */
export const BASELINE_CONFIG_RULES: readonly BaselineConfigRule[] = [
  { name: 'cloudtrail-enabled', identifier: R.CLOUD_TRAIL_ENABLED, verifies: 'audit trail (CloudTrail on)' },
  {
    name: 'multi-region-cloudtrail-enabled',
    identifier: R.CLOUDTRAIL_MULTI_REGION_ENABLED,
    verifies: 'audit trail covers every region, management events read and write',
  },
  {
    name: 'cloud-trail-log-file-validation-enabled',
    identifier: R.CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED,
    verifies: 'tamper-evident audit logs (digest files)',
  },
  {
    name: 'cloud-trail-encryption-enabled',
    identifier: R.CLOUD_TRAIL_ENCRYPTION_ENABLED,
    verifies: 'audit logs encrypted with KMS',
  },
  {
    name: 'cloud-trail-cloud-watch-logs-enabled',
    identifier: R.CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED,
    verifies: 'audit trail feeds CloudWatch Logs (CIS metric filters)',
  },
  {
    name: 'cmk-backing-key-rotation-enabled',
    identifier: R.CMK_BACKING_KEY_ROTATION_ENABLED,
    verifies: 'KMS key rotation',
  },
  {
    name: 'kms-cmk-not-scheduled-for-deletion',
    identifier: R.KMS_CMK_NOT_SCHEDULED_FOR_DELETION,
    verifies: 'no customer-managed key pending deletion unnoticed',
  },
  {
    name: 'rds-storage-encrypted',
    identifier: R.RDS_STORAGE_ENCRYPTED,
    verifies: 'databases encrypted at rest',
  },
  {
    name: 'rds-instance-deletion-protection-enabled',
    identifier: R.RDS_INSTANCE_DELETION_PROTECTION_ENABLED,
    verifies: 'databases protected from deletion',
  },
  {
    name: 'rds-instance-public-access-check',
    identifier: R.RDS_INSTANCE_PUBLIC_ACCESS_CHECK,
    verifies: 'databases not publicly accessible',
  },
  {
    name: 's3-bucket-public-read-prohibited',
    identifier: R.S3_BUCKET_PUBLIC_READ_PROHIBITED,
    verifies: 'no public S3 read',
  },
  {
    name: 's3-bucket-public-write-prohibited',
    identifier: R.S3_BUCKET_PUBLIC_WRITE_PROHIBITED,
    verifies: 'no public S3 write',
  },
  {
    name: 's3-bucket-level-public-access-prohibited',
    identifier: R.S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED,
    verifies: 'S3 Block Public Access on every bucket',
  },
  {
    name: 's3-account-level-public-access-blocks-periodic',
    identifier: R.S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC,
    verifies: 'S3 Block Public Access at account level',
  },
  {
    name: 's3-bucket-ssl-requests-only',
    identifier: R.S3_BUCKET_SSL_REQUESTS_ONLY,
    verifies: 'TLS-only access to S3',
  },
  {
    name: 's3-bucket-server-side-encryption-enabled',
    identifier: R.S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED,
    verifies: 'S3 default encryption',
  },
  {
    name: 'secretsmanager-rotation-enabled-check',
    identifier: R.SECRETSMANAGER_ROTATION_ENABLED_CHECK,
    verifies: 'secret rotation configured',
  },
  {
    name: 'secretsmanager-scheduled-rotation-success-check',
    identifier: R.SECRETSMANAGER_SCHEDULED_ROTATION_SUCCESS_CHECK,
    verifies: 'secret rotation succeeds on schedule',
  },
  { name: 'vpc-flow-logs-enabled', identifier: R.VPC_FLOW_LOGS_ENABLED, verifies: 'VPC flow logs' },
  {
    name: 'restricted-ssh',
    identifier: R.EC2_SECURITY_GROUPS_INCOMING_SSH_DISABLED,
    verifies: 'no SSH open to the internet',
  },
  {
    name: 'vpc-default-security-group-closed',
    identifier: R.VPC_DEFAULT_SECURITY_GROUP_CLOSED,
    verifies: 'default security groups allow nothing',
  },
  {
    name: 'ec2-ebs-encryption-by-default',
    identifier: R.EC2_EBS_ENCRYPTION_BY_DEFAULT,
    verifies: 'EBS volumes encrypted by default',
  },
  {
    name: 'guardduty-enabled-centralized',
    identifier: R.GUARDDUTY_ENABLED_CENTRALIZED,
    verifies: 'intrusion detection (GuardDuty) on',
  },
  { name: 'securityhub-enabled', identifier: R.SECURITYHUB_ENABLED, verifies: 'Security Hub on' },
  {
    name: 'iam-password-policy',
    identifier: R.IAM_PASSWORD_POLICY,
    verifies: 'IAM password policy (CIS 1.8, 1.9 values)',
    inputParameters: {
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireSymbols: true,
      RequireNumbers: true,
      MinimumPasswordLength: 14,
      PasswordReusePrevention: 24,
      MaxPasswordAge: 90,
    },
  },
  { name: 'root-account-mfa-enabled', identifier: R.ROOT_ACCOUNT_MFA_ENABLED, verifies: 'root user MFA' },
  {
    name: 'iam-root-access-key-check',
    identifier: R.IAM_ROOT_ACCESS_KEY_CHECK,
    verifies: 'no root access keys',
  },
  {
    name: 'mfa-enabled-for-iam-console-access',
    identifier: R.MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS,
    verifies: 'MFA for console users',
  },
  {
    name: 'access-keys-rotated',
    identifier: R.ACCESS_KEYS_ROTATED,
    verifies: 'access keys rotated within 90 days',
    inputParameters: { maxAccessKeyAge: 90 },
  },
  { name: 'wafv2-logging-enabled', identifier: R.WAFV2_LOGGING_ENABLED, verifies: 'WAF logging' },
  {
    name: 'cloudwatch-log-group-encrypted',
    identifier: R.CLOUDWATCH_LOG_GROUP_ENCRYPTED,
    verifies: 'log groups encrypted with KMS',
  },
  {
    name: 'sns-encrypted-kms',
    identifier: R.SNS_ENCRYPTED_KMS,
    verifies: 'notification topics encrypted with KMS',
  },
  {
    name: 'backup-recovery-point-encrypted',
    identifier: R.BACKUP_RECOVERY_POINT_ENCRYPTED,
    verifies: 'backups encrypted',
  },
];

export interface ConfigComplianceProps {
  /**
   * Bucket the delivery channel writes to (a ConfigDeliveryBucket, constructs/detection/config-delivery.ts); this construct adds Config's grant
   * to its policy. Must not have Object Lock, which AWS Config does not support (checked at synth).
   */
  readonly deliveryBucket: s3.IBucket;
  /** Key the delivered files are encrypted with; its policy must let config.amazonaws.com use it. */
  readonly deliveryKey: kms.IKey;
  /**
   * Key prefix in the bucket.
   * @default 'config'
   */
  readonly deliveryPrefix?: string;
  /**
   * Record global resource types (IAM users, roles, policies). Turn on in exactly one region per account.
   * @default true
   */
  readonly includeGlobalResourceTypes?: boolean;
  /**
   * Create the AWSServiceRoleForConfig service-linked role the recorder uses. Off by default: most accounts
   * already have it, and creating it again fails the deployment; the recorder names the role by its fixed ARN.
   * @default false
   */
  readonly createServiceLinkedRole?: boolean;
  /**
   * Add Config's delivery grants to the delivery bucket's policy. False for the recorders of further regions
   * of the account: the primary region's grants already cover `AWSLogs/<account>/Config/` of every region.
   * @default true
   */
  readonly grantDeliveryAccess?: boolean;
  /**
   * Prefix of the rule names.
   * @default 'security-baseline'
   */
  readonly ruleNamePrefix?: string;
  /**
   * Managed rules to create.
   * @default BASELINE_CONFIG_RULES
   */
  readonly rules?: readonly BaselineConfigRule[];
}

/**
 * AWS Config for the account: a recorder of all supported resource types using the service-linked role (what
 * Security Hub control Config.1 expects), a delivery channel to a KMS-encrypted bucket of its own (no Object Lock, which Config cannot deliver to), and the managed
 * rules that verify the controls this baseline claims.
 */
export class ConfigCompliance extends Construct {
  public readonly recorder: config.CfnConfigurationRecorder;
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  public readonly rules: readonly config.ManagedRule[];

  constructor(scope: Construct, id: string, props: ConfigComplianceProps) {
    super(scope, id);
    const { account, partition } = Stack.of(this);
    const prefix = (props.deliveryPrefix ?? 'config').replace(/\/$/, '');
    const rules = props.rules ?? BASELINE_CONFIG_RULES;
    assertConfigCanDeliverTo(props.deliveryBucket, `ConfigCompliance ${this.node.path}`);
    const names = rules.map((r) => r.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate)
      throw new Error(`ConfigCompliance: rule name '${duplicate}' is used twice; names must be unique`);

    const slrArn = `arn:${partition}:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    const slr =
      (props.createServiceLinkedRole ?? false)
        ? new iam.CfnServiceLinkedRole(this, 'ServiceLinkedRole', {
            awsServiceName: 'config.amazonaws.com',
            description: 'AWS Config recorder role (AWSConfigServiceRolePolicy)',
          })
        : undefined;

    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: slrArn,
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: props.includeGlobalResourceTypes ?? true,
      },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });
    if (slr) this.recorder.node.addDependency(slr);

    // The service-linked role delivers as config.amazonaws.com; grants are bound to this account.
    const grants = !(props.grantDeliveryAccess ?? true)
      ? []
      : grantConfigDelivery(props.deliveryBucket, {
          prefix,
          objects: `AWSLogs/${account}/Config/*`,
          source: { StringEquals: { 'aws:SourceAccount': account } },
        });
    if (grants.some((g) => !g.statementAdded)) {
      Annotations.of(this).addWarningV2(
        'security-baseline:configDeliveryGrant',
        'The delivery bucket is imported: allow config.amazonaws.com s3:GetBucketAcl/ListBucket and s3:PutObject in its policy yourself',
      );
    }

    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: props.deliveryBucket.bucketName,
      s3KeyPrefix: prefix,
      s3KmsKeyArn: props.deliveryKey.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    this.deliveryChannel.node.addDependency(this.recorder);

    const rulePrefix = props.ruleNamePrefix ?? 'security-baseline';
    this.rules = rules.map((r) => {
      const rule = new config.ManagedRule(this, r.name, {
        configRuleName: `${rulePrefix}-${r.name}`,
        identifier: r.identifier,
        description: `Verifies: ${r.verifies}`,
        inputParameters: r.inputParameters ? { ...r.inputParameters } : undefined,
      });
      // Managed rules can only be created once a recorder exists.
      rule.node.addDependency(this.recorder);
      return rule;
    });
  }
}
