/**
 * AWS services this baseline can reach through interface VPC endpoints, by the short name that follows
 * `com.amazonaws.<region>.` in the endpoint service name. Config validation rejects any other name, so a
 * typo fails before deployment instead of as a CloudFormation error.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  'access-analyzer',
  'acm-pca',
  'application-autoscaling',
  'appconfig',
  'appconfigdata',
  'athena',
  'autoscaling',
  'backup',
  'cloudformation',
  'codeartifact.api',
  'codeartifact.repositories',
  'codebuild',
  'cognito-idp',
  'config',
  'ebs',
  'ec2',
  'ec2messages',
  'ecr.api',
  'ecr.dkr',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'elasticache',
  'elasticfilesystem',
  'elasticloadbalancing',
  'events',
  'execute-api',
  'glue',
  'guardduty-data',
  'kinesis-firehose',
  'kinesis-streams',
  'kms',
  'lambda',
  'logs',
  'monitoring',
  'rds',
  'rds-data',
  'secretsmanager',
  'securityhub',
  'sns',
  'sqs',
  'ssm',
  'ssm-contacts',
  'ssm-incidents',
  'ssmmessages',
  'states',
  'sts',
  'synthetics',
  'xray',
] as const;

export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** Services reached through gateway endpoints (free, route-table based); always created. */
export const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;

/**
 * The default set: what the baseline's own workloads call (keys, secrets, logs, credentials, Systems
 * Manager, container images, notifications, events).
 */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly InterfaceEndpointService[] = [
  'kms',
  'secretsmanager',
  'logs',
  'sts',
  'ssm',
  'ecr.api',
  'ecr.dkr',
  'sns',
  'events',
];

export function isInterfaceEndpointService(name: string): name is InterfaceEndpointService {
  return (INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(name);
}
