import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecureBucket } from '../../../constructs/storage/secure-bucket';

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
