/**
 * The AWS Config managed rules a profile may list (config/organization.yaml `profiles.<name>.configRules`): a
 * curated subset of the AWS managed rule list (https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html),
 * the CIS AWS Foundations and AWS Foundational Security Best Practices checks of the account baseline. Keyed by
 * the rule name the list prints (each rule's page is `.../developerguide/<name>.html`); the value holds its
 * Identifier (the CloudFormation SourceIdentifier), the input parameters its page lists, and its trigger.
 * To offer another rule, add it here from its page.
 */
export interface ManagedRuleSpec {
  /** `Identifier:` on the rule's page (AWS::Config::ConfigRule Source.SourceIdentifier). */
  readonly identifier: string;
  /** The input parameter names the page lists (empty: the rule takes none). */
  readonly parameters: readonly string[];
  /** 'periodic' rules take no resource-type scope. */
  readonly trigger: 'change' | 'periodic';
  /**
   * Evaluates account-wide state (IAM, root user, account settings): deployed in the home region only, as AWS
   * Config advises for periodic rules on global IAM resource types (iam-password-policy page, "Managed Rules and
   * Global IAM Resource Types"); elsewhere it would evaluate the same thing once per region.
   */
  readonly accountWide: boolean;
}

const change = (identifier: string, parameters: string[] = []): ManagedRuleSpec => ({
  identifier,
  parameters,
  trigger: 'change',
  accountWide: false,
});
const periodic = (identifier: string, parameters: string[] = []): ManagedRuleSpec => ({
  identifier,
  parameters,
  trigger: 'periodic',
  accountWide: false,
});
const accountWide = (spec: ManagedRuleSpec): ManagedRuleSpec => ({ ...spec, accountWide: true });

