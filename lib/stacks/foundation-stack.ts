import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DataClassKeys } from '../../constructs/kms/data-class-keys';
import { addLogArchiveRetention } from '../../constructs/logging/log-archive-layout';
import { SecurityTopic } from '../../constructs/notifications/security-topic';
import { SecureBucket } from '../../constructs/storage/secure-bucket';
import type { AppConfig } from '../config/schema';

export interface FoundationStackProps extends StackProps {
  readonly config: AppConfig;
}

/**
 * What every other stack of an environment builds on: one KMS key per data class, the S3
 * server-access-log bucket, the log archive bucket and the security-notifications topic.
 */
export class FoundationStack extends Stack {
  public readonly keys: DataClassKeys;
  /** Target of every bucket's S3 server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /**
   * Central archive for service logs (flow logs, GuardDuty, WAF, ...), KMS-encrypted with the logs key; each
   * producer writes under its prefix of constructs/logging/log-archive-layout.ts, which sets its expiry.
   */
  public readonly logArchiveBucket: s3.IBucket;
  public readonly securityTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.keys = new DataClassKeys(this, 'Keys', {
      aliasPrefix: `security-baseline/${config.environment.name.toLowerCase()}`,
      pendingWindowDays: config.keys.pendingWindowDays,
    });

    this.accessLogsBucket = new SecureBucket(this, 'AccessLogsBucket', {
      s3ManagedEncryptionReason:
        'S3 server access log delivery supports only SSE-S3 on the target bucket (AWS S3 User Guide, "Enabling Amazon S3 server access logging"); objects are still encrypted at rest with AES-256',
      accessLogsExemptionReason:
        'This is the server-access-log target bucket; logging it into itself would create a delivery loop. Access to it is recorded by the CloudTrail trail (management and S3 data events)',
      replicationExemptionReason:
        'Access logs are kept in-region for the configured retention with versioning; cross-region copies are not required for access logs by this baseline (data-handling.md)',
      expirationDays: config.retention.accessLogDays,
      noncurrentVersionExpirationDays: config.retention.noncurrentVersionDays,
    }).bucket;
    // CDK grants S3 log delivery for buckets of other stacks (Site, Audit) without source conditions (it cannot
    // name their ARNs without a cycle): only buckets of this account may deliver here (confused deputy).
    this.accessLogsBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyLogDeliveryFromOtherAccounts',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogsBucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const logArchive = new SecureBucket(this, 'LogArchiveBucket', {
      encryptionKey: this.keys.logs,
      serverAccessLogsBucket: this.accessLogsBucket,
      replicationExemptionReason:
        'The log archive stays in the primary region with versioning, KMS and Object Lock (tamper resistance without a second copy); CloudTrail has its own Object Lock bucket (data-handling.md)',
      noncurrentVersionExpirationDays: config.retention.noncurrentVersionDays,
      // WORM for the audit-class records (GuardDuty findings; AWS Config has its own bucket in the Audit stack): COMPLIANCE in production (nobody,
      // root included, can shorten it), GOVERNANCE elsewhere. The default retention is the shortest prefix
      // expiry (operational logs), so every prefix's lifecycle expiry still works. Adding Object Lock to the
      // existing bucket is an in-place update (AWS::S3::Bucket ObjectLockEnabled is not create-only; S3 enables
      // Object Lock on existing versioned buckets): the construct id and the bucket stay. docs/runbook.md.
      objectLock: {
        mode: config.environment.production ? 'COMPLIANCE' : 'GOVERNANCE',
        days: Math.min(config.retention.logDays, config.retention.auditLogDays),
      },
    }).bucket;
    // History AWS Config delivered here before it had its own bucket keeps its audit expiry (an unchanged rule).
    logArchive.addLifecycleRule({
      id: 'expire-config',
      prefix: 'config/',
      expiration: Duration.days(config.retention.auditLogDays),
    });
    addLogArchiveRetention(logArchive, {
      auditDays: config.retention.auditLogDays,
      operationalDays: config.retention.logDays,
    });
    this.logArchiveBucket = logArchive;

    this.securityTopic = new SecurityTopic(this, 'SecurityTopic', {
      encryptionKey: this.keys.logs,
      emails: config.notifications.securityEmails,
      displayName: `Security notifications (${config.environment.name})`,
    }).topic;
  }
}
