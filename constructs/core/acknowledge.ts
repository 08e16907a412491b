import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The rule-id prefixes of the cdk-nag packs the app registers (compliance/packs.ts registers one pack
 * per prefix). Kept here, as plain names, so constructs can validate ids without loading the packs.
 */
export const COMPLIANCE_PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'] as const;
export type CompliancePack = (typeof COMPLIANCE_PACKS)[number];

const RULE_ID = new RegExp(
  `^(${COMPLIANCE_PACKS.map((p) => p.replace(/\./g, '\\.')).join('|')})-[A-Za-z0-9]+(\\[.+\\])?$`,
);
const GENERIC =
  /^(n\/?a|todo|tbd|not needed|not required|ok|okay|fine|ignore|suppress(ed)?|false positive|none|-)\.?$/i;
const MIN_REASON_LENGTH = 25;

/**
 * Acknowledges one cdk-nag finding on `scope` (the narrowest construct that owns it) with a reason an
 * auditor can verify. Rejects unknown rule ids and empty or generic reasons, so every exception in
 * the code base is explicit and greppable (`acknowledgeRule(`). An App, Stage or Stack is rejected: an
 * acknowledgment there would silence the rule for every resource below it.
 *
 * @param ruleId the per-finding id exactly as reported, e.g. `AwsSolutions-IAM5[Action::s3:*]`
 */
export function acknowledgeRule(scope: IConstruct, ruleId: string, reason: string): void {
  if (App.isApp(scope) || Stage.isStage(scope) || Stack.isStack(scope)) {
    throw new Error(
      `acknowledgeRule: '${ruleId}' on ${scope.node.path || 'the app'} would acknowledge the rule for every resource of that ${App.isApp(scope) ? 'app' : Stage.isStage(scope) ? 'stage' : 'stack'}; pass the resource (or the construct) that owns the finding`,
    );
  }
  if (!RULE_ID.test(ruleId)) {
    throw new Error(
      `acknowledgeRule: '${ruleId}' on ${scope.node.path} is not a rule id of the registered packs (${COMPLIANCE_PACKS.join(', ')}); copy the id from the finding, e.g. 'AwsSolutions-S1'`,
    );
  }
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_LENGTH || GENERIC.test(trimmed)) {
    throw new Error(
      `acknowledgeRule: the reason for '${ruleId}' on ${scope.node.path} is too vague (${JSON.stringify(reason)}); say what compensates or why the rule does not apply, in words an auditor can check`,
    );
  }
  Validations.of(scope).acknowledge({ id: ruleId, reason: trimmed });
}

/** The same finding from several packs (e.g. one S3 setting checked by NIST, HIPAA and PCI), one reason. */
export function acknowledgeRules(scope: IConstruct, ruleIds: readonly string[], reason: string): void {
  for (const id of ruleIds) acknowledgeRule(scope, id, reason);
}
