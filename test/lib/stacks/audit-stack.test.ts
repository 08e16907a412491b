import { Match, type Template } from 'aws-cdk-lib/assertions';
import { CIS_CONTROLS } from '../../../constructs/detection/cis-patterns';
import { foundationKeyArn, STAGES, stackTemplate } from '../../support/assembly';
import { exampleConfig } from '../../support/config';
import { CIS_CASES, EVENT_CASES, fixture } from '../../support/detection-cases';
import { matchesEventPattern } from '../../support/event-pattern';
import { matchesFilterPattern } from '../../support/filter-pattern';
import { renderInputTemplate } from '../../support/input-transformer';

/** Partition of the test environments (eslint forbids ARN literals with a fixed partition). */
const PARTITION = 'aws';

/**
 * The Audit stack as synthesized for every shipped environment (test/global-setup.ts). The CIS filters and
 * the EventBridge patterns are read from the templates, not from the TS constants, and run against the
 * sample events of test/support/detection-cases.ts: what is deployed is what is proven.
 */

type Resource = { Type: string; Properties: any; DeletionPolicy?: string; DependsOn?: string[] };

function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

function only(template: Template, type: string): Resource {
  const found = resources(template, type);
  expect(found).toHaveLength(1);
  return found[0][1];
}

/** The metric filter publishing `metricName`, as synthesized. */
function metricFilter(template: Template, metricName: string): Resource | undefined {
  return resources(template, 'AWS::Logs::MetricFilter').find(
    ([, r]) => r.Properties.MetricTransformations[0].MetricName === metricName,
  )?.[1];
}

function alarmOn(template: Template, metricName: string): Resource | undefined {
  return resources(template, 'AWS::CloudWatch::Alarm').find(
    ([, r]) => r.Properties.MetricName === metricName,
  )?.[1];
}

/** Whether a period's sum breaches the alarm; `undefined` is a period without data. */
function breaches(alarm: Resource, periodSum: number | undefined): boolean {
  const p = alarm.Properties;
  if (periodSum === undefined) return p.TreatMissingData === 'breaching';
  switch (p.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return periodSum >= p.Threshold;
    case 'GreaterThanThreshold':
      return periodSum > p.Threshold;
    case 'LessThanThreshold':
      return periodSum < p.Threshold;
    case 'LessThanOrEqualToThreshold':
      return periodSum <= p.Threshold;
    default:
      throw new Error(`unexpected operator ${p.ComparisonOperator}`);
  }
}

function ruleNamed(template: Template, name: string): Resource | undefined {
  return resources(template, 'AWS::Events::Rule').find(([, r]) => r.Properties.Name === name)?.[1];
}

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
const isSecurityTopic = (arn: unknown) => JSON.stringify(arn).includes('SecurityTopic');

/** The rules the Audit stack builds (break-glass belongs to the identity stack). */
const RULE_KEYS = Object.keys(EVENT_CASES).filter((k) => k !== 'breakGlassRoleAssumed');

const cisRows = CIS_CONTROLS.flatMap((c) => [
  ...CIS_CASES[c.id].match.map((f) => [c.id, c.metricName, 'counts', f, true] as const),
  ...CIS_CASES[c.id].noMatch.map((f) => [c.id, c.metricName, 'ignores', f, false] as const),
]);
const eventRows = RULE_KEYS.flatMap((k) => [
  ...EVENT_CASES[k].match.map((f) => [k, 'matches', f, true] as const),
  ...EVENT_CASES[k].noMatch.map((f) => [k, 'ignores', f, false] as const),
]);

