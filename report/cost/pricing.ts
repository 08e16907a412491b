/**
 * List prices the cost estimate uses, each with its source page, region and the date it was checked, and
 * the usage assumptions that turn template resource counts into monthly quantities. Quantities come from
 * the synthesized templates (`index.ts` and one module per service in this folder); nothing here is a total.
 *
 * Prices are AWS list prices in USD without free tiers, taxes, Savings Plans or enterprise discounts.
 * Check them against the source before budgeting: AWS changes prices, and regions differ.
 */

export interface Price {
  readonly service: string;
  readonly description: string;
  readonly usd: number;
  readonly unit: string;
  /** Region the price is for, or `global` when AWS charges the same everywhere. */
  readonly region: string;
  readonly source: string;
  /** Date the price was checked against the source (YYYY-MM-DD). */
  readonly checked: string;
}

const CHECKED = '2026-11-27';

export const PRICES = {
  kmsKey: {
    service: 'AWS KMS',
    description: 'Customer managed key',
    usd: 1.0,
    unit: 'key-month',
    region: 'global',
    source: 'https://aws.amazon.com/kms/pricing/',
    checked: CHECKED,
  },
  kmsRotation: {
    service: 'AWS KMS',
    description:
      'Rotated key material of a key with automatic rotation (first and second rotation only, since April 2024)',
    usd: 1.0,
    unit: 'rotation-month',
    region: 'global',
    source: 'https://aws.amazon.com/kms/pricing/',
    checked: CHECKED,
  },
  natHour: {
    service: 'Amazon VPC',
    description: 'NAT gateway hour',
    usd: 0.048,
    unit: 'gateway-hour',
    region: 'eu-west-1',
    source: 'https://aws.amazon.com/vpc/pricing/',
    checked: CHECKED,
  },
  natGb: {
    service: 'Amazon VPC',
    description: 'NAT gateway data processed',
    usd: 0.048,
    unit: 'GB',
    region: 'eu-west-1',
    source: 'https://aws.amazon.com/vpc/pricing/',
    checked: CHECKED,
  },
  endpointHour: {
    service: 'AWS PrivateLink',
    description: 'Interface endpoint hour per Availability Zone',
    usd: 0.011,
    unit: 'endpoint-AZ-hour',
    region: 'eu-west-1',
    source: 'https://aws.amazon.com/privatelink/pricing/',
    checked: CHECKED,
  },
  endpointGb: {
    service: 'AWS PrivateLink',
    description: 'Interface endpoint data processed (first PB)',
    usd: 0.01,
    unit: 'GB',
    region: 'eu-west-1',
    source: 'https://aws.amazon.com/privatelink/pricing/',
    checked: CHECKED,
  },
  wafWebAcl: {
    service: 'AWS WAF',
    description: 'Web ACL',
    usd: 5.0,
    unit: 'web-ACL-month',
    region: 'global',
    source: 'https://aws.amazon.com/waf/pricing/',
    checked: CHECKED,
  },
  wafRule: {
    service: 'AWS WAF',
    description: 'Rule or managed rule group in a web ACL',
    usd: 1.0,
    unit: 'rule-month',
    region: 'global',
    source: 'https://aws.amazon.com/waf/pricing/',
    checked: CHECKED,
  },
  wafRequests: {
    service: 'AWS WAF',
    description: 'Requests inspected',
    usd: 0.6,
    unit: 'million requests',
    region: 'global',
    source: 'https://aws.amazon.com/waf/pricing/',
    checked: CHECKED,
  },
  wafBotControl: {
    service: 'AWS WAF',
    description: 'Bot Control (common) subscription',
    usd: 10.0,
    unit: 'web-ACL-month',
    region: 'global',
    source: 'https://aws.amazon.com/waf/pricing/',
    checked: CHECKED,
  },
  wafBotControlRequests: {
    service: 'AWS WAF',
    description: 'Bot Control (common) requests analysed',
    usd: 1.0,
    unit: 'million requests',
    region: 'global',
    source: 'https://aws.amazon.com/waf/pricing/',
    checked: CHECKED,
  },
  shieldAdvanced: {
    service: 'AWS Shield',
    description:
      'Shield Advanced subscription (one per AWS Organization / payer, 1-year commitment; data transfer out fees extra)',
    usd: 3000.0,
    unit: 'organization-month',
    region: 'global',
    source: 'https://aws.amazon.com/shield/pricing/',
    checked: CHECKED,
  },
  guardDutyEvents: {
    service: 'Amazon GuardDuty',
    description: 'CloudTrail management events analysed (first 500 million)',
    usd: 4.0,
    unit: 'million events',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/guardduty/pricing/',
    checked: CHECKED,
  },
  guardDutyFlowDns: {
    service: 'Amazon GuardDuty',
    description: 'VPC flow logs and DNS logs analysed (first 500 GB)',
    usd: 1.0,
    unit: 'GB',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/guardduty/pricing/',
    checked: CHECKED,
  },
  guardDutyS3: {
    service: 'Amazon GuardDuty',
    description: 'S3 Protection: S3 data events analysed (first 500 million)',
    usd: 0.8,
    unit: 'million events',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/guardduty/pricing/',
    checked: CHECKED,
  },
  securityHubCheck: {
    service: 'AWS Security Hub CSPM',
    description: 'Security check (first 100,000 per account, region and month)',
    usd: 0.001,
    unit: 'check',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/security-hub/pricing/',
    checked: CHECKED,
  },
  configItem: {
    service: 'AWS Config',
    description: 'Configuration item recorded (continuous recording)',
    usd: 0.003,
    unit: 'configuration item',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/config/pricing/',
    checked: CHECKED,
  },
  configEvaluation: {
    service: 'AWS Config',
    description: 'Config rule evaluation (first 100,000)',
    usd: 0.001,
    unit: 'evaluation',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/config/pricing/',
    checked: CHECKED,
  },
  cognitoPlusMau: {
    service: 'Amazon Cognito',
    description: 'Plus feature plan monthly active user (threat protection)',
    usd: 0.02,
    unit: 'MAU',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/cognito/pricing/',
    checked: CHECKED,
  },
  backupStorage: {
    service: 'AWS Backup',
    description: 'Amazon Aurora backup storage',
    usd: 0.021,
    unit: 'GB-month',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/backup/pricing/',
    checked: CHECKED,
  },
  backupCopyTransfer: {
    service: 'AWS Backup',
    description: 'Cross-region copy data transfer',
    usd: 0.02,
    unit: 'GB',
    region: 'eu-west-1',
    source: 'https://aws.amazon.com/backup/pricing/',
    checked: CHECKED,
  },
  cloudTrailDataEvents: {
    service: 'AWS CloudTrail',
    description: 'Data events delivered',
    usd: 0.1,
    unit: '100,000 events',
    region: 'global',
    source: 'https://aws.amazon.com/cloudtrail/pricing/',
    checked: CHECKED,
  },
  logsIngestion: {
    service: 'Amazon CloudWatch Logs',
    description: 'Log ingestion (standard class)',
    usd: 0.57,
    unit: 'GB',
    region: 'eu-west-1',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: CHECKED,
  },
  logsStorage: {
    service: 'Amazon CloudWatch Logs',
    description: 'Log storage (compressed)',
    usd: 0.03,
    unit: 'GB-month',
    region: 'eu-west-1',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: CHECKED,
  },
  secret: {
    service: 'AWS Secrets Manager',
    description: 'Secret',
    usd: 0.4,
    unit: 'secret-month',
    region: 'global',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    checked: CHECKED,
  },
  alarm: {
    service: 'Amazon CloudWatch',
    description: 'Standard-resolution alarm metric',
    usd: 0.1,
    unit: 'alarm-month',
    region: 'us-east-1',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: CHECKED,
  },
} as const satisfies Record<string, Price>;

