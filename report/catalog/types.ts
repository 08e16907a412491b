import type { EnvironmentConfig } from '../environment';
import type { Strength } from '../strength';

/** A JSON value as it appears in a synthesized template. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * An expected value that may contain matchers at any depth: objects match when every listed key matches
 * (extra keys in the actual value are fine), lists element by element, primitives by equality.
 */
export type Pattern = Json | Matcher | { readonly [key: string]: Pattern } | readonly Pattern[];

/**
 * How an evidence row's actual value is judged. Data, not functions, so the report can print what was
 * expected next to what was found. Build them with `m.*`.
 */
export type Matcher =
  | { readonly match: 'equals'; readonly value: Json }
  | { readonly match: 'present' }
  | { readonly match: 'atLeast'; readonly value: number }
  | { readonly match: 'atMost'; readonly value: number }
  | { readonly match: 'oneOf'; readonly values: readonly Json[] }
  /** A list with an element matching the pattern, or a string containing the substring. */
  | { readonly match: 'includes'; readonly value: Pattern }
  | { readonly match: 'includesAll'; readonly values: readonly Pattern[] }
  /** An object with at least these keys, each matching (recursively). */
  | { readonly match: 'objectLike'; readonly value: { readonly [key: string]: Pattern } }
  | { readonly match: 'regex'; readonly pattern: string }
  /** A Ref / Fn::GetAtt / cross-stack reference to a resource of this type (in any stack of the stage). */
  | { readonly match: 'refersTo'; readonly resourceType: string }
  /** Every element of a list satisfies the matcher (and the list is not empty). */
  | { readonly match: 'every'; readonly matcher: Expected };

/** A literal (compared with deep equality) or a matcher. */
export type Expected = boolean | number | string | Matcher;

/** Matcher constructors: `m.atLeast(7)`, `m.includes('AWSManagedRulesSQLiRuleSet')`. */
export const m = {
  equals: (value: Json): Matcher => ({ match: 'equals', value }),
  present: (): Matcher => ({ match: 'present' }),
  atLeast: (value: number): Matcher => ({ match: 'atLeast', value }),
  atMost: (value: number): Matcher => ({ match: 'atMost', value }),
  oneOf: (...values: Json[]): Matcher => ({ match: 'oneOf', values }),
  includes: (value: Pattern): Matcher => ({ match: 'includes', value }),
  includesAll: (...values: Pattern[]): Matcher => ({ match: 'includesAll', values }),
  objectLike: (value: { [key: string]: Pattern }): Matcher => ({ match: 'objectLike', value }),
  regex: (pattern: string): Matcher => ({ match: 'regex', pattern }),
  refersTo: (resourceType: string): Matcher => ({ match: 'refersTo', resourceType }),
  every: (matcher: Expected): Matcher => ({ match: 'every', matcher }),
} as const;

/** A predicate on an environment's configuration, with the words the report prints for it. */
export interface ConfigCondition {
  (config: EnvironmentConfig): boolean;
  readonly description: string;
}

/**
 * `enabledWhen` for a configuration key: true when the dotted `key` of the environment's config equals
 * `value`. Fails (rather than returning false) when the key does not exist, so a renamed setting cannot
 * silently turn an evidence row into "not applicable".
 */
export function whenConfig(key: string, value: Json = true): ConfigCondition {
  const condition = (config: EnvironmentConfig): boolean => {
    let current: unknown = config;
    for (const part of key.split('.')) {
      if (current === null || typeof current !== 'object' || !(part in current)) {
        throw new Error(
          `enabledWhen: the configuration has no key '${key}' (missing '${part}'); fix the catalog entry or the config schema`,
        );
      }
      current = (current as Record<string, unknown>)[part];
    }
    return JSON.stringify(current) === JSON.stringify(value);
  };
  return Object.assign(condition, { description: `${key} = ${JSON.stringify(value)}` });
}

/**
 * Evidence read from the synthesized templates: every resource of `resourceType` in `stack` (narrowed by
 * `where`) is checked at `propertyPath` against `expected`. Paths are relative to the resource's
 * `Properties`, except those starting with a resource attribute (`DeletionPolicy`, `UpdateReplacePolicy`,
 * `Metadata`, `DependsOn`, `Condition`); `a.b[*].c` maps over a list.
 */