export const MANAGED_CONFIG_RULES = {
  // Storage and encryption
  's3-bucket-server-side-encryption-enabled': change('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'),
  's3-bucket-public-read-prohibited': change('S3_BUCKET_PUBLIC_READ_PROHIBITED'),
  's3-bucket-public-write-prohibited': change('S3_BUCKET_PUBLIC_WRITE_PROHIBITED'),
  's3-bucket-ssl-requests-only': change('S3_BUCKET_SSL_REQUESTS_ONLY'),
  's3-bucket-logging-enabled': change('S3_BUCKET_LOGGING_ENABLED', ['targetBucket', 'targetPrefix']),
  's3-bucket-versioning-enabled': change('S3_BUCKET_VERSIONING_ENABLED', ['isMfaDeleteEnabled']),
  's3-account-level-public-access-blocks-periodic': accountWide(
    periodic('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', [
      'IgnorePublicAcls',
      'BlockPublicPolicy',
      'BlockPublicAcls',
      'RestrictPublicBuckets',
    ]),
  ),
  'encrypted-volumes': change('ENCRYPTED_VOLUMES', ['kmsId']),
  'ec2-ebs-encryption-by-default': periodic('EC2_EBS_ENCRYPTION_BY_DEFAULT'),
  'ebs-snapshot-public-restorable-check': periodic('EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK'),
  'rds-storage-encrypted': change('RDS_STORAGE_ENCRYPTED', ['kmsKeyId']),
  'rds-instance-public-access-check': change('RDS_INSTANCE_PUBLIC_ACCESS_CHECK'),
  'cmk-backing-key-rotation-enabled': periodic('CMK_BACKING_KEY_ROTATION_ENABLED'),
  'kms-cmk-not-scheduled-for-deletion': change('KMS_CMK_NOT_SCHEDULED_FOR_DELETION', ['kmsKeyIds']),
  // Network
  'restricted-ssh': change('INCOMING_SSH_DISABLED'),
  'restricted-common-ports': change('RESTRICTED_INCOMING_TRAFFIC', [
    'blockedPort1',
    'blockedPort2',
    'blockedPort3',
    'blockedPort4',
    'blockedPort5',
  ]),
  'vpc-default-security-group-closed': change('VPC_DEFAULT_SECURITY_GROUP_CLOSED'),
  'vpc-flow-logs-enabled': periodic('VPC_FLOW_LOGS_ENABLED', ['trafficType']),
  'ec2-imdsv2-check': change('EC2_IMDSV2_CHECK'),
  // Identity
  'iam-password-policy': accountWide(
    periodic('IAM_PASSWORD_POLICY', [
      'RequireUppercaseCharacters',
      'RequireLowercaseCharacters',
      'RequireSymbols',
      'RequireNumbers',
      'MinimumPasswordLength',
      'PasswordReusePrevention',
      'MaxPasswordAge',
    ]),
  ),
  'root-account-mfa-enabled': accountWide(periodic('ROOT_ACCOUNT_MFA_ENABLED')),
  'root-account-hardware-mfa-enabled': accountWide(periodic('ROOT_ACCOUNT_HARDWARE_MFA_ENABLED')),
  'iam-root-access-key-check': accountWide(periodic('IAM_ROOT_ACCESS_KEY_CHECK')),
  'iam-user-mfa-enabled': accountWide(periodic('IAM_USER_MFA_ENABLED')),
  'mfa-enabled-for-iam-console-access': accountWide(periodic('MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS')),
  'access-keys-rotated': accountWide(periodic('ACCESS_KEYS_ROTATED', ['maxAccessKeyAge'])),
  'iam-user-unused-credentials-check': accountWide(
    periodic('IAM_USER_UNUSED_CREDENTIALS_CHECK', ['maxCredentialUsageAge']),
  ),
  'iam-policy-no-statements-with-admin-access': accountWide(
    change('IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', ['excludePermissionBoundaryPolicy']),
  ),
  // Logging and detection (the organization trail is multi-region: checked once, in the home region)
  'cloudtrail-enabled': accountWide(
    periodic('CLOUD_TRAIL_ENABLED', ['s3BucketName', 'snsTopicArn', 'cloudWatchLogsLogGroupArn']),
  ),
  'multi-region-cloudtrail-enabled': accountWide(
    periodic('MULTI_REGION_CLOUD_TRAIL_ENABLED', [
      's3BucketName',
      'snsTopicArn',
      'cloudWatchLogsLogGroupArn',
      'includeManagementEvents',
      'readWriteType',
    ]),
  ),
  'cloud-trail-log-file-validation-enabled': accountWide(periodic('CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED')),
  'cloud-trail-encryption-enabled': accountWide(periodic('CLOUD_TRAIL_ENCRYPTION_ENABLED')),
  'guardduty-enabled-centralized': periodic('GUARDDUTY_ENABLED_CENTRALIZED', ['CentralMonitoringAccount']),
  'securityhub-enabled': periodic('SECURITYHUB_ENABLED'),
} as const satisfies Record<string, ManagedRuleSpec>;

export type ManagedConfigRuleName = keyof typeof MANAGED_CONFIG_RULES;

/** The managed rule names as the AWS list prints them: lower-case words joined by '-'. */
export const MANAGED_RULE_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** CloudFormation resource type names (`AWS::Service::Type`), the scope of a change-triggered rule. */
export const RESOURCE_TYPE_PATTERN = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

/**
 * The rules a profile gets when it lists none: the CIS AWS Foundations / FSBP core of the baseline's own
 * guardrails (encryption at rest, public access, SSH, root and password hygiene, the trail).
 */
export const DEFAULT_CONFIG_RULES: readonly ManagedConfigRuleName[] = [
  's3-bucket-server-side-encryption-enabled',
  's3-bucket-public-read-prohibited',
  's3-bucket-ssl-requests-only',
  'encrypted-volumes',
  'ec2-ebs-encryption-by-default',
  'restricted-ssh',
  'vpc-default-security-group-closed',
  'iam-password-policy',
  'root-account-mfa-enabled',
  'iam-root-access-key-check',
  'cloudtrail-enabled',
];