describe.each(STAGES)('%s/Audit', (stage) => {
  const template = stackTemplate(stage, 'Audit');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
  const detection = config.detection;
  const production = config.environment.production as boolean;

  describe('audit trail', () => {
    const trail = only(template, 'AWS::CloudTrail::Trail').Properties;

    test('is multi-region, includes global service events, validates log files and is logging', () => {
      expect(trail).toMatchObject({
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsLogging: true,
        S3KeyPrefix: 'cloudtrail',
      });
    });

    test('encrypts log files with the logs key', () => {
      expect(trail.KMSKeyId).toEqual(foundationKeyArn(stage, 'Logs'));
    });

    test('delivers to a KMS-encrypted log group with audit retention, through a role limited to it', () => {
      const [groupId, group] = resources(template, 'AWS::Logs::LogGroup').find(
        ([id]) => trail.CloudWatchLogsLogGroupArn['Fn::GetAtt'][0] === id,
      )!;
      expect(groupId).toBeDefined();
      expect(group.Properties.KmsKeyId).toEqual(foundationKeyArn(stage, 'Logs'));
      expect(group.Properties.RetentionInDays).toBe(config.retention.auditLogDays);
      expect(group.DeletionPolicy).toBe('Retain');
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: trail.CloudWatchLogsRoleArn['Fn::GetAtt'][0] }],
        PolicyDocument: {
          Statement: [
            {
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [groupId, 'Arn'] },
            },
          ],
        },
      });
    });

    test('records every management event', () => {
      expect(trail.AdvancedEventSelectors[0]).toEqual({
        Name: 'All management events',
        FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
      });
    });

    test('records S3 data events as configured (never the trail bucket itself)', () => {
      const s3 = trail.AdvancedEventSelectors.find((s: any) =>
        s.FieldSelectors.some((f: any) => f.Equals?.[0] === 'AWS::S3::Object'),
      );
      const arnSelector = s3.FieldSelectors.find((f: any) => f.Field === 'resources.ARN');
      if (detection.trail.s3DataEvents === 'all-buckets') {
        expect(JSON.stringify(arnSelector.NotStartsWith)).toMatch(/TrailBucket/);
      } else {
        expect(JSON.stringify(arnSelector.StartsWith)).toMatch(/LogArchiveBucket/);
      }
    });

    test('records Lambda data events and runs Insights as configured', () => {
      const lambda = trail.AdvancedEventSelectors.some((s: any) =>
        s.FieldSelectors.some((f: any) => f.Equals?.[0] === 'AWS::Lambda::Function'),
      );
      expect(lambda).toBe(detection.trail.lambdaDataEvents);
      expect(trail.InsightSelectors ?? []).toEqual(
        detection.trail.insights
          ? [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }]
          : [],
      );
    });

    test('is an account trail (no organization id configured)', () => {
      expect(detection.trail.organizationId).toBeUndefined();
      expect(trail.IsOrganizationTrail).toBeUndefined();
    });
  });

  describe('trail bucket', () => {
    // The trail's bucket; the stack's other bucket is AWS Config's (no Object Lock: Config cannot deliver to one).
    const [[trailBucketId, bucket]] = resources(template, 'AWS::S3::Bucket').filter(([id]) =>
      id.startsWith('TrailBucket'),
    );
    const [[, trailPolicy]] = resources(template, 'AWS::S3::BucketPolicy').filter(
      ([, p]) => p.Properties.Bucket.Ref === trailBucketId,
    );
    const policy = trailPolicy.Properties.PolicyDocument.Statement as any[];

    test(`locks log files in ${production ? 'COMPLIANCE' : 'GOVERNANCE'} mode for the configured days`, () => {
      expect(bucket.Properties.ObjectLockEnabled).toBe(true);
      expect(bucket.Properties.ObjectLockConfiguration).toEqual({
        ObjectLockEnabled: 'Enabled',
        Rule: {
          DefaultRetention: {
            Mode: production ? 'COMPLIANCE' : 'GOVERNANCE',
            Days: detection.trail.retentionDays,
          },
        },
      });
      expect(detection.trail.retentionDays).toBeGreaterThanOrEqual(365);
    });

    test('is KMS-encrypted with the logs key, versioned, private and retained', () => {
      const sse = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
      expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
      expect(sse.ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual(foundationKeyArn(stage, 'Logs'));
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
      expect(bucket.DeletionPolicy).toBe('Retain');
    });

    test('allows CloudTrail only on behalf of this trail (aws:SourceArn)', () => {
      const cloudTrail = policy.filter((s) => s.Principal?.Service === 'cloudtrail.amazonaws.com');
      expect(cloudTrail.map((s) => s.Action).sort()).toEqual(['s3:GetBucketAcl', 's3:PutObject']);
      for (const s of cloudTrail) {
        expect(s.Condition.StringEquals['aws:SourceArn']).toBe(
          `arn:${PARTITION}:cloudtrail:${config.environment.region}:${config.environment.account}:trail/security-baseline-${stage.toLowerCase()}`,
        );
      }
      expect(policy.filter((s) => s.Effect === 'Allow' && !s.Principal?.Service)).toEqual([]);
    });
  });

  describe('CIS AWS Foundations v3.0.0 section 4 monitoring', () => {
    test.each(cisRows)(
      'CIS %s filter %s (as synthesized) %s %s',
      (_id, metricName, _verb, name, expected) => {
        const filter = metricFilter(template, metricName)!;
        expect(matchesFilterPattern(filter.Properties.FilterPattern, fixture('cloudtrail', name))).toBe(
          expected,
        );
      },
    );

    test('one filter on the trail log group and one alarm per control', () => {
      const trail = only(template, 'AWS::CloudTrail::Trail').Properties;
      const logGroupId = trail.CloudWatchLogsLogGroupArn['Fn::GetAtt'][0];
      for (const c of CIS_CONTROLS) {
        expect(metricFilter(template, c.metricName)?.Properties.LogGroupName).toEqual({ Ref: logGroupId });
        expect(alarmOn(template, c.metricName)).toBeDefined();
      }
      const cisFilters = resources(template, 'AWS::Logs::MetricFilter').filter(
        ([, r]) => r.Properties.MetricTransformations[0].MetricNamespace === 'SecurityBaseline/CIS',
      );
      expect(cisFilters).toHaveLength(CIS_CONTROLS.length);
    });

    test.each(CIS_CONTROLS.map((c) => [c.id, c.metricName] as const))(
      'CIS %s alarm fires on one matching event in 5 minutes and not on quiet periods',
      (id, metricName) => {
        const filter = metricFilter(template, metricName)!.Properties.MetricTransformations[0];
        const alarm = alarmOn(template, metricName)!;
        expect(alarm.Properties).toMatchObject({
          Namespace: filter.MetricNamespace,
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
        });
        // One matching event publishes MetricValue once; Sum over the period is that value.
        const oneEvent = Number(filter.MetricValue);
        expect(oneEvent).toBe(1);
        expect(breaches(alarm, oneEvent)).toBe(true);
        expect(breaches(alarm, undefined)).toBe(false);
        expect(alarm.Properties.AlarmName).toBe(`${stage}-CIS-${id}-${metricName}`);
      },
    );

    test.each(CIS_CONTROLS.map((c) => [c.id, c] as const))(
      'CIS %s alarm notifies the security topic with its own description',
      (_id, control) => {
        const alarm = alarmOn(template, control.metricName)!.Properties;
        expect(alarm.AlarmDescription).toBe(control.description);
        expect(alarm.AlarmActions).toHaveLength(1);
        expect(isSecurityTopic(alarm.AlarmActions[0])).toBe(true);
      },
    );
  });

  describe('security event rules', () => {
    test.each(eventRows)('%s (as synthesized) %s %s', (key, _verb, name, expected) => {
      const rule = ruleNamed(template, `${stage}-${pascal(key)}`)!;
      expect(matchesEventPattern(rule.Properties.EventPattern, fixture('events', name))).toBe(expected);
    });

    test.each(RULE_KEYS)('%s publishes a readable message for every matching sample', (key) => {
      const target = ruleNamed(template, `${stage}-${pascal(key)}`)!.Properties.Targets[0];
      expect(isSecurityTopic(target.Arn)).toBe(true);
      for (const name of EVENT_CASES[key].match) {
        const event = fixture('events', name) as any;
        const text = renderInputTemplate(target.InputTransformer, event);
        const lines = text.split('\n');
        expect(lines[0]).toMatch(/^\[(LOW|MEDIUM|HIGH|CRITICAL|\d+(\.\d+)?)\] \S/);
        expect(lines[1]).toBe(`Where: account ${event.account}, region ${event.region}, at ${event.time}`);
        expect(text).toMatch(
          new RegExp(`Console: https://console\\.aws\\.amazon\\.com/\\S+region=${event.region}`),
        );
        expect(text).toContain('What to check: ');
      }
    });

    test('the GuardDuty rule notifies at the configured severity', () => {
      const rule = ruleNamed(template, `${stage}-GuardDutyFindings`)!;
      expect(rule.Properties.EventPattern.detail.severity).toEqual([
        { numeric: ['>=', detection.guardDuty.alertMinSeverity] },
      ]);
    });

    test('every notification is retried for 24 hours, and failed deliveries raise an alarm', () => {
      for (const key of RULE_KEYS) {
        expect(ruleNamed(template, `${stage}-${pascal(key)}`)!.Properties.Targets[0].RetryPolicy).toEqual({
          MaximumEventAgeInSeconds: 86400,
          MaximumRetryAttempts: 185,
        });
      }
      const alarm = resources(template, 'AWS::CloudWatch::Alarm').find(([id]) =>
        id.startsWith('SecurityEventsDeliveryFailureAlarm'),
      )![1].Properties;
      const failed = alarm.Metrics.filter(
        (m: any) => m.MetricStat?.Metric.MetricName === 'FailedInvocations',
      );
      expect(failed).toHaveLength(RULE_KEYS.length);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      expect(isSecurityTopic(alarm.AlarmActions[0])).toBe(true);
    });

    test('GuardDuty findings are counted in exactly one severity band for the dashboard', () => {
      const bands = ['Low', 'Medium', 'High', 'Critical'].map((b) =>
        ruleNamed(template, `${stage}-GuardDuty${b}Findings`)!,
      );
      for (const band of bands) expect(band.Properties.Targets).toBeUndefined();
      const bandsOf = (name: string) =>
        bands
          .filter((b) => matchesEventPattern(b.Properties.EventPattern, fixture('events', name)))
          .map((b) => b.Properties.Name);
      expect(bandsOf('guardduty-finding-severity-8')).toEqual([`${stage}-GuardDutyHighFindings`]);
      expect(bandsOf('guardduty-finding-severity-2')).toEqual([`${stage}-GuardDutyLowFindings`]);
    });
  });

  describe('threat detection', () => {
    test('GuardDuty publishes findings every 15 minutes with the configured protection plans', () => {
      const detector = only(template, 'AWS::GuardDuty::Detector').Properties;
      expect(detector.Enable).toBe(true);
      expect(detector.FindingPublishingFrequency).toBe('FIFTEEN_MINUTES');
      const status = (name: string) => detector.Features.find((f: any) => f.Name === name)?.Status;
      const g = detection.guardDuty;
      const expected = {
        S3_DATA_EVENTS: g.s3DataEvents,
        EKS_AUDIT_LOGS: g.eksAuditLogs,
        RUNTIME_MONITORING: g.runtimeMonitoring,
        EBS_MALWARE_PROTECTION: g.ebsMalwareProtection,
        RDS_LOGIN_EVENTS: g.rdsLoginEvents,
        LAMBDA_NETWORK_LOGS: g.lambdaNetworkActivity,
      };
      for (const [name, on] of Object.entries(expected))
        expect(status(name)).toBe(on ? 'ENABLED' : 'DISABLED');
      const runtime = detector.Features.find((f: any) => f.Name === 'RUNTIME_MONITORING');
      expect(runtime.AdditionalConfiguration.map((a: any) => a.Name).sort()).toEqual([
        'EC2_AGENT_MANAGEMENT',
        'ECS_FARGATE_AGENT_MANAGEMENT',
        'EKS_ADDON_MANAGEMENT',
      ]);
      expect(detector.Features.some((f: any) => f.Name === 'EKS_RUNTIME_MONITORING')).toBe(false);
    });

    test('GuardDuty exports findings to the log archive guardduty/ prefix with the logs key', () => {
      const destination = only(template, 'AWS::GuardDuty::PublishingDestination').Properties;
      expect(destination.DestinationType).toBe('S3');
      expect(JSON.stringify(destination.DestinationProperties.DestinationArn)).toMatch(
        /LogArchiveBucket.*\/guardduty"/,
      );
      expect(destination.DestinationProperties.KmsKeyArn).toEqual(foundationKeyArn(stage, 'Logs'));
    });

    test('Security Hub uses consolidated control findings and only the standards chosen here', () => {
      expect(only(template, 'AWS::SecurityHub::Hub').Properties).toMatchObject({
        EnableDefaultStandards: false,
        ControlFindingGenerator: 'SECURITY_CONTROL',
        AutoEnableControls: true,
      });
      const arns = resources(template, 'AWS::SecurityHub::Standard').map(
        ([, r]) => r.Properties.StandardsArn,
      );
      const region = config.environment.region;
      expect(arns.sort()).toEqual(
        [
          'aws-foundational-security-best-practices/v/1.0.0',
          'cis-aws-foundations-benchmark/v/3.0.0',
          ...(detection.securityHub.nist80053 ? ['nist-800-53/v/5.0.0'] : []),
          ...(detection.securityHub.pciDss ? ['pci-dss/v/4.0.1'] : []),
        ]
          .map((p) => `arn:${PARTITION}:securityhub:${region}::standards/${p}`)
          .sort(),
      );
    });

    test('every disabled Security Hub control carries its configured reason', () => {
      const disabled = resources(template, 'AWS::SecurityHub::Standard').flatMap(
        ([, r]) => r.Properties.DisabledStandardsControls,
      );
      expect(disabled).toHaveLength(detection.securityHub.disabledControls.length);
      for (const d of detection.securityHub.disabledControls) {
        expect(disabled).toContainEqual({
          StandardsControlArn: expect.stringMatching(
            new RegExp(`:control/.+/${d.controlId.replace('.', '\\.')}$`),
          ),
          Reason: d.reason,
        });
      }
    });

    test('Inspector scans EC2, ECR and Lambda; ECR scans every repository on push', () => {
      const enabler = only(template, 'Custom::InspectorEnabler').Properties;
      expect(JSON.parse(enabler.Create)).toMatchObject({
        service: 'Inspector2',
        action: 'enable',
        parameters: { resourceTypes: ['EC2', 'ECR', 'LAMBDA'] },
      });
      expect(enabler.Update).toEqual(enabler.Create);
      expect(only(template, 'AWS::ECR::RegistryScanningConfiguration').Properties).toEqual({
        ScanType: 'ENHANCED',
        Rules: [
          { ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] },
        ],
      });
    });

    test(`Macie is ${detection.macie ? 'on' : 'off'} and Detective is ${detection.detective ? 'on' : 'off'}`, () => {
      template.resourceCountIs('AWS::Macie::Session', detection.macie ? 1 : 0);
      template.resourceCountIs('AWS::Detective::Graph', detection.detective ? 1 : 0);
    });
  });

  describe('AWS Config', () => {
    test('records all supported resource types, global types included, with the service-linked role', () => {
      const recorder = only(template, 'AWS::Config::ConfigurationRecorder').Properties;
      expect(recorder.RecordingGroup).toEqual({
        AllSupported: true,
        IncludeGlobalResourceTypes: detection.awsConfig.recordGlobalResourceTypes,
      });
      expect(recorder.RoleARN).toMatch(
        /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/,
      );
    });

    test("delivers to its own bucket's config/ prefix (not the Object Lock log archive), encrypted with the logs key", () => {
      const channel = only(template, 'AWS::Config::DeliveryChannel').Properties;
      expect(channel.S3KeyPrefix).toBe('config');
      expect(channel.S3BucketName).toEqual({ Ref: expect.stringMatching(/^ConfigBucket[0-9A-F]{8}$/) });
      expect(channel.S3KmsKeyArn).toEqual(foundationKeyArn(stage, 'Logs'));
    });

    test('has a managed rule for each control the baseline claims, created after the recorder', () => {
      const rules = resources(template, 'AWS::Config::ConfigRule');
      const identifiers = rules.map(([, r]) => r.Properties.Source.SourceIdentifier);
      expect(identifiers).toEqual(
        expect.arrayContaining([
          'CLOUD_TRAIL_ENABLED',
          'MULTI_REGION_CLOUD_TRAIL_ENABLED',
          'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
          'CMK_BACKING_KEY_ROTATION_ENABLED',
          'RDS_STORAGE_ENCRYPTED',
          'RDS_INSTANCE_DELETION_PROTECTION_ENABLED',
          'S3_BUCKET_PUBLIC_READ_PROHIBITED',
          'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
          'S3_BUCKET_SSL_REQUESTS_ONLY',
          'SECRETSMANAGER_ROTATION_ENABLED_CHECK',
          'VPC_FLOW_LOGS_ENABLED',
          'INCOMING_SSH_DISABLED',
          'GUARDDUTY_ENABLED_CENTRALIZED',
          'IAM_PASSWORD_POLICY',
          'ROOT_ACCOUNT_MFA_ENABLED',
          'ACCESS_KEYS_ROTATED',
          'WAFV2_LOGGING_ENABLED',
        ]),
      );
      const recorderId = resources(template, 'AWS::Config::ConfigurationRecorder')[0][0];
      for (const [, rule] of rules) expect(rule.DependsOn).toContain(recorderId);
      template.hasResourceProperties('AWS::Config::ConfigRule', {
        Source: { SourceIdentifier: 'ACCESS_KEYS_ROTATED' },
        InputParameters: { maxAccessKeyAge: 90 },
      });
    });
  });

  test('the dashboard shows every security alarm and the WAF, API, GuardDuty, rotation and backup widgets', () => {
    const body = JSON.stringify(only(template, 'AWS::CloudWatch::Dashboard').Properties.DashboardBody);
    for (const [id] of resources(template, 'AWS::CloudWatch::Alarm')) expect(body).toContain(`"${id}"`);
    for (const text of [
      'GuardDuty findings by severity',
      'AWS/WAFV2',
      'BlockedRequests',
      'AllowedRequests',
      '4XXError',
      '5XXError',
      'Secret rotation and backup failures',
    ]) {
      expect(body).toContain(text);
    }
    for (const key of ['secretRotationFailed', 'backupJobFailed', 'securityHubFindings']) {
      const [ruleId] = resources(template, 'AWS::Events::Rule').find(
        ([, r]) => r.Properties.Name === `${stage}-${pascal(key)}`,
      )!;
      expect(body).toContain(`{"Ref":"${ruleId}"}`);
    }
  });
});

