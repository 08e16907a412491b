/** Phase 7: Security Monitoring: the catalog entries SM1 ... of the requirements document. */
import { type CatalogEntry, m } from './types';
import { AUDIT, file, GUARD, NET, negativeRouteProofs, routeProofs, T, tpl } from './rows';

export const MONITORING: readonly CatalogEntry[] = [
  {
    id: 'SM1',
    text: 'Set up security logging',
    kind: 'infrastructure',
    summary:
      'A multi-region CloudTrail trail with log-file validation, KMS encryption and global service events, plus flow logs, WAF logs, API logs and DNS query logs; S3 server access logs for every bucket.',
    constructs: ['SecureBucket', 'SecureLogGroup'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'LoggingConfiguration.DestinationBucketName',
        expected: m.refersTo('AWS::S3::Bucket'),
        where: {
          propertyPath:
            'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.SSEAlgorithm',
          expected: m.every('aws:kms'),
        },
        test: T.archive,
        proves: 'Access to the log archive is itself logged to the access-log bucket',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::CloudTrail::Trail',
        propertyPath: 'IsMultiRegionTrail',
        expected: true,
        test: `${AUDIT} › %s/Audit › audit trail › is multi-region, includes global service events, validates log files and is logging`,
        proves: 'CloudTrail records every region',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::CloudTrail::Trail',
        propertyPath: 'EnableLogFileValidation',
        expected: true,
        test: `${AUDIT} › %s/Audit › audit trail › is multi-region, includes global service events, validates log files and is logging`,
        proves: 'Log files can be proven unaltered',
      }),
    ],
    frameworks: {
      cis: ['3.1', '3.2', '3.4'],
      fsbp: ['CloudTrail.1', 'CloudTrail.4', 'S3.9'],
      nist: ['AU-2', 'AU-3', 'AU-12'],
      soc2: ['CC7.2'],
    },
    nagRules: [
      'AwsSolutions-S1',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-CloudTrailLogFileValidationEnabled',
      'NIST.800.53.R5-CloudTrailEncryptionEnabled',
    ],
  },
  {
    id: 'SM2',
    text: 'Configure log aggregation',
    kind: 'infrastructure',
    summary:
      'All service logs land in one KMS-encrypted, versioned, access-logged log archive bucket per environment (flow logs in Parquet, GuardDuty findings, WAF); AWS Config, which cannot deliver to an Object Lock bucket, has its own KMS-encrypted, versioned bucket whose policy denies deleting records; CloudTrail also streams to CloudWatch Logs for metric filters.',
    constructs: ['SecureBucket', 'ConfigDeliveryBucket', 'FoundationStack'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath:
          'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.KMSMasterKeyID',
        expected: m.every(m.refersTo('AWS::KMS::Key')),
        where: { propertyPath: 'LoggingConfiguration', expected: m.present() },
        test: T.archive,
        proves: 'The central log archive is encrypted with the logs key',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'VersioningConfiguration.Status',
        expected: 'Enabled',
        test: T.bucketsPrivate,
        proves: 'Log buckets keep every version (overwrites and deletes are recoverable)',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::CloudTrail::Trail',
        propertyPath: 'CloudWatchLogsLogGroupArn',
        expected: m.refersTo('AWS::Logs::LogGroup'),
        test: `${AUDIT} › %s/Audit › audit trail › delivers to a KMS-encrypted log group with audit retention, through a role limited to it`,
        proves: 'CloudTrail events reach CloudWatch Logs for the CIS metric filters',
      }),
      tpl({
        stack: 'Network',
        resourceType: 'AWS::EC2::FlowLog',
        propertyPath: 'LogDestinationType',
        expected: 's3',
        quantifier: 'some',
        test: `${NET} › %s/Network › the archive flow log writes Parquet under vpc-flow-logs/ of the KMS log archive bucket`,
        proves: 'Flow logs are aggregated in the log archive',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::Config::DeliveryChannel',
        propertyPath: 'S3BucketName',
        expected: m.refersTo('AWS::S3::Bucket'),
        test: `${AUDIT} › %s/Audit › AWS Config › delivers to its own bucket's config/ prefix (not the Object Lock log archive), encrypted with the logs key`,
        proves:
          'AWS Config delivers configuration history to a bucket of this environment (its own, without Object Lock)',
      }),
    ],
    frameworks: { fsbp: ['CloudTrail.5'], nist: ['AU-6', 'AU-9', 'AU-12'], soc2: ['CC7.2'] },
    nagRules: ['NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled', 'NIST.800.53.R5-S3BucketVersioningEnabled'],
  },
  {
    id: 'SM3',
    text: 'Implement intrusion detection',
    kind: 'infrastructure',
    summary:
      'GuardDuty with S3, Lambda, RDS and malware protection features analyses CloudTrail, flow logs and DNS logs; findings of severity >= the configured threshold notify the security topic.',
    constructs: ['ThreatDetection', 'AuditStack'],
    evidence: [
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::GuardDuty::Detector',
        propertyPath: 'Enable',
        expected: true,
        test: `${AUDIT} › %s/Audit › threat detection › GuardDuty publishes findings every 15 minutes with the configured protection plans`,
        proves: 'GuardDuty is on',
      }),
    ],
    frameworks: { fsbp: ['GuardDuty.1'], nist: ['SI-4', 'SI-4(4)'], soc2: ['CC7.2'] },
    nagRules: [],
  },
  {
    id: 'SM4',
    text: 'Set up vulnerability scanning (automated)',
    kind: 'infrastructure',
    summary:
      'Amazon Inspector scans Lambda functions (code and dependencies) and ECR images continuously; CI audits npm dependencies on every change and Dependabot proposes updates weekly.',
    constructs: ['AuditStack'],
    evidence: [
      file(
        '.github/workflows/ci.yml',
        'Dependencies are audited on every change',
        'npm audit --audit-level=high',
      ),
      file('.github/dependabot.yml', 'Dependabot proposes updates', 'package-ecosystem: github-actions'),
      tpl({
        stack: 'Audit',
        resourceType: 'Custom::InspectorEnabler',
        propertyPath: 'Create',
        expected: m.regex('"service":"Inspector2".*LAMBDA'),
        test: `${AUDIT} › %s/Audit › threat detection › Inspector scans EC2, ECR and Lambda; ECR scans every repository on push`,
        proves: 'Amazon Inspector scans EC2, ECR and Lambda',
      }),
    ],
    frameworks: { fsbp: ['Inspector.3', 'Inspector.4'], nist: ['RA-5', 'SI-2'], soc2: ['CC7.1'] },
    nagRules: [],
  },
  {
    id: 'SM5',
    text: 'Configure security alerts',
    kind: 'infrastructure',
    summary:
      'CIS 4.1-4.15 metric-filter alarms, EventBridge rules (GuardDuty, Security Hub, root sign-in, key deletion, rotation and backup failures) and abuse alarms all publish to the KMS-encrypted, TLS-only security topic with email subscriptions.',
    constructs: ['SecurityTopic', 'CisAlarms', 'SecurityEventRules', 'AuditStack'],
    evidence: [
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::SNS::Subscription',
        propertyPath: 'Protocol',
        expected: 'email',
        test: T.topicSubs,
        proves: 'The configured security contacts are subscribed to the security topic',
      }),
      tpl({
        stack: 'Foundation',
        resourceType: 'AWS::SNS::TopicPolicy',
        propertyPath: 'PolicyDocument.Statement',
        expected: m.includes({ Sid: 'AllowAlarmAndEventPublishingFromThisAccount' }),
        test: T.topicTls,
        proves: 'Only CloudWatch and EventBridge of this account may publish alarms',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::CloudWatch::Alarm',
        propertyPath: 'AlarmActions',
        expected: m.every(m.refersTo('AWS::SNS::Topic')),
        test: `${AUDIT} › %s/Audit › CIS AWS Foundations v3.0.0 section 4 monitoring › one filter on the trail log group and one alarm per control`,
        proves: 'Every CIS alarm notifies the security topic',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::Events::Rule',
        propertyPath: 'Targets[*].Arn',
        expected: m.every(m.refersTo('AWS::SNS::Topic')),
        quantifier: 'some',
        test: `${AUDIT} › %s/Audit › security event rules › the GuardDuty rule notifies at the configured severity`,
        proves: 'Security events are forwarded to the security topic',
      }),
      routeProofs(
        'Every alert route (each EventBridge rule and CloudWatch alarm to its topic) is delivered: the service principal may publish to the topic and use its key, with the request context that service sends',
      ),
      negativeRouteProofs(
        "The topics and their keys refuse another account's rules and alarms and callers without the source condition",
      ),
    ],
    frameworks: {
      cis: [
        '4.1',
        '4.2',
        '4.3',
        '4.4',
        '4.5',
        '4.6',
        '4.7',
        '4.8',
        '4.9',
        '4.10',
        '4.11',
        '4.12',
        '4.13',
        '4.14',
        '4.15',
      ],
      nist: ['SI-4(5)', 'AU-6', 'IR-6'],
      soc2: ['CC7.2', 'CC7.3'],
    },
    nagRules: ['NIST.800.53.R5-CloudWatchAlarmAction', 'AwsSolutions-SNS3', 'NIST.800.53.R5-SNSEncryptedKMS'],
  },
  {
    id: 'SM6',
    text: 'Set up audit trail for sensitive operations',
    kind: 'infrastructure',
    summary:
      'CloudTrail records management events everywhere and S3 data events (object reads and writes) on the data and log buckets; the trail bucket uses Object Lock so records cannot be altered.',
    constructs: ['AuditStack'],
    evidence: [
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::CloudTrail::Trail',
        propertyPath: 'AdvancedEventSelectors[*].FieldSelectors[*].Equals',
        expected: m.includes(m.includes('Data')),
        test: `${AUDIT} › %s/Audit › audit trail › records S3 data events as configured (never the trail bucket itself)`,
        proves: 'Object-level reads and writes are recorded',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::S3::Bucket',
        propertyPath: 'ObjectLockEnabled',
        expected: true,
        // The trail's bucket (AuditTrail logs its access under 'Bucket/'); the Config bucket of this stack has no
        // Object Lock by design (AWS Config cannot deliver to one).
        where: { propertyPath: 'LoggingConfiguration.LogFilePrefix', expected: 'Bucket/' },
        test: `${AUDIT} › %s/Audit › trail bucket › is KMS-encrypted with the logs key, versioned, private and retained`,
        proves: 'The trail bucket uses Object Lock, so records cannot be altered',
      }),
    ],
    frameworks: {
      cis: ['3.8', '3.9'],
      fsbp: ['S3.22', 'S3.23'],
      nist: ['AU-2', 'AU-9', 'AU-12'],
      soc2: ['CC7.2'],
    },
    nagRules: [],
  },
  {
    id: 'SM7',
    text: 'Implement breach detection',
    kind: 'infrastructure',
    summary:
      'GuardDuty findings, Security Hub high/critical findings, IAM Access Analyzer external-access findings and the CIS alarms are routed to the security topic and drive the incident-response playbooks.',
    constructs: ['AuditStack'],
    evidence: [
      tpl({
        stack: 'Guardrails',
        resourceType: 'AWS::AccessAnalyzer::Analyzer',
        propertyPath: 'Type',
        expected: m.present(),
        test: `${GUARD} › %s/Guardrails › has both IAM Access Analyzers`,
        proves: 'External and unused access is detected',
      }),
      tpl({
        stack: 'Audit',
        resourceType: 'AWS::SecurityHub::Hub',
        propertyPath: 'ControlFindingGenerator',
        expected: 'SECURITY_CONTROL',
        test: `${AUDIT} › %s/Audit › threat detection › Security Hub uses consolidated control findings and only the standards chosen here`,
        proves: 'Security Hub aggregates findings',
      }),
      routeProofs(
        'GuardDuty, Security Hub and IAM Access Analyzer findings reach the security topic: each of their rules is delivered (simulated from the templates)',
        ['aws.guardduty', 'aws.securityhub', 'aws.access-analyzer'],
      ),
    ],
    frameworks: {
      cis: ['1.20', '4.16'],
      fsbp: ['GuardDuty.1', 'SecurityHub.1'],
      nist: ['SI-4', 'IR-4', 'IR-5'],
      soc2: ['CC7.2', 'CC7.3'],
    },
    nagRules: [],
  },
  {
    id: 'SM8',
    text: 'Create incident response plan',
    kind: 'process',
    summary:
      'Incident response plan with roles, severity levels and playbooks, each tied to the alarm or rule that triggers it.',
    constructs: [],
    evidence: [
      file('docs/incident-response.md', 'Roles are defined', '## Roles'),
      file('docs/incident-response.md', 'Severity levels are defined', '## Severity levels'),
      file('docs/incident-response.md', 'Playbooks exist', '## Playbooks'),
    ],
    frameworks: { nist: ['IR-8', 'IR-4'], soc2: ['CC7.4'] },
    nagRules: [],
  },
];
