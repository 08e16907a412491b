import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeRules } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { SecureLogGroup } from '../logging/secure-log-group';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const BODY_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH'];

export interface Throttle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Burst (token bucket size). */
  readonly burstLimit: number;
}

/** One method of the API. The construct adds the authorizer, the validator and the API-key requirement. */
export interface ApiRoute {
  /** Path below the version base path, e.g. `items` or `items/{id}`. */
  readonly path: string;
  readonly method: HttpMethod;
  readonly integration: apigateway.Integration;
  /** OAuth scopes the caller's access token must carry (user pool authorizer); ignored with IAM. */
  readonly scopes: readonly string[];
  /**
   * JSON Schema of the request body; required for POST/PUT/PATCH. `additionalProperties` must be
   * false so unknown fields are rejected.
   * @default - no body
   */
  readonly requestSchema?: apigateway.JsonSchema;
  /**
   * Request parameters API Gateway validates (`method.request.querystring.limit`: required?).
   * @default - none
   */
  readonly requestParameters?: Record<string, boolean>;
  /**
   * Per-method throttle (stricter than the stage's).
   * @default - the stage throttle
   */
  readonly throttle?: Throttle;
}

export interface ApiClient {
  /** Lower-case id: names the API key, the usage plan and the secret. */
  readonly name: string;
  readonly throttle: Throttle;
  readonly quotaPerDay: number;
}

export interface SecureRestApiProps {
  readonly restApiName: string;
  /**
   * API version: the stage name and the custom-domain base path.
   * @default 'v1'
   */
  readonly version?: string;
  readonly routes: readonly ApiRoute[];
  /** Stage-wide throttle. */
  readonly throttle: Throttle;
  /** Browser origins allowed by CORS (https only; credentials are allowed, so never `*`). */
  readonly corsAllowOrigins: readonly string[];
  /** ARN of the REGIONAL web ACL associated with the stage. */
  readonly webAclArn: string;
  /** KMS key of the access- and execution-log groups. */
  readonly logKey: kms.IKey;
  readonly logRetentionDays: number;
  /** KMS key of the client API-key secrets. */
  readonly secretsKey: kms.IKey;
  /** One API key, usage plan and secret per client. */
  readonly clients: readonly ApiClient[];
  /**
   * User pool whose access tokens authorize requests (scopes per route).
   * @default - IAM (SigV4) authorization on every method
   */
  readonly userPool?: cognito.IUserPool;
  /**
   * Custom domain (regional endpoint, TLS 1.2 security policy); the default execute-api endpoint is
   * then disabled so every client goes through it.
   * @default - the execute-api endpoint only
   */
  readonly customDomain?: { readonly domainName: string; readonly certificate: acm.ICertificate };
  /**
   * Create the region's API Gateway CloudWatch Logs role (AWS::ApiGateway::Account, one per account
   * and region) that execution logging needs. Turn off when another stack owns it.
   * @default true
   */
  readonly manageAccountLoggingRole?: boolean;
}

/** Access-log fields: who, what, outcome, WAF verdict. Never `$context.identity.apiKey` (the key value). */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  sub: '$context.authorizer.claims.sub',
  apiKeyId: '$context.identity.apiKeyId',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  wafResponseCode: '$context.wafResponseCode',
  errorType: '$context.error.responseType',
  validationError: '$context.error.validationErrorString',
  // status as a number, so metric filters can compare it (`$.status = 429`).
}).replace('"$context.status"', '$context.status');

/**
 * A regional REST API with the baseline's hardening: the regional web ACL, JSON access logs and ERROR
 * execution logs (no data trace) in KMS-encrypted log groups, X-Ray, a request validator on every
 * method and a JSON Schema model (unknown fields rejected) on every method with a body, the user
 * pool authorizer with per-route scopes (or IAM), API keys and a usage plan per client (key values
 * generated by Secrets Manager and passed by dynamic reference, so no template holds them), stage
 * and per-method throttling, a versioned base path, CORS from an allow-list and, with a custom
 * domain, the TLS 1.2 security policy.
 */