describe.each(STAGES)('%s/Foundation grants for detection', (stage) => {
  const template = stackTemplate(stage, 'Foundation');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
  const account = config.environment.account;

  const archivePolicy = () =>
    Object.entries(template.findResources('AWS::S3::BucketPolicy')).find(([id]) =>
      id.startsWith('LogArchiveBucketPolicy'),
    )![1].Properties.PolicyDocument.Statement as any[];

  test('the log archive lets GuardDuty write only under guardduty/, for detectors of this account', () => {
    const statements = archivePolicy().filter((s) => s.Principal?.Service === 'guardduty.amazonaws.com');
    expect(statements.map((s) => s.Action).sort()).toEqual(['s3:GetBucketLocation', 's3:PutObject']);
    for (const s of statements) {
      expect(s.Condition.StringEquals['aws:SourceAccount']).toBe(account);
      expect(s.Condition.ArnLike['aws:SourceArn']).toBe(
        `arn:${PARTITION}:guardduty:${config.environment.region}:${account}:detector/*`,
      );
    }
    expect(JSON.stringify(statements.find((s) => s.Action === 's3:PutObject').Resource)).toMatch(
      /"\/guardduty\/\*"/,
    );
  });

  test('the log archive grants AWS Config nothing (Config cannot deliver to Object Lock)', () => {
    expect(
      archivePolicy().filter((s) => JSON.stringify(s.Principal ?? {}).includes('config.amazonaws.com')),
    ).toEqual([]);
  });

  test('the logs key lets GuardDuty encrypt exports for detectors of this account only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'GuardDutyEncryptExportedFindings',
            Principal: { Service: 'guardduty.amazonaws.com' },
            Action: 'kms:GenerateDataKey',
            Condition: {
              StringEquals: { 'aws:SourceAccount': account },
              ArnLike: { 'aws:SourceArn': Match.stringLikeRegexp(':detector/\\*$') },
            },
          }),
        ]),
      },
    });
  });

  test('each log archive prefix expires after its retention class', () => {
    const archive = Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('LogArchiveBucket'),
    )![1];
    const rules = archive.Properties.LifecycleConfiguration.Rules as any[];
    const expiry = (prefix: string) => rules.find((r) => r.Prefix === prefix)?.ExpirationInDays;
    // Config history delivered before the Config bucket existed keeps its audit expiry.
    expect(expiry('config/')).toBe(config.retention.auditLogDays);
    expect(expiry('guardduty/')).toBe(config.retention.auditLogDays);
    for (const prefix of ['vpc-flow-logs/', 'waf/', 'cloudfront/', 'api-access/']) {
      expect(expiry(prefix)).toBe(config.retention.logDays);
    }
  });
});

