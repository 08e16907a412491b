import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** Sids of the statements `restrictSecretToAccount` adds, for tests and reviews. */
export const SECRET_PERIMETER_SIDS = ['DenyPrincipalsOutsideThisAccount', 'DenyRequestsWithoutTls'] as const;

/**
 * Adds the baseline's resource-policy perimeter to a secret: every Secrets Manager action is denied to
 * principals of other accounts (even if an IAM policy or a later resource-policy edit allowed it) and
 * to any request not sent over TLS. AWS service principals are not matched by the account statement:
 * they carry no principal account, and none is granted anything by this policy.
 */
export function restrictSecretToAccount(secret: secretsmanager.ISecret): void {
  const { account } = Stack.of(secret);
  const [outsideAccount, withoutTls] = SECRET_PERIMETER_SIDS;
  secret.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: outsideAccount,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['secretsmanager:*'],
      resources: ['*'],
      conditions: {
        StringNotEqualsIfExists: { 'aws:PrincipalAccount': account },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  secret.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: withoutTls,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['secretsmanager:*'],
      resources: ['*'],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
  );
}
