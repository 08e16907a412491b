import { Duration, Stack } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { SecureLogGroup } from '../logging/secure-log-group';

/** IAM password reuse prevention this baseline sets (CIS AWS Foundations: 24). */
export const IAM_PASSWORD_REUSE_PREVENTION = 24;

/** IAM UpdateAccountPasswordPolicy input of the baseline (CIS AWS Foundations 1.8/1.9). */
export function passwordPolicyParameters(minLength: number, maxAgeDays: number): Record<string, unknown> {
  return {
    MinimumPasswordLength: minLength,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true,
    MaxPasswordAge: maxAgeDays,
    PasswordReusePrevention: IAM_PASSWORD_REUSE_PREVENTION,
    HardExpiry: false,
  };
}

/** S3 account-level Block Public Access: all four settings on. */
export const S3_ACCOUNT_PUBLIC_ACCESS_BLOCK = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
} as const;

/** EC2 ModifyInstanceMetadataDefaults input: IMDSv2 (session tokens) for new instances. */
export const IMDS_V2_DEFAULTS = { HttpTokens: 'required' } as const;

/** The account-level calls that apply the guardrails (none has a resource ARN). */
export const ACCOUNT_GUARDRAIL_ACTIONS = [
  'iam:UpdateAccountPasswordPolicy',
  's3:PutAccountPublicAccessBlock',
  'ec2:EnableEbsEncryptionByDefault',
  'ec2:ModifyEbsDefaultKmsKeyId',
  'ec2:ModifyInstanceMetadataDefaults',
] as const;

/** Checks the password policy settings the guardrail constructs accept; throws naming the bad value. */
export function checkPasswordPolicy(minLength: number, maxAgeDays: number): void {
  if (!Number.isInteger(minLength) || minLength < 14 || minLength > 128) {
    throw new Error(`'iamPasswordMinLength' must be between 14 and 128 (CIS). Received: ${minLength}`);
  }
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1 || maxAgeDays > 1095) {
    throw new Error(`'iamPasswordMaxAgeDays' must be 1-1095. Received: ${maxAgeDays}`);
  }
}

export interface AccountGuardrailsProps {
  /**
   * Minimum IAM user password length (CIS: >= 14).
   * @default 14
   */
  readonly iamPasswordMinLength?: number;
  /** Days before an IAM user password expires (1-1095). */
  readonly iamPasswordMaxAgeDays: number;
  /** Key that new EBS volumes in this stack's region are encrypted with by default. */
  readonly ebsDefaultKey: kms.IKey;
  /**
   * Further regions that get EBS encryption by default (with the AWS managed `aws/ebs` key, since
   * `ebsDefaultKey` is regional) and the IMDSv2 instance-metadata default.
   * @default - none
   */
  readonly additionalRegions?: readonly string[];
  /**
   * Days without use after which IAM Access Analyzer reports access as unused (1-365).
   * @default 90
   */
  readonly unusedAccessAgeDays?: number;
  /** Prefix of the analyzer names, e.g. `security-baseline-prod`. */
  readonly analyzerNamePrefix: string;
  /** Key of the custom-resource provider's log group. */
  readonly logKey: kms.IKey;
  /** Retention of the custom-resource provider's log group, in days. */
  readonly logRetentionDays: number;
}

/**
 * Account-level settings that CloudFormation has no resource for, applied through `AwsCustomResource`
 * calls with one least-privilege role: the IAM account password policy (CIS), S3 account-level Block
 * Public Access, EBS encryption by default (with the given key in this region) and IMDSv2 as the
 * default for new instances. Plus IAM Access Analyzer: an external-access and an unused-access
 * analyzer. Deleting the stack leaves the settings in place on purpose (no onDelete call).
 */
export class AccountGuardrails extends Construct {
  /** Role of the custom-resource provider (shared by every AwsCustomResource of the stack). */
  public readonly providerRole: ManagedPolicyRole;
  public readonly externalAccessAnalyzer: accessanalyzer.CfnAnalyzer;
  public readonly unusedAccessAnalyzer: accessanalyzer.CfnAnalyzer;

