import { Aws, CfnCondition, type CfnResource, Fn, type ICfnConditionExpression } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import { Construct } from 'constructs';

/** One AWS Config managed rule and the profiles whose accounts get it. */
export interface ProfileConfigRule {
  /** Construct id (stable: the rule name, suffixed when profiles set it up differently). */
  readonly id: string;
  /** AWS::Config::ConfigRule ConfigRuleName. */
  readonly ruleName: string;
  /** The managed rule's identifier (Source.SourceIdentifier), e.g. INCOMING_SSH_DISABLED. */
  readonly identifier: string;
  /**
   * Input parameters, as strings (AWS Config compares 'true'/'false' case-sensitively).
   * @default - the rule's defaults
   */
  readonly inputParameters?: Readonly<Record<string, string>>;
  /**
   * Resource types of a change-triggered rule.
   * @default - the rule's own
   */
  readonly resourceTypes?: readonly string[];
  /** Account-wide rule: created in the home region only. */
  readonly accountWide: boolean;
  /** Names of the profiles that deploy this rule (at least one). */
  readonly profiles: readonly string[];
}

export interface ProfileConfigRulesProps {
  /** The deploying account's profile name (a template parameter's value). */
  readonly profile: string;
  readonly rules: readonly ProfileConfigRule[];
  /** Region of the account-wide rules. */
  readonly homeRegion: string;
  /**
   * A delivery channel the same template creates under `condition` (the account had no recorder): the rules
   * are created after it, since AWS Config needs a recorder before a rule.
   * @default - the account's recorder exists before the template is deployed
   */
  readonly createdRecorder?: { readonly condition: CfnCondition; readonly deliveryChannel: CfnResource };
}

/** Fn::Or takes 2 to 10 conditions: nest larger sets. */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) return conditions[0];
  if (conditions.length <= 10) return Fn.conditionOr(...conditions);
  const chunks: ICfnConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += 10) chunks.push(anyOf(conditions.slice(i, i + 10)));
  return anyOf(chunks);
}

/**
 * AWS Config managed rules chosen per profile inside a template deployed to many accounts (the member
 * StackSet): each rule exists only where the profile parameter names one of its profiles (and, for an
 * account-wide rule, in the home region), so one template serves every OU with its own set.
 */
export class ProfileConfigRules extends Construct {
  /** Every rule, by construct id. */
  public readonly rules: Record<string, config.CfnConfigRule> = {};

  constructor(scope: Construct, id: string, props: ProfileConfigRulesProps) {
    super(scope, id);
    const inHome = Fn.conditionEquals(Aws.REGION, props.homeRegion);
    // One condition per (profiles, home region only): rules with the same audience share it.
    const conditions = new Map<string, CfnCondition>();
    const conditionFor = (profiles: readonly string[], accountWide: boolean): CfnCondition => {
      const key = `${[...profiles].sort().join('-')}${accountWide ? '-InHomeRegion' : ''}`;
      let condition = conditions.get(key);
      if (!condition) {
        const forProfile = anyOf(profiles.map((p) => Fn.conditionEquals(props.profile, p)));
        condition = new CfnCondition(this, `For-${key}`, {
          expression: accountWide ? Fn.conditionAnd(forProfile, inHome) : forProfile,
        });
        conditions.set(key, condition);
      }
      return condition;
    };
    for (const r of props.rules) {
      if (r.profiles.length === 0) throw new Error(`Config rule ${r.ruleName}: no profile deploys it`);
      const condition = conditionFor(r.profiles, r.accountWide);
      const description = `AWS managed rule ${r.identifier} for profiles ${r.profiles.join(' ')}`;
      const created = props.createdRecorder;
      const rule = new config.CfnConfigRule(this, r.id, {
        configRuleName: r.ruleName,
        // Naming the delivery channel where the template creates it makes the rule wait for it (an implicit
        // dependency that exists only under the recorder's condition; DependsOn cannot be conditional).
        description: created
          ? Fn.conditionIf(
              created.condition.logicalId,
              Fn.join('', [description, ', after ', created.deliveryChannel.ref]),
              description,
            ).toString()
          : description,
        source: { owner: 'AWS', sourceIdentifier: r.identifier },
        inputParameters:
          r.inputParameters && Object.keys(r.inputParameters).length ? r.inputParameters : undefined,
        scope: r.resourceTypes ? { complianceResourceTypes: [...r.resourceTypes] } : undefined,
      });
      rule.cfnOptions.condition = condition;
      this.rules[r.id] = rule;
    }
  }
}
