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
import { cachedValidation } from './validation-cache';
import {
  requestValidation,
  shareEngine,
  VALIDATION_SERVICE_ENV,
  validatorIdentity,
  validatorVersion,
} from './validation-service';

// The pack names (rule-id prefixes) live with the acknowledgment helper that validates ids against them.
export { COMPLIANCE_PACKS, type CompliancePack } from '../constructs/core/acknowledge';

/** A registered pack that also records what it evaluated (for the compliance report). */
export interface CountingNagPack extends NagPack {
  readonly stats: PackStatsCollector;
  /** Seconds the pack spent evaluating (for `npm run bench`). */
  readonly seconds: number;
}

type Rule = IApplyRule['rule'];

/**
 * `rule` wrapped so each evaluation is counted (rule id, resource, outcome) before cdk-nag applies it
 * unchanged: findings and acknowledgments behave exactly as in the plain pack.
 */
function countedRule(stats: PackStatsCollector, ruleId: string, rule: Rule): Rule {
  return (node: CfnResource) => {
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
    /** The counting wrapper of each rule (a pack applies every rule to every resource: made once per rule). */
    private readonly wrapped = new Map<Rule, Map<string, Rule>>();
    public override applyRule(params: IApplyRule): void {
      const suffix = params.ruleSuffixOverride ?? params.rule.name;
      let bySuffix = this.wrapped.get(params.rule);
      if (!bySuffix) this.wrapped.set(params.rule, (bySuffix = new Map()));
      let rule = bySuffix.get(suffix);
      if (!rule)
        bySuffix.set(suffix, (rule = countedRule(this.stats, `${this.readPackName}-${suffix}`, params.rule)));
      // The pack builds `params` for this call only. The suffix is pinned because the wrapper has another name.
      const own = params as { -readonly [K in keyof IApplyRule]: IApplyRule[K] };
      own.ruleSuffixOverride = suffix;
      own.rule = rule;
      super.applyRule(own);
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
 * aws-cdk-lib registers it by itself) so the time it takes can be reported (`npm run bench`). In a synth
 * child (VALIDATION_SERVICE_ENV set by lib/synth.ts) the parent's service validates the templates with the
 * same plugin and one shared engine (compliance/validation-service.ts); the report comes back here, and
 * aws-cdk-lib handles it as its own. Reports of unchanged templates are kept (compliance/validation-cache.ts).
 */
export class TimedCloudFormationValidation extends CloudFormationValidatePlugin {
  public seconds = 0;
  private readonly service = process.env[VALIDATION_SERVICE_ENV];

  public constructor() {
    super();
    // In this process (one environment, or the CDK CLI with `-c env=...`), one engine for every template.
    shareEngine(this);
  }

  public override get version(): string | undefined {
    return this.service ? validatorVersion() : super.version;
  }

  public override get ruleIds(): string[] | undefined {
    return this.service ? [validatorVersion()] : super.ruleIds;
  }

  public override validate(context: IPolicyValidationContext) {
    const started = performance.now();
    try {
      if (this.service) return requestValidation(this.service, context.stackTemplates);
      return cachedValidation(validatorIdentity, context.stackTemplates, (stacks) =>
        super.validate({
          ...context,
          stackTemplates: stacks,
          templatePaths: stacks.map((s) => s.templatePath),
        }),
      ).report;
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
