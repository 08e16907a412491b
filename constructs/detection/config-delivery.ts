import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Token } from 'aws-cdk-lib';
import type * as config from 'aws-cdk-lib/aws-config';
import { Construct, type IConstruct } from 'constructs';
import { SecureBucket } from '../storage/secure-bucket';

/**
 * Why AWS Config gets a bucket of its own: it cannot deliver to a bucket with S3 Object Lock ("AWS Config does
 * not support the delivery channel to an Amazon S3 bucket where object lock is enabled", CloudFormation
 * reference of AWS::Config::DeliveryChannel; the Config developer guide says the same of default retention,
 * https://docs.aws.amazon.com/config/latest/developerguide/manage-delivery-channel.html).
 */
const OBJECT_LOCK_UNSUPPORTED =
  'AWS Config cannot deliver to a bucket with S3 Object Lock (AWS::Config::DeliveryChannel reference); give it a bucket without Object Lock, such as ConfigDeliveryBucket (constructs/detection/config-delivery.ts)';

/** The actions nobody may call on the Config bucket (the statement {@link CONFIG_BUCKET_TAMPER_SID}). */
export const CONFIG_BUCKET_TAMPER_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  // Object Lock would stop Config's delivery; enabling it is denied as well.
  's3:PutBucketObjectLockConfiguration',
] as const;
export const CONFIG_BUCKET_TAMPER_SID = 'DenyTamperingWithConfigRecords';

/** `bucket`'s CfnBucket when the bucket is a construct of this app (undefined for an imported bucket). */
function cfnBucketOf(bucket: s3.IBucket): s3.CfnBucket | undefined {
  const child = bucket.node.defaultChild;
  return child instanceof s3.CfnBucket ? child : undefined;
}

/** ObjectLockEnabled of the template; a token (a parameter or condition) cannot be decided at synth. */
function objectLockEnabled(bucket: s3.CfnBucket): boolean {
  const enabled: unknown = bucket.objectLockEnabled;
  return enabled === true || enabled === 'true';
}

/**
 * Fails at synth if `bucket` is a bucket of this app with Object Lock enabled: AWS Config could not deliver
 * to it and the deployment (or every later delivery) would fail. An imported bucket cannot be inspected.
 * @param user what delivers there, for the message (e.g. the delivery channel's construct path)
 */
export function assertConfigCanDeliverTo(bucket: s3.IBucket, user: string): void {
  const cfn = cfnBucketOf(bucket);
  if (cfn && objectLockEnabled(cfn)) {
    throw new Error(
      `${user}: the delivery bucket ${bucket.node.path} has Object Lock enabled (ObjectLockEnabled: true). ${OBJECT_LOCK_UNSUPPORTED}`,
    );
  }
}

/**
 * For a delivery channel that names its bucket by physical name (a StackSet template cannot reference
 * another stack): at synth, finds the bucket of that name among the app's buckets and fails if it has Object
 * Lock enabled. A name no bucket of the app carries is not checked.
 */
export function validateConfigChannelDestination(channel: config.CfnDeliveryChannel): void {
  channel.node.addValidation({
    validate: () => {
      const name = channel.s3BucketName;
      if (Token.isUnresolved(name)) return [];
      const locked = channel.node.root.node
        .findAll()
        .filter((c: IConstruct): c is s3.CfnBucket => c instanceof s3.CfnBucket)
        .filter((b) => b.bucketName === name && objectLockEnabled(b));
      return locked.map(
        (b) =>
          `Delivery channel bucket '${name}' is ${b.node.scope?.node.path ?? b.node.path}, which has Object Lock enabled (ObjectLockEnabled: true). ${OBJECT_LOCK_UNSUPPORTED}`,
      );
    },
  });
}

/** Who may deliver: Config acting for which accounts (the request's source condition). */
export interface ConfigDeliveryGrant {
  /** Key prefix of the delivery channel, without a trailing '/'. */
  readonly prefix: string;
  /** Object key pattern below `<prefix>/`, e.g. `AWSLogs/<account>/Config/*`. */
  readonly objects: string;
  /** Source condition of every statement, e.g. `{ StringEquals: { 'aws:SourceAccount': account } }`. */
  readonly source: { readonly StringEquals: Record<string, string> };
}

/**
 * The bucket policy AWS Config needs, as documented
 * (https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html): check the bucket (ACL and
 * existence) and write objects with `bucket-owner-full-control`, each bound to the source accounts or
 * organization (confused-deputy prevention). Returns the results, so an imported bucket can be reported.
 */
export function grantConfigDelivery(
  bucket: s3.IBucket,
  grant: ConfigDeliveryGrant,
): iam.AddToResourcePolicyResult[] {
  const config = new iam.ServicePrincipal('config.amazonaws.com');
  return [
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigCheckBucket',
        principals: [config],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: { ...grant.source.StringEquals } },
      }),
    ),
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigDeliverToOwnPrefix',
        principals: [config],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${grant.prefix}/${grant.objects}`)],
        conditions: {
          StringEquals: { ...grant.source.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    ),
  ];
}

export interface ConfigDeliveryBucketProps {
  /** Key of the delivered files and of the bucket's default encryption (the logs key). */
  readonly encryptionKey: kms.IKey;
  /** Target of the bucket's S3 server access logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Days a delivered file is kept (the audit-class retention). */
  readonly retentionDays: number;
  /**
   * Days a replaced object version is kept.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Grant AWS Config delivery in the bucket policy here.
   * @default - no grant: the user calls {@link grantConfigDelivery} (ConfigCompliance does)
   */
  readonly grant?: ConfigDeliveryGrant;
  /**
   * Physical bucket name (a StackSet template's delivery channel names it).
   * @default - generated by CloudFormation
   */
  readonly bucketName?: string;
}

/**
 * The bucket AWS Config delivers to: a {@link SecureBucket} (KMS, TLS-only, versioned, access-logged, RETAIN)
 * WITHOUT Object Lock, which Config does not support. Instead, its policy denies every principal deleting
 * objects or versions and changing the lifecycle, versioning or Object Lock configuration
 * ({@link CONFIG_BUCKET_TAMPER_SID}). Still possible: S3 Lifecycle expiry after `retentionDays` (done by S3,
 * not a request a bucket policy governs), overwrites by principals allowed s3:PutObject (a new version;
 * versioning keeps the old one for `noncurrentVersionExpirationDays`), and removing the statement itself with
 * s3:PutBucketPolicy / s3:DeleteBucketPolicy, which the permissions boundary (DenyWeakeningLogBuckets) or an
 * SCP must deny (the account root user can always delete a bucket policy).
 */
export class ConfigDeliveryBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConfigDeliveryBucketProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) {
      throw new Error(
        `ConfigDeliveryBucket ${this.node.path}: 'retentionDays' must be a whole number of days >= 1. Received: ${props.retentionDays}`,
      );
    }
    this.bucket = new SecureBucket(this, 'Resource', {
      encryptionKey: props.encryptionKey,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: `${id}/`,
      expirationDays: props.retentionDays,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      replicationExemptionReason:
        'AWS Config configuration history and snapshots stay in the primary region with versioning, KMS and a bucket policy that denies deleting them; AWS Config also keeps the configuration items in the service itself (data-handling.md)',
    }).bucket;
    if (props.bucketName) (this.bucket.node.defaultChild as s3.CfnBucket).bucketName = props.bucketName;
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: CONFIG_BUCKET_TAMPER_SID,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...CONFIG_BUCKET_TAMPER_ACTIONS],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
    if (props.grant) grantConfigDelivery(this.bucket, props.grant);
  }
}
