import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { WebAcl, type WebAclProps } from '../../../constructs/edge/web-acl';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import { nonEmpty } from '../../support/non-empty';
import { onlyKeyArn, resourcesOf } from '../../support/resources';

const base = (stack: Stack): WebAclProps => ({
  scope: 'CLOUDFRONT',
  name: 'test-site',
  rateLimits: { evaluationWindowSeconds: 300, perIp: 1000, perUser: 500, signIn: 20 },
  signInPaths: ['/login', '/oauth2/token'],
  sizeLimits: { bodyBytes: 8192, queryStringBytes: 2048, headerBytes: 8192 },
  managedRuleGroups: { linux: true, botControl: true },
  geoBlockCountries: ['KP'],
  ipAllowList: ['198.51.100.0/24', '2001:db8::/32'],
  ipDenyList: ['203.0.113.0/24'],
  logKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
  logRetentionDays: 90,
});

function rulesOf(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules;
}

function usEast1(): Stack {
  return new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
}

/** The logical id of the one IP set holding exactly `addresses` with `version`. */
function ipSetId(template: Template, version: 'IPV4' | 'IPV6', addresses: string[]): string {
  const ids = Object.keys(
    template.findResources('AWS::WAFv2::IPSet', {
      Properties: { IPAddressVersion: version, Addresses: addresses },
    }),
  );
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('WebAcl', () => {
  let template: Template;
  let rules: any[];
  /** "Not from the allow list": NOT (in the IPv4 allow-list set OR in the IPv6 allow-list set). */
  let notAllowListed: unknown;
  beforeAll(() => {
    const stack = usEast1();
    new WebAcl(stack, 'Acl', base(stack));
    template = Template.fromStack(stack);
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0];
    rules = [...nonEmpty(acl.Properties.Rules as any[], 'web ACL rule')].sort(
      (a, b) => a.Priority - b.Priority,
    );
    const reference = (id: string) => ({ IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [id, 'Arn'] } } });
    notAllowListed = {
      NotStatement: {
        Statement: {
          OrStatement: {
            Statements: [
              reference(ipSetId(template, 'IPV4', ['198.51.100.0/24'])),
              reference(ipSetId(template, 'IPV6', ['2001:db8::/32'])),
            ],
          },
        },
      },
    };
  });

  test('rules run in the documented order: deny, geo, size, rate limits, then managed groups with Bot Control last', () => {
    expect(rules.map((r) => r.Name)).toEqual([
      'IpDenyList',
      'GeoBlock',
      'SizeLimits',
      'RateLimitSignIn',
      'RateLimitPerIp',
      'RateLimitPerUser-authorization',
      'RateLimitPerUser-x-api-key',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesAnonymousIpList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
      'AWSManagedRulesLinuxRuleSet',
      'AWSManagedRulesBotControlRuleSet',
    ]);
  });

  test('priorities are unique', () => {
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
  });

  test('every rule has its own CloudWatch metric', () => {
    const names = rules.map((r) => r.VisibilityConfig.MetricName);
    expect(new Set(names).size).toBe(rules.length);
    for (const r of rules) expect(r.VisibilityConfig.CloudWatchMetricsEnabled).toBe(true);
  });

  test('the size rule blocks bodies, query strings and headers over the limits, oversized bodies and headers included', () => {
    const size = rules.find((r) => r.Name === 'SizeLimits');
    expect(size.Action).toEqual({ Block: {} });
    const statements = size.Statement.OrStatement.Statements.map((s: any) => s.SizeConstraintStatement);
    expect(statements).toEqual([
      expect.objectContaining({
        FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
        ComparisonOperator: 'GT',
        Size: 8192,
      }),
      expect.objectContaining({ FieldToMatch: { QueryString: {} }, ComparisonOperator: 'GT', Size: 2048 }),
      expect.objectContaining({
        FieldToMatch: {
          Headers: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'MATCH' },
        },
        Size: 8192,
      }),
    ]);
  });

  test('rate-based rules answer 429 with Retry-After and a JSON body', () => {
    for (const r of nonEmpty(
      rules.filter((x) => x.Name.startsWith('RateLimit')),
      'rate-based rule',
    )) {
      expect(r.Action.Block.CustomResponse).toEqual({
        ResponseCode: 429,
        CustomResponseBodyKey: 'too-many-requests',
        ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
      });
    }
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      CustomResponseBodies: {
        'too-many-requests': { ContentType: 'APPLICATION_JSON', Content: Match.anyValue() },
      },
    });
  });

  test('the per-IP rule aggregates on IP with the configured limit and window, exempting the allow list', () => {
    const r = rules.find((x) => x.Name === 'RateLimitPerIp').Statement.RateBasedStatement;
    expect(r).toMatchObject({ Limit: 1000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    expect(r.ScopeDownStatement).toEqual(notAllowListed);
  });

  test('the per-user rules aggregate on the Authorization header and on the API key header', () => {
    for (const header of ['authorization', 'x-api-key']) {
      const r = rules.find((x) => x.Name === `RateLimitPerUser-${header}`).Statement.RateBasedStatement;
      expect(r).toMatchObject({
        Limit: 500,
        AggregateKeyType: 'CUSTOM_KEYS',
        CustomKeys: [{ Header: { Name: header, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
      });
    }
  });

  test('the sign-in rule is scoped to the sign-in paths with the stricter limit', () => {
    const r = rules.find((x) => x.Name === 'RateLimitSignIn').Statement.RateBasedStatement;
    expect(r.Limit).toBe(20);
    const paths = r.ScopeDownStatement.AndStatement.Statements[0].OrStatement.Statements.map(
      (s: any) => s.ByteMatchStatement.SearchString,
    );
    expect(paths).toEqual(['/login', '/oauth2/token']);
  });

  test('the deny list blocks and the IP sets are split by address family', () => {
    expect(rules[0].Action).toEqual({ Block: {} });
    template.resourceCountIs('AWS::WAFv2::IPSet', 3);
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      IPAddressVersion: 'IPV6',
      Addresses: ['2001:db8::/32'],
    });
  });

  test('geo blocking blocks the configured countries', () => {
    const geo = rules.find((r) => r.Name === 'GeoBlock');
    expect(geo.Action).toEqual({ Block: {} });
    expect(geo.Statement.AndStatement.Statements[0]).toEqual({ GeoMatchStatement: { CountryCodes: ['KP'] } });
  });

  test('geo blocking exempts allow-listed sources', () => {
    // Blocked = from a listed country AND NOT from the allow list.
    expect(rules.find((r) => r.Name === 'GeoBlock').Statement).toEqual({
      AndStatement: { Statements: [{ GeoMatchStatement: { CountryCodes: ['KP'] } }, notAllowListed] },
    });
  });

  test('managed groups are AWS groups that keep their own actions; Bot Control uses the common level', () => {
    for (const r of nonEmpty(
      rules.filter((x) => x.Name.startsWith('AWSManaged')),
      'managed rule group',
    )) {
      expect(r.OverrideAction).toEqual({ None: {} });
      expect(r.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
    }
    const bot = rules.find((r) => r.Name === 'AWSManagedRulesBotControlRuleSet');
    expect(bot.Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs).toEqual([
      { AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } },
    ]);
  });

  test('logs go to a KMS-encrypted aws-waf-logs- log group with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-test-site',
      KmsKeyId: onlyKeyArn(template),
      RetentionInDays: 90,
    });
  });

  test('the web ACL logs to that log group', () => {
    const aclId = Object.keys(template.findResources('AWS::WAFv2::WebACL'))[0];
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    const [logging] = resourcesOf(template, 'AWS::WAFv2::LoggingConfiguration');
    expect(logging.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    // WAF takes the log group ARN without the trailing ':*'.
    expect(logging.Properties.LogDestinationConfigs).toEqual([
      {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:', { Ref: logGroupId }],
        ],
      },
    ]);
  });

  test('the Authorization, Cookie and X-Api-Key headers are redacted from the logs', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'cookie' } },
        { SingleHeader: { Name: 'x-api-key' } },
      ],
    });
  });

  test('has no cdk-nag findings', () => {
    const findings = nagFindingsOf(
      (stack) => new WebAcl(stack, 'Acl', { ...base(stack), scope: 'REGIONAL' }),
    );
    expect(findings.map(formatFinding)).toEqual([]);
  });
});

