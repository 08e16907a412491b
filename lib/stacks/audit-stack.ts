import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AuditTrail, type S3DataEventScope } from '../../constructs/detection/audit-trail';
import { CisAlarms } from '../../constructs/detection/cis-alarms';
import { ConfigCompliance } from '../../constructs/detection/config-compliance';
import { ConfigDeliveryBucket } from '../../constructs/detection/config-delivery';
import { guardrailControls } from '../../constructs/detection/guardrail-patterns';
import { SecurityDashboard } from '../../constructs/detection/security-dashboard';
import { SecurityEventRules } from '../../constructs/detection/security-event-rules';
import { ThreatDetection } from '../../constructs/detection/threat-detection';
import type { AppConfig } from '../config/schema';
import {
  DETECTION_EXCEPTIONS_METADATA,
  enabledStandards,
  furtherDetectionRegions,
  guardDutyPlans,
} from '../config/sections/detection';

export interface AuditStackProps extends StackProps {
  readonly config: AppConfig;
  /** The logs key (FoundationStack.keys.logs): trail, log groups, Config and GuardDuty exports. */
  readonly logsKey: kms.IKey;
  /** Target of the trail bucket's S3 server access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /** The log archive: GuardDuty exports (`guardduty/`); its S3 data events are recorded. */
  readonly logArchiveBucket: s3.IBucket;
  /** Topic every alarm and security event rule notifies. */
  readonly securityTopic: sns.ITopic;
  /**
   * Further buckets whose object-level events the trail records (with `s3DataEvents: sensitive-buckets`).
   * More can be added later with `trail.logS3DataEventsOf(...)`.
   * @default - the log archive only
   */
  readonly sensitiveBuckets?: readonly s3.IBucket[];
  /**
   * Alarms of other stacks shown on the security dashboard.
   * @default - none
   */
  readonly additionalAlarms?: readonly cloudwatch.IAlarm[];
}

const DATA_EVENT_SCOPE: Record<AppConfig['detection']['trail']['s3DataEvents'], S3DataEventScope> = {
  off: 'off',
  'sensitive-buckets': 'listed-buckets',
  'all-buckets': 'all-buckets',
};

/**
 * Detection and audit for one environment: the multi-region CloudTrail trail with CIS 4.1-4.15 metric-filter
 * alarms, EventBridge rules for security events, GuardDuty, Security Hub, AWS Config with managed rules,
 * Inspector/ECR scanning, Macie and Detective, and the security dashboard. Everything notifies the security
 * topic; logs land in the log archive under the prefixes of constructs/logging/log-archive-layout.ts, Config's
 * history in its own bucket (Config cannot deliver to the archive's Object Lock).
 */
