import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CognitoWebAcl, type CognitoWebAclProps } from '../../../constructs/identity/cognito-web-acl';
import { formatFinding } from '../../../lib/compliance/findings';
import { nagFindingsOf } from '../../support/nag';

const props = (stack: Stack): CognitoWebAclProps => ({
  logKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
  logRetentionDays: 90,
  logGroupName: 'aws-waf-logs-test-cognito',
  metricPrefix: 'TestCognito',
  signInRateLimit: 50,
});

describe('CognitoWebAcl', () => {
  let template: Template;
  beforeAll(() => {
    const stack = new Stack();
    new CognitoWebAcl(stack, 'Acl', props(stack));
    template = Template.fromStack(stack);
  });

  test('is a regional web ACL (Cognito user pools are regional resources)', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
  });

  test('blocks a client IP that sends more sign-in requests than the limit in 5 minutes', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitSignIn',
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: {
              Limit: 50,
              EvaluationWindowSec: 300,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                OrStatement: {
                  Statements: Match.arrayWith([
                    Match.objectLike({
                      ByteMatchStatement: Match.objectLike({
                        FieldToMatch: { SingleHeader: { Name: 'x-amz-target' } },
                        SearchString: '.initiateauth',
                      }),
                    }),
                    Match.objectLike({
                      ByteMatchStatement: Match.objectLike({
                        FieldToMatch: { UriPath: {} },
                        SearchString: '/login',
                      }),
                    }),
                  ]),
                },
              },
            },
          },
        }),
      ]),
    });
  });

  test('applies the AWS managed common rule set', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' },
          },
          OverrideAction: { None: {} },
        }),
      ]),
    });
  });

  test('logs to an encrypted aws-waf-logs- group with Authorization and Cookie redacted', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-test-cognito',
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 90,
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('has no cdk-nag finding in any pack', () => {
    const findings = nagFindingsOf((stack) => new CognitoWebAcl(stack, 'Acl', props(stack)));
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('fails if the rate limit is below the AWS WAF minimum', () => {
    const stack = new Stack();
    expect(() => new CognitoWebAcl(stack, 'Acl', { ...props(stack), signInRateLimit: 5 })).toThrow(
      /'signInRateLimit' must be a whole number from 10 .* Received: 5/,
    );
  });

  test('fails if the log group name lacks the aws-waf-logs- prefix', () => {
    const stack = new Stack();
    expect(() => new CognitoWebAcl(stack, 'Acl', { ...props(stack), logGroupName: 'waf' })).toThrow(
      /'logGroupName' must start with 'aws-waf-logs-'/,
    );
  });
});