export interface TemplateEvidence {
  readonly kind: 'template';
  /** Stack id within the stage, e.g. `Foundation` (templates are `<Stage>/<stack>`). */
  readonly stack: string;
  readonly resourceType: string;
  readonly propertyPath: string;
  readonly expected: Expected;
  /** The test that asserts the same property: `<test file> › <test title>`. */
  readonly test: string;
  /** Only resources whose `where.propertyPath` matches `where.expected` are checked. */
  readonly where?: { readonly propertyPath: string; readonly expected: Expected };
  /**
   * `every`: all matching resources must satisfy `expected`; `some`: at least one must.
   * @default 'every'
   */
  readonly quantifier?: 'every' | 'some';
  /**
   * Environments where this row applies; elsewhere the row is "not applicable" with this condition as reason.
   * @default - every environment
   */
  readonly enabledWhen?: ConfigCondition;
  /** One line on what the row proves, for auditors. */
  readonly proves: string;
}

/** Evidence that is a unit test rather than a template property (handler logic, construct guards). */
export interface TestEvidence {
  readonly kind: 'test';
  /**
   * How strong the test is: `event-tested` when it proves a rule or filter on events shaped as the AWS
   * documentation prints them.
   * @default 'template'
   */
  readonly strength?: Strength;
  /** `<test file> › <test title>`; the catalog test checks the file contains the title. */
  readonly test: string;
  readonly proves: string;
}

/** Evidence that a file of the repository exists and (optionally) contains a heading or text. */
export interface FileEvidence {
  readonly kind: 'file';
  /** Repository-relative path, e.g. `docs/runbook.md` or `.github/workflows/ci.yml`. */
  readonly path: string;
  /** Text the file must contain (a heading, a job name). */
  readonly contains?: string;
  readonly proves: string;
}

/**
 * Evidence that is a behaviour proof evaluated from the synthesized templates by the report itself
 * (report/proofs.ts, with the code the tests assert): a policy decision of @cloud-copilot/iam-simulate.
 * Holds only when every selected proof passed and at least one was selected; a proof that could not be
 * evaluated does not hold.
 */
export type ProofEvidence = {
  readonly kind: 'proof';
  /** The test that asserts the same proofs: `<test file> › <test title>`. */
  readonly test: string;
  readonly proves: string;
} & (
  | {
      /** The delivery of the alert routes (every call Allowed). */
      readonly proof: 'alert-routes';
      /**
       * Only EventBridge rules matching events of these sources (`aws.guardduty`), and no alarms.
       * @default - every route (rules and alarms)
       */
      readonly eventSources?: readonly string[];
    }
  | {
      /** The negative cases of the alert routes (every call denied). */
      readonly proof: 'alert-route-negatives';
    }
  | {
      /** The attacks of the catalog whose `evidences` list `requirement`, each stopped and its twin allowed. */
      readonly proof: 'attack-catalog';
      readonly requirement: string;
    }
);

export type Evidence = TemplateEvidence | TestEvidence | FileEvidence | ProofEvidence;

/** How a requirement is met. */
export type ControlKind = 'infrastructure' | 'process' | 'application';

/** Mappings of a requirement to external frameworks and to the cdk-nag rules that check it. */
export interface FrameworkMappings {
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation numbers, e.g. `3.5`. */
  readonly cis?: readonly string[];
  /** AWS Foundational Security Best Practices control ids, e.g. `KMS.4`. */
  readonly fsbp?: readonly string[];
  /** NIST SP 800-53 Rev. 5 control ids, e.g. `SC-28`. */
  readonly nist: readonly string[];
  /** SOC 2 Trust Services Criteria (2017), e.g. `CC6.1`. */
  readonly soc2?: readonly string[];
}

/** One requirement of the seed document and how this baseline meets it. */
export interface CatalogEntry {
  /** Requirement id from the document (`IS1a`). */
  readonly id: string;
  /** Requirement text, exactly as in the document. */
  readonly text: string;
  readonly kind: ControlKind;
  /** How the requirement is met, in one or two sentences an auditor can check. */
  readonly summary: string;
  /** Exported construct / stack classes that implement it (checked to exist, or listed as pending). */
  readonly constructs: readonly string[];
  /** Evidence rows evaluated for every environment. */
  readonly evidence: readonly Evidence[];
  readonly frameworks: FrameworkMappings;
  /** cdk-nag rule ids (without finding suffix) that check this requirement automatically. */
  readonly nagRules: readonly string[];
  /** For `application` entries: what the application must do, and what infrastructure still mitigates. */
  readonly application?: {
    readonly responsibility: string;
    readonly mitigations: readonly string[];
  };
  /** The requirement does not apply to this baseline at all; the reason is printed as the status. */
  readonly notApplicable?: string;
  /**
   * For activities (a penetration test, a training session): where the record of each run is kept, in words.
   * Ids listed in report/records/requirements.ts take their status from the dated records (records/, drills/);
   * any other entry with this field stays `evidence pending`.
   */
  readonly activityRecord?: string;
}
