import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SecureLogGroup } from '../logging/secure-log-group';

export interface CognitoWebAclProps {
  /**
   * Sign-in requests one client IP may send per 5 minutes before it is blocked (AWS WAF minimum 10).
   * @default 100
   */
  readonly signInRateLimit?: number;
  /** Key of the WAF log group. */
  readonly logKey: kms.IKey;
  /** Retention of the WAF log group, in days. */
  readonly logRetentionDays: number;
  /** Name of the log group; must start with `aws-waf-logs-`. */
  readonly logGroupName: string;
  /** CloudWatch metric prefix, e.g. `ProdCognito`. */
  readonly metricPrefix: string;
}

/** Requests that are a sign-in attempt: Cognito API auth calls and the managed-login pages. */
function signInRequests(): wafv2.CfnWebACL.StatementProperty {
  const header = (target: string): wafv2.CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch: { singleHeader: { Name: 'x-amz-target' } },
      positionalConstraint: 'ENDS_WITH',
      searchString: target,
      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
    },
  });
  const path = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: prefix,
      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
    },
  });
  return {
    orStatement: {
      statements: [
        header('.initiateauth'),
        header('.respondtoauthchallenge'),
        header('.admininitiateauth'),
        path('/login'),
        path('/oauth2/token'),
      ],
    },
  };
}

/**
 * A small regional web ACL for Cognito user pools: rate-based blocking of sign-in attempts per client
 * IP and the AWS managed common rule set, logged to an encrypted `aws-waf-logs-` log group with the
 * Authorization and Cookie headers redacted. Associate it with each pool (HardenedUserPool `webAclArn`).
 */
export class CognitoWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: SecureLogGroup;

  constructor(scope: Construct, id: string, props: CognitoWebAclProps) {
    super(scope, id);
    const limit = props.signInRateLimit ?? 100;
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      throw new Error(`'signInRateLimit' must be a whole number from 10 to 2000000000. Received: ${limit}`);
    }
    if (!props.logGroupName.startsWith('aws-waf-logs-')) {
      throw new Error(
        `'logGroupName' must start with 'aws-waf-logs-' (AWS WAF requirement). Received: ${props.logGroupName}`,
      );
    }
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.metricPrefix}${name}`,
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Cognito user pools: sign-in rate limiting and AWS managed common rules',
      visibilityConfig: visibility('WebAcl'),
      rules: [
        {
          name: 'RateLimitSignIn',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: signInRequests(),
            },
          },
          visibilityConfig: visibility('RateLimitSignIn'),
        },
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' },
          },
          visibilityConfig: visibility('CommonRuleSet'),
        },
      ],
    });

    this.logGroup = new SecureLogGroup(this, 'LogGroup', {
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
      logGroupName: props.logGroupName,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the trailing ':*' that the CloudFormation attribute has.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }

  public get webAclArn(): string {
    return this.webAcl.attrArn;
  }
}
