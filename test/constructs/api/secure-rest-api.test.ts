import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  ACCESS_LOG_FORMAT,
  type ApiRoute,
  SecureRestApi,
  type SecureRestApiProps,
} from '../../../constructs/api/secure-rest-api';
import { CREATE_ITEM_SCHEMA } from '../../../lib/stacks/api-stack';
import { onlyKeyArn, resourcesOf } from '../../support/resources';

/** Fixture ARNs are built like the code builds them (no 'arn:aws:' literals). */
const PARTITION = 'aws';

const WEB_ACL = `arn:${PARTITION}:wafv2:eu-west-1:111111111111:regional/webacl/api/abc`;

function routes(stack: Stack): ApiRoute[] {
  const fn =
    (stack.node.tryFindChild('Fn') as lambda.Function | undefined) ??
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })'),
    });
  const integration = new apigateway.LambdaIntegration(fn);
  return [
    { path: 'health', method: 'GET', integration, scopes: ['api/read'] },
    {
      path: 'items',
      method: 'GET',
      integration,
      scopes: ['api/read'],
      requestParameters: { 'method.request.querystring.limit': false },
    },
    {
      path: 'items',
      method: 'POST',
      integration,
      scopes: ['api/write'],
      requestSchema: CREATE_ITEM_SCHEMA,
      throttle: { rateLimit: 5, burstLimit: 10 },
    },
  ];
}

function props(stack: Stack, overrides: Partial<SecureRestApiProps> = {}): SecureRestApiProps {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  return {
    restApiName: 'test-api',
    routes: routes(stack),
    throttle: { rateLimit: 50, burstLimit: 100 },
    corsAllowOrigins: ['https://dashboard.example.com', 'https://admin.example.com'],
    webAclArn: WEB_ACL,
    logKey: key,
    logRetentionDays: 90,
    secretsKey: key,
    clients: [{ name: 'acme', throttle: { rateLimit: 10, burstLimit: 20 }, quotaPerDay: 1000 }],
    ...overrides,
  };
}

function newStack(): Stack {
  return new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
}

const nonPreflight = (t: Template) =>
  Object.values(t.findResources('AWS::ApiGateway::Method')).filter(
    (m) => m.Properties.HttpMethod !== 'OPTIONS',
  );

describe('SecureRestApi (IAM authorization, no custom domain)', () => {
  let template: Template;
  beforeAll(() => {
    const stack = newStack();
    new SecureRestApi(stack, 'Api', props(stack));
    template = Template.fromStack(stack);
  });

  test('every method requires IAM authorization and an API key', () => {
    const methods = nonPreflight(template);
    expect(methods).toHaveLength(3);
    for (const m of methods) {
      expect(m.Properties.AuthorizationType).toBe('AWS_IAM');
      expect(m.Properties.ApiKeyRequired).toBe(true);
    }
  });

  test('every method has the body-and-parameters request validator', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    for (const m of nonPreflight(template)) expect(m.Properties.RequestValidatorId).toBeDefined();
  });

  test('methods with a body have a JSON Schema model that rejects unknown fields', () => {
    const post = nonPreflight(template).find((m) => m.Properties.HttpMethod === 'POST')!;
    expect(post.Properties.RequestModels['application/json']).toBeDefined();
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: Match.objectLike({
        $schema: 'http://json-schema.org/draft-04/schema#',
        additionalProperties: false,
        required: ['name', 'quantity'],
      }),
    });
  });

  test('the stage is throttled, and the write method more strictly', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties;
    expect(stage.MethodSettings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        }),
        expect.objectContaining({
          HttpMethod: 'POST',
          ResourcePath: '/~1items',
          ThrottlingRateLimit: 5,
          ThrottlingBurstLimit: 10,
        }),
      ]),
    );
  });

  test('execution logging at ERROR without data trace, metrics and X-Ray on, stage v1', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
        }),
      ]),
    });
  });

  test('JSON access logs go to a KMS-encrypted log group and never contain the API key value', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: ACCESS_LOG_FORMAT },
    });
    const format = JSON.parse(ACCESS_LOG_FORMAT.replace('$context.status', '0'));
    expect(format.apiKeyId).toBe('$context.identity.apiKeyId');
    expect(ACCESS_LOG_FORMAT).not.toMatch(/\$context\.identity\.apiKey[^I]/);
    for (const g of resourcesOf(template, 'AWS::Logs::LogGroup')) {
      expect(g.Properties.KmsKeyId).toEqual(onlyKeyArn(template));
    }
  });

  test('the execution log group is created encrypted before API Gateway would create a plain one', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: Match.anyValue() }, '/v1']] },
      KmsKeyId: onlyKeyArn(template),
    });
  });

  test('the regional web ACL is associated with the stage', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: WEB_ACL });
  });

  test('CORS allows only the listed https origins, with credentials, never *', () => {
    const preflights = Object.values(template.findResources('AWS::ApiGateway::Method')).filter(
      (m) => m.Properties.HttpMethod === 'OPTIONS',
    );
    expect(preflights.length).toBeGreaterThan(0);
    for (const p of preflights) {
      const params = p.Properties.Integration.IntegrationResponses[0].ResponseParameters;
      expect(params['method.response.header.Access-Control-Allow-Origin']).toBe(
        "'https://dashboard.example.com'",
      );
      expect(params['method.response.header.Access-Control-Allow-Credentials']).toBe("'true'");
      const template = JSON.stringify(p.Properties.Integration.IntegrationResponses[0].ResponseTemplates);
      expect(template).toContain('https://admin.example.com');
      expect(JSON.stringify(p)).not.toContain("'*'");
    }
  });

  test('each client gets an API key whose value is a Secrets Manager reference, never a literal', () => {
    const keys = Object.values(template.findResources('AWS::ApiGateway::ApiKey'));
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys[0].Properties.Value)).toMatch(
      /\{\{resolve:secretsmanager:.*:SecretString:apiKey::\}\}/,
    );
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: onlyKeyArn(template),
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'apiKey', PasswordLength: 40 }),
    });
  });

  test('each client has a usage plan with throttle, daily quota and a stricter write-method throttle', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 1000, Period: 'DAY' },
      ApiStages: [Match.objectLike({ Throttle: { '/items/POST': { RateLimit: 5, BurstLimit: 10 } } })],
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });
});

