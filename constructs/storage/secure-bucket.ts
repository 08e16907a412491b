import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../core/acknowledge';

/** Object Lock default retention (WORM) for buckets that hold evidence. */
export interface ObjectLockSettings {
  /** GOVERNANCE can be lifted by a privileged principal; COMPLIANCE cannot be lifted by anyone. */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Default retention of each new object version, in days. */
  readonly days: number;
}

export interface SecureBucketProps {
  /**
   * KMS key for default encryption (SSE-KMS with S3 Bucket Keys).
   * @default - none: then `s3ManagedEncryptionReason` is required and SSE-S3 is used
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Why this bucket must use SSE-S3 instead of KMS (for example: S3 server access log delivery
   * does not support SSE-KMS on the target bucket). Recorded as the acknowledgment reason.
   * @default - KMS is required
   */
  readonly s3ManagedEncryptionReason?: string;
  /**
   * Bucket that receives this bucket's server access logs.
   * @default - none: then `accessLogsExemptionReason` is required
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /**
   * Why this bucket has no server access logging (only the access-log bucket itself should say this).
   * @default - access logging is required
   */
  readonly accessLogsExemptionReason?: string;
  /**
   * Key prefix of this bucket's access logs in the log bucket.
   * @default - `<construct id>/`
   */
  readonly serverAccessLogsPrefix?: string;
  /**
   * Days a replaced or deleted object version is kept before S3 deletes it for good.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which current objects expire (become noncurrent).
   * @default - objects are kept until deleted
   */
  readonly expirationDays?: number;
  /**
   * Object Lock default retention. Can be added to an existing versioned bucket in place (not create-only in CloudFormation) but never removed.
   * @default - no Object Lock
   */
  readonly objectLock?: ObjectLockSettings;
  /**
   * Why this bucket's objects are not replicated to another region (NIST/HIPAA/PCI
   * S3BucketReplicationEnabled). Every bucket must state it: replication is a per-bucket decision.
   */
  readonly replicationExemptionReason: string;
}

/**
 * An S3 bucket with the baseline's defaults, used for every bucket in the project: Block Public
 * Access on all four settings, TLS 1.2+ only, object ownership enforced (no ACLs), KMS encryption
 * with bucket keys, versioning, server access logging, noncurrent-version expiry (secure deletion
 * of old versions), optional Object Lock, and RETAIN on stack deletion.
 */
export class SecureBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (!props.encryptionKey && !props.s3ManagedEncryptionReason) {
      throw new Error(
        `SecureBucket ${this.node.path}: give 'encryptionKey', or 's3ManagedEncryptionReason' explaining why KMS cannot be used`,
      );
    }
    if (props.encryptionKey && props.s3ManagedEncryptionReason) {
      throw new Error(
        `SecureBucket ${this.node.path}: 'encryptionKey' and 's3ManagedEncryptionReason' are exclusive; give one`,
      );
    }
    if (!props.serverAccessLogsBucket && !props.accessLogsExemptionReason) {
      throw new Error(
        `SecureBucket ${this.node.path}: give 'serverAccessLogsBucket', or 'accessLogsExemptionReason'`,
      );
    }
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 90;
    if (noncurrentDays < 1) {
      throw new Error(`'noncurrentVersionExpirationDays' must be at least 1. Received: ${noncurrentDays}`);
    }
    if (props.objectLock && props.objectLock.days < 1) {
      throw new Error(`'objectLock.days' must be at least 1. Received: ${props.objectLock.days}`);
    }

    this.bucket = new s3.Bucket(this, 'Resource', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      versioned: true,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket
        ? (props.serverAccessLogsPrefix ?? `${id}/`)
        : undefined,
      objectLockEnabled: props.objectLock ? true : undefined,
      objectLockDefaultRetention: props.objectLock
        ? props.objectLock.mode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(Duration.days(props.objectLock.days))
          : s3.ObjectLockRetention.governance(Duration.days(props.objectLock.days))
        : undefined,
      lifecycleRules: [
        {
          id: 'secure-deletion',
          noncurrentVersionExpiration: Duration.days(noncurrentDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiration: props.expirationDays ? Duration.days(props.expirationDays) : undefined,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const resource = this.bucket.node.defaultChild!;
    if (props.s3ManagedEncryptionReason) {
      acknowledgeRules(
        resource,
        [
          'NIST.800.53.R5-S3DefaultEncryptionKMS',
          'HIPAA.Security-S3DefaultEncryptionKMS',
          'PCI.DSS.321-S3DefaultEncryptionKMS',
        ],
        props.s3ManagedEncryptionReason,
      );
    }
    if (props.accessLogsExemptionReason) {
      acknowledgeRules(
        resource,
        [
          'AwsSolutions-S1',
          'NIST.800.53.R5-S3BucketLoggingEnabled',
          'HIPAA.Security-S3BucketLoggingEnabled',
          'PCI.DSS.321-S3BucketLoggingEnabled',
        ],
        props.accessLogsExemptionReason,
      );
    }
    acknowledgeRules(
      resource,
      [
        'NIST.800.53.R5-S3BucketReplicationEnabled',
        'HIPAA.Security-S3BucketReplicationEnabled',
        'PCI.DSS.321-S3BucketReplicationEnabled',
      ],
      props.replicationExemptionReason,
    );
  }
}
