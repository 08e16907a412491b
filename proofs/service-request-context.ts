/**
 * THE table of what each AWS service presents when it delivers an alert: the principal it calls as, the
 * actions, and the request context keys it sets. Delivery proofs (test/lib/alert-delivery.test.ts) simulate
 * exactly these requests against the synthesized policies; a key a service does not send is absent here,
 * so a policy that requires it is denied, as it would be in AWS.
 *
 * | Row | Principal | Actions | Context keys the service sets | Source |
 * | --- | --- | --- | --- | --- |
 * | eventBridgePublish | events.amazonaws.com | sns:Publish (rule target) | aws:SourceArn = rule ARN, aws:SourceAccount = rule account, aws:SecureTransport = true | [1] |
 * | eventBridgeTopicKey | events.amazonaws.com | kms:GenerateDataKey, kms:Decrypt (SNS on its behalf, topic key) | kms:EncryptionContext:aws:sns:topicArn = topic ARN; NOT aws:SourceAccount / aws:SourceArn / aws:SourceOrgID | [2], [3] |
 * | cloudWatchPublish | cloudwatch.amazonaws.com | sns:Publish (alarm action) | aws:SourceArn = alarm ARN, aws:SourceAccount = alarm account, aws:SecureTransport = true | [4] |
 * | cloudWatchTopicKey | cloudwatch.amazonaws.com | kms:GenerateDataKey, kms:Decrypt (topic key) | kms:EncryptionContext:aws:sns:topicArn = topic ARN, aws:SourceAccount, aws:SourceArn = alarm ARN | [2], [3], [5] |
 * | eventBridgeAssumeTargetRole | events.amazonaws.com | sts:AssumeRole (target role: Step Functions, event bus in another region) | aws:SourceArn = rule ARN, aws:SourceAccount = rule account | [6] |
 * | eventBridgeInvokeFunction | events.amazonaws.com | lambda:InvokeFunction (Lambda target) | aws:SourceArn = rule ARN, aws:SourceAccount = rule account | [1] |
 * | executionRolePublish | a session of the rule's execution role | sns:Publish (SNS topic of another account) | aws:PrincipalArn = role ARN, aws:PrincipalAccount = rule account, aws:PrincipalOrgID = its organization, aws:SecureTransport = true | [7] |
 * | executionRoleTopicKey | a session of the rule's execution role | kms:GenerateDataKey, kms:Decrypt (SNS on its behalf, topic key of the other account) | the principal keys above, kms:ViaService = sns.<topic region>.amazonaws.com, kms:CallerAccount = rule account, kms:EncryptionContext:aws:sns:topicArn = topic ARN | [2], [3], [7], [8] |
 *
 * [1] EventBridge User Guide, "Using resource-based policies for Amazon EventBridge" (SNS and Lambda
 *     permissions, `aws:SourceArn` = the rule ARN):
 *     https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 * [2] Amazon SNS Developer Guide, "Key management", "Enable compatibility between event sources from AWS
 *     services and encrypted topics": the service principal needs kms:GenerateDataKey* and kms:Decrypt; "Adding
 *     the aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not supported for
 *     EventBridge-to-encrypted topics":
 *     https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * [3] SNS binds the data key to the topic with the encryption context `aws:sns:topicArn` (key policy example
 *     with `kms:EncryptionContext:aws:sns:topicArn` in the Amazon GameLift guide, "Set up an SNS topic with
 *     server-side encryption"):
 *     https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html
 * [4] Amazon SNS Developer Guide, "Example cases for Amazon SNS access control" (`aws:SourceArn` /
 *     `aws:SourceAccount` for AWS service publishers):
 *     https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 * [5] Amazon CloudWatch User Guide, "Using Amazon CloudWatch alarms" (SNS topic encrypted with a customer
 *     managed key; the source keys are supported for CloudWatch, unlike EventBridge):
 *     https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 * [6] EventBridge User Guide, "Cross-service confused deputy prevention" (`aws:SourceArn` / `aws:SourceAccount`
 *     in the trust policy of target roles):
 *     https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html
 * [7] EventBridge User Guide, "Sending events to an AWS service in another account" (SNS is a supported
 *     cross-account target in the same region; EventBridge assumes an execution role of the rule's account,
 *     which the target's resource policy must admit):
 *     https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html
 * [8] AWS KMS Developer Guide, "kms:ViaService" (SNS calls KMS on behalf of the publishing principal, as
 *     sns.<region>.amazonaws.com) and "kms:CallerAccount":
 *     https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */

export type RequestContext = Record<string, string>;

