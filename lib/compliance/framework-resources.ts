import { CfnResource, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { acknowledgeRules } from './acknowledge';

/**
 * Resources the CDK framework generates itself (custom-resource providers and the like), and the
 * cdk-nag findings they raise. Every acknowledgment of a framework resource goes through
 * `acknowledgeFrameworkResources` with a reason from this table, so the exceptions for code this
 * project does not write are in one place.
 *
 * Cross-region references need no entry: with `@aws-cdk/core:defaultCrossStackReferences: weak`
 * (cdk.json) they synthesize to `Fn::GetStackOutput` and create no resource; in `strong` mode the
 * ExportWriter/ExportReader providers are plain `CfnResource`s, which the cdk-nag 3 rules (matching
 * L1 classes such as CfnRole and CfnFunction) do not flag (test/lib/compliance/framework-resources.test.ts).
 */
export interface FrameworkAcknowledgment {
  readonly rules: readonly string[];
  readonly reason: string;
}

export interface FrameworkResourceSpec {
  /** Id of the framework construct directly under its stack (singleton providers). */
  readonly constructId: string;
  readonly acknowledgments: readonly FrameworkAcknowledgment[];
}

/** Add a kind here (its construct id and findings) to acknowledge it through the helper. */
export const FRAMEWORK_RESOURCES = {} as const satisfies Record<string, FrameworkResourceSpec>;

export type FrameworkResourceKind = keyof typeof FRAMEWORK_RESOURCES;

/** cdk-nag metadata key, kept in the shape cdk-nag's WriteNagSuppressionsToCloudFormationAspect writes. */
const NAG_METADATA = 'cdk_nag';

/**
 * Acknowledges the findings of the framework resources of `kinds` in `stack`. Some framework
 * resources only appear while the app is prepared for synthesis (after aspects ran), so this runs as
 * a construct validation, which the CDK runs after preparation and before the compliance packs; the
 * reasons are also written into each resource's template Metadata (`cdk_nag.rules_to_suppress`).
 */
export function acknowledgeFrameworkResources(
  stack: Stack,
  kinds: readonly FrameworkResourceKind[],
  specs: Readonly<Record<string, FrameworkResourceSpec>> = FRAMEWORK_RESOURCES,
): void {
  let applied = false;
  stack.node.addValidation({
    validate: () => {
      if (applied) return [];
      applied = true;
      for (const kind of kinds) {
        const spec = specs[kind];
        const resource = spec && stack.node.tryFindChild(spec.constructId);
        if (resource) acknowledgeAndRecord(resource, spec.acknowledgments);
      }
      return [];
    },
  });
}

function acknowledgeAndRecord(scope: IConstruct, acks: readonly FrameworkAcknowledgment[]): void {
  for (const ack of acks) acknowledgeRules(scope, ack.rules, ack.reason);
  const rules = acks.flatMap((a) => a.rules.map((id) => ({ id, reason: a.reason })));
  for (const c of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const existing = (
      c.getMetadata(NAG_METADATA) as { rules_to_suppress?: { id: string; reason: string }[] } | undefined
    )?.rules_to_suppress;
    c.addMetadata(NAG_METADATA, { rules_to_suppress: [...(existing ?? []), ...rules] });
  }
}
