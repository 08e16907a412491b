import { Duration } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Where each log this baseline produces lands in the log archive bucket (FoundationStack.logArchiveBucket),
 * and which retention class it is kept under. The producing stack writes under its prefix only (its bucket
 * policy grant names that prefix); the services append their own `AWSLogs/<account>/...` layout below it.
 * docs/detection.md ("Log aggregation") explains the scheme; CloudTrail is the exception: it has its own
 * Object Lock bucket (constructs/detection/audit-trail.ts) under the `cloudtrail/` prefix, and so is AWS Config,
 * which cannot deliver to a bucket with Object Lock (constructs/detection/config-delivery.ts).
 */

/** How long a log is kept: audit logs by `retention.auditLogDays`, operational logs by `retention.logDays`. */
export type RetentionClass = 'audit' | 'operational';

export interface LogArchivePrefix {
  /** Key prefix, ending in '/'. */
  readonly prefix: string;
  /** Which stack or service writes it, and how. */
  readonly producer: string;
  readonly retention: RetentionClass;
}

export const LOG_ARCHIVE_PREFIXES = {
  guardDuty: {
    prefix: 'guardduty/',
    producer: 'Audit stack: GuardDuty findings export (publishing destination)',
    retention: 'audit',
  },
  vpcFlowLogs: {
    prefix: 'vpc-flow-logs/',
    producer: 'Network stack: VPC flow logs with an S3 destination',
    retention: 'operational',
  },
  waf: {
    prefix: 'waf/',
    producer:
      'Edge stack: WAF logs through Kinesis Data Firehose (direct S3 delivery needs a bucket named aws-waf-logs-*)',
    retention: 'operational',
  },
  cloudFront: {
    prefix: 'cloudfront/',
    producer: 'Edge stack: CloudFront standard logging v2 (vended logs; legacy logging needs bucket ACLs)',
    retention: 'operational',
  },
  apiAccess: {
    prefix: 'api-access/',
    producer: 'API stack: API Gateway access logs exported from CloudWatch Logs or through Firehose',
    retention: 'operational',
  },
} as const satisfies Record<string, LogArchivePrefix>;

export type LogArchiveKind = keyof typeof LOG_ARCHIVE_PREFIXES;

/** The CloudTrail prefix in the audit trail's own Object Lock bucket. */
export const CLOUDTRAIL_PREFIX = 'cloudtrail/';

/**
 * Adds one expiry rule per prefix to the log archive bucket: audit logs expire after `auditDays`,
 * operational logs after `operationalDays` (the bucket's own rule still removes noncurrent versions).
 */
export function addLogArchiveRetention(
  bucket: s3.Bucket,
  days: { readonly auditDays: number; readonly operationalDays: number },
): void {
  for (const [kind, { prefix, retention }] of Object.entries(LOG_ARCHIVE_PREFIXES)) {
    const expiration = retention === 'audit' ? days.auditDays : days.operationalDays;
    if (!Number.isInteger(expiration) || expiration < 1) {
      throw new Error(
        `Log archive retention for '${kind}' must be a whole number of days >= 1. Received: ${expiration}`,
      );
    }
    bucket.addLifecycleRule({
      id: `expire-${prefix.replace(/\/$/, '')}`,
      prefix,
      expiration: Duration.days(expiration),
    });
  }
}