export class SecureRestApi extends Construct {
  public readonly api: apigateway.RestApi;
  public readonly stage: apigateway.Stage;
  public readonly accessLogGroup: logs.LogGroup;
  public readonly methods: apigateway.Method[] = [];
  public readonly clients: {
    name: string;
    apiKey: apigateway.IApiKey;
    usagePlan: apigateway.UsagePlan;
    secret: secretsmanager.ISecret;
  }[] = [];
  public readonly domainName?: apigateway.DomainName;
  public readonly version: string;

  constructor(scope: Construct, id: string, props: SecureRestApiProps) {
    super(scope, id);
    validateProps(this, props);
    const version = (this.version = props.version ?? 'v1');
    const { partition, region, account } = Stack.of(this);

    this.accessLogGroup = new SecureLogGroup(this, 'AccessLogs', {
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    }).logGroup;

    const methodOptions: Record<string, apigateway.MethodDeploymentOptions> = {};
    for (const r of props.routes) {
      if (r.throttle) {
        methodOptions[`/${r.path}/${r.method}`] = {
          throttlingRateLimit: r.throttle.rateLimit,
          throttlingBurstLimit: r.throttle.burstLimit,
        };
      }
    }

    this.api = new apigateway.RestApi(this, 'Resource', {
      restApiName: props.restApiName,
      description: `${props.restApiName} (${version})`,
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      disableExecuteApiEndpoint: props.customDomain !== undefined,
      cloudWatchRole: false,
      deployOptions: {
        stageName: version,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        methodOptions,
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [...props.corsAllowOrigins],
        allowMethods: [...new Set(props.routes.map((r) => r.method)), 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'X-Api-Key', 'X-Amz-Date', 'X-Amz-Security-Token'],
        allowCredentials: true,
        maxAge: Duration.hours(1),
      },
      apiKeySourceType: apigateway.ApiKeySourceType.HEADER,
    });
    this.stage = this.api.deploymentStage;

    // Execution logs: created here (KMS, retention) before API Gateway would create a plain one.
    const executionLogs = new SecureLogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${version}`,
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    });
    this.stage.node.addDependency(executionLogs);
    if (props.manageAccountLoggingRole ?? true) this.accountLoggingRole(partition, region, account);

    const validator = this.api.addRequestValidator('Validator', {
      requestValidatorName: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const authorizer = props.userPool
      ? new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
          cognitoUserPools: [props.userPool],
          identitySource: apigateway.IdentitySource.header('Authorization'),
        })
      : undefined;

    for (const r of props.routes) {
      const resource = this.api.root.resourceForPath(r.path);
      const model = r.requestSchema
        ? this.api.addModel(`${modelName(r)}Model`, {
            modelName: modelName(r),
            contentType: 'application/json',
            schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, ...r.requestSchema },
          })
        : undefined;
      const method = resource.addMethod(r.method, r.integration, {
        authorizationType: authorizer
          ? apigateway.AuthorizationType.COGNITO
          : apigateway.AuthorizationType.IAM,
        authorizer,
        authorizationScopes: authorizer ? [...r.scopes] : undefined,
        apiKeyRequired: true,
        requestValidator: validator,
        requestModels: model ? { 'application/json': model } : undefined,
        requestParameters: r.requestParameters,
      });
      this.methods.push(method);
      if (!authorizer) {
        acknowledgeRule(
          method.node.defaultChild!,
          'AwsSolutions-COG4',
          'IAM (SigV4) authorization until the identity user pool is passed in (SecureRestApi userPool prop); every method still requires signed requests and an API key',
        );
      }
    }
    for (const m of this.api.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
      acknowledgeRules(
        m.node.defaultChild!,
        ['AwsSolutions-APIG4', 'AwsSolutions-COG4'],
        'CORS preflight: browsers send OPTIONS without credentials (Fetch standard), so it cannot be authorized; the mock integration returns only the allow-listed CORS headers and reaches no backend',
      );
    }

    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.stage.stageArn,
      webAclArn: props.webAclArn,
    });

    for (const c of props.clients) this.addClient(c, props.secretsKey, props.routes);

    if (props.customDomain) {
      this.domainName = new apigateway.DomainName(this, 'Domain', {
        domainName: props.customDomain.domainName,
        certificate: props.customDomain.certificate,
        endpointType: apigateway.EndpointType.REGIONAL,
        securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
      });
      this.domainName.addBasePathMapping(this.api, { basePath: version, stage: this.stage });
    }

    const stageResource = this.stage.node.defaultChild!;
    acknowledgeRules(
      stageResource,
      [
        'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
        'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
        'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
      ],
      'Caching is off: responses are per-user dashboard data, and a shared stage cache could serve one client the data of another; with no cache there is no cached data at rest to encrypt',
    );
    acknowledgeRules(
      stageResource,
      ['NIST.800.53.R5-APIGWSSLEnabled', 'HIPAA.Security-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled'],
      'A client certificate authenticates API Gateway to HTTP backends; every integration here is a Lambda proxy or mock integration, invoked through the Lambda API with IAM, so there is no HTTP backend to present it to',
    );

    this.node.addValidation({ validate: () => this.checkEveryMethod() });
  }

  /** URL of the versioned API: the custom domain when there is one. */
  public get url(): string {
    return this.domainName ? `https://${this.domainName.domainName}/${this.version}/` : this.api.url;
  }

