import type { Stack } from 'aws-cdk-lib';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import type { IConstruct } from 'constructs';
import { acknowledgeRules } from './acknowledge';

/**
 * Acknowledgments for resources that the CDK framework generates (custom-resource provider functions and the
 * like): we do not write their code or choose their settings, so their findings are acknowledged here, in one
 * place, with the reason, instead of next to each use. Add a kind when a new framework resource appears.
 *
 * Cross-region references need no entry: with `@aws-cdk/core:defaultCrossStackReferences: weak`
 * (cdk.json) they synthesize to `Fn::GetStackOutput` and create no resource; in `strong` mode the
 * ExportWriter/ExportReader providers are plain `CfnResource`s, which the cdk-nag 3 rules (matching
 * L1 classes such as CfnRole and CfnFunction) do not flag (test/lib/compliance/framework-resources.test.ts).
 */

interface FrameworkAcknowledgment {
  /** Finds the generated construct in a stack (undefined when the stack has none). */
  readonly locate: (stack: Stack) => IConstruct | undefined;
  /** Per-finding ids with one reason each. */
  readonly findings: readonly { readonly ids: readonly string[]; readonly reason: string }[];
}

const FRAMEWORK_RESOURCES = {
  /**
   * The singleton Lambda function behind every `AwsCustomResource` of a stack (construct id
   * `AWS<uuid without dashes>`). Its role and log group are ours (passed in), so only function settings remain.
   */
  awsCustomResourceProvider: {
    locate: (stack) =>
      stack.node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`)?.node
        .defaultChild,
    findings: [
      {
        ids: [
          'NIST.800.53.R5-LambdaInsideVPC',
          'HIPAA.Security-LambdaInsideVPC',
          'PCI.DSS.321-LambdaInsideVPC',
        ],
        reason:
          'CDK AwsCustomResource provider: runs only during CloudFormation deployments to make one AWS API call (e.g. inspector2:Enable) and handles no application data; its role allows only that call',
      },
      {
        ids: ['NIST.800.53.R5-LambdaDLQ', 'HIPAA.Security-LambdaDLQ'],
        reason:
          'CDK AwsCustomResource provider: invoked synchronously by CloudFormation, which reports a failed call as a failed deployment and rolls back; a dead-letter queue would receive nothing',
      },
      {
        ids: ['NIST.800.53.R5-LambdaConcurrency', 'HIPAA.Security-LambdaConcurrency'],
        reason:
          'CDK AwsCustomResource provider: invoked only by CloudFormation once per resource create or update, so concurrency is bounded by the deployment itself',
      },
    ],
  },
} as const satisfies Record<string, FrameworkAcknowledgment>;

export type FrameworkResource = keyof typeof FRAMEWORK_RESOURCES;

/**
 * Acknowledges the known findings of one kind of framework-generated resource in `stack`. Call it after the
 * construct that makes the framework generate the resource (e.g. after `new AwsCustomResource(...)`).
 * Fails if the stack has no such resource, so a stale call cannot hide.
 */
export function acknowledgeFrameworkResources(stack: Stack, kind: FrameworkResource): void {
  const entry: FrameworkAcknowledgment = FRAMEWORK_RESOURCES[kind];
  const target = entry.locate(stack);
  if (!target) {
    throw new Error(
      `acknowledgeFrameworkResources: ${stack.node.path} has no '${kind}' resource; call it after creating the construct that generates it`,
    );
  }
  if (acknowledged.has(target)) return;
  acknowledged.add(target);
  for (const { ids, reason } of entry.findings) acknowledgeRules(target, ids, reason);
}

const acknowledged = new WeakSet<IConstruct>();
