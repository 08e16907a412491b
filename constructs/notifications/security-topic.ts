import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { Stack } from 'aws-cdk-lib';

export interface SecurityTopicProps {
  /** KMS key the topic encrypts messages with; its policy must let CloudWatch and EventBridge use it. */
  readonly encryptionKey: kms.IKey;
  /**
   * Email addresses subscribed to the topic (each must confirm the subscription).
   * @default - no subscriptions
   */
  readonly emails?: readonly string[];
  /**
   * Display name shown in email notifications.
   * @default 'Security notifications'
   */
  readonly displayName?: string;
}

/**
 * The security-notifications topic every alarm and finding rule publishes to: KMS-encrypted,
 * TLS-only topic policy, and publishing allowed only to CloudWatch alarms and EventBridge rules of this
 * account and region (`aws:SourceArn`, which both services present to SNS; EventBridge cannot be bound
 * that way in the key policy, so the topic policy is where its source is pinned). Individual rule and alarm
 * ARNs are not listed: a topic has one policy, and the rules and alarms live in stacks deployed after it.
 */
export class SecurityTopic extends Construct {
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: SecurityTopicProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    this.topic = new sns.Topic(this, 'Resource', {
      displayName: props.displayName ?? 'Security notifications',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmAndEventPublishingFromThisAccount',
        principals: [
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('events.amazonaws.com'),
        ],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: {
            'aws:SourceArn': [
              `arn:${partition}:cloudwatch:${region}:${account}:alarm:*`,
              `arn:${partition}:events:${region}:${account}:rule/*`,
            ],
          },
        },
      }),
    );
    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new subs.EmailSubscription(email));
    }
  }
}