export class AuditStack extends Stack {
  public readonly trail: AuditTrail;
  /** The trail's CloudWatch log group (source of the CIS metric filters). */
  public readonly trailLogGroup: logs.ILogGroup;
  public readonly cisAlarms: CisAlarms;
  /** Alarms on changes to trust policies, key policies, boundaries, key aliases and log-bucket protection. */
  public readonly guardrailAlarms: CisAlarms;
  public readonly eventRules: SecurityEventRules;
  public readonly threatDetection: ThreatDetection;
  public readonly configCompliance: ConfigCompliance;
  /**
   * Where AWS Config delivers (configuration history and snapshots): not the log archive, whose Object Lock
   * Config cannot deliver to; KMS, versioned, and its policy denies deleting records (ConfigDeliveryBucket).
   */
  public readonly configBucket: s3.IBucket;
  /** Every security alarm of this stack (CIS alarms, notification delivery failures). */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props);
    const { config } = props;
    const env = config.environment.name;
    const detection = config.detection;

    // Detection switched off, with the reason (required in production): the compliance report reads it here.
    if (detection.exceptions.length > 0) {
      this.templateOptions.metadata = {
        ...this.templateOptions.metadata,
        [DETECTION_EXCEPTIONS_METADATA]: detection.exceptions.map((e) => ({
          setting: `detection.${e.setting}`,
          reason: e.reason,
        })),
      };
    }

    this.configBucket = new ConfigDeliveryBucket(this, 'ConfigBucket', {
      encryptionKey: props.logsKey,
      serverAccessLogsBucket: props.accessLogsBucket,
      retentionDays: config.retention.auditLogDays,
      noncurrentVersionExpirationDays: config.retention.noncurrentVersionDays,
    }).bucket;

    this.trail = new AuditTrail(this, 'Trail', {
      trailName: `security-baseline-${env.toLowerCase()}`,
      encryptionKey: props.logsKey,
      objectLock: {
        // Compliance mode cannot be shortened or lifted by anyone, the root user included.
        mode: config.environment.production ? 'COMPLIANCE' : 'GOVERNANCE',
        days: detection.trail.retentionDays,
      },
      logGroupRetentionDays: config.retention.auditLogDays,
      serverAccessLogsBucket: props.accessLogsBucket,
      replicationExemptionReason:
        'CloudTrail log files are protected in-region by Object Lock and signed digest files (log file validation); the trail itself is multi-region, so no region depends on this bucket being replicated',
      noncurrentVersionExpirationDays: config.retention.noncurrentVersionDays,
      s3DataEvents: DATA_EVENT_SCOPE[detection.trail.s3DataEvents],
      // With data events 'off' no bucket is registered (the trail rejects buckets it would not record).
      s3DataEventBuckets:
        detection.trail.s3DataEvents === 'off'
          ? []
          : [props.logArchiveBucket, this.configBucket, ...(props.sensitiveBuckets ?? [])],
      lambdaDataEvents: detection.trail.lambdaDataEvents,
      insights: detection.trail.insights,
      organizationId: detection.trail.organizationId,
    });
    this.trailLogGroup = this.trail.logGroup;

    this.cisAlarms = new CisAlarms(this, 'CisAlarms', {
      logGroup: this.trail.logGroup,
      alarmTopic: props.securityTopic,
      disabledControls: Object.entries(detection.cisAlarms)
        .filter(([, enabled]) => !enabled)
        .map(([key]) => key),
      alarmNamePrefix: `${env}-`,
    });
    // Changes to the guardrails themselves, which no CIS control covers.
    this.guardrailAlarms = new CisAlarms(this, 'GuardrailAlarms', {
      logGroup: this.trail.logGroup,
      alarmTopic: props.securityTopic,
      controls: guardrailControls({
        keyAliasPrefix: 'security-baseline',
        logBucketNames: [
          props.logArchiveBucket.bucketName,
          this.configBucket.bucketName,
          this.trail.bucket.bucketName,
          props.accessLogsBucket.bucketName,
        ],
      }),
      alarmNameLabel: 'Guardrail',
      metricNamespace: 'SecurityBaseline/Guardrails',
      alarmNamePrefix: `${env}-`,
    });

    this.eventRules = new SecurityEventRules(this, 'SecurityEvents', {
      topic: props.securityTopic,
      guardDutyMinSeverity: detection.guardDuty.alertMinSeverity,
      ruleNamePrefix: `${env}-`,
    });

    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', {
      findingsBucket: props.logArchiveBucket,
      findingsKey: props.logsKey,
      guardDutyPlans: guardDutyPlans(detection),
      securityHubStandards: enabledStandards(detection),
      disabledSecurityHubControls: detection.securityHub.disabledControls,
      vulnerabilityScanning: detection.vulnerabilityScanning,
      macie: detection.macie,
      detective: detection.detective,
      logKey: props.logsKey,
      logRetentionDays: config.retention.logDays,
      findingAggregatorRegions: furtherDetectionRegions(config.environment),
    });

    this.configCompliance = new ConfigCompliance(this, 'Config', {
      deliveryBucket: this.configBucket,
      deliveryKey: props.logsKey,
      includeGlobalResourceTypes: detection.awsConfig.recordGlobalResourceTypes,
      createServiceLinkedRole: detection.awsConfig.createServiceLinkedRole,
      ruleNamePrefix: `security-baseline-${env.toLowerCase()}`,
    });

    this.alarms = [
      ...this.cisAlarms.alarms,
      ...this.guardrailAlarms.alarms,
      this.eventRules.deliveryFailureAlarm,
    ];
    this.dashboard = new SecurityDashboard(this, 'Dashboard', {
      dashboardName: `${env}-Security`,
      alarms: [...this.alarms, ...(props.additionalAlarms ?? [])],
      guardDutyFindingsBySeverity: this.eventRules.guardDutyFindingsBySeverity,
      securityHubFindings: this.eventRules.matchedEvents('securityHubFindings', 'Security Hub HIGH/CRITICAL'),
      rotationFailures: this.eventRules.matchedEvents('secretRotationFailed', 'Secret rotation failures'),
      backupFailures: this.eventRules.matchedEvents('backupJobFailed', 'Backup job failures'),
    }).dashboard;
  }
}
