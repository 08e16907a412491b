import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * EventBridge as the principal of a rule-target role, limited to rules of `scope`'s account and region
 * (`aws:SourceAccount`, `aws:SourceArn`, which EventBridge sets when it assumes a target role; EventBridge User
 * Guide, "Cross-service confused deputy prevention"), so no other account's rule can use the role.
 */
export function eventRulesOfThisAccount(scope: Construct): iam.IPrincipal {
  const { account, region, partition } = Stack.of(scope);
  return new iam.ServicePrincipal('events.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/*` },
  });
}

/**
 * An AWS service as the principal of a service role, limited to resources of `scope`'s account
 * (`aws:SourceAccount`, and `aws:SourceArn` matching `sourceArnResource` of the service in this account
 * when given), the cross-service confused-deputy prevention of the IAM User Guide:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function serviceOfThisAccount(
  scope: Construct,
  service: string,
  sourceArn?: { readonly service: string; readonly resource: string },
): iam.IPrincipal {
  const { account, region, partition } = Stack.of(scope);
  return new iam.ServicePrincipal(service).withConditions({
    StringEquals: { 'aws:SourceAccount': account },
    ...(sourceArn
      ? {
          ArnLike: {
            'aws:SourceArn': `arn:${partition}:${sourceArn.service}:${region}:${account}:${sourceArn.resource}`,
          },
        }
      : {}),
  });
}
