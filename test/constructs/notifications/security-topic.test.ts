import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecurityTopic } from '../../../constructs/notifications/security-topic';

// What the organization publishers' statements allow is proven over the synthesized Org stage
// (test/proofs/org-alert-delivery.test.ts); these are the construct's input checks, no synthesis.
const ENV = { account: '111111111111', region: 'eu-west-1' };
const PUBLISHERS = { organizationId: 'o-a1b2c3d4e5', roleName: 'security-baseline-org-notify' };

describe('SecurityTopic organizationPublishers', () => {
  test('fails if the topic has no name (the key policy names the topic by its ARN)', () => {
    const stack = new Stack(undefined, undefined, { env: ENV });
    const encryptionKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expect(
      () => new SecurityTopic(stack, 'Topic', { encryptionKey, organizationPublishers: PUBLISHERS }),
    ).toThrow("SecurityTopic Default/Topic: 'organizationPublishers' needs a 'topicName'");
  });

  test('fails if the key is imported (its policy cannot admit the publisher roles)', () => {
    const stack = new Stack(undefined, undefined, { env: ENV });
    const encryptionKey = kms.Key.fromKeyArn(
      stack,
      'Key',
      `arn:${stack.partition}:kms:${ENV.region}:${ENV.account}:key/00000000-0000-0000-0000-000000000000`,
    );
    expect(
      () =>
        new SecurityTopic(stack, 'Topic', {
          encryptionKey,
          topicName: 'org-findings',
          organizationPublishers: PUBLISHERS,
        }),
    ).toThrow("SecurityTopic Default/Topic: 'organizationPublishers' needs a key of this stack");
  });
});