  private addClient(c: ApiClient, secretsKey: kms.IKey, routes: readonly ApiRoute[]): void {
    const secret = new secretsmanager.Secret(this, `ClientKey-${c.name}`, {
      secretName: `${this.api.restApiName}/clients/${c.name}/api-key`,
      description: `API key of client ${c.name} for ${this.api.restApiName}; hand over through Secrets Manager only`,
      encryptionKey: secretsKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ client: c.name }),
        generateStringKey: 'apiKey',
        passwordLength: 40,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeRules(
      secret.node.defaultChild!,
      [
        'AwsSolutions-SMG4',
        'NIST.800.53.R5-SecretsManagerRotationEnabled',
        'HIPAA.Security-SecretsManagerRotationEnabled',
        'PCI.DSS.321-SecretsManagerRotationEnabled',
      ],
      'An API key is an identifier shared with an external client: replacing it needs a coordinated hand-over, so it is rotated on request by issuing a new client key and retiring the old one (docs/edge.md, "API keys"); API keys are not the authentication factor, every method also requires IAM or user-pool authorization',
    );
    // The template holds a {{resolve:secretsmanager:...}} reference, never the value.
    const apiKey = new apigateway.ApiKey(this, `ApiKey-${c.name}`, {
      apiKeyName: `${this.api.restApiName}-${c.name}`,
      description: `Client ${c.name}`,
      value: secret.secretValueFromJson('apiKey').unsafeUnwrap(),
      enabled: true,
    });
    const usagePlan = this.api.addUsagePlan(`UsagePlan-${c.name}`, {
      name: `${this.api.restApiName}-${c.name}`,
      description: `Limits of client ${c.name}`,
      throttle: { rateLimit: c.throttle.rateLimit, burstLimit: c.throttle.burstLimit },
      quota: { limit: c.quotaPerDay, period: apigateway.Period.DAY },
    });
    usagePlan.addApiStage({
      stage: this.stage,
      throttle: routes
        .filter((r) => r.throttle)
        .map((r) => ({
          method: this.methods.find((m) => m.resource.path === `/${r.path}` && m.httpMethod === r.method)!,
          throttle: {
            rateLimit: Math.min(r.throttle!.rateLimit, c.throttle.rateLimit),
            burstLimit: Math.min(r.throttle!.burstLimit, c.throttle.burstLimit),
          },
        })),
    });
    usagePlan.addApiKey(apiKey);
    this.clients.push({ name: c.name, apiKey, usagePlan, secret });
  }

