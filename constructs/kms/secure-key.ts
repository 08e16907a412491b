import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export interface SecureKeyProps {
  /** What the key protects (shown in the KMS console and in CloudTrail). */
  readonly description: string;
  /**
   * Alias, e.g. `alias/security-baseline/prod/backup`.
   * @default - no alias
   */
  readonly alias?: string;
  /**
   * Waiting period before a scheduled deletion completes (7-30 days): the window in which a
   * crypto-shredding decision can still be reversed.
   * @default 30
   */
  readonly pendingWindowDays?: number;
}

/**
 * A customer-managed KMS key with the baseline's defaults, which the CDK default does not set:
 * automatic rotation every 365 days, a 30-day deletion window, and RETAIN on stack deletion (deleting
 * a key destroys every ciphertext under it). The key policy starts with the account statement CDK adds
 * (access is then granted through IAM); `allowUseThroughServices` adds service-bound use.
 *
 * A subclass of `kms.Key` (like ManagedPolicyRole), so switching an existing key to it changes nothing
 * in the template: the construct path, and with it the logical id, stays the same.
 */
export class SecureKey extends kms.Key {
  constructor(scope: Construct, id: string, props: SecureKeyProps) {
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    if (!Number.isInteger(pendingWindowDays) || pendingWindowDays < 7 || pendingWindowDays > 30) {
      throw new Error(`'pendingWindowDays' must be between 7 and 30 days. Received: ${pendingWindowDays}`);
    }
    super(scope, id, {
      alias: props.alias,
      description: props.description,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(pendingWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets principals of this account use the key for encryption only when the call comes through one
   * of `services` in this key's region (`kms:ViaService`, e.g. `['backup']` for
   * `backup.<region>.amazonaws.com`), never directly.
   */
  public allowUseThroughServices(sid: string, services: readonly string[]): void {
    if (services.length === 0) throw new Error(`SecureKey ${this.node.path}: '${sid}' names no service`);
    const { account, region } = Stack.of(this);
    const viaService = services.map((s) => `${s}.${region}.amazonaws.com`);
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        principals: [new iam.AccountPrincipal(account)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions:
          viaService.length === 1
            ? { StringEquals: { 'kms:ViaService': viaService[0], 'kms:CallerAccount': account } }
            : {
                StringEquals: { 'kms:CallerAccount': account },
                'ForAnyValue:StringEquals': { 'kms:ViaService': viaService },
              },
      }),
    );
  }
}
