import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecureLogGroup } from '../../../constructs/logging/secure-log-group';

test('SecureLogGroup fails if the retention is not a CloudWatch Logs value', () => {
  const stack = new Stack();
  expect(
    () => new SecureLogGroup(stack, 'L', { encryptionKey: new kms.Key(stack, 'K'), retentionDays: 100 }),
  ).toThrow(/'retentionDays' must be one of .* Received: 100/);
});

test('SecureLogGroup fails if neither a key nor a reason to go without one is given', () => {
  const stack = new Stack();
  expect(() => new SecureLogGroup(stack, 'L', { retentionDays: 30 })).toThrow(
    /give exactly one of 'encryptionKey' or 'unencryptedReason'/,
  );
});

test('SecureLogGroup fails if both a key and a reason to go without one are given', () => {
  const stack = new Stack();
  expect(
    () =>
      new SecureLogGroup(stack, 'L', {
        encryptionKey: new kms.Key(stack, 'K'),
        unencryptedReason: 'the delivering service rejects KMS-encrypted log groups',
        retentionDays: 30,
      }),
  ).toThrow(/give exactly one of/);
});
