import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Lets principals of the key's account use it for encryption only when the call comes through one of
 * `services` in the key's region (`kms:ViaService`, e.g. `['backup']` for `backup.<region>.amazonaws.com`),
 * never directly. The same statement shape as the data-class keys' `UseThrough...Only` statements.
 */
export function allowUseThroughServices(key: kms.IKey, sid: string, services: readonly string[]): void {
  if (services.length === 0) throw new Error(`allowUseThroughServices: '${sid}' names no service`);
  const { account, region } = Stack.of(key);
  const viaService = services.map((s) => `${s}.${region}.amazonaws.com`);
  key.addToResourcePolicy(
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
