import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeRules } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { esbuildCode } from './esbuild-code';
import { SecureLogGroup } from '../logging/secure-log-group';

/** Where package-lock.json lives: esbuild resolves the handler's imports from here. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface SecureFunctionProps {
  /**
   * Path of the TypeScript handler file; bundled with the local esbuild (never Docker).
   * @default - none: give `entry` or `inlineCode`
   */
  readonly entry?: string;
  /**
   * CommonJS source of the handler (`exports.handler`), deployed inline (CloudFormation ZipFile, at most
   * 4096 characters): for templates that cannot reach a CDK asset bucket, such as StackSet templates.
   * @default - none: give `entry` or `inlineCode`
   */
  readonly inlineCode?: string;
  /**
   * Exported handler name.
   * @default 'handler'
   */
  readonly handler?: string;
  readonly description: string;
  /**
   * KMS key of the function's log group.
   * @default - none: `unencryptedLogReason` is required
   */
  readonly logKey?: kms.IKey;
  /**
   * Why the log group has no customer managed key (CloudWatch Logs still encrypts it with its own key).
   * @default - a `logKey` is required
   */
  readonly unencryptedLogReason?: string;
  /** Retention of the function's log group, in days (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
  /**
   * Reserved concurrency: caps what one function can consume and how fast it can be abused.
   * @default 5
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Environment variables (never secrets: pass secret ARNs and read them at run time).
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * VPC to run in. When absent, `outsideVpcReason` is required.
   * @default - not in a VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets in `vpc`.
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups in `vpc`.
   * @default - a new group with no ingress and no egress: grant what the handler calls through
   *   `function.connections`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Why this function does not run in a VPC (NIST/HIPAA/PCI LambdaInsideVPC).
   * @default - a VPC is required
   */
  readonly outsideVpcReason?: string;
  /**
   * Queue for failed asynchronous invocations. When absent, `deadLetterQueueExemptionReason` is required.
   * @default - none
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /**
   * Why failed invocations need no dead-letter queue (e.g. the function is only invoked synchronously and
   * the caller sees and retries the error).
   * @default - a dead-letter queue is required
   */
  readonly deadLetterQueueExemptionReason?: string;
}

/**
 * A Node.js 24 (latest) Lambda function with the baseline's defaults: its own role with no managed policies
 * (logs only to its own encrypted log group; VPC networking only when in a VPC), reserved concurrency,
 * an encrypted log group with retention, and explicit reasons where it runs outside a VPC or without
 * a dead-letter queue. Callers grant exactly what the handler needs on `role`.
 */
export class SecureFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly role: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    super(scope, id);
    if (!props.entry === !props.inlineCode) {
      throw new Error(`SecureFunction ${this.node.path}: give exactly one of 'entry' or 'inlineCode'`);
    }
    if (props.inlineCode && props.inlineCode.length > 4096) {
      throw new Error(
        `SecureFunction ${this.node.path}: 'inlineCode' must be at most 4096 characters (CloudFormation ZipFile). Received: ${props.inlineCode.length}`,
      );
    }
    if (!props.vpc && !props.outsideVpcReason) {
      throw new Error(`SecureFunction ${this.node.path}: give 'vpc', or 'outsideVpcReason'`);
    }
    if (!props.deadLetterQueue && !props.deadLetterQueueExemptionReason) {
      throw new Error(
        `SecureFunction ${this.node.path}: give 'deadLetterQueue', or 'deadLetterQueueExemptionReason'`,
      );
    }
    const reserved = props.reservedConcurrentExecutions ?? 5;
    if (reserved < 1) {
      throw new Error(`'reservedConcurrentExecutions' must be at least 1. Received: ${reserved}`);
    }

    const logGroup = new SecureLogGroup(this, 'LogGroup', {
      encryptionKey: props.logKey,
      unencryptedReason: props.unencryptedLogReason,
      retentionDays: props.logRetentionDays,
    }).logGroup;

    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const policy = this.role.policy!;
    acknowledgeRule(
      policy,
      `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(logGroup.node.defaultChild as never)}.Arn>:*]`,
      "The only wildcard is the log-stream part of the function's own log group ARN; streams are created at run time",
    );
    if (props.vpc) {
      // Lambda's VPC networking: EC2 network-interface actions have no resource-level permissions.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
      acknowledgeRule(
        policy,
        'AwsSolutions-IAM5[Resource::*]',
        'EC2 network-interface actions that Lambda VPC networking needs do not support resource-level permissions (Service Authorization Reference, Amazon EC2)',
      );
    }

    const common = {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: reserved,
      environment: props.environment,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
      securityGroups: props.vpc
        ? (props.securityGroups ?? [
            new ec2.SecurityGroup(this, 'SecurityGroup', {
              vpc: props.vpc,
              description: `${this.node.path}: no ingress; egress only as granted`,
              allowAllOutbound: false,
            }),
          ])
        : undefined,
      allowPublicSubnet: false,
      deadLetterQueueEnabled: props.deadLetterQueue ? true : undefined,
      deadLetterQueue: props.deadLetterQueue,
    } satisfies Omit<lambda.FunctionProps, 'code' | 'handler'>;
    this.function = new lambda.Function(this, 'Resource', {
      ...common,
      code: props.inlineCode
        ? lambda.Code.fromInline(props.inlineCode)
        : // Bundled in-process with the local esbuild (the SDK included, so the deployed code runs the
          // versions package-lock.json pins); never Docker.
          esbuildCode({ entry: props.entry!, projectRoot: PROJECT_ROOT, target: 'node24' }),
      handler: `index.${props.handler ?? 'handler'}`,
    });

    const resource = this.function.node.defaultChild!;
    if (props.outsideVpcReason) {
      acknowledgeRules(
        resource,
        ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
        props.outsideVpcReason,
      );
    }
    if (props.deadLetterQueueExemptionReason) {
      acknowledgeRules(
        resource,
        ['NIST.800.53.R5-LambdaDLQ', 'HIPAA.Security-LambdaDLQ'],
        props.deadLetterQueueExemptionReason,
      );
    }
  }
}
