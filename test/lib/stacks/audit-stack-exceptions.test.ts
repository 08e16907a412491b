import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext } from '../../../lib/app';
import { validateConfig } from '../../../lib/config/load';
import { DETECTION_EXCEPTIONS_METADATA } from '../../../lib/config/sections/detection';
import { AuditStack } from '../../../lib/stacks/audit-stack';
import { FoundationStack } from '../../../lib/stacks/foundation-stack';
import { exampleConfig } from '../../support/config';

/**
 * Production detection switched off with reasons: the config loads, the stacks synthesize (trail data
 * events 'off' used to crash AuditTrail) and the reasons are in the Audit template for the report.
 */
describe('AuditStack with production detection exceptions', () => {
  let template: Template;
  let metadata: Record<string, unknown>;
  const raw = exampleConfig('prod');
  raw.detection.trail.s3DataEvents = 'off';
  raw.detection.cisAlarms.rootAccountUsage = false;
  raw.detection.exceptions = [
    {
      setting: 'trail.s3DataEvents',
      reason: 'Object-level events are recorded by the organization trail in the management account',
    },
    {
      setting: 'cisAlarms.rootAccountUsage',
      reason: 'Root usage is alarmed on by the organization management account and its SIEM',
    },
  ];

  beforeAll(() => {
    const { config, problems } = validateConfig(raw);
    expect(problems).toEqual([]);
    const app = new App({ context: cdkJsonContext() });
    const env = { account: config!.environment.account, region: config!.environment.region };
    const foundation = new FoundationStack(app, 'Foundation', { env, config: config! });
    const audit = new AuditStack(app, 'Audit', {
      env,
      config: config!,
      logsKey: foundation.keys.logs,
      accessLogsBucket: foundation.accessLogsBucket,
      logArchiveBucket: foundation.logArchiveBucket,
      securityTopic: foundation.securityTopic,
    });
    template = Template.fromStack(audit);
    metadata = (template.toJSON() as { Metadata?: Record<string, unknown> }).Metadata ?? {};
  }, 120_000);

  test('the trail records no S3 data events when they are off', () => {
    const trails = template.findResources('AWS::CloudTrail::Trail');
    expect(Object.keys(trails)).toHaveLength(1);
    const selectors = (Object.values(trails)[0].Properties.AdvancedEventSelectors ?? []) as {
      FieldSelectors: { Field: string; Equals?: string[] }[];
    }[];
    const s3Object = selectors.filter((s) =>
      s.FieldSelectors.some((f) => f.Field === 'resources.type' && f.Equals?.includes('AWS::S3::Object')),
    );
    expect(s3Object).toEqual([]);
  });

  test('the template metadata lists each switched-off setting with its reason', () => {
    expect(metadata[DETECTION_EXCEPTIONS_METADATA]).toEqual([
      {
        setting: 'detection.trail.s3DataEvents',
        reason: 'Object-level events are recorded by the organization trail in the management account',
      },
      {
        setting: 'detection.cisAlarms.rootAccountUsage',
        reason: 'Root usage is alarmed on by the organization management account and its SIEM',
      },
    ]);
  });

  test('fails if the same production config lists no reasons', () => {
    const without = { ...raw, detection: { ...raw.detection, exceptions: [] } };
    expect(validateConfig(without).problems.map((p) => p.path)).toEqual([
      'detection.trail.s3DataEvents',
      'detection.cisAlarms.rootAccountUsage',
    ]);
  });
});
