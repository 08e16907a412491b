import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { eventRulesOfThisAccount } from '../iam/event-rule-principal';
import { ManagedPolicyRole } from '../iam/managed-policy-role';

export interface OrganizationTopicPublisherProps {
  /**
   * Role name: the organization topic's policy and its key's policy admit this name (`aws:PrincipalArn`) from
   * accounts of the organization, so it is the same in every member account.
   */
  readonly roleName: string;
  /** ARN of the encrypted topic in another account of the same region (the organization security topic). */
  readonly topicArn: string;
  /** Account that owns the topic and its KMS key. */
  readonly topicAccount: string;
}

/**
 * The execution role EventBridge assumes to deliver a rule's events to an SNS topic in another account of the
 * organization. EventBridge sends to a cross-account SNS target only through such a role, in the same region,
 * and the topic's resource policy must admit the role (EventBridge User Guide, "Sending events to an AWS
 * service in another account": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html).
 * SNS then encrypts with the topic's KMS key on behalf of the publishing role, so the role needs
 * kms:GenerateDataKey and kms:Decrypt on that key (SNS Developer Guide, "Key management":
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html), here only through SNS
 * (`kms:ViaService`) and for that topic (encryption context `aws:sns:topicArn`).
 */
export class OrganizationTopicPublisher extends Construct {
  public readonly role: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: OrganizationTopicPublisherProps) {
    super(scope, id);
    const { partition, region } = Stack.of(this);
    this.role = new ManagedPolicyRole(this, 'Role', {
      roleName: props.roleName,
      assumedBy: eventRulesOfThisAccount(this),
      description: 'EventBridge delivers this account rules to the organization security topic',
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PublishToTheOrganizationTopic',
        actions: ['sns:Publish'],
        resources: [props.topicArn],
      }),
    );
    const keyUse = new iam.PolicyStatement({
      sid: 'EncryptForTheOrganizationTopicThroughSns',
      // SNS calls GenerateDataKey (not the WithoutPlaintext variant) and Decrypt for the publisher.
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [`arn:${partition}:kms:${region}:${props.topicAccount}:key/*`],
      conditions: {
        StringEquals: {
          'kms:ViaService': `sns.${region}.amazonaws.com`,
          'kms:EncryptionContext:aws:sns:topicArn': props.topicArn,
        },
      },
    });
    this.role.addToPrincipalPolicy(keyUse);
    acknowledgeRule(
      this.role.policy!,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${Token.isUnresolved(region) ? '<AWS::Region>' : region}:${props.topicAccount}:key/*]`,
      "The topic's key id is generated in the security tooling account and cannot be known to a template every member account deploys; the statement is limited to that account's keys, used through SNS (kms:ViaService) for the organization topic only (kms:EncryptionContext:aws:sns:topicArn)",
    );
  }
}