describe('WebAcl options', () => {
  test('optional groups and Bot Control are absent unless selected', () => {
    const stack = usEast1();
    new WebAcl(stack, 'Acl', { ...base(stack), managedRuleGroups: {} });
    const names = rulesOf(stack).map((r) => r.Name);
    expect(names).not.toContain('AWSManagedRulesBotControlRuleSet');
    expect(names).not.toContain('AWSManagedRulesLinuxRuleSet');
  });

  test('a body limit above the Common group limit turns its body size rule to count', () => {
    const stack = usEast1();
    new WebAcl(stack, 'Acl', {
      ...base(stack),
      sizeLimits: { bodyBytes: 16384, queryStringBytes: 2048, headerBytes: 8192 },
    });
    const common = rulesOf(stack).find((r) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  test('with signInAllPaths the sign-in rule counts every request, allow-listed sources exempt', () => {
    // GIVEN an endpoint that is a sign-in service as a whole (Cognito: API calls POST to /)
    const stack = usEast1();
    // WHEN the sign-in rule is not scoped to paths
    new WebAcl(stack, 'Acl', { ...base(stack), signInPaths: undefined, signInAllPaths: true });
    // THEN the only scope-down is the allow-list exemption: no URI path match
    const r = rulesOf(stack).find((x) => x.Name === 'RateLimitSignIn').Statement.RateBasedStatement;
    expect(r).toMatchObject({ Limit: 20, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    expect(Object.keys(r.ScopeDownStatement)).toEqual(['NotStatement']);
    expect(JSON.stringify(r)).not.toContain('UriPath');
  });

  test('with signInAllPaths and no allow list the sign-in rule has no scope-down at all', () => {
    const stack = usEast1();
    new WebAcl(stack, 'Acl', {
      ...base(stack),
      signInPaths: undefined,
      signInAllPaths: true,
      ipAllowList: [],
    });
    const r = rulesOf(stack).find((x) => x.Name === 'RateLimitSignIn').Statement.RateBasedStatement;
    expect(r.ScopeDownStatement).toBeUndefined();
  });

  test('fails if both signInPaths and signInAllPaths are given', () => {
    const stack = usEast1();
    expect(() => new WebAcl(stack, 'Acl', { ...base(stack), signInAllPaths: true })).toThrow(
      /Give either 'signInPaths' or 'signInAllPaths', not both. Received: signInAllPaths and signInPaths \/login, \/oauth2\/token/,
    );
  });

  test('fails if a sign-in limit has neither signInPaths nor signInAllPaths', () => {
    const stack = usEast1();
    expect(() => new WebAcl(stack, 'Acl', { ...base(stack), signInPaths: undefined })).toThrow(
      /'rateLimits.signIn' needs 'signInPaths' \(or 'signInAllPaths: true'\)/,
    );
  });

  test('fails if a CLOUDFRONT web ACL is not in us-east-1', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(() => new WebAcl(stack, 'Acl', base(stack))).toThrow(
      /must be created in us-east-1. Received region: eu-west-1/,
    );
  });

  test('fails if a rate limit is below the WAF minimum of 10', () => {
    const stack = usEast1();
    expect(() => new WebAcl(stack, 'Acl', { ...base(stack), rateLimits: { perIp: 9 } })).toThrow(
      /'rateLimits.perIp' must be between 10 \(AWS WAF's minimum\) and 2000000000. Received: 9/,
    );
  });

  test('fails if the evaluation window is not one WAF accepts', () => {
    const stack = usEast1();
    expect(
      () =>
        new WebAcl(stack, 'Acl', { ...base(stack), rateLimits: { evaluationWindowSeconds: 30, perIp: 100 } }),
    ).toThrow(/must be one of 60, 120, 300, 600. Received: 30/);
  });
});
