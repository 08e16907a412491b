import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecureLogGroup } from '../../../constructs/logging/secure-log-group';

test('SecureLogGroup fails if the retention is not a CloudWatch Logs value', () => {
  const stack = new Stack();
  expect(
    () => new SecureLogGroup(stack, 'L', { encryptionKey: new kms.Key(stack, 'K'), retentionDays: 100 }),
  ).toThrow(/'retentionDays' must be one of .* Received: 100/);
});
