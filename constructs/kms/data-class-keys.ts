import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** The data classes this baseline encrypts separately, so a key's blast radius is one class. */
export const DATA_CLASSES = ['logs', 'data', 'secrets', 'backup'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface DataClassKeysProps {
  /**
   * Alias prefix: keys get `alias/<prefix>/<class>`.
   */
  readonly aliasPrefix: string;
  /**
   * Waiting period before a scheduled deletion completes (7-30 days).
   * @default 30
   */
  readonly pendingWindowDays?: number;
}

/**
 * One customer-managed KMS key per data class (logs, data, secrets, backup): rotation on, 30-day
 * pending window, retained on stack deletion, and a key policy that lets only the AWS services each
 * class serves use it, each bound to this account (`aws:SourceAccount`, `kms:ViaService`,
 * encryption-context conditions). The account root statement that CDK adds keeps the key
 * manageable through IAM; it grants nothing to other accounts.
 */
export class DataClassKeys extends Construct {
  public readonly logs: kms.Key;
  public readonly data: kms.Key;
  public readonly secrets: kms.Key;
  public readonly backup: kms.Key;

  constructor(scope: Construct, id: string, props: DataClassKeysProps) {
    super(scope, id);
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    if (pendingWindowDays < 7 || pendingWindowDays > 30) {
      throw new Error(`'pendingWindowDays' must be between 7 and 30 days. Received: ${pendingWindowDays}`);
    }
    const { account, region, partition } = Stack.of(this);
    const sourceAccount = { StringEquals: { 'aws:SourceAccount': account } };

    const makeKey = (dataClass: DataClass, description: string): kms.Key =>
      new kms.Key(this, dataClass.charAt(0).toUpperCase() + dataClass.slice(1), {
        alias: `alias/${props.aliasPrefix}/${dataClass}`,
        description,
        enableKeyRotation: true,
        rotationPeriod: Duration.days(365),
        pendingWindow: Duration.days(pendingWindowDays),
        removalPolicy: RemovalPolicy.RETAIN,
      });

    this.logs = makeKey(
      'logs',
      'Logs and security telemetry: CloudWatch Logs, CloudTrail, flow logs, Config, security notifications',
    );
    this.data = makeKey('data', 'Application data at rest: databases, data buckets, Performance Insights');
    this.secrets = makeKey('secrets', 'Secrets Manager secrets (credentials, API keys, signing keys)');
    this.backup = makeKey('backup', 'AWS Backup vaults and recovery points');

    // CloudWatch Logs encrypts log groups itself; the context pins use to this account's log groups.
    this.logs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptLogGroupsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
    // CloudTrail encrypts log files for trails of this account only.
    this.logs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptTrailsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          ...sourceAccount,
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*`,
          },
        },
      }),
    );
    this.logs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribeKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: sourceAccount,
      }),
    );
    // Services that deliver logs to the KMS-encrypted log archive or publish to the encrypted
    // security topic: VPC flow logs / WAF (delivery.logs), AWS Config, CloudWatch alarms, EventBridge.
    this.logs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogDeliveryAndNotificationServicesOfThisAccount',
        principals: [
          new iam.ServicePrincipal('delivery.logs.amazonaws.com'),
          new iam.ServicePrincipal('config.amazonaws.com'),
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('events.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: sourceAccount,
      }),
    );
    // Secrets Manager uses the key on behalf of callers in this account only.
    this.secrets.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'UseThroughSecretsManagerOnly',
        principals: [new iam.AccountPrincipal(account)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
            'kms:CallerAccount': account,
          },
        },
      }),
    );
    // Storage services that encrypt application data on behalf of callers in this account.
    this.data.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'UseThroughDataServicesOnly',
        principals: [new iam.AccountPrincipal(account)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:CallerAccount': account },
          'ForAnyValue:StringEquals': {
            'kms:ViaService': ['rds', 's3', 'dynamodb', 'backup'].map((s) => `${s}.${region}.amazonaws.com`),
          },
        },
      }),
    );
    // AWS Backup encrypts recovery points in the vault on behalf of this account.
    this.backup.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'UseThroughBackupOnly',
        principals: [new iam.AccountPrincipal(account)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `backup.${region}.amazonaws.com`, 'kms:CallerAccount': account },
        },
      }),
    );
  }

  /** The key of a data class. */
  public key(dataClass: DataClass): kms.Key {
    return this[dataClass];
  }
}
