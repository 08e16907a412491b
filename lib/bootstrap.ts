/**
 * The project's hardened CDK bootstrap: names, the reviewed service list of the CloudFormation execution
 * policy, and the exact `cdk bootstrap` invocation of an environment (printed by `npm run bootstrap`).
 * The policies themselves are synthesized by the Bootstrap stage (lib/stacks/bootstrap-stack.ts).
 */
import type { AppConfig } from './config/schema';

/** The default CDK bootstrap qualifier (`cdk bootstrap --qualifier`). */
export const DEFAULT_QUALIFIER = 'hnb659fds';

/** The session tag the CI deploy role sets on its deploy-role sessions; only it may set it (workload boundary). */
export const CI_SESSION_TAG = { key: 'security-baseline:deployer', value: 'ci' } as const;

/** Stacks of an environment the deploy role may change only in the CI deploy role's session. */
export const CI_ONLY_STACKS = ['PermissionsBoundary', 'Guardrails', 'Audit', 'Foundation'] as const;

/** Id of the nested stage holding the bootstrap policies, and of its one stack. */
export const BOOTSTRAP_STAGE_ID = 'Bootstrap';
export const BOOTSTRAP_STACK_ID = 'Policies';

/** The CDK toolkit stack name (`cdk bootstrap` default). */
export const TOOLKIT_STACK_NAME = 'CDKToolkit';

/**
 * IAM service prefixes the CloudFormation execution role needs, per CloudFormation resource-type namespace
 * the app deploys (`AWS::EC2::VPC` -> `AWS::EC2`; custom resources are `Custom`). Reviewed, not derived:
 * test/lib/bootstrap.test.ts fails when a synthesized template uses a namespace missing here (a new resource
 * type needs a review of what its deployment may do) or when an entry is no longer used (least privilege).
 */
export const EXECUTION_SERVICES: Readonly<Record<string, readonly string[]>> = {
  'AWS::AccessAnalyzer': ['access-analyzer'],
  'AWS::ApiGateway': ['apigateway'],
  // Backup vaults are created through backup-storage.
  'AWS::Backup': ['backup', 'backup-storage'],
  'AWS::CloudFront': ['cloudfront'],
  'AWS::CloudTrail': ['cloudtrail'],
  'AWS::CloudWatch': ['cloudwatch'],
  'AWS::Cognito': ['cognito-idp'],
  'AWS::Config': ['config'],
  'AWS::Detective': ['detective'],
  'AWS::EC2': ['ec2'],
  // Enhanced registry scanning is Amazon Inspector's.
  'AWS::ECR': ['ecr', 'inspector2'],
  'AWS::Events': ['events'],
  'AWS::GuardDuty': ['guardduty'],
  'AWS::IAM': ['iam'],
  'AWS::KMS': ['kms'],
  'AWS::Lambda': ['lambda'],
  'AWS::Logs': ['logs'],
  'AWS::Macie': ['macie2'],
  'AWS::RDS': ['rds'],
  'AWS::Route53': ['route53'],
  'AWS::Route53Resolver': ['route53resolver'],
  'AWS::S3': ['s3'],
  'AWS::SNS': ['sns'],
  'AWS::SecretsManager': ['secretsmanager'],
  'AWS::SecurityHub': ['securityhub'],
  'AWS::Shield': ['shield'],
  'AWS::StepFunctions': ['states'],
  'AWS::WAFv2': ['wafv2'],
  // CloudFormation invokes the provider function of a custom resource with the execution role.
  Custom: ['lambda'],
};

/** Namespaces that need no permission of the execution role. */
export const NAMESPACES_WITHOUT_PERMISSIONS = ['AWS::CDK', 'AWS::CloudFormation'];

/** The namespace a resource type is reviewed under. */
export function resourceNamespace(type: string): string {
  return type.startsWith('Custom::') ? 'Custom' : type.split('::').slice(0, 2).join('::');
}

/** Names of one environment's bootstrap, derived from its config. */
export function bootstrapNames(config: AppConfig) {
  const env = config.environment.name;
  const prefix = `security-baseline-${env.toLowerCase()}`;
  return {
    qualifier: config.identity.ciDeploy?.bootstrapQualifier ?? DEFAULT_QUALIFIER,
    executionPolicyName: `${prefix}-cfn-execution`,
    boundaryPolicyName: `${prefix}-bootstrap-boundary`,
    /** CloudFormation stack name of the Bootstrap stage's stack. */
    policiesStackName: `${env}-${BOOTSTRAP_STAGE_ID}-${BOOTSTRAP_STACK_ID}`,
    ciOnlyStackNames: CI_ONLY_STACKS.map((s) => `${env}-${s}`),
    /** The CI deploy role (Guardrails stack), when the config has one. */
    ciRoleName: config.identity.ciDeploy ? `${prefix}-github-deploy` : undefined,
  };
}

/** Every region the environment deploys to: each needs its own `cdk bootstrap`. */
export function bootstrapRegions(config: AppConfig): string[] {
  return [
    ...new Set([
      config.environment.region,
      config.environment.backupRegion,
      'us-east-1', // CloudFront-scoped stacks (EdgeGlobal, SiteGlobal)
      ...(config.identity.ciDeploy?.additionalRegions ?? []),
    ]),
  ];
}

/** The one-time commands of an environment: deploy the policies, then bootstrap every region with them. */
export function bootstrapCommands(config: AppConfig): { policies: string[]; bootstrap: string[] } {
  const n = bootstrapNames(config);
  const { account, name } = config.environment;
  const partition = config.environment.region.startsWith('cn-')
    ? 'aws-cn'
    : config.environment.region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  const policyArn = (policy: string) => `arn:${partition}:iam::${account}:policy/${policy}`;
  return {
    policies: [
      'npx',
      'cdk',
      'deploy',
      `${name}/${BOOTSTRAP_STAGE_ID}/${BOOTSTRAP_STACK_ID}`,
      '-c',
      `env=${name.toLowerCase()}`,
      '--require-approval',
      'broadening',
    ],
    bootstrap: [
      'npx',
      'cdk',
      'bootstrap',
      ...bootstrapRegions(config).map((r) => `aws://${account}/${r}`),
      '--qualifier',
      n.qualifier,
      '--cloudformation-execution-policies',
      policyArn(n.executionPolicyName),
      '--custom-permissions-boundary',
      n.boundaryPolicyName,
      '--apply-permissions-boundary-to-all-roles',
      // No --trust: no other account may deploy; the deploy role trusts this account only (see docs/runbook.md).
      '--bootstrap-customer-key',
      '--termination-protection',
      '--public-access-block-configuration',
      '--deny-external-id',
      '--tags',
      `security-baseline:environment=${name}`,
    ],
  };
}
