import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as config from 'aws-cdk-lib/aws-config';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { cdkJsonContext } from '../../../lib/app';
import { ConfigCompliance } from '../../../constructs/detection/config-compliance';
import {
  CONFIG_BUCKET_TAMPER_SID,
  ConfigDeliveryBucket,
  validateConfigChannelDestination,
} from '../../../constructs/detection/config-delivery';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';

// AWS Config cannot deliver to a bucket with Object Lock: "AWS Config does not support the delivery channel to an
// Amazon S3 bucket where object lock is enabled" (AWS::Config::DeliveryChannel, CloudFormation template reference,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-config-deliverychannel.html).

const ACCOUNT = '111111111111';
const env = { account: ACCOUNT, region: 'eu-west-1' };

function stackWithLogs() {
  const app = new App({ context: cdkJsonContext() });
  const stack = new Stack(app, 'S', { env });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const logs = new s3.Bucket(stack, 'AccessLogs');
  return { app, stack, key, logs };
}

function lockedBucket(stack: Stack, id: string, bucketName?: string): s3.Bucket {
  const bucket = new SecureBucket(stack, id, {
    accessLogsExemptionReason: 'test fixture: a locked bucket Config must refuse to deliver to',
    s3ManagedEncryptionReason: 'test fixture: a locked bucket Config must refuse to deliver to',
    replicationExemptionReason: 'test fixture: a locked bucket Config must refuse to deliver to',
    objectLock: { mode: 'GOVERNANCE', days: 1 },
  }).bucket;
  if (bucketName) (bucket.node.defaultChild as s3.CfnBucket).bucketName = bucketName;
  return bucket;
}

describe('ConfigDeliveryBucket', () => {
  let template: Template;
  let bucket: Record<string, any>;
  let bucketId: string;
  let statements: any[];
  beforeAll(() => {
    const { stack, key, logs } = stackWithLogs();
    new ConfigDeliveryBucket(stack, 'ConfigBucket', {
      encryptionKey: key,
      serverAccessLogsBucket: logs,
      retentionDays: 400,
      noncurrentVersionExpirationDays: 30,
      grant: {
        prefix: 'config',
        objects: 'AWSLogs/*',
        source: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
      },
    });
    template = Template.fromStack(stack);
    const [found] = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) =>
      id.startsWith('ConfigBucket'),
    );
    [bucketId, bucket] = found;
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (p) => p.Properties.Bucket.Ref === found[0],
    );
    expect(policies).toHaveLength(1);
    statements = policies[0].Properties.PolicyDocument.Statement as any[];
  });

  test('has no Object Lock (AWS Config cannot deliver to one)', () => {
    expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
    expect(bucket.Properties.ObjectLockConfiguration).toBeUndefined();
  });

  test('is versioned, encrypted with the given key, access-logged, and retained on stack deletion', () => {
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const sse = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(JSON.stringify(sse.ServerSideEncryptionByDefault.KMSMasterKeyID)).toMatch(/"Key[0-9A-F]{8}"/);
    expect(bucket.Properties.LoggingConfiguration.LogFilePrefix).toBe('ConfigBucket/');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
  });

  test('expires records after the audit retention, old versions after the noncurrent days', () => {
    const [rule] = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rule.ExpirationInDays).toBe(400);
    expect(rule.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 30 });
  });

  test('denies every principal deleting records and changing lifecycle, versioning or Object Lock', () => {
    const deny = statements.find((s) => s.Sid === CONFIG_BUCKET_TAMPER_SID);
    expect(deny.Effect).toBe('Deny');
    expect(deny.Principal).toEqual({ AWS: '*' });
    expect(deny.Condition).toBeUndefined();
    expect([...deny.Action].sort()).toEqual([
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:PutBucketObjectLockConfiguration',
      's3:PutBucketVersioning',
      's3:PutLifecycleConfiguration',
    ]);
    // The bucket itself (versioning, lifecycle, Object Lock) and every object in it.
    const arn = { 'Fn::GetAtt': [bucketId, 'Arn'] };
    expect(deny.Resource).toEqual([arn, { 'Fn::Join': ['', [arn, '/*']] }]);
  });

  test('grants AWS Config exactly the documented access, bound to the source', () => {
    const config = statements.filter((s) => s.Principal?.Service === 'config.amazonaws.com');
    expect(config.map((s) => s.Action)).toEqual([['s3:GetBucketAcl', 's3:ListBucket'], 's3:PutObject']);
    for (const s of config) expect(s.Condition.StringEquals['aws:SourceOrgID']).toBe('o-a1b2c3d4e5');
    const arn = { 'Fn::GetAtt': [bucketId, 'Arn'] };
    expect(config.map((s) => s.Resource)).toEqual([arn, { 'Fn::Join': ['', [arn, '/config/AWSLogs/*']] }]);
    const put = config.find((s) => s.Action === 's3:PutObject');
    expect(put.Condition.StringEquals['s3:x-amz-acl']).toBe('bucket-owner-full-control');
  });

  test('fails if the retention is not a positive whole number of days', () => {
    const { stack, key, logs } = stackWithLogs();
    expect(
      () =>
        new ConfigDeliveryBucket(stack, 'B', {
          encryptionKey: key,
          serverAccessLogsBucket: logs,
          retentionDays: 0,
        }),
    ).toThrow(/'retentionDays' must be a whole number of days >= 1. Received: 0/);
  });
});

describe('Object Lock guard on the Config destination', () => {
  test('ConfigCompliance fails if given a bucket with Object Lock', () => {
    const { stack, key } = stackWithLogs();
    expect(
      () =>
        new ConfigCompliance(stack, 'Config', {
          deliveryBucket: lockedBucket(stack, 'Locked'),
          deliveryKey: key,
        }),
    ).toThrow(/ConfigCompliance S\/Config: the delivery bucket S\/Locked\/Resource has Object Lock enabled/);
  });

  test('ConfigCompliance accepts a ConfigDeliveryBucket', () => {
    const { stack, key, logs } = stackWithLogs();
    const bucket = new ConfigDeliveryBucket(stack, 'ConfigBucket', {
      encryptionKey: key,
      serverAccessLogsBucket: logs,
      retentionDays: 365,
    }).bucket;
    new ConfigCompliance(stack, 'Config', { deliveryBucket: bucket, deliveryKey: key, rules: [] });
    Template.fromStack(stack).resourceCountIs('AWS::Config::DeliveryChannel', 1);
  });

  function channelTo(bucketName: string, locked: boolean) {
    const { app, stack, key, logs } = stackWithLogs();
    if (locked) lockedBucket(stack, 'Archive', bucketName);
    else
      new ConfigDeliveryBucket(stack, 'ConfigBucket', {
        encryptionKey: key,
        serverAccessLogsBucket: logs,
        retentionDays: 1,
        bucketName,
      });
    // The channel of another stack names the bucket (as the member StackSet template does).
    const member = new Stack(app, 'Member');
    const channel = new config.CfnDeliveryChannel(member, 'Channel', { s3BucketName: bucketName });
    validateConfigChannelDestination(channel);
    return app;
  }

  test('a channel naming a bucket of the app fails at synth if that bucket has Object Lock', () => {
    expect(() => channelTo('org-logs', true).synth()).toThrow(
      /Delivery channel bucket 'org-logs' is S\/Archive\/Resource, which has Object Lock enabled/,
    );
  });

  test('a channel naming a bucket of the app without Object Lock synthesizes', () => {
    expect(() => channelTo('org-config', false).synth()).not.toThrow();
  });
});