/** What a row's context is built from: the route's ARNs (and, for an execution role, its organization). */
export interface RouteFacts {
  readonly sourceArn: string;
  /** Account of the rule or alarm. */
  readonly account: string;
  readonly topicArn?: string;
  /** The rule's execution role (cross-account targets). */
  readonly roleArn?: string;
  /** AWS Organizations id of the rule's account (cross-account targets). */
  readonly organizationId?: string;
}

/** One row of the table: who calls, what, and the context the service really sends. */
export interface ServiceCall {
  readonly principal: string;
  readonly actions: readonly string[];
  /** The context keys, from the route's concrete ARNs. */
  readonly context: (route: RouteFacts) => RequestContext;
  /** AWS documentation for this row. */
  readonly source: string;
}

const SNS_KEY_MANAGEMENT =
  'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services';

function topicArnOf(route: { topicArn?: string }): string {
  if (!route.topicArn) throw new Error('a topic-key call needs the topic ARN of the route');
  return route.topicArn;
}

const EVENTBRIDGE_CROSS_ACCOUNT =
  'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html';

/** A session of the execution role `roleArn` (what the target's service sees as the caller). */
export function roleSession(roleArn: string, session = 'events'): string {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!m) throw new Error(`roleSession: ${roleArn} is not a role ARN`);
  return `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/${session}`;
}

/** The global keys AWS sets for a call made by a session of the execution role. */
function executionRoleKeys(route: RouteFacts): RequestContext {
  if (!route.roleArn) throw new Error('an execution-role call needs the role ARN of the route');
  if (!route.organizationId) {
    throw new Error(
      `${route.sourceArn}: a cross-account delivery needs the organization id of the rule's account`,
    );
  }
  return {
    'aws:PrincipalArn': route.roleArn,
    'aws:PrincipalAccount': route.account,
    'aws:PrincipalOrgID': route.organizationId,
    'aws:PrincipalIsAWSService': 'false',
  };
}

export const SERVICE_CALLS = {
  eventBridgePublish: {
    principal: 'events.amazonaws.com',
    actions: ['sns:Publish'],
    context: ({ sourceArn, account }) => ({
      'aws:SourceArn': sourceArn,
      'aws:SourceAccount': account,
      'aws:SecureTransport': 'true',
    }),
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html',
  },
  eventBridgeTopicKey: {
    principal: 'events.amazonaws.com',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    // Deliberately no aws:SourceAccount / aws:SourceArn: SNS does not present them for EventBridge [2].
    context: (route) => ({ 'kms:EncryptionContext:aws:sns:topicArn': topicArnOf(route) }),
    source: SNS_KEY_MANAGEMENT,
  },
  cloudWatchPublish: {
    principal: 'cloudwatch.amazonaws.com',
    actions: ['sns:Publish'],
    context: ({ sourceArn, account }) => ({
      'aws:SourceArn': sourceArn,
      'aws:SourceAccount': account,
      'aws:SecureTransport': 'true',
    }),
    source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html',
  },
  cloudWatchTopicKey: {
    principal: 'cloudwatch.amazonaws.com',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    context: (route) => ({
      'kms:EncryptionContext:aws:sns:topicArn': topicArnOf(route),
      'aws:SourceArn': route.sourceArn,
      'aws:SourceAccount': route.account,
    }),
    source: SNS_KEY_MANAGEMENT,
  },
  eventBridgeAssumeTargetRole: {
    principal: 'events.amazonaws.com',
    actions: ['sts:AssumeRole'],
    context: ({ sourceArn, account }) => ({ 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account }),
    source:
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
  },
  executionRolePublish: {
    principal: 'a session of the execution role',
    actions: ['sns:Publish'],
    context: (route) => ({ ...executionRoleKeys(route), 'aws:SecureTransport': 'true' }),
    source: EVENTBRIDGE_CROSS_ACCOUNT,
  },
  executionRoleTopicKey: {
    principal: 'a session of the execution role',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    context: (route) => ({
      ...executionRoleKeys(route),
      'kms:ViaService': `sns.${topicArnOf(route).split(':')[3]}.amazonaws.com`,
      'kms:CallerAccount': route.account,
      'kms:EncryptionContext:aws:sns:topicArn': topicArnOf(route),
    }),
    source: SNS_KEY_MANAGEMENT,
  },
  eventBridgeInvokeFunction: {
    principal: 'events.amazonaws.com',
    actions: ['lambda:InvokeFunction'],
    context: ({ sourceArn, account }) => ({ 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account }),
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html',
  },
} as const satisfies Record<string, ServiceCall>;
