import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { allowUseThroughServices } from './service-bound-key-use';
import {
  allowCloudWatchLogsEncryption,
  allowPublishingToEncryptedTopics,
  allowServicesOfThisAccount,
  secureKeyProps,
} from './key-defaults';

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
 * encryption-context conditions). Principals of the account administer the keys through IAM but use
 * them only through the services of each class (allowUseThroughServices: explicit denies otherwise).
 */
export class DataClassKeys extends Construct {
  public readonly logs: kms.Key;
  public readonly data: kms.Key;
  public readonly secrets: kms.Key;
  public readonly backup: kms.Key;

  constructor(scope: Construct, id: string, props: DataClassKeysProps) {
    super(scope, id);
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    const { account, partition } = Stack.of(this);
    const sourceAccount = { StringEquals: { 'aws:SourceAccount': account } };

    const makeKey = (dataClass: DataClass, description: string): kms.Key =>
      new kms.Key(
        this,
        dataClass.charAt(0).toUpperCase() + dataClass.slice(1),
        secureKeyProps({ alias: `alias/${props.aliasPrefix}/${dataClass}`, description, pendingWindowDays }),
      );

    this.logs = makeKey(
      'logs',
      'Logs and security telemetry: CloudWatch Logs, CloudTrail, flow logs, Config, security notifications',
    );
    this.data = makeKey('data', 'Application data at rest: databases, data buckets, Performance Insights');
    this.secrets = makeKey('secrets', 'Secrets Manager secrets (credentials, API keys, signing keys)');
    this.backup = makeKey('backup', 'AWS Backup vaults and recovery points');

    // CloudWatch Logs encrypts log groups itself; the context pins use to this account's log groups.
    allowCloudWatchLogsEncryption(this.logs);
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
    // Services that deliver logs to the KMS-encrypted log archive: VPC flow logs / WAF (delivery.logs), AWS Config.
    allowServicesOfThisAccount(this.logs, 'LogDeliveryServicesOfThisAccount', [
      'delivery.logs.amazonaws.com',
      'config.amazonaws.com',
    ]);
    // Alarms and EventBridge rules publishing to the security topic, which this key encrypts.
    allowPublishingToEncryptedTopics(this.logs, { eventBridge: true, cloudWatchAlarms: true });
    // Each class key is used on behalf of callers in this account only through the services of its class
    // (ec2 on the data key: EBS volumes, whose account default key it is, see AccountGuardrails).
    allowUseThroughServices(this.secrets, 'UseThroughSecretsManagerOnly', ['secretsmanager']);
    allowUseThroughServices(this.data, 'UseThroughDataServicesOnly', [
      'rds',
      's3',
      'dynamodb',
      'backup',
      'ec2',
    ]);
    allowUseThroughServices(this.backup, 'UseThroughBackupOnly', ['backup']);
    // Principals of the account read the log archive (S3) and publish to the security topic (SNS).
    allowUseThroughServices(this.logs, 'UseThroughLogServicesOnly', ['s3', 'sns', 'logs']);
  }

  /** The key of a data class. */
  public key(dataClass: DataClass): kms.Key {
    return this[dataClass];
  }
}