describe('SecureRestApi (user pool, custom domain)', () => {
  let template: Template;
  beforeAll(() => {
    const stack = newStack();
    const userPool = cognito.UserPool.fromUserPoolArn(
      stack,
      'Pool',
      `arn:${PARTITION}:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_abc`,
    );
    new SecureRestApi(
      stack,
      'Api',
      props(stack, {
        userPool,
        customDomain: {
          domainName: 'api.example.com',
          certificate: acm.Certificate.fromCertificateArn(
            stack,
            'Cert',
            `arn:${PARTITION}:acm:eu-west-1:111111111111:certificate/x`,
          ),
        },
      }),
    );
    template = Template.fromStack(stack);
  });

  test('every method uses the user pool authorizer with its scopes', () => {
    const authorizers = template.findResources('AWS::ApiGateway::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [[authorizerId, authorizer]] = Object.entries(authorizers);
    expect(authorizer.Properties).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [`arn:${PARTITION}:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_abc`],
    });
    const resources = template.toJSON().Resources;
    // "<HTTP method> <path part>" of every method but CORS preflight, with its authorization.
    const methods = Object.fromEntries(
      nonPreflight(template).map((m) => [
        `${m.Properties.HttpMethod} ${resources[m.Properties.ResourceId.Ref].Properties.PathPart}`,
        {
          type: m.Properties.AuthorizationType,
          authorizer: m.Properties.AuthorizerId,
          scopes: m.Properties.AuthorizationScopes,
        },
      ]),
    );
    // The scopes are the fixture routes' (routes()): reading needs api/read, writing api/write.
    const byAuthorizer = (scopes: string[]) => ({
      type: 'COGNITO_USER_POOLS',
      authorizer: { Ref: authorizerId },
      scopes,
    });
    expect(methods).toEqual({
      'GET health': byAuthorizer(['api/read']),
      'GET items': byAuthorizer(['api/read']),
      'POST items': byAuthorizer(['api/write']),
    });
  });

  test('the custom domain uses the TLS 1.2 policy, maps base path v1, and the default endpoint is disabled', () => {
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'v1' });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
  });
});

describe('SecureRestApi bad input', () => {
  test('fails if a CORS origin is not https', () => {
    const stack = newStack();
    expect(
      () =>
        new SecureRestApi(stack, 'Api', props(stack, { corsAllowOrigins: ['http://dashboard.example.com'] })),
    ).toThrow(/CORS origin 'http:\/\/dashboard.example.com' must be https:\/\/host\[:port\]/);
  });

  test('fails if a CORS origin is a wildcard', () => {
    const stack = newStack();
    expect(() => new SecureRestApi(stack, 'Api', props(stack, { corsAllowOrigins: ['*'] }))).toThrow(
      /CORS origin '\*'/,
    );
  });

  test('fails if a body method has no request schema', () => {
    const stack = newStack();
    const r = routes(stack).map((x) => (x.method === 'POST' ? { ...x, requestSchema: undefined } : x));
    expect(() => new SecureRestApi(stack, 'Api', props(stack, { routes: r }))).toThrow(
      /'POST items' takes a body and needs 'requestSchema'/,
    );
  });

  test('fails if a request schema accepts unknown fields', () => {
    const stack = newStack();
    const r = routes(stack).map((x) =>
      x.method === 'POST'
        ? { ...x, requestSchema: { ...CREATE_ITEM_SCHEMA, additionalProperties: true } }
        : x,
    );
    expect(() => new SecureRestApi(stack, 'Api', props(stack, { routes: r }))).toThrow(
      /additionalProperties: false/,
    );
  });

  test('fails at synth if a method is added around the construct without authorization', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', props(stack));
    api.api.root.addResource('open').addMethod('GET', new apigateway.MockIntegration());
    expect(() => Template.fromStack(stack)).toThrow(/GET \/open has no authorization/);
  });
});
