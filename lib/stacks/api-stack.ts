import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { SampleBackend } from '../../constructs/api/sample-backend';
import { type ApiRoute, SecureRestApi } from '../../constructs/api/secure-rest-api';
import { ApiAbuseAlarms, WafAbuseAlarms } from '../../constructs/edge/abuse-alarms';
import { WebAcl } from '../../constructs/edge/web-acl';
import type { DataClassKeys } from '../../constructs/kms/data-class-keys';
import { webAclPropsFrom } from '../config/props';
import type { AppConfig } from '../config/schema';

/** The identity this API trusts, passed in by the identity stack. */
export interface ApiIdentity {
  readonly userPool: cognito.IUserPool;
  /** OAuth scopes of read methods, e.g. `dashboard-api/read`. */
  readonly readScopes: readonly string[];
  /** OAuth scopes of write methods, e.g. `dashboard-api/write`. */
  readonly writeScopes: readonly string[];
}

export interface ApiStackProps extends StackProps {
  readonly config: AppConfig;
  /** Foundation keys: `logs` for log groups, `secrets` for the client API-key secrets. */
  readonly keys: DataClassKeys;
  readonly securityTopic: sns.ITopic;
  /**
   * User pool authorizer with scopes per method.
   * @default - IAM (SigV4) authorization on every method
   */
  readonly identity?: ApiIdentity;
  /**
   * VPC for the sample backend function.
   * @default - outside a VPC (reason recorded)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** Body of POST /items: unknown fields are rejected. */
export const CREATE_ITEM_SCHEMA: apigateway.JsonSchema = {
  title: 'CreateItem',
  type: apigateway.JsonSchemaType.OBJECT,
  additionalProperties: false,
  required: ['name', 'quantity'],
  properties: {
    name: {
      type: apigateway.JsonSchemaType.STRING,
      minLength: 1,
      maxLength: 100,
      pattern: "^[\\w .,'()-]+$",
    },
    quantity: { type: apigateway.JsonSchemaType.INTEGER, minimum: 1, maximum: 1000 },
  },
};

/**
 * The dashboard API in the primary region: the REGIONAL web ACL, the hardened REST API with a
 * health route and a sample `items` resource backed by a small Lambda, per-client API keys and
 * usage plans, and the WAF and API abuse alarms.
 */
export class ApiStack extends Stack {
  public readonly webAcl: WebAcl;
  public readonly api: SecureRestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, keys } = props;
    const edge = config.edge;
    const env = config.environment.name.toLowerCase();

    this.webAcl = new WebAcl(this, 'ApiWebAcl', {
      scope: 'REGIONAL',
      name: `${env}-api`,
      ...webAclPropsFrom(config),
      logKey: keys.logs,
      logRetentionDays: config.retention.logDays,
    });

    const backend = new SampleBackend(this, 'Backend', {
      allowedOrigins: edge.api.corsAllowedOrigins,
      logKey: keys.logs,
      logRetentionDays: config.retention.logDays,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
    });
    const integration = new apigateway.LambdaIntegration(backend.function.function, { proxy: true });
    const read = props.identity?.readScopes ?? [];
    const write = props.identity?.writeScopes ?? [];
    const writeThrottle = {
      rateLimit: edge.api.throttling.writeRateLimit,
      burstLimit: edge.api.throttling.writeBurstLimit,
    };
    const routes: ApiRoute[] = [
      { path: 'health', method: 'GET', integration, scopes: read },
      {
        path: 'items',
        method: 'GET',
        integration,
        scopes: read,
        requestParameters: { 'method.request.querystring.limit': false },
      },
      {
        path: 'items',
        method: 'POST',
        integration,
        scopes: write,
        requestSchema: CREATE_ITEM_SCHEMA,
        throttle: writeThrottle,
      },
    ];

    this.api = new SecureRestApi(this, 'Api', {
      restApiName: `${env}-dashboard-api`,
      version: 'v1',
      routes,
      throttle: { rateLimit: edge.api.throttling.rateLimit, burstLimit: edge.api.throttling.burstLimit },
      corsAllowOrigins: edge.api.corsAllowedOrigins,
      webAclArn: this.webAcl.arn,
      logKey: keys.logs,
      logRetentionDays: config.retention.logDays,
      secretsKey: keys.secrets,
      clients: edge.api.clients.map((c) => ({
        name: c.name,
        throttle: { rateLimit: c.rateLimit, burstLimit: c.burstLimit },
        quotaPerDay: c.quotaPerDay,
      })),
      userPool: props.identity?.userPool,
      customDomain:
        edge.api.domainName && edge.api.certificateArn
          ? {
              domainName: edge.api.domainName,
              certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', edge.api.certificateArn),
            }
          : undefined,
    });

    new WafAbuseAlarms(this, 'WafAlarms', {
      webAcl: this.webAcl,
      topic: props.securityTopic,
      blockedRequestsThreshold: edge.alarms.wafBlockedRequests,
      rateRuleMatchesThreshold: edge.alarms.rateRuleMatches,
    });
    new ApiAbuseAlarms(this, 'ApiAlarms', {
      api: this.api,
      topic: props.securityTopic,
      clientErrorRate: edge.alarms.api4xxRate,
      serverErrorRate: edge.alarms.api5xxRate,
      clientThrottledThreshold: edge.alarms.clientThrottled,
    });
    // The pipeline's DAST job scans this URL after each Dev deploy (.github/workflows/ci.yml, job dast).
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'URL of the versioned dashboard API' });
  }
}
