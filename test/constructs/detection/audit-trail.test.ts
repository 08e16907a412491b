import { App, Stack } from 'aws-cdk-lib';
import { cdkJsonContext } from '../../../lib/app';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditTrail, type AuditTrailProps } from '../../../constructs/detection/audit-trail';
import { nagFindingsOf } from '../../support/nag';

/** Partition of the test environments (eslint forbids ARN literals with a fixed partition). */
const PARTITION = 'aws';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function build(stack: Stack, overrides: Partial<AuditTrailProps> = {}): AuditTrail {
  return new AuditTrail(stack, 'Trail', {
    trailName: 'audit',
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    objectLock: { mode: 'COMPLIANCE', days: 365 },
    logGroupRetentionDays: 365,
    serverAccessLogsBucket: new s3.Bucket(stack, 'AccessLogs'),
    replicationExemptionReason: 'Audit logs stay in-region under Object Lock in this unit test',
    ...overrides,
  });
}

function synth(overrides: Partial<AuditTrailProps> = {}, after?: (trail: AuditTrail, stack: Stack) => void) {
  const stack = new Stack(new App({ context: cdkJsonContext() }), 'S', { env: ENV });
  const trail = build(stack, overrides);
  after?.(trail, stack);
  return Template.fromStack(stack);
}

const selectors = (t: Template) =>
  Object.values(t.findResources('AWS::CloudTrail::Trail'))[0].Properties.AdvancedEventSelectors as any[];

describe('AuditTrail', () => {
  test('fails if the Object Lock retention is below 365 days', () => {
    expect(() => synth({ objectLock: { mode: 'GOVERNANCE', days: 30 } })).toThrow(
      /'objectLock.days' must be at least 365 for audit logs. Received: 30/,
    );
  });

  test('fails if the organization id is not an Organizations id', () => {
    expect(() => synth({ organizationId: '111111111111' })).toThrow(
      /'organizationId' must be an AWS Organizations id such as o-a1b2c3d4e5. Received: '111111111111'/,
    );
  });

  test('fails if the trail name is not a valid trail name', () => {
    expect(() => synth({ trailName: 'my trail' })).toThrow(
      /'trailName' must be 3-128 letters.*Received: 'my trail'/,
    );
  });

  test('fails if buckets are registered for data events while S3 data events are off', () => {
    expect(() =>
      synth({ s3DataEvents: 'off' }, (trail, stack) =>
        trail.logS3DataEventsOf(s3.Bucket.fromBucketName(stack, 'Data', 'data')),
      ),
    ).toThrow(/S3 data events are 'off' but 1 bucket\(s\) were registered/);
  });

  test('an organization trail may also write under the organization id, still only for this trail', () => {
    const t = synth({ organizationId: 'o-a1b2c3d4e5' });
    t.hasResourceProperties('AWS::CloudTrail::Trail', { IsOrganizationTrail: true });
    const put = Object.values(t.findResources('AWS::S3::BucketPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((s: any) => s.Sid === 'CloudTrailWriteForThisTrail');
    expect(JSON.stringify(put.Resource)).toContain('/cloudtrail/AWSLogs/o-a1b2c3d4e5/*');
    expect(put.Condition.StringEquals['aws:SourceArn']).toBe(
      `arn:${PARTITION}:cloudtrail:eu-west-1:111111111111:trail/audit`,
    );
  });

  test('records data events of buckets registered after construction', () => {
    const t = synth({}, (trail, stack) => trail.logS3DataEventsOf(new s3.Bucket(stack, 'Data')));
    const s3Selector = selectors(t).find((s) => s.Name === 'S3 object events of sensitive buckets');
    expect(JSON.stringify(s3Selector.FieldSelectors)).toMatch(/"Data[0-9A-F]{8}"/);
  });

  test('with all buckets, excludes its own bucket (its deliveries would log themselves)', () => {
    const s3Selector = selectors(synth({ s3DataEvents: 'all-buckets' })).find((s) =>
      s.Name.startsWith('S3 object events of every bucket'),
    );
    expect(s3Selector.FieldSelectors[2]).toEqual({
      Field: 'resources.ARN',
      NotStartsWith: [
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^TrailBucket/), 'Arn'] }, '/']] },
      ],
    });
  });

  test('records management events only when no data events are asked for', () => {
    expect(selectors(synth({ insights: false }))).toEqual([
      { Name: 'All management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ]);
  });

  test('has no unacknowledged compliance finding of its own (the test access-log bucket aside)', () => {
    const findings = nagFindingsOf((stack) => build(stack)).filter(
      (f) => !f.path.startsWith('T/S/AccessLogs/'),
    );
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([]);
  });
});
