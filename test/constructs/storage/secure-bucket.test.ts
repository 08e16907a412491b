import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import type { PolicySimulator } from '../../../proofs/policy-simulation';
import { ALLOW_ALL, stackSimulator } from '../../support/simulator';

const REPLICATION = 'Kept in one region on purpose for this unit test fixture';

describe('SecureBucket', () => {
  test('fails if neither a KMS key nor a reason for SSE-S3 is given', () => {
    expect(
      () =>
        new SecureBucket(new Stack(), 'B', {
          accessLogsExemptionReason: 'x'.repeat(30),
          replicationExemptionReason: REPLICATION,
        }),
    ).toThrow(/give 'encryptionKey', or 's3ManagedEncryptionReason'/);
  });

  test('fails if access logging is neither configured nor exempted with a reason', () => {
    const stack = new Stack();
    expect(
      () =>
        new SecureBucket(stack, 'B', {
          encryptionKey: new kms.Key(stack, 'K'),
          replicationExemptionReason: REPLICATION,
        }),
    ).toThrow(/give 'serverAccessLogsBucket', or 'accessLogsExemptionReason'/);
  });

  test('fails if the replication exemption reason is vague', () => {
    const stack = new Stack();
    expect(
      () =>
        new SecureBucket(stack, 'B', {
          encryptionKey: new kms.Key(stack, 'K'),
          accessLogsExemptionReason: 'x'.repeat(30),
          replicationExemptionReason: 'n/a',
        }),
    ).toThrow(/too vague/);
  });

  test('Object Lock in compliance mode sets the default retention', () => {
    const stack = new Stack();
    const { bucket } = new SecureBucket(stack, 'B', {
      encryptionKey: new kms.Key(stack, 'K'),
      accessLogsExemptionReason: 'x'.repeat(30),
      replicationExemptionReason: REPLICATION,
      objectLock: { mode: 'COMPLIANCE', days: 365 },
    });
    const cfn = stack.resolve((bucket.node.defaultChild as any).objectLockConfiguration);
    expect(cfn).toEqual({
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'COMPLIANCE', days: 365 } },
    });
  });
});

