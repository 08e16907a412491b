import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { CLOUDTRAIL_PREFIX } from '../logging/log-archive-layout';
import { SecureLogGroup } from '../logging/secure-log-group';
import { type ObjectLockSettings, SecureBucket } from '../storage/secure-bucket';
import { serviceOfThisAccount } from '../iam/event-rule-principal';

/** Which S3 object-level (data) events the trail records. */
export type S3DataEventScope = 'off' | 'listed-buckets' | 'all-buckets';

import { MIN_TRAIL_RETENTION_DAYS } from './detection-constants';

export { MIN_TRAIL_RETENTION_DAYS };

export interface AuditTrailProps {
  /** Trail name. Fixed up front so the bucket policy can name the trail ARN in `aws:SourceArn`. */
  readonly trailName: string;
  /**
   * KMS key for the log files, the CloudWatch log group and the bucket. Its policy must let CloudTrail
   * (`kms:GenerateDataKey*` with the `aws:cloudtrail:arn` context) and CloudWatch Logs use it.
   */
  readonly encryptionKey: kms.IKey;
  /** Object Lock default retention of the log files; they expire (become noncurrent) after the same days. */
  readonly objectLock: ObjectLockSettings;
  /** Retention of the CloudWatch log group the CIS metric filters read, in days (a CloudWatch Logs value). */
  readonly logGroupRetentionDays: number;
  /** Bucket that receives the trail bucket's S3 server access logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Why the log files are not replicated to another region (recorded as the acknowledgment reason). */
  readonly replicationExemptionReason: string;
  /**
   * Days a replaced or deleted log file version is kept before S3 deletes it for good.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * S3 data events: none, the buckets given in `s3DataEventBuckets` (and later `logS3DataEventsOf`), or every
   * bucket except the trail's own (recording the trail's own deliveries would log itself in a loop).
   * @default 'listed-buckets'
   */
  readonly s3DataEvents?: S3DataEventScope;
  /**
   * Buckets whose object-level reads and writes are recorded when `s3DataEvents` is 'listed-buckets'.
   * @default - none
   */
  readonly s3DataEventBuckets?: readonly s3.IBucket[];
  /**
   * Record Lambda Invoke data events of every function.
   * @default false
   */
  readonly lambdaDataEvents?: boolean;
  /**
   * CloudTrail Insights on API call rate and API error rate (extra cost per analysed event).
   * @default true
   */
  readonly insights?: boolean;
  /**
   * AWS Organizations id (`o-...`): makes this an organization trail. Only valid in the organization's
   * management account or a delegated administrator account for CloudTrail.
   * @default - an account trail
   */
  readonly organizationId?: string;
}

