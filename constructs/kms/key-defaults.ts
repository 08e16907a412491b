import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** What distinguishes one customer-managed key of the baseline from another. */
export interface SecureKeyOptions {
  /** Full alias, e.g. `alias/security-baseline/prod/logs`. */
  readonly alias: string;
  readonly description: string;
  /**
   * Waiting period before a scheduled deletion completes (7-30 days).
   * @default 30
   */
  readonly pendingWindowDays?: number;
}

/**
 * Key administration by the account (through IAM): every KMS action except using the key and creating
 * grants. Replaces the CDK default root `kms:*` statement, with which any principal whose IAM policy
 * allows kms:Decrypt or kms:CreateGrant could use the key directly; use is granted per key by
 * allowUseThroughServices (through its AWS services only) and by service-principal statements.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** The key policy every key starts from: administration by the account only (no use, no grants). */
function administrationOnlyPolicy(): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'KeyAdministrationByThisAccount',
        principals: [new iam.AccountRootPrincipal()],
        actions: KEY_ADMINISTRATION_ACTIONS,
        resources: ['*'],
      }),
      // AWS Control Tower proactive control CT.KMS.PR.3, in exactly the form its Guard rule requires
      // (https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html#ct-kms-pr-3-description):
      // nobody, in any account, creates a grant unless an AWS service does it for an AWS resource or is the caller.
      new iam.PolicyStatement({
        sid: 'DenyGrantsUnlessForAwsServices',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    ],
  });
}

/**
 * The baseline's key defaults (the CDK's are not secure: rotation is off by default): yearly rotation,
 * a 7-30 day deletion window, retained on stack deletion, and a key policy that allows administration
 * only (see {@link KEY_ADMINISTRATION_ACTIONS}). Used for every key the baseline creates.
 */
export function secureKeyProps(options: SecureKeyOptions): kms.KeyProps {
  const pendingWindowDays = options.pendingWindowDays ?? 30;
  if (pendingWindowDays < 7 || pendingWindowDays > 30) {
    throw new Error(`'pendingWindowDays' must be between 7 and 30 days. Received: ${pendingWindowDays}`);
  }
  return {
    alias: options.alias,
    description: options.description,
    enableKeyRotation: true,
    rotationPeriod: Duration.days(365),
    pendingWindow: Duration.days(pendingWindowDays),
    removalPolicy: RemovalPolicy.RETAIN,
    policy: administrationOnlyPolicy(),
  };
}

/**
 * Lets CloudWatch Logs of the key's region encrypt log groups of the key's account only (the
 * encryption context names the log group ARN).
 */
export function allowCloudWatchLogsEncryption(key: kms.IKey): void {
  const { account, region, partition } = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsEncryptLogGroupsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
        },
      },
    }),
  );
}

/**
 * Lets AWS services that deliver logs or publish notifications for this account (log delivery,
 * Config, CloudWatch alarms, EventBridge, ...) use the key, bound to this account by `aws:SourceAccount`.
 */
export function allowServicesOfThisAccount(
  key: kms.IKey,
  sid: string,
  servicePrincipals: readonly string[],
): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid,
      principals: servicePrincipals.map((p) => new iam.ServicePrincipal(p)),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(key).account } },
    }),
  );
}

/** Which AWS services publish to SNS topics encrypted with a key. */
export interface EncryptedTopicPublishers {
  /** EventBridge rules (`events.amazonaws.com`). */
  readonly eventBridge: boolean;
  /** CloudWatch alarm actions (`cloudwatch.amazonaws.com`). */
  readonly cloudWatchAlarms: boolean;
}

/**
 * Lets AWS services publish to the SNS topics of the key's account and region that are encrypted with it
 * (kms:GenerateDataKey* and kms:Decrypt, which SNS calls on the publisher's behalf), bound to those topics
 * by the encryption context SNS sets (`aws:sns:topicArn`).
 *
 * EventBridge's statement carries no `aws:SourceAccount`/`aws:SourceArn`: the Amazon SNS Developer Guide
 * ("Key management", compatibility with AWS services) says these keys in a KMS policy are not supported for
 * EventBridge-to-encrypted topics, and with them every rule target fails. The topic policy pins the source
 * instead (SecurityTopic). CloudWatch presents them, so its statement requires this account as the source.
 */
export function allowPublishingToEncryptedTopics(key: kms.IKey, publishers: EncryptedTopicPublishers): void {
  const { account, region, partition } = Stack.of(key);
  const topicsOfThisAccount = {
    ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${partition}:sns:${region}:${account}:*` },
  };
  const statement = (sid: string, principal: string, extra: Record<string, Record<string, string>> = {}) =>
    new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal(principal)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { ...topicsOfThisAccount, ...extra },
    });
  if (publishers.eventBridge) {
    key.addToResourcePolicy(
      statement('EventBridgePublishesToEncryptedTopicsOfThisAccount', 'events.amazonaws.com'),
    );
  }
  if (publishers.cloudWatchAlarms) {
    key.addToResourcePolicy(
      statement('CloudWatchAlarmsPublishToEncryptedTopicsOfThisAccount', 'cloudwatch.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': account },
      }),
    );
  }
}
