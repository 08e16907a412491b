import {
  type App,
  Aspects,
  type CfnResource,
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  type IApplyRule,
  type NagPack,
  type NagPackProps,
  NagRuleCompliance,
  NIST80053R5Checks,
  PCIDSS321Checks,
  WriteNagSuppressionsToCloudFormationAspect,
} from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { performance } from 'node:perf_hooks';
import { PackStatsCollector } from './stats';

// The pack names (rule-id prefixes) live with the acknowledgment helper that validates ids against them.
export { COMPLIANCE_PACKS, type CompliancePack } from '../constructs/core/acknowledge';

/** A registered pack that also records what it evaluated (for the compliance report). */
export interface CountingNagPack extends NagPack {
  readonly stats: PackStatsCollector;
  /** Seconds the pack spent evaluating (for `npm run bench`). */
  readonly seconds: number;
}

/**
 * The rule of `params`, wrapped so each evaluation is counted (rule id, resource, outcome) before cdk-nag
 * applies it unchanged: findings and acknowledgments behave exactly as in the plain pack.
 */
function counted(stats: PackStatsCollector, packName: string, params: IApplyRule): IApplyRule {
  const suffix = params.ruleSuffixOverride ?? params.rule.name;
  const ruleId = `${packName}-${suffix}`;
  const { rule } = params;
  return {
    ...params,
    // The suffix is pinned because the wrapper below has a different function name.
    ruleSuffixOverride: suffix,
    rule: (node: CfnResource) => {
      try {
        const result = rule(node);
        if (result === NagRuleCompliance.COMPLIANT) stats.record(node, ruleId, 'compliant');
        else if (result === NagRuleCompliance.NOT_APPLICABLE) stats.record(node, ruleId, 'notApplicable');
        else if (Array.isArray(result)) {
          if (result.length === 0) stats.record(node, ruleId, 'compliant');
          for (const finding of result) stats.record(node, `${ruleId}[${finding}]`, 'nonCompliant');
        } else stats.record(node, ruleId, 'nonCompliant');
        return result;
      } catch (e) {
        stats.record(node, ruleId, 'error');
        throw e;
      }
    },
  };
}

type PackClass = new (scope?: IConstruct, props?: NagPackProps) => NagPack;

/** `Base` with every rule evaluation counted in `stats`; findings and acknowledgments are unchanged. */
function counting(Base: PackClass) {
  abstract class Counting extends (Base as new (
    scope?: IConstruct,
    props?: NagPackProps,
  ) => NagPack & {
    applyRule(params: IApplyRule): void;
  }) {
    public readonly stats = new PackStatsCollector();
    public seconds = 0;
    public override validateScope(scope: IConstruct) {
      this.stats.reset();
      const started = performance.now();
      try {
        return super.validateScope(scope);
      } finally {
        this.seconds += (performance.now() - started) / 1000;
      }
    }
    public override applyRule(params: IApplyRule): void {
      super.applyRule(counted(this.stats, this.readPackName, params));
    }
  }
  return Counting as unknown as new (scope?: IConstruct, props?: NagPackProps) => CountingNagPack;
}

const CountingAwsSolutionsChecks = counting(AwsSolutionsChecks);
const CountingNIST80053R5Checks = counting(NIST80053R5Checks);
const CountingHIPAASecurityChecks = counting(HIPAASecurityChecks);
const CountingPCIDSS321Checks = counting(PCIDSS321Checks);

/**
 * Registers every pack once on the app. A pack walks the whole construct tree it is given, so
 * registering at the app (not per stage) checks every stage once. Each returned pack carries `stats`
 * (rules evaluated, resources checked, outcomes) that bin/app.ts writes next to the assembly.
 *
 * Acknowledgments are also written into each resource's template Metadata
 * (`cdk_nag.rules_to_suppress`) so auditors see them in the templates. cdk-nag's
 * `writeSuppressionsToCloudFormation` adds that aspect to the app, but aspects do not cross Stage
 * boundaries, so it is added to every stage here instead.
 */
export function registerCompliancePacks(app: App): CountingNagPack[] {
  const props: NagPackProps = { verbose: true };
  const packs: CountingNagPack[] = [
    new CountingAwsSolutionsChecks(app, props),
    new CountingNIST80053R5Checks(app, props),
    new CountingHIPAASecurityChecks(app, props),
    new CountingPCIDSS321Checks(app, props),
  ];
  Validations.of(app).addPlugins(...packs);
  for (const stage of app.node.findAll().filter(Stage.isStage)) {
    Aspects.of(stage).add(new WriteNagSuppressionsToCloudFormationAspect());
  }
  return packs;
}

/**
 * aws-cdk-lib's built-in CloudFormation validator, registered explicitly (with its default rules, exactly as
 * aws-cdk-lib registers it by itself) so the time it takes can be reported (`npm run bench`).
 */
export class TimedCloudFormationValidation extends CloudFormationValidatePlugin {
  public seconds = 0;
  public override validate(context: IPolicyValidationContext) {
    const started = performance.now();
    try {
      return super.validate(context);
    } finally {
      this.seconds += (performance.now() - started) / 1000;
    }
  }
}

/**
 * Registers the built-in CloudFormation validator on the app unless CDK_VALIDATION=false turns it off (as
 * aws-cdk-lib does for its default registration); returns it so its time can be read after synth.
 */
export function registerCloudFormationValidation(app: App): TimedCloudFormationValidation | undefined {
  if (process.env.CDK_VALIDATION === 'false') return undefined;
  const plugin = new TimedCloudFormationValidation();
  Validations.of(app).addPlugins(plugin);
  return plugin;
}
