import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SecureLogGroup } from '../logging/secure-log-group';

import { EVALUATION_WINDOWS, RATE_LIMIT_MAX, RATE_LIMIT_MIN } from './edge-constants';

export { EVALUATION_WINDOWS, RATE_LIMIT_MAX, RATE_LIMIT_MIN };

/** Headers that carry credentials: redacted from WAF logs. */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key'] as const;

export type WebAclScope = 'REGIONAL' | 'CLOUDFRONT';

export interface RateLimits {
  /**
   * Window the rate-based rules count over, in seconds (60, 120, 300 or 600).
   * @default 300
   */
  readonly evaluationWindowSeconds?: number;
  /**
   * Requests per window from one client IP.
   * @default - no per-IP rule (Shield Advanced automatic mitigation then cannot be used)
   */
  readonly perIp?: number;
  /**
   * Requests per window for one value of each `userKeyHeaders` header (one user token or one API key).
   * @default - no per-user rule
   */
  readonly perUser?: number;
  /**
   * Requests per window from one IP to `signInPaths` (or to every path with `signInAllPaths`).
   * @default - no sign-in rule
   */
  readonly signIn?: number;
}

export interface SizeLimits {
  /** Largest body in bytes; bodies WAF cannot fully inspect (over 16 KB) are blocked too. */
  readonly bodyBytes: number;
  readonly queryStringBytes: number;
  /** Largest single header in bytes; header blocks over WAF's 8 KB inspection limit are blocked too. */
  readonly headerBytes: number;
}

export interface OptionalManagedRuleGroups {
  /** @default false */
  readonly linux?: boolean;
  /** @default false */
  readonly unix?: boolean;
  /** @default false */
  readonly php?: boolean;
  /** @default false */
  readonly wordpress?: boolean;
  /**
   * Bot Control (common inspection level): a paid rule group.
   * @default false
   */
  readonly botControl?: boolean;
}

export interface WebAclProps {
  /** CLOUDFRONT web ACLs must be created in us-east-1. */
  readonly scope: WebAclScope;
  /** Short name: prefixes the ACL name, the metric names and the `aws-waf-logs-<name>` log group. */
  readonly name: string;
  readonly rateLimits: RateLimits;
  /**
   * URI path prefixes of the sign-in endpoints (for `rateLimits.signIn`).
   * @default - none
   */
  readonly signInPaths?: readonly string[];
  /**
   * Count every request in the sign-in rule, not only `signInPaths`: for an endpoint that is a sign-in
   * service as a whole, e.g. a Cognito user pool, whose API calls all POST to `/` (the operation is in
   * the X-Amz-Target header) beside its /login and /oauth2/* pages. Give either this or `signInPaths`.
   * @default false
   */
  readonly signInAllPaths?: boolean;
  /**
   * Headers whose value identifies a user or client for `rateLimits.perUser`: one rule each.
   * @default ['authorization', 'x-api-key']
   */
  readonly userKeyHeaders?: readonly string[];
  readonly sizeLimits: SizeLimits;
  /**
   * @default - none of the optional groups
   */
  readonly managedRuleGroups?: OptionalManagedRuleGroups;
  /**
   * ISO 3166-1 alpha-2 codes of countries to block.
   * @default - none
   */
  readonly geoBlockCountries?: readonly string[];
  /**
   * Trusted CIDRs exempt from rate limiting and geo blocking (still inspected by the managed rules).
   * @default - none
   */
  readonly ipAllowList?: readonly string[];
  /**
   * CIDRs always blocked (first rule).
   * @default - none
   */
  readonly ipDenyList?: readonly string[];
  /** KMS key of the WAF log group (its policy must allow CloudWatch Logs of this region). */
  readonly logKey: kms.IKey;
  /** Retention of the WAF log group, in days. */
  readonly logRetentionDays: number;
}

const NONE_TRANSFORM = [{ priority: 0, type: 'NONE' }];
const TOO_MANY_REQUESTS = 'too-many-requests';

/** The response every rate-based rule sends: 429 with a small JSON body and a Retry-After header. */
function rateLimitedBlock(windowSeconds: number): wafv2.CfnWebACL.RuleActionProperty {
  return {
    block: {
      customResponse: {
        responseCode: 429,
        customResponseBodyKey: TOO_MANY_REQUESTS,
        responseHeaders: [{ name: 'Retry-After', value: String(windowSeconds) }],
      },
    },
  };
}

