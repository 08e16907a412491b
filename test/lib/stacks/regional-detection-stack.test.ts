import { exampleConfig } from '../../support/config';
import { STAGES, stackTemplate, testSimulator } from '../../support/assembly';
import { fixture } from '../../support/detection-cases';
import { matchesEventPattern } from '../../support/event-pattern';
import { furtherDetectionRegions } from '../../../lib/config/sections/detection';

/** Detection in every region the environment uses: primary (Audit stack), backup region, us-east-1. */
describe.each(STAGES)('%s: detection in every region', (stage) => {
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
  const { region: primary, backupRegion, account } = config.environment;
  const regions = furtherDetectionRegions(config.environment);
  const sim = testSimulator();
  const resourcesOf = (stack: string, type: string) =>
    Object.values(stackTemplate(stage, stack).findResources(type)).map((r) => r.Properties);

  test('the further regions are the backup region and us-east-1, each with its own detection stack', () => {
    expect(regions.sort()).toEqual([backupRegion, 'us-east-1'].sort());
    for (const region of regions) {
      expect(sim.assembly.stack(`${stage}/Detection-${region}`).region).toBe(region);
    }
  });

  test.each(['eu-central-1', 'us-east-1'])(
    'GuardDuty in %s runs the protection plans of the primary region',
    (region) => {
      const primaryDetector = resourcesOf('Audit', 'AWS::GuardDuty::Detector');
      const regional = resourcesOf(`Detection-${region}`, 'AWS::GuardDuty::Detector');
      expect(primaryDetector).toHaveLength(1);
      expect(regional).toHaveLength(1);
      expect(regional[0].Features).toEqual(primaryDetector[0].Features);
      expect(regional[0].Enable).toBe(true);
    },
  );

  test.each(['eu-central-1', 'us-east-1'])(
    'Security Hub in %s enables the standards of the primary region',
    (region) => {
      const arns = (stack: string) =>
        resourcesOf(stack, 'AWS::SecurityHub::Standard').map((s) =>
          JSON.stringify(s.StandardsArn).replace(/securityhub:[a-z0-9-]+::/, 'securityhub:<region>::'),
        );
      expect(resourcesOf(`Detection-${region}`, 'AWS::SecurityHub::Hub')).toHaveLength(1);
      expect(arns(`Detection-${region}`).sort()).toEqual(arns('Audit').sort());
    },
  );

  test('the primary region aggregates the Security Hub findings of both further regions', () => {
    const aggregators = resourcesOf('Audit', 'AWS::SecurityHub::FindingAggregator');
    expect(aggregators).toEqual([{ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: regions }]);
  });

  test('global resource types are recorded once per account: by the primary recorder only', () => {
    const recorders = sim.assembly
      .resources('AWS::Config::ConfigurationRecorder', (s) => s.displayName.startsWith(`${stage}/`))
      .map((r) => ({
        region: r.stack.region,
        global: (sim.assembly.property(r, 'RecordingGroup') as any).IncludeGlobalResourceTypes,
      }));
    expect(recorders.sort((a, b) => a.region.localeCompare(b.region))).toEqual(
      [primary, ...regions].sort().map((region) => ({ region, global: region === primary })),
    );
  });

  test.each(['eu-central-1', 'us-east-1'])(
    'Config in %s delivers to the primary Config bucket, which lets it write',
    async (region) => {
      const channel = sim.assembly.resources(
        'AWS::Config::DeliveryChannel',
        (s) => s.displayName === `${stage}/Detection-${region}`,
      )[0];
      const archive = sim.assembly
        .resources('AWS::S3::Bucket', (s) => s.displayName === `${stage}/Audit`)
        .find((b) => b.logicalId.startsWith('ConfigBucket'))!;
      const bucketName = sim.assembly.property(channel, 'S3BucketName');
      expect(bucketName).toBe(sim.assembly.physicalName(archive));
      // What Config presents when it delivers a snapshot (Config Developer Guide, "Permissions for the Amazon S3 bucket").
      const outcome = await sim.simulate({
        principal: 'config.amazonaws.com',
        action: 's3:PutObject',
        resource: `${sim.assembly.arn(archive)}/config/AWSLogs/${account}/Config/${region}/2026/1/30/ConfigSnapshot/x.json.gz`,
        context: {
          'aws:SourceAccount': account,
          's3:x-amz-acl': 'bucket-owner-full-control',
          'aws:SecureTransport': 'true',
        },
      });
      expect(outcome.decision).toBe('Allowed');
      const otherAccount = await sim.simulate({
        principal: 'config.amazonaws.com',
        action: 's3:PutObject',
        resource: `${sim.assembly.arn(archive)}/config/AWSLogs/999999999999/Config/${region}/x.json.gz`,
        context: {
          'aws:SourceAccount': '999999999999',
          's3:x-amz-acl': 'bucket-owner-full-control',
          'aws:SecureTransport': 'true',
        },
      });
      expect(otherAccount.decision).toBe('ImplicitlyDenied');
    },
  );

  test.each(['eu-central-1', 'us-east-1'])(
    'GuardDuty findings of %s are forwarded to the primary bus, where the GuardDuty rule notifies them',
    (region) => {
      const forward = resourcesOf(`Detection-${region}`, 'AWS::Events::Rule')[0];
      const finding = {
        ...(fixture('events', 'guardduty-finding-severity-8') as Record<string, unknown>),
        region,
      };
      expect(matchesEventPattern(forward.EventPattern, finding)).toBe(true);
      expect(JSON.stringify(forward.Targets[0].Arn)).toContain(
        `:events:${primary}:${account}:event-bus/default`,
      );
      const notify = Object.values(stackTemplate(stage, 'Audit').findResources('AWS::Events::Rule'))
        .map((r) => r.Properties)
        .find((p) => p.Name === `${stage}-GuardDutyFindings`)!;
      expect(matchesEventPattern(notify.EventPattern, finding)).toBe(true);
    },
  );
});
