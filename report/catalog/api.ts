/** Phase 6: API Security: the catalog entries APIS1 ... of the requirements document. */
import { type CatalogEntry, m } from './types';
import { tpl, EDGE, WAF, API, AUTHORIZED_METHODS } from './rows';

export const API_SECURITY: readonly CatalogEntry[] = [
  {
    id: 'APIS1',
    text: 'Implement API authentication',
    kind: 'infrastructure',
    summary:
      'Every API method except CORS preflight requires a Cognito user-pool token (authorizer) and an API key identifying the client.',
    constructs: ['SecureRestApi'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Method',
        propertyPath: 'AuthorizationType',
        expected: 'COGNITO_USER_POOLS',
        where: AUTHORIZED_METHODS,
        test: `${EDGE} › %s edge and API stacks › every API method except CORS preflight is authorized, validated and needs an API key`,
        proves: 'Every method requires a user-pool token',
      }),
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Method',
        propertyPath: 'ApiKeyRequired',
        expected: true,
        where: AUTHORIZED_METHODS,
        test: `${EDGE} › %s edge and API stacks › every API method except CORS preflight is authorized, validated and needs an API key`,
        proves: 'Every method requires a client API key',
      }),
    ],
    frameworks: { nist: ['IA-2', 'AC-3'], soc2: ['CC6.1'] },
    nagRules: ['AwsSolutions-APIG4', 'AwsSolutions-COG4'],
  },
  {
    id: 'APIS2',
    text: 'Add API rate limiting per user',
    kind: 'infrastructure',
    summary:
      'Each API client has a usage plan (rate, burst, daily quota) bound to its API key, and a WAF rate-based rule aggregates per Authorization header (per user).',
    constructs: ['SecureRestApi', 'WebAcl'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::UsagePlan',
        propertyPath: 'Throttle.RateLimit',
        expected: m.atLeast(1),
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › each client has a usage plan with throttle, daily quota and a stricter write-method throttle`,
        proves: 'Each client is throttled by its own usage plan',
      }),
      tpl({
        stack: 'EdgeGlobal',
        resourceType: 'AWS::WAFv2::WebACL',
        propertyPath: 'Rules[*].Statement.RateBasedStatement.CustomKeys[*].Header.Name',
        expected: m.includes('authorization'),
        test: `${WAF} › WebAcl › the per-user rules aggregate on the Authorization header and on the API key header`,
        proves: 'Requests per user (Authorization header) are rate-limited',
      }),
    ],
    frameworks: { nist: ['SC-5', 'AC-3'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'APIS3',
    text: 'Validate all API inputs',
    kind: 'infrastructure',
    summary:
      'API Gateway request validators check request bodies against JSON-schema models and required parameters before the backend is invoked; semantic validation stays in the application (IV1).',
    constructs: ['SecureRestApi'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::RequestValidator',
        propertyPath: 'ValidateRequestBody',
        expected: true,
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › every method has the body-and-parameters request validator`,
        proves: 'Request bodies and parameters are validated against models',
      }),
    ],
    frameworks: { nist: ['SI-10'], soc2: ['PI1.2'] },
    nagRules: ['AwsSolutions-APIG2'],
  },
  {
    id: 'APIS4',
    text: 'Add API versioning',
    kind: 'infrastructure',
    summary:
      'The API is published under a version (stage / base path v1), so incompatible changes ship as a new version while the old one keeps its controls.',
    constructs: ['SecureRestApi'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Stage',
        propertyPath: 'StageName',
        expected: m.regex('^v\\d+$'),
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › execution logging at ERROR without data trace, metrics and X-Ray on, stage v1`,
        proves: 'The API is published as a versioned stage',
      }),
    ],
    frameworks: { nist: ['CM-3'], soc2: ['CC8.1'] },
    nagRules: [],
  },
  {
    id: 'APIS5',
    text: 'Implement API logging',
    kind: 'infrastructure',
    summary:
      'JSON access logs to a KMS-encrypted log group and execution logging for every method (without request bodies); X-Ray tracing on the stage.',
    constructs: ['SecureRestApi', 'SecureLogGroup'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Stage',
        propertyPath: 'AccessLogSetting.DestinationArn',
        expected: m.refersTo('AWS::Logs::LogGroup'),
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › JSON access logs go to a KMS-encrypted log group and never contain the API key value`,
        proves: 'Access logs are written to an encrypted log group',
      }),
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Stage',
        propertyPath: 'MethodSettings[*].LoggingLevel',
        expected: m.every(m.oneOf('INFO', 'ERROR')),
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › execution logging at ERROR without data trace, metrics and X-Ray on, stage v1`,
        proves: 'Execution logging is on, without request data',
      }),
    ],
    frameworks: { fsbp: ['APIGateway.1'], nist: ['AU-2', 'AU-3', 'AU-12'], soc2: ['CC7.2'] },
    nagRules: ['AwsSolutions-APIG1', 'AwsSolutions-APIG6', 'NIST.800.53.R5-APIGWExecutionLoggingEnabled'],
  },
  {
    id: 'APIS6',
    text: 'Add API key management',
    kind: 'infrastructure',
    summary:
      'One API key per client, generated into a KMS-encrypted Secrets Manager secret (never in config or code), bound to the client’s usage plan; revoking a client removes key and plan.',
    constructs: ['SecureRestApi', 'RotatingSecret'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::UsagePlanKey',
        propertyPath: 'KeyType',
        expected: 'API_KEY',
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › each client has a usage plan with throttle, daily quota and a stricter write-method throttle`,
        proves: 'Each API key is bound to its client usage plan',
      }),
    ],
    frameworks: { nist: ['IA-5', 'IA-5(7)', 'SC-12'], soc2: ['CC6.1'] },
    nagRules: ['NIST.800.53.R5-SecretsManagerUsingKMSKey'],
  },
  {
    id: 'APIS7',
    text: 'Secure CORS configuration',
    kind: 'infrastructure',
    summary:
      'CORS allows only the configured https origins (never *), with the methods and headers the dashboard uses; validation rejects wildcard and plain-http origins.',
    constructs: ['SecureRestApi'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::ApiGateway::Method',
        propertyPath:
          'Integration.IntegrationResponses[*].ResponseParameters["method.response.header.Access-Control-Allow-Origin"]',
        expected: m.every(m.regex("^'https://[^*']+'$")),
        where: { propertyPath: 'HttpMethod', expected: 'OPTIONS' },
        test: `${API} › SecureRestApi (IAM authorization, no custom domain) › CORS allows only the listed https origins, with credentials, never *`,
        proves: 'CORS answers only listed https origins, never *',
      }),
    ],
    frameworks: { nist: ['AC-4'], soc2: ['CC6.6'] },
    nagRules: [],
  },
  {
    id: 'APIS8',
    text: 'Add API abuse detection',
    kind: 'infrastructure',
    summary:
      'Alarms on WAF blocked requests, rate-rule matches, API 4xx/5xx rates and per-client throttling notify the security topic; GuardDuty analyses the account’s API activity.',
    constructs: ['WafAbuseAlarms', 'ApiAbuseAlarms'],
    evidence: [
      tpl({
        stack: 'Api',
        resourceType: 'AWS::CloudWatch::Alarm',
        propertyPath: 'AlarmActions',
        expected: m.every(m.refersTo('AWS::SNS::Topic')),
        test: `${EDGE} › %s edge and API stacks › abuse alarms notify the security topic: WAF spike, rate-rule matches, 4xx, 5xx, per-client throttling`,
        proves: 'API abuse alarms notify the security topic',
      }),
    ],
    frameworks: { nist: ['SI-4', 'AU-6'], soc2: ['CC7.2'] },
    nagRules: ['NIST.800.53.R5-CloudWatchAlarmAction'],
  },
];
