import * as path from 'node:path';
import { RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../../core/acknowledge';
import { SecureFunction } from '../../compute/secure-function';
import { restrictSecretToAccount } from '../secret-perimeter';
import { BOOTSTRAP_DOCUMENT } from './bootstrap';
import { PlaceholderAlarm } from './placeholder-alarm';

/** The rotation handler (bundled with the local esbuild by SecureFunction). */
export const ROTATION_HANDLER_ENTRY = path.join(__dirname, 'handler', 'index.ts');

export interface RotatingSecretProps {
  /** Secret name, e.g. `security-baseline/prod/api-keys/partner-webhook-signing`. */
  readonly secretName: string;
  /** What the key signs or authenticates. */
  readonly description: string;
  /** The secrets data-class key; its policy must let Secrets Manager use it for this account. */
  readonly encryptionKey: kms.IKey;
  /** Days between rotations (1-365). */
  readonly rotationDays: number;
  /**
   * Length of each generated key in bytes (32-64).
   * @default 32
   */
  readonly keyBytes?: number;
  /**
   * Days after a rotation during which signers also sign with, and verifiers also accept, the previous
   * key (written into each new key document as `acceptPreviousUntil`, 1-364). The next rotation
   * replaces AWSPREVIOUS, so the effective window is the shorter of this and `rotationDays`.
   * @default 7
   */
  readonly overlapDays?: number;
  /** Topic the bootstrap-placeholder alarm notifies (the security topic). */
  readonly alarmTopic: sns.ITopic;
  /** Key of the rotation function's log group (the logs data-class key). */
  readonly logKey: kms.IKey;
  /** Retention of the rotation function's log group, in days (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
  /** VPC the rotation function runs in; it needs interface endpoints for Secrets Manager and KMS. */
  readonly vpc: ec2.IVpc;
  /** Private subnets of the rotation function (the app tier). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /**
   * Security group of the VPC's interface endpoints: the function's only allowed destination
   * (HTTPS), so it reaches Secrets Manager and KMS privately and nothing else.
   */
  readonly endpointsSecurityGroup: ec2.ISecurityGroup;
}

/**
 * A Secrets Manager secret holding a platform-issued API key / HMAC signing key, rotated on a schedule
 * by this project's own rotation function (no AWS-hosted rotation covers such keys).
 *
 * - The secret is encrypted with the given KMS key, retained on stack deletion, and its resource policy
 *   denies other accounts and non-TLS requests.
 * - It is created with a placeholder (`{ "bootstrap": true }`, no key material in the template); the
 *   first rotation (the operator's `rotate-secret` after the first deploy, at the latest the first
 *   scheduled one) generates the first key from KMS GenerateRandom. Stack updates never rotate
 *   (`RotateImmediatelyOnUpdate: false`); a PlaceholderAlarm fires if the placeholder outlives the first
 *   scheduled rotation window.
 * - Overlap: each new key records `acceptPreviousUntil` (+`overlapDays`); signers and verifiers use
 *   AWSCURRENT and, until then, AWSPREVIOUS (signing.ts, docs/data.md).
 * - The function (Node.js 24, the latest runtime) runs in the VPC with a security group whose only
 *   egress is HTTPS to the interface endpoints. Its role may read and stage versions of THIS secret
 *   only, call `kms:GenerateRandom`, and use the key only through Secrets Manager (`kms:ViaService`).
 * - Only Secrets Manager of this account may invoke the function.
 */
export class RotatingSecret extends Construct {
  public readonly secret: secretsmanager.Secret;
  public readonly rotationFunction: SecureFunction;
  public readonly rotationSchedule: secretsmanager.CfnRotationSchedule;
  public readonly placeholderAlarm: PlaceholderAlarm;

  constructor(scope: Construct, id: string, props: RotatingSecretProps) {
    super(scope, id);
    const where = `RotatingSecret ${this.node.path}`;
    const keyBytes = props.keyBytes ?? 32;
    if (!Number.isInteger(keyBytes) || keyBytes < 32 || keyBytes > 64) {
      throw new Error(`${where}: 'keyBytes' must be an integer between 32 and 64. Received: ${keyBytes}`);
    }
    if (!Token.isUnresolved(props.rotationDays)) {
      if (!Number.isInteger(props.rotationDays) || props.rotationDays < 1 || props.rotationDays > 365) {
        throw new Error(
          `${where}: 'rotationDays' must be between 1 and 365. Received: ${props.rotationDays}`,
        );
      }
    }
    const overlapDays = props.overlapDays ?? 7;
    if (!Number.isInteger(overlapDays) || overlapDays < 1 || overlapDays > 364) {
      throw new Error(
        `${where}: 'overlapDays' must be an integer between 1 and 364. Received: ${overlapDays}`,
      );
    }
    const { account, region } = Stack.of(this);

    this.secret = new secretsmanager.Secret(this, 'Resource', {
      secretName: props.secretName,
      description: props.description,
      encryptionKey: props.encryptionKey,
      // Not a secret: a marker the first (immediate) rotation replaces with a generated key.
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(BOOTSTRAP_DOCUMENT)),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictSecretToAccount(this.secret);

    const securityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: 'Rotation function: HTTPS to the interface endpoints only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(
      ec2.Peer.securityGroupId(props.endpointsSecurityGroup.securityGroupId),
      ec2.Port.tcp(443),
      'HTTPS to the interface endpoints (Secrets Manager, KMS)',
    );

    this.rotationFunction = new SecureFunction(this, 'RotationFunction', {
      entry: ROTATION_HANDLER_ENTRY,
      description: `Rotates ${props.secretName} (HMAC-SHA256 key from KMS GenerateRandom)`,
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      // Secrets Manager runs the four steps one after another; two allows one retry to overlap.
      reservedConcurrentExecutions: 2,
      environment: { KEY_BYTES: String(keyBytes), OVERLAP_DAYS: String(overlapDays) },
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [securityGroup],
      deadLetterQueueExemptionReason:
        'Secrets Manager invokes the rotation function synchronously for each step and records a failed rotation itself (RotationFailed event, the secret keeps its AWSCURRENT version); there is no asynchronous invocation whose event could be lost',
    });
    const fn = this.rotationFunction.function;
    const role = this.rotationFunction.role;

    // This secret only: the four calls of the rotation contract.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RotateThisSecretOnly',
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        resources: [this.secret.secretArn],
      }),
    );
    // Secrets Manager decrypts and encrypts the versions with the key on the function's behalf.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'UseTheSecretKeyThroughSecretsManagerOnly',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
      }),
    );
    // GenerateRandom names no key, so it cannot be scoped to a resource: a separate policy keeps the
    // wildcard (and its acknowledgment) apart from the function's other permissions.
    const randomPolicy = new iam.ManagedPolicy(this, 'GenerateRandomPolicy', {
      description: `Lets ${this.node.path} draw key material from KMS GenerateRandom`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyMaterialFromKms',
          actions: ['kms:GenerateRandom'],
          resources: ['*'],
        }),
      ],
    });
    acknowledgeRule(
      randomPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'kms:GenerateRandom has no resource type in the Service Authorization Reference (AWS KMS): it can only be granted on "*". It returns random bytes and grants no access to any key or data',
    );

    fn.addPermission('InvokeBySecretsManager', {
      principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: account,
    });

    // L1 on purpose: the L2 RotationSchedule would also grant the function
    // secretsmanager:GetRandomPassword on "*" and encrypt/re-encrypt on the key, which it does not need.
    this.rotationSchedule = new secretsmanager.CfnRotationSchedule(this, 'RotationSchedule', {
      secretId: this.secret.secretArn,
      rotationLambdaArn: fn.functionArn,
      rotationRules: { scheduleExpression: `rate(${props.rotationDays} days)` },
      // Never rotate because the stack changed the schedule: an unplanned rotation inside the overlap
      // window would cut off partners still on the previous key. Secrets Manager then only runs the
      // configuration test (testSecret on a copy of AWSCURRENT), which the handler passes.
      rotateImmediatelyOnUpdate: false,
    });
    // Secrets Manager checks at creation that it may invoke the function and that the function can
    // complete a rotation: the permission and the role policies must exist first.
    this.rotationSchedule.node.addDependency(fn, role, randomPolicy);

    this.placeholderAlarm = new PlaceholderAlarm(this, 'PlaceholderAlarm', {
      secret: this.secret,
      secretName: props.secretName,
      rotationDays: props.rotationDays,
      encryptionKey: props.encryptionKey,
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroup,
      alarmTopic: props.alarmTopic,
    });
  }
}