describe('SecureBucket properties', () => {
  let template: Template;
  let stack: Stack;
  let key: kms.Key;
  let logs: s3.Bucket;
  let dataBucketConstruct: s3.Bucket;
  beforeAll(() => {
    stack = new Stack();
    key = new kms.Key(stack, 'K');
    logs = new s3.Bucket(stack, 'AccessLogs');
    dataBucketConstruct = new SecureBucket(stack, 'Data', {
      encryptionKey: key,
      serverAccessLogsBucket: logs,
      replicationExemptionReason: REPLICATION,
    }).bucket;
    template = Template.fromStack(stack);
  });
  const dataBucket = () =>
    Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('Data'))![1];
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(c.node.defaultChild as never);

  test('blocks all public access', () => {
    expect(dataBucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  // The bucket policy as S3 evaluates it, for a role of the bucket's account that IAM allows everything: S3 sets
  // aws:SecureTransport on every request and s3:TlsVersion (the TLS version, e.g. "1.2") on requests over TLS
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
  describe('the bucket policy, as S3 evaluates it', () => {
    const ACCOUNT = '111111111111';
    let sim: PolicySimulator;
    let bucketArn: string;
    beforeAll(() => {
      sim = stackSimulator(template, { account: ACCOUNT, region: 'eu-west-1' });
      bucketArn = sim.assembly.arn(
        sim.assembly.resource(sim.assembly.stacks[0], logicalId(dataBucketConstruct)),
      );
    });
    const request = (action: string, resource: string, context: Record<string, string>) =>
      sim.simulate(
        { principal: `arn:aws:iam::${ACCOUNT}:role/admin`, action, resource, context },
        { identityPolicies: ALLOW_ALL },
      );

    test('denies requests without TLS', async () => {
      // Objects and the bucket itself.
      for (const [action, resource] of [
        ['s3:GetObject', `${bucketArn}/reports/2024.csv`],
        ['s3:PutObject', `${bucketArn}/reports/2024.csv`],
        ['s3:ListBucket', bucketArn],
      ]) {
        const outcome = await request(action, resource, { 'aws:SecureTransport': 'false' });
        expect([action, outcome.decision]).toEqual([action, 'ExplicitlyDenied']);
      }
    });

    test('denies TLS versions below 1.2', async () => {
      for (const version of ['1.0', '1.1']) {
        const outcome = await request('s3:GetObject', `${bucketArn}/reports/2024.csv`, {
          'aws:SecureTransport': 'true',
          's3:TlsVersion': version,
        });
        expect([version, outcome.decision]).toEqual([version, 'ExplicitlyDenied']);
      }
      // The allowed twin: TLS 1.2 is not denied by the bucket policy.
      const tls12 = await request('s3:GetObject', `${bucketArn}/reports/2024.csv`, {
        'aws:SecureTransport': 'true',
        's3:TlsVersion': '1.2',
      });
      expect(tls12.decision).toBe('Allowed');
    });
  });

  test('enforces bucket-owner object ownership (ACLs disabled)', () => {
    expect(dataBucket().Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
  });

  test('encrypts by default with the given KMS key and S3 Bucket Keys', () => {
    expect(dataBucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(key), 'Arn'] },
          },
        },
      ],
    });
  });

  test('versions every object', () => {
    expect(dataBucket().Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('logs access to the given bucket under its construct id', () => {
    expect(dataBucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(logs) },
      LogFilePrefix: 'Data/',
    });
  });

  test('deletes replaced or deleted versions after 90 days by default (secure deletion)', () => {
    expect(dataBucket().Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }),
    ]);
  });

  test('aborts incomplete multipart uploads after 7 days', () => {
    expect(dataBucket().Properties.LifecycleConfiguration.Rules[0].AbortIncompleteMultipartUpload).toEqual({
      DaysAfterInitiation: 7,
    });
  });

  test('keeps current objects until deleted unless an expiry is given', () => {
    expect(dataBucket().Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBeUndefined();
  });

  test('has no Object Lock unless asked', () => {
    expect(dataBucket().Properties.ObjectLockEnabled).toBeUndefined();
  });

  test('is retained when removed from the stack', () => {
    const bucket = dataBucket();
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
  });

  test('applies the configured expiry and noncurrent-version retention', () => {
    const s = new Stack();
    new SecureBucket(s, 'B', {
      encryptionKey: new kms.Key(s, 'K'),
      accessLogsExemptionReason: 'x'.repeat(30),
      replicationExemptionReason: REPLICATION,
      expirationDays: 365,
      noncurrentVersionExpirationDays: 30,
    });
    Template.fromStack(s).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        ],
      },
    });
  });

  test('Object Lock in governance mode sets the default retention', () => {
    const s = new Stack();
    new SecureBucket(s, 'B', {
      encryptionKey: new kms.Key(s, 'K'),
      accessLogsExemptionReason: 'x'.repeat(30),
      replicationExemptionReason: REPLICATION,
      objectLock: { mode: 'GOVERNANCE', days: 30 },
    });
    Template.fromStack(s).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    });
  });

  test('with a stated reason, encrypts with SSE-S3 (AES256) as the only default encryption', () => {
    const s = new Stack();
    new SecureBucket(s, 'B', {
      s3ManagedEncryptionReason: 'S3 server access log delivery supports only SSE-S3 on the target bucket',
      accessLogsExemptionReason: 'x'.repeat(30),
      replicationExemptionReason: REPLICATION,
    });
    const [bucket] = Object.values(Template.fromStack(s).findResources('AWS::S3::Bucket'));
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  test('uses SSE-S3 only with a stated reason, and acknowledges the KMS rules with it', () => {
    const findings = nagFindingsOf((s) => {
      new SecureBucket(s, 'B', {
        s3ManagedEncryptionReason: 'S3 server access log delivery supports only SSE-S3 on the target bucket',
        accessLogsExemptionReason: 'x'.repeat(30),
        replicationExemptionReason: REPLICATION,
      });
    });
    expect(findings.filter((f) => f.rule.includes('S3DefaultEncryptionKMS')).map(formatFinding)).toEqual([]);
  });

  test('a KMS bucket with access logs raises no cdk-nag finding of any pack', () => {
    const findings = nagFindingsOf((s) => {
      const k = new kms.Key(s, 'K', { enableKeyRotation: true });
      // An existing log bucket: the app's is a SecureBucket of its own (Foundation stack).
      const target = s3.Bucket.fromBucketName(s, 'Logs', 'access-logs-bucket');
      new SecureBucket(s, 'B', {
        encryptionKey: k,
        serverAccessLogsBucket: target,
        replicationExemptionReason: REPLICATION,
      });
    });
    expect(findings.filter((f) => f.path.includes('/B/')).map(formatFinding)).toEqual([]);
  });

  test('fails if both a KMS key and an SSE-S3 reason are given', () => {
    const s = new Stack();
    expect(
      () =>
        new SecureBucket(s, 'B', {
          encryptionKey: new kms.Key(s, 'K'),
          s3ManagedEncryptionReason: 'x'.repeat(30),
          accessLogsExemptionReason: 'x'.repeat(30),
          replicationExemptionReason: REPLICATION,
        }),
    ).toThrow(/'encryptionKey' and 's3ManagedEncryptionReason' are exclusive/);
  });

  test('fails if noncurrent versions would be kept less than a day', () => {
    const s = new Stack();
    expect(
      () =>
        new SecureBucket(s, 'B', {
          encryptionKey: new kms.Key(s, 'K'),
          accessLogsExemptionReason: 'x'.repeat(30),
          replicationExemptionReason: REPLICATION,
          noncurrentVersionExpirationDays: 0,
        }),
    ).toThrow("'noncurrentVersionExpirationDays' must be at least 1. Received: 0");
  });

  test('fails if the Object Lock retention is shorter than a day', () => {
    const s = new Stack();
    expect(
      () =>
        new SecureBucket(s, 'B', {
          encryptionKey: new kms.Key(s, 'K'),
          accessLogsExemptionReason: 'x'.repeat(30),
          replicationExemptionReason: REPLICATION,
          objectLock: { mode: 'COMPLIANCE', days: 0 },
        }),
    ).toThrow("'objectLock.days' must be at least 1. Received: 0");
  });
});
