import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** Cryptographic operations on a symmetric key (what "using" a key means). */
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/**
 * Lets principals of the key's account use it only when the call comes through one of `services` in the
 * key's region (`kms:ViaService`, e.g. `['backup']` for `backup.<region>.amazonaws.com`), and create grants
 * only for the AWS resources those services encrypt (`kms:GrantIsForAWSResource`). Two Deny statements make
 * this hold whatever IAM policies say (the key policy has no root `kms:*`, see secureKeyProps, and the
 * denies keep it so if one is added later):
 * - `DenyUseOutsideItsServices`: cryptographic use by principals of the account outside the services;
 * - `DenyGrantsExceptForAwsResources`: kms:CreateGrant unless the grant is for an AWS resource
 *   (AWS Control Tower proactive control CT.KMS.PR.3).
 * AWS service principals named by other statements (CloudWatch Logs, CloudTrail, ...) are not IAM
 * principals of the account and are not affected. Call once per key.
 * KMS condition keys: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
export function allowUseThroughServices(key: kms.IKey, sid: string, services: readonly string[]): void {
  if (services.length === 0) throw new Error(`allowUseThroughServices: '${sid}' names no service`);
  const { account, region } = Stack.of(key);
  const viaService = services.map((s) => `${s}.${region}.amazonaws.com`);
  const accountPrincipals = new iam.AccountPrincipal(account);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid,
      principals: [accountPrincipals],
      actions: [...KEY_USE_ACTIONS, 'kms:DescribeKey'],
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
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `${sid}Grants`,
      principals: [accountPrincipals],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:CallerAccount': account },
        'ForAnyValue:StringEquals': { 'kms:ViaService': viaService },
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyUseOutsideItsServices',
      effect: iam.Effect.DENY,
      principals: [accountPrincipals],
      actions: KEY_USE_ACTIONS,
      resources: ['*'],
      conditions: { StringNotEquals: { 'kms:ViaService': viaService } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsResources',
      effect: iam.Effect.DENY,
      principals: [accountPrincipals],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      // Absent or false: denied (a grant a principal creates for itself carries no such key).
      conditions: { StringNotEquals: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  );
}