describe.each(STAGES)('%s/Audit Config bucket', (stage) => {
  const audit = stackTemplate(stage, 'Audit');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
  const account = config.environment.account;

  test('the Config bucket lets Config write only under config/AWSLogs/<account>/Config/, for this account', () => {
    const configPolicy = Object.entries(audit.findResources('AWS::S3::BucketPolicy')).find(([id]) =>
      id.startsWith('ConfigBucketPolicy'),
    )![1].Properties.PolicyDocument.Statement as any[];
    const statements = configPolicy.filter((s) => s.Principal?.Service === 'config.amazonaws.com');
    expect(statements).toHaveLength(2);
    for (const s of statements) expect(s.Condition.StringEquals['aws:SourceAccount']).toBe(account);
    const put = statements.find((s) => s.Action === 's3:PutObject');
    expect(JSON.stringify(put.Resource)).toContain(`/config/AWSLogs/${account}/Config/*`);
    expect(put.Condition.StringEquals['s3:x-amz-acl']).toBe('bucket-owner-full-control');
  });

  test('the Config bucket has no Object Lock and expires records after the audit retention', () => {
    const [, bucket] = Object.entries(audit.findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('ConfigBucket'),
    )!;
    expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
    const [rule] = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rule.ExpirationInDays).toBe(config.retention.auditLogDays);
    expect(rule.NoncurrentVersionExpiration).toEqual({
      NoncurrentDays: config.retention.noncurrentVersionDays,
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });
});

describe.each(STAGES)('%s/AuditGlobal', (stage) => {
  const template = stackTemplate(stage, 'AuditGlobal');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');

  test('forwards console sign-in and STS events from us-east-1 to the default bus of the primary region', () => {
    const rule = only(template, 'AWS::Events::Rule').Properties;
    expect(rule.EventPattern).toEqual({ source: ['aws.signin', 'aws.sts'] });
    // AssumeRole of the break-glass role through the global STS endpoint is emitted in us-east-1.
    expect(matchesEventPattern(rule.EventPattern, fixture('events', 'sts-assumerole-break-glass'))).toBe(
      true,
    );
    expect(rule.Targets[0].Arn).toBe(
      `arn:${PARTITION}:events:${config.environment.region}:${config.environment.account}:event-bus/default`,
    );
    expect(matchesEventPattern(rule.EventPattern, fixture('events', 'signin-root-console-login'))).toBe(true);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: rule.Targets[0].Arn }],
      },
    });
  });
});
