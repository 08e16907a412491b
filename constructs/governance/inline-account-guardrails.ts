import { CfnResource, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { SecureFunction } from '../compute/secure-function';
import {
  ACCOUNT_GUARDRAIL_ACTIONS,
  checkPasswordPolicy,
  IMDS_V2_DEFAULTS,
  passwordPolicyParameters,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK,
} from './account-guardrails';

/** One AWS SDK for JavaScript v3 call the handler makes: `new <client>(...).send(new <command>Command(input))`. */
export interface GuardrailCall {
  /** Package suffix of `@aws-sdk/client-<service>` (bundled in the Lambda Node.js runtime). */
  readonly service: 'iam' | 's3-control' | 'ec2';
  readonly client: string;
  readonly command: string;
  readonly input: Record<string, unknown>;
}

/**
 * The handler, deployed inline (no asset): applies the calls of `Calls` (a JSON string, so numbers and
 * booleans keep their types) on create and update, leaves the settings in place on delete, and answers
 * CloudFormation itself (no cfn-response module, no provider framework).
 */
export const GUARDRAILS_HANDLER = `exports.handler = async (e, ctx) => {
  let Status = 'SUCCESS', Reason = '';
  try {
    if (e.RequestType !== 'Delete') {
      for (const c of JSON.parse(e.ResourceProperties.Calls)) {
        const m = require('@aws-sdk/client-' + c.service);
        await new m[c.client]({}).send(new m[c.command + 'Command'](c.input));
      }
    }
  } catch (err) {
    Status = 'FAILED';
    Reason = String((err && err.message) || err).slice(0, 400) + ' (log stream ' + ctx.logStreamName + ')';
  }
  const body = JSON.stringify({ Status, Reason, PhysicalResourceId: e.LogicalResourceId,
    StackId: e.StackId, RequestId: e.RequestId, LogicalResourceId: e.LogicalResourceId });
  await fetch(e.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
};
`;

export interface InlineAccountGuardrailsProps {
  /**
   * Minimum IAM user password length (CIS: >= 14).
   * @default 14
   */
  readonly iamPasswordMinLength?: number;
  /** Days before an IAM user password expires (1-1095). */
  readonly iamPasswordMaxAgeDays: number;
  /** Name of the handler's role (unique per region: IAM names are global to the account). */
  readonly roleName: string;
  /** Retention of the handler's log group, in days (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
  /**
   * Key of the handler's log group.
   * @default - none: the log group is encrypted by CloudWatch Logs with its service key
   */
  readonly logKey?: kms.IKey;
}

/**
 * The account guardrails of `AccountGuardrails` (same inputs: password policy, S3 account Block Public
 * Access, EBS encryption by default, IMDSv2 defaults) for templates that cannot use CDK assets (StackSet
 * member templates): one Node.js function with inline code. `accountWide` holds the settings that exist
 * once per account (password policy, S3 BPA); `regional` those of this region (EBS encryption by default with
 * the `aws/ebs` key, IMDSv2). The caller puts each under the CloudFormation condition it needs.
 */
export class InlineAccountGuardrails extends Construct {
  public readonly function: SecureFunction;
  public readonly accountWide: CustomResource;
  public readonly regional: CustomResource;

  constructor(scope: Construct, id: string, props: InlineAccountGuardrailsProps) {
    super(scope, id);
    const minLength = props.iamPasswordMinLength ?? 14;
    checkPasswordPolicy(minLength, props.iamPasswordMaxAgeDays);
    const stack = Stack.of(this);

    this.function = new SecureFunction(this, 'Handler', {
      inlineCode: GUARDRAILS_HANDLER,
      description: 'Applies the account guardrails (password policy, S3 BPA, EBS encryption, IMDSv2)',
      logKey: props.logKey,
      unencryptedLogReason: props.logKey
        ? undefined
        : 'StackSet member template: a customer managed key per account and region only for this log group would cost more than the few deploy-time lines it holds; CloudWatch Logs encrypts them at rest with its own key',
      logRetentionDays: props.logRetentionDays,
      timeout: Duration.minutes(2),
      outsideVpcReason:
        'Called only by CloudFormation during stack operations; it calls account-level IAM, S3 Control and EC2 APIs and handles no application data',
      deadLetterQueueExemptionReason:
        'Invoked only by CloudFormation, which waits for the answer and fails the stack operation on an error; there is no asynchronous event to keep',
    });
    const role = this.function.role;
    (role.node.defaultChild as iam.CfnRole).roleName = props.roleName;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SetAccountGuardrails',
        // The EBS default key stays the AWS managed aws/ebs key: a member template creates no key.
        actions: ACCOUNT_GUARDRAIL_ACTIONS.filter((a) => a !== 'ec2:ModifyEbsDefaultKmsKeyId'),
        resources: ['*'],
      }),
    );
    acknowledgeRule(
      role.policy!,
      'AwsSolutions-IAM5[Resource::*]',
      'Account-level settings have no resource ARN: iam:UpdateAccountPasswordPolicy, s3:PutAccountPublicAccessBlock and the EC2 account defaults support only Resource * (Service Authorization Reference); the role may call nothing else',
    );

    const apply = (cid: string, calls: GuardrailCall[]) =>
      new CustomResource(this, cid, {
        serviceToken: this.function.function.functionArn,
        resourceType: 'Custom::AccountGuardrail',
        properties: { Calls: stack.toJsonString(calls) },
      });
    this.accountWide = apply('AccountWide', [
      {
        service: 'iam',
        client: 'IAMClient',
        command: 'UpdateAccountPasswordPolicy',
        input: passwordPolicyParameters(minLength, props.iamPasswordMaxAgeDays),
      },
      {
        service: 's3-control',
        client: 'S3ControlClient',
        command: 'PutPublicAccessBlock',
        input: { AccountId: stack.account, PublicAccessBlockConfiguration: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK },
      },
    ]);
    this.regional = apply('Regional', [
      { service: 'ec2', client: 'EC2Client', command: 'EnableEbsEncryptionByDefault', input: {} },
      {
        service: 'ec2',
        client: 'EC2Client',
        command: 'ModifyInstanceMetadataDefaults',
        input: IMDS_V2_DEFAULTS,
      },
    ]);
  }

  /** The CloudFormation resource of `resource` (to set a condition on it). */
  public static cfn(resource: CustomResource): CfnResource {
    return resource.node.defaultChild as CfnResource;
  }
}
