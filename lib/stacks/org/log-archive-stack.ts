import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { secureKeyProps } from '../../../constructs/kms/key-defaults';
import { ConfigDeliveryBucket } from '../../../constructs/detection/config-delivery';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';
import { organizationNames, type OrganizationConfig } from '../../config/organization';

export interface LogArchiveStackProps extends StackProps {
  readonly config: OrganizationConfig;
}

/**
 * The organization log archive (log archive account, home region): one KMS key and one Object Lock bucket
 * (COMPLIANCE mode) with a prefix per producer (cloudtrail/, flow-logs/), written only by AWS services acting
 * for accounts of this organization (`aws:SourceOrgID`; the organization trail by its ARN); AWS Config's own
 * bucket (config/), without Object Lock, which Config cannot deliver to, but whose policy denies deleting
 * records; and the server-access-log bucket.
 */
export class LogArchiveStack extends Stack {
  public readonly key: kms.Key;
  public readonly bucket: s3.Bucket;
  /** Where the members' AWS Config delivers (ConfigDeliveryBucket). */
  public readonly configBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogArchiveStackProps) {
    super(scope, id, props);
    const c = props.config;
    const names = organizationNames(c);
    const orgId = c.organization.id;
    const fromTheOrganization = { StringEquals: { 'aws:SourceOrgID': orgId } };
    const trailArn = `arn:${this.partition}:cloudtrail:${c.organization.homeRegion}:${c.accounts.management}:trail/${names.trail}`;

    this.key = new kms.Key(
      this,
      'LogsKey',
      secureKeyProps({
        alias: names.logKeyAlias,
        description: 'Organization log archive (trail, Config, flow logs)',
      }),
    );
    const keyUse = (sid: string, service: string, conditions: Record<string, Record<string, unknown>>) =>
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions,
        }),
      );
    if (!c.controlTower.owns.trail) {
      keyUse('OrganizationTrailEncrypts', 'cloudtrail.amazonaws.com', {
        StringEquals: { 'aws:SourceArn': trailArn },
      });
    }
    keyUse('ConfigOfTheOrganizationEncrypts', 'config.amazonaws.com', fromTheOrganization);
    keyUse('FlowLogsOfTheOrganizationEncrypt', 'delivery.logs.amazonaws.com', fromTheOrganization);

    const accessLogs = new SecureBucket(this, 'AccessLogsBucket', {
      s3ManagedEncryptionReason:
        'S3 server access log delivery supports only SSE-S3 on the target bucket (AWS S3 User Guide, "Enabling Amazon S3 server access logging")',
      accessLogsExemptionReason:
        'This is the server-access-log target of the organization log archive; logging it into itself would loop',
      replicationExemptionReason:
        'Access logs of the log archive stay in its region, versioned, for the audit retention',
      expirationDays: c.retention.auditLogDays,
    }).bucket;

    this.bucket = new SecureBucket(this, 'ArchiveBucket', {
      encryptionKey: this.key,
      serverAccessLogsBucket: accessLogs,
      replicationExemptionReason:
        'The organization log archive is write-once (Object Lock, COMPLIANCE) in its own account behind an RCP; a copy in another account would widen who can read it',
      objectLock: { mode: 'COMPLIANCE', days: c.retention.auditLogDays },
      expirationDays: c.retention.auditLogDays + 1,
    }).bucket;
    (this.bucket.node.defaultChild as CfnBucket).bucketName = names.logArchiveBucket;

    const write = (
      sid: string,
      service: string,
      prefix: string,
      conditions: Record<string, Record<string, unknown>>,
    ) => {
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `${sid}AclCheck`,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['s3:GetBucketAcl', 's3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions,
        }),
      );
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `${sid}Write`,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['s3:PutObject'],
          resources: [this.bucket.arnForObjects(`${prefix}/AWSLogs/*`)],
          conditions: {
            ...conditions,
            StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
          },
        }),
      );
    };
    if (!c.controlTower.owns.trail) {
      write('OrganizationTrail', 'cloudtrail.amazonaws.com', 'cloudtrail', {
        StringEquals: { 'aws:SourceArn': trailArn },
      });
    }
    write('FlowLogs', 'delivery.logs.amazonaws.com', 'flow-logs', fromTheOrganization);

    this.configBucket = new ConfigDeliveryBucket(this, 'ConfigBucket', {
      bucketName: names.configBucket,
      encryptionKey: this.key,
      serverAccessLogsBucket: accessLogs,
      retentionDays: c.retention.auditLogDays,
      grant: { prefix: 'config', objects: 'AWSLogs/*', source: fromTheOrganization },
    }).bucket;
  }
}