function anyOf(statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty {
  return statements.length === 1 ? statements[0] : { orStatement: { statements } };
}

function allOf(statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty {
  return statements.length === 1 ? statements[0] : { andStatement: { statements } };
}

/**
 * An AWS WAF web ACL with the baseline's rules, in this order (lower priority runs first):
 *
 * 1. `IpDenyList` (optional) — block listed CIDRs.
 * 2. `GeoBlock` (optional) — block listed countries (allow-listed CIDRs exempt).
 * 3. `SizeLimits` — block oversized bodies, query strings and headers, before any managed group.
 * 4. `RateLimitSignIn` (sign-in paths, or every path with `signInAllPaths`), `RateLimitPerIp`,
 *    `RateLimitPerUser-<header>` — 429 with Retry-After.
 * 5. AWS managed: AmazonIpReputationList, AnonymousIpList, CommonRuleSet, KnownBadInputsRuleSet,
 *    SQLiRuleSet, then the optional Linux/Unix/PHP/WordPress groups, and Bot Control last (it is
 *    charged per request it inspects, so it sees only requests nothing else blocked).
 *
 * Every rule has its own CloudWatch metric. Logs go to a KMS-encrypted `aws-waf-logs-<name>` log
 * group with the Authorization, Cookie and X-Api-Key headers redacted.
 */
export class WebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;
  /** Names of the rules, in evaluation order. */
  public readonly ruleNames: readonly string[];
  /** Names of the rate-based rules (Shield Advanced automatic mitigation requires at least one). */
  public readonly rateBasedRuleNames: readonly string[];
  public readonly scope: WebAclScope;
  private readonly aclName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    validate(props);
    this.scope = props.scope;
    const region = Stack.of(this).region;
    if (props.scope === 'CLOUDFRONT' && !Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new Error(
        `WebAcl ${this.node.path}: a CLOUDFRONT web ACL must be created in us-east-1. Received region: ${region}; put it in a us-east-1 stack`,
      );
    }
    this.aclName = `${props.name}-web-acl`;
    // Metric names equal the rule names (and the ACL name), so the WAF console and CloudWatch agree;
    // the WebACL dimension keeps metrics of different ACLs apart.
    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    });

    const rules: Omit<wafv2.CfnWebACL.RuleProperty, 'priority'>[] = [];
    const rateBased: string[] = [];
    const ipSet = (
      setId: string,
      cidrs: readonly string[],
    ): wafv2.CfnWebACL.StatementProperty | undefined => {
      const refs = (['IPV4', 'IPV6'] as const).flatMap((version) => {
        const addresses = cidrs.filter((c) => (version === 'IPV4') === !c.includes(':'));
        if (addresses.length === 0) return [];
        const set = new wafv2.CfnIPSet(this, `${setId}${version === 'IPV4' ? 'V4' : 'V6'}`, {
          name: `${props.name}-${setId}-${version.toLowerCase()}`,
          scope: props.scope,
          ipAddressVersion: version,
          addresses: [...addresses],
          description: `${setId} of web ACL ${props.name}`,
        });
        return [{ ipSetReferenceStatement: { arn: set.attrArn } }];
      });
      return refs.length ? anyOf(refs) : undefined;
    };

    const deny = ipSet('IpDenyList', props.ipDenyList ?? []);
    if (deny)
      rules.push({
        name: 'IpDenyList',
        action: { block: {} },
        statement: deny,
        visibilityConfig: metric('IpDenyList'),
      });

    const allow = ipSet('IpAllowList', props.ipAllowList ?? []);
    const notAllowListed: wafv2.CfnWebACL.StatementProperty[] = allow
      ? [{ notStatement: { statement: allow } }]
      : [];

    if (props.geoBlockCountries?.length) {
      rules.push({
        name: 'GeoBlock',
        action: { block: {} },
        statement: allOf([
          { geoMatchStatement: { countryCodes: [...props.geoBlockCountries] } },
          ...notAllowListed,
        ]),
        visibilityConfig: metric('GeoBlock'),
      });
    }

    const { sizeLimits } = props;
    rules.push({
      name: 'SizeLimits',
      action: { block: {} },
      statement: {
        orStatement: {
          statements: [
            {
              sizeConstraintStatement: {
                fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
                comparisonOperator: 'GT',
                size: sizeLimits.bodyBytes,
                textTransformations: NONE_TRANSFORM,
              },
            },
            {
              sizeConstraintStatement: {
                fieldToMatch: { queryString: {} },
                comparisonOperator: 'GT',
                size: sizeLimits.queryStringBytes,
                textTransformations: NONE_TRANSFORM,
              },
            },
            {
              sizeConstraintStatement: {
                fieldToMatch: {
                  headers: { matchPattern: { all: {} }, matchScope: 'ALL', oversizeHandling: 'MATCH' },
                },
                comparisonOperator: 'GT',
                size: sizeLimits.headerBytes,
                textTransformations: NONE_TRANSFORM,
              },
            },
          ],
        },
      },
      visibilityConfig: metric('SizeLimits'),
    });

    const window = props.rateLimits.evaluationWindowSeconds ?? 300;
    const rateRule = (
      name: string,
      rateBasedStatement: wafv2.CfnWebACL.RateBasedStatementProperty,
    ): Omit<wafv2.CfnWebACL.RuleProperty, 'priority'> => {
      rateBased.push(name);
      return {
        name,
        action: rateLimitedBlock(window),
        statement: { rateBasedStatement },
        visibilityConfig: metric(name),
      };
    };
    const { signIn, perIp, perUser } = props.rateLimits;
    if (signIn !== undefined) {
      const paths = (props.signInPaths ?? []).map<wafv2.CfnWebACL.StatementProperty>((p) => ({
        byteMatchStatement: {
          fieldToMatch: { uriPath: {} },
          positionalConstraint: 'STARTS_WITH',
          searchString: p,
          textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
        },
      }));
      const scopeDown = props.signInAllPaths ? notAllowListed : [anyOf(paths), ...notAllowListed];
      rules.push(
        rateRule('RateLimitSignIn', {
          limit: signIn,
          evaluationWindowSec: window,
          aggregateKeyType: 'IP',
          scopeDownStatement: scopeDown.length ? allOf(scopeDown) : undefined,
        }),
      );
    }
    if (perIp !== undefined) {
      rules.push(
        rateRule('RateLimitPerIp', {
          limit: perIp,
          evaluationWindowSec: window,
          aggregateKeyType: 'IP',
          scopeDownStatement: notAllowListed[0],
        }),
      );
    }
    if (perUser !== undefined) {
      for (const header of props.userKeyHeaders ?? ['authorization', 'x-api-key']) {
        // Requests without the header are not counted by this rule (WAF skips requests missing a key).
        rules.push(
          rateRule(`RateLimitPerUser-${header}`, {
            limit: perUser,
            evaluationWindowSec: window,
            aggregateKeyType: 'CUSTOM_KEYS',
            customKeys: [{ header: { name: header, textTransformations: NONE_TRANSFORM } }],
            scopeDownStatement: notAllowListed[0],
          }),
        );
      }
    }

    const managed = (
      name: string,
      overrides: { name: string; action: 'count' }[] = [],
      config?: wafv2.CfnWebACL.ManagedRuleGroupConfigProperty,
    ): Omit<wafv2.CfnWebACL.RuleProperty, 'priority'> => ({
      name,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: overrides.length
            ? overrides.map((o) => ({ name: o.name, actionToUse: { count: {} } }))
            : undefined,
          managedRuleGroupConfigs: config ? [config] : undefined,
        },
      },
      visibilityConfig: metric(name),
    });
    // The Common group blocks bodies over 8 KB and query strings over 2 KB itself; where the configured
    // limits are larger, those two rules only count so SizeLimits is the limit that applies.
    const commonOverrides = [
      ...(sizeLimits.bodyBytes > 8192 ? [{ name: 'SizeRestrictions_BODY', action: 'count' as const }] : []),
      ...(sizeLimits.queryStringBytes > 2048
        ? [{ name: 'SizeRestrictions_QUERYSTRING', action: 'count' as const }]
        : []),
    ];
    rules.push(
      managed('AWSManagedRulesAmazonIpReputationList'),
      managed('AWSManagedRulesAnonymousIpList'),
      managed('AWSManagedRulesCommonRuleSet', commonOverrides),
      managed('AWSManagedRulesKnownBadInputsRuleSet'),
      managed('AWSManagedRulesSQLiRuleSet'),
    );
    const optional = props.managedRuleGroups ?? {};
    if (optional.linux) rules.push(managed('AWSManagedRulesLinuxRuleSet'));
    if (optional.unix) rules.push(managed('AWSManagedRulesUnixRuleSet'));
    if (optional.php) rules.push(managed('AWSManagedRulesPHPRuleSet'));
    if (optional.wordpress) rules.push(managed('AWSManagedRulesWordPressRuleSet'));
    if (optional.botControl) {
      rules.push(
        managed('AWSManagedRulesBotControlRuleSet', [], {
          awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' },
        }),
      );
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      name: this.aclName,
      description: `Baseline web ACL, ${props.scope} scope, for ${props.name}`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rules: rules.map((r, priority) => ({ ...r, priority })),
      customResponseBodies: {
        [TOO_MANY_REQUESTS]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({ message: 'Too many requests; retry later' }),
        },
      },
      visibilityConfig: metric(this.aclName),
    });
    this.ruleNames = rules.map((r) => r.name);
    this.rateBasedRuleNames = rateBased;

    this.logGroup = new SecureLogGroup(this, 'LogGroup', {
      // WAF only delivers to log groups whose name starts with aws-waf-logs-.
      logGroupName: `aws-waf-logs-${props.name}`,
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    }).logGroup;
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the trailing ':*' that logGroupArn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    logging.node.addDependency(this.logGroup);
  }

  public get arn(): string {
    return this.webAcl.attrArn;
  }

  /** True when the ACL has at least one rate-based rule. */
  public get hasRateBasedRule(): boolean {
    return this.rateBasedRuleNames.length > 0;
  }

  /**
   * A WAF metric of this ACL: `BlockedRequests`, `CountedRequests` or `AllowedRequests`, for one
   * rule or (default) for the whole ACL. Summed over 5 minutes.
   */
  public metric(
    metricName: 'BlockedRequests' | 'CountedRequests' | 'AllowedRequests',
    rule?: string,
  ): cloudwatch.Metric {
    if (rule !== undefined && !this.ruleNames.includes(rule)) {
      throw new Error(`WebAcl ${this.node.path}: no rule '${rule}'; rules are ${this.ruleNames.join(', ')}`);
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap: {
        WebACL: this.aclName,
        Rule: rule ?? 'ALL',
        // CloudFront web ACL metrics carry no Region dimension.
        ...(this.scope === 'REGIONAL' ? { Region: Stack.of(this).region } : {}),
      },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    });
  }
}