  private accountLoggingRole(partition: string, region: string, account: string): void {
    const role = new ManagedPolicyRole(this, 'CloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway write execution logs of this account and region',
    });
    const groups = `arn:${partition}:logs:${region}:${account}:log-group:API-Gateway-Execution-Logs_*`;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
          'logs:GetLogEvents',
          'logs:FilterLogEvents',
        ],
        resources: [groups, `${groups}:log-stream:*`],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:DescribeLogGroups'],
        resources: [`arn:${partition}:logs:${region}:${account}:log-group:*`],
      }),
    );
    acknowledgeRules(
      role.policy!,
      [
        'log-group:API-Gateway-Execution-Logs_*',
        'log-group:API-Gateway-Execution-Logs_*:log-stream:*',
        'log-group:*',
      ].map((resource) => `AwsSolutions-IAM5[Resource::${nagLogsArn(partition, region, account, resource)}]`),
      'API Gateway names execution log groups API-Gateway-Execution-Logs_<api-id>/<stage> and their streams at run time, for every API of the region; DescribeLogGroups has no narrower resource (Service Authorization Reference, CloudWatch Logs)',
    );
    const accountSettings = new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
    accountSettings.node.addDependency(role.policy!);
    this.stage.node.addDependency(accountSettings);
  }

  /** Every method except CORS preflight must carry an authorizer, a validator and an API key. */
  private checkEveryMethod(): string[] {
    return this.api.methods
      .filter((m) => m.httpMethod !== 'OPTIONS')
      .flatMap((m) => {
        const cfn = m.node.defaultChild as apigateway.CfnMethod;
        const problems: string[] = [];
        if (!cfn.authorizationType || cfn.authorizationType === 'NONE') problems.push('has no authorization');
        if (!cfn.requestValidatorId) problems.push('has no request validator');
        if (!cfn.apiKeyRequired) problems.push('does not require an API key');
        return problems.map(
          (p) => `${m.httpMethod} ${m.resource.path} ${p}; add routes through SecureRestApi 'routes'`,
        );
      });
  }
}

/** A CloudWatch Logs ARN as cdk-nag prints it in finding ids: unresolved pseudo parameters as <AWS::...>. */
function nagLogsArn(partition: string, region: string, account: string, resource: string): string {
  const show = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  return `arn:${show(partition, 'Partition')}:logs:${show(region, 'Region')}:${show(account, 'AccountId')}:${resource}`;
}

function modelName(r: ApiRoute): string {
  const words = `${r.method.toLowerCase()} ${r.path}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function validateProps(scope: Construct, props: SecureRestApiProps): void {
  const where = `SecureRestApi ${scope.node.path}`;
  for (const o of props.corsAllowOrigins) {
    if (!/^https:\/\/[^\s/*]+$/.test(o)) {
      throw new Error(
        `${where}: CORS origin '${o}' must be https://host[:port] (no http, path or wildcard; credentials are allowed)`,
      );
    }
  }
  if (props.corsAllowOrigins.length === 0)
    throw new Error(`${where}: 'corsAllowOrigins' must list at least one origin`);
  const seen = new Set<string>();
  for (const r of props.routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`${where}: route '${key}' is declared twice`);
    seen.add(key);
    if (BODY_METHODS.includes(r.method) && !r.requestSchema) {
      throw new Error(
        `${where}: route '${key}' takes a body and needs 'requestSchema' (unknown fields rejected)`,
      );
    }
    if (r.requestSchema && r.requestSchema.additionalProperties !== false) {
      throw new Error(
        `${where}: route '${key}' requestSchema must set additionalProperties: false so unknown fields are rejected. Received: ${JSON.stringify(r.requestSchema.additionalProperties)}`,
      );
    }
    if (props.userPool && r.scopes.length === 0) {
      throw new Error(`${where}: route '${key}' needs at least one OAuth scope with a user pool authorizer`);
    }
  }
  const names = new Set<string>();
  for (const c of props.clients) {
    if (!/^[a-z][a-z0-9-]{1,39}$/.test(c.name))
      throw new Error(`${where}: client name '${c.name}' must be lower-case letters, digits and dashes`);
    if (names.has(c.name)) throw new Error(`${where}: client '${c.name}' is declared twice`);
    names.add(c.name);
  }
}