export type PriceId = keyof typeof PRICES;

/** A usage assumption: what the templates cannot say (traffic, users, data volume). */
export interface UsageAssumption {
  readonly production: number;
  readonly nonProduction: number;
  readonly unit: string;
  readonly note: string;
}

export const USAGE = {
  hoursPerMonth: {
    production: 730,
    nonProduction: 730,
    unit: 'hours',
    note: 'Always-on resources run all month',
  },
  natGbPerGateway: {
    production: 100,
    nonProduction: 10,
    unit: 'GB/month per NAT gateway',
    note: 'HTTPS egress of the app tier; AWS APIs go through endpoints instead',
  },
  endpointGbPerEndpoint: {
    production: 10,
    nonProduction: 1,
    unit: 'GB/month per interface endpoint',
    note: 'KMS, Secrets Manager, Logs, STS, ... API traffic',
  },
  wafMillionRequestsPerWebAcl: {
    production: 10,
    nonProduction: 0.5,
    unit: 'million requests/month per web ACL',
    note: 'Every request inspected, allowed or blocked; attack traffic adds to it',
  },
  managementEventsMillions: {
    production: 2,
    nonProduction: 0.5,
    unit: 'million CloudTrail management events/month',
    note: 'Analysed by GuardDuty',
  },
  flowDnsGb: {
    production: 20,
    nonProduction: 2,
    unit: 'GB/month of flow and DNS logs',
    note: 'Analysed by GuardDuty',
  },
  s3DataEventsMillions: {
    production: 5,
    nonProduction: 0.5,
    unit: 'million S3 data events/month',
    note: 'Logged by CloudTrail data events and analysed by GuardDuty S3 Protection',
  },
  securityHubChecksPerStandard: {
    production: 5000,
    nonProduction: 2000,
    unit: 'checks/month per enabled standard',
    note: 'Controls x resources x re-evaluations',
  },
  configItemsPerResource: {
    production: 4,
    nonProduction: 4,
    unit: 'configuration items/month per resource',
    note: 'Changes and relationship updates; Lambda ENI churn adds more',
  },
  configEvaluationsPerResource: {
    production: 10,
    nonProduction: 10,
    unit: 'rule evaluations/month per resource and rule',
    note: 'Change-triggered and periodic rules',
  },
  cognitoMau: {
    production: 2000,
    nonProduction: 50,
    unit: 'monthly active users',
    note: 'Dashboard users who sign in at least once a month',
  },
  databaseGb: {
    production: 100,
    nonProduction: 10,
    unit: 'GB of database data',
    note: 'Backed up daily; incremental recovery points',
  },
  backupStoredPerGb: {
    production: 2,
    nonProduction: 1,
    unit: 'GB stored per GB of data',
    note: 'Full first copy plus increments over the retention period',
  },
  logGbPerLogGroup: {
    production: 5,
    nonProduction: 0.5,
    unit: 'GB/month ingested per log group',
    note: 'Flow logs, API access logs, function logs, CloudTrail',
  },
} as const satisfies Record<string, UsageAssumption>;

export type UsageKey = keyof typeof USAGE;