  constructor(scope: Construct, id: string, props: AccountGuardrailsProps) {
    super(scope, id);
    const minLength = props.iamPasswordMinLength ?? 14;
    const unusedDays = props.unusedAccessAgeDays ?? 90;
    checkPasswordPolicy(minLength, props.iamPasswordMaxAgeDays);
    if (!Number.isInteger(unusedDays) || unusedDays < 1 || unusedDays > 365) {
      throw new Error(`'unusedAccessAgeDays' must be 1-365. Received: ${unusedDays}`);
    }
    const stack = Stack.of(this);

    const logGroup = new SecureLogGroup(this, 'ProviderLogGroup', {
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    }).logGroup;
    this.providerRole = new ManagedPolicyRole(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Applies the account guardrails (password policy, S3 BPA, EBS encryption, IMDSv2)',
    });
    this.providerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.providerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SetAccountGuardrails',
        actions: [...ACCOUNT_GUARDRAIL_ACTIONS],
        resources: ['*'],
      }),
    );
    acknowledgeRule(
      this.providerRole.policy!,
      'AwsSolutions-IAM5[Resource::*]',
      'Account-level settings have no resource ARN: iam:UpdateAccountPasswordPolicy, s3:PutAccountPublicAccessBlock and the EC2 account defaults support only Resource * (Service Authorization Reference); the role may call nothing else',
    );
    acknowledgeRule(
      this.providerRole.policy!,
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(logGroup.node.defaultChild as never)}.Arn>:*]`,
      "The only other wildcard is the log-stream part of the provider's own log group ARN; streams are created at run time",
    );

    const call = (
      id: string,
      sdk: { service: string; action: string; parameters: Record<string, unknown>; region?: string },
    ) =>
      new cr.AwsCustomResource(this, id, {
        resourceType: 'Custom::AccountGuardrail',
        // onUpdate also serves create, so a changed setting is applied again on the next deploy.
        onUpdate: {
          ...sdk,
          physicalResourceId: cr.PhysicalResourceId.of(sdk.region ? `${id}@${sdk.region}` : id),
        },
        role: this.providerRole,
        logGroup,
        timeout: Duration.minutes(2),
        installLatestAwsSdk: false,
      });

    call('IamPasswordPolicy', {
      service: 'IAM',
      action: 'updateAccountPasswordPolicy',
      parameters: passwordPolicyParameters(minLength, props.iamPasswordMaxAgeDays),
    });
    call('S3AccountPublicAccessBlock', {
      service: 'S3Control',
      action: 'putPublicAccessBlock',
      parameters: {
        AccountId: stack.account,
        PublicAccessBlockConfiguration: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK,
      },
    });
    const regions = [stack.region, ...(props.additionalRegions ?? [])];
    for (const region of regions) {
      const suffix = region === stack.region ? '' : `-${region}`;
      const encryption = call(`EbsEncryptionByDefault${suffix}`, {
        service: 'EC2',
        action: 'enableEbsEncryptionByDefault',
        parameters: {},
        region,
      });
      if (region === stack.region) {
        const key = call('EbsDefaultKmsKey', {
          service: 'EC2',
          action: 'modifyEbsDefaultKmsKeyId',
          parameters: { KmsKeyId: props.ebsDefaultKey.keyArn },
          region,
        });
        key.node.addDependency(encryption);
      }
      call(`ImdsV2Default${suffix}`, {
        service: 'EC2',
        action: 'modifyInstanceMetadataDefaults',
        parameters: IMDS_V2_DEFAULTS,
        region,
      });
    }

    this.externalAccessAnalyzer = new accessanalyzer.CfnAnalyzer(this, 'ExternalAccessAnalyzer', {
      analyzerName: `${props.analyzerNamePrefix}-external-access`,
      type: 'ACCOUNT',
    });
    this.unusedAccessAnalyzer = new accessanalyzer.CfnAnalyzer(this, 'UnusedAccessAnalyzer', {
      analyzerName: `${props.analyzerNamePrefix}-unused-access`,
      type: 'ACCOUNT_UNUSED_ACCESS',
      analyzerConfiguration: { unusedAccessConfiguration: { unusedAccessAge: unusedDays } },
    });
  }
}
