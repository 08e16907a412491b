import * as sns from 'aws-cdk-lib/aws-sns';
import type { RotatingSecretProps } from '../../constructs/data/rotating-secret/rotating-secret';
import type { DataFixture } from './data-fixture';

const topics = new WeakMap<DataFixture, sns.Topic>();

/** The fixture stack's security topic (one per fixture). */
export function topicOf(f: DataFixture): sns.Topic {
  const topic = topics.get(f) ?? new sns.Topic(f.stack, 'SecurityTopic', { enforceSSL: true });
  topics.set(f, topic);
  return topic;
}

/** RotatingSecret props for a unit test: a webhook-signing key rotated every 30 days in the fixture. */
export function rotatingSecretProps(
  f: DataFixture,
  overrides: Partial<RotatingSecretProps> = {},
): RotatingSecretProps {
  return {
    secretName: 'platform/api-keys/webhook-signing',
    description: 'Signs webhook payloads',
    encryptionKey: f.keys.secrets,
    rotationDays: 30,
    logKey: f.keys.logs,
    logRetentionDays: 90,
    vpc: f.vpc,
    vpcSubnets: f.appSubnets,
    endpointsSecurityGroup: f.endpointsSecurityGroup,
    alarmTopic: topicOf(f),
    ...overrides,
  };
}