function validate(props: WebAclProps): void {
  const { evaluationWindowSeconds, ...limits } = props.rateLimits;
  if (
    evaluationWindowSeconds !== undefined &&
    !(EVALUATION_WINDOWS as readonly number[]).includes(evaluationWindowSeconds)
  ) {
    throw new Error(
      `'rateLimits.evaluationWindowSeconds' must be one of ${EVALUATION_WINDOWS.join(', ')}. Received: ${evaluationWindowSeconds}`,
    );
  }
  for (const [name, limit] of Object.entries(limits)) {
    if (limit !== undefined && (limit < RATE_LIMIT_MIN || limit > RATE_LIMIT_MAX)) {
      throw new Error(
        `'rateLimits.${name}' must be between ${RATE_LIMIT_MIN} (AWS WAF's minimum) and ${RATE_LIMIT_MAX}. Received: ${limit}`,
      );
    }
  }
  if (props.signInAllPaths && props.signInPaths?.length) {
    throw new Error(
      `Give either 'signInPaths' or 'signInAllPaths', not both. Received: signInAllPaths and signInPaths ${props.signInPaths.join(', ')}`,
    );
  }
  if (props.rateLimits.signIn !== undefined && !props.signInPaths?.length && !props.signInAllPaths) {
    throw new Error(
      `'rateLimits.signIn' needs 'signInPaths' (or 'signInAllPaths: true') to scope the rule to. Received: none`,
    );
  }
  if (!/^[A-Za-z0-9-]{1,100}$/.test(props.name)) {
    throw new Error(`'name' must be 1-100 letters, digits or dashes. Received: ${props.name}`);
  }
}