/**
 * The account's audit trail: multi-region, global service events, log file validation, KMS-encrypted,
 * delivered to a dedicated Object Lock bucket (policy allows CloudTrail only for this trail's ARN) and to
 * an encrypted CloudWatch log group for the CIS metric filters. Management events always; S3 and Lambda
 * data events and Insights as configured; optionally an organization trail.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  /** ARN of the trail (built from its name, so it is known before the trail exists). */
  public readonly trailArn: string;
  public readonly bucket: s3.Bucket;
  /** Log group the trail delivers to: the source of the CIS metric filters. */
  public readonly logGroup: logs.LogGroup;

  private readonly dataEventBuckets: s3.IBucket[] = [];

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.trailName) && !/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(props.trailName)) {
      throw new Error(
        `'trailName' must be 3-128 letters, digits, '.', '_' or '-', starting with a letter or digit. Received: '${props.trailName}'`,
      );
    }
    if (props.objectLock.days < MIN_TRAIL_RETENTION_DAYS) {
      throw new Error(
        `'objectLock.days' must be at least ${MIN_TRAIL_RETENTION_DAYS} for audit logs. Received: ${props.objectLock.days}`,
      );
    }
    if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      throw new Error(
        `'organizationId' must be an AWS Organizations id such as o-a1b2c3d4e5. Received: '${props.organizationId}'`,
      );
    }
    const s3DataEvents = props.s3DataEvents ?? 'listed-buckets';
    this.dataEventBuckets.push(...(props.s3DataEventBuckets ?? []));

    const { account, region, partition } = Stack.of(this);
    this.trailArn = `arn:${partition}:cloudtrail:${region}:${account}:trail/${props.trailName}`;
    const prefix = CLOUDTRAIL_PREFIX.replace(/\/$/, '');

    this.bucket = new SecureBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      objectLock: props.objectLock,
      expirationDays: props.objectLock.days,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      replicationExemptionReason: props.replicationExemptionReason,
    }).bucket;

    // Confused-deputy protection: CloudTrail may write here only on behalf of this trail.
    const cloudTrailPrincipal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const thisTrailOnly = { 'aws:SourceArn': this.trailArn };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailAclCheckForThisTrail',
        principals: [cloudTrailPrincipal],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: thisTrailOnly },
      }),
    );
    const writers = [account, ...(props.organizationId ? [props.organizationId] : [])];
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailWriteForThisTrail',
        principals: [cloudTrailPrincipal],
        actions: ['s3:PutObject'],
        resources: writers.map((w) => this.bucket.arnForObjects(`${prefix}/AWSLogs/${w}/*`)),
        conditions: { StringEquals: { ...thisTrailOnly, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );

    this.logGroup = new SecureLogGroup(this, 'LogGroup', {
      encryptionKey: props.encryptionKey,
      retentionDays: props.logGroupRetentionDays,
    }).logGroup;
    const logsRole = new ManagedPolicyRole(this, 'LogsRole', {
      assumedBy: serviceOfThisAccount(this, 'cloudtrail.amazonaws.com', {
        service: 'cloudtrail',
        resource: `trail/${props.trailName}`,
      }),
      description: `CloudTrail ${props.trailName} delivers events to its CloudWatch log group`,
    });
    logsRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const insights = props.insights ?? true;
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: props.trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      isOrganizationTrail: props.organizationId ? true : undefined,
      kmsKeyId: props.encryptionKey.keyArn,
      s3BucketName: this.bucket.bucketName,
      s3KeyPrefix: prefix,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: logsRole.roleArn,
      advancedEventSelectors: Lazy.any({
        produce: () => this.eventSelectors(s3DataEvents, props.lambdaDataEvents ?? false),
      }),
      insightSelectors: insights
        ? [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }]
        : undefined,
    });
    this.trail.node.addDependency(this.bucket.policy!, logsRole);
  }

  /**
   * Records object-level reads and writes of these buckets (when the trail's S3 data event scope is
   * 'listed-buckets'; with 'all-buckets' they are recorded anyway, with 'off' this is an error).
   */
  public logS3DataEventsOf(...buckets: s3.IBucket[]): void {
    this.dataEventBuckets.push(...buckets);
  }

  private eventSelectors(
    s3DataEvents: S3DataEventScope,
    lambdaDataEvents: boolean,
  ): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
    if (s3DataEvents === 'off' && this.dataEventBuckets.length > 0) {
      throw new Error(
        `AuditTrail ${this.node.path}: S3 data events are 'off' but ${this.dataEventBuckets.length} bucket(s) were registered for them; set the scope to 'listed-buckets'`,
      );
    }
    const s3Objects = [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
    ];
    const selectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] = [
      {
        name: 'All management events',
        fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
      },
    ];
    if (s3DataEvents === 'all-buckets') {
      selectors.push({
        name: 'S3 object events of every bucket but the trail bucket',
        fieldSelectors: [
          ...s3Objects,
          { field: 'resources.ARN', notStartsWith: [`${this.bucket.bucketArn}/`] },
        ],
      });
    } else if (s3DataEvents === 'listed-buckets' && this.dataEventBuckets.length > 0) {
      selectors.push({
        name: 'S3 object events of sensitive buckets',
        fieldSelectors: [
          ...s3Objects,
          { field: 'resources.ARN', startsWith: this.dataEventBuckets.map((b) => `${b.bucketArn}/`) },
        ],
      });
    }
    if (lambdaDataEvents) {
      selectors.push({
        name: 'Lambda invocations of every function',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
        ],
      });
    }
    return selectors;
  }
}
