import { NAME_LIMITS, type NamedProperty } from '../../constructs/core/aws-limits';
import type { Problem } from './problem';

/**
 * The physical names the stacks derive from the environment name, each with the CloudFormation
 * property (and so the AWS limit, constructs/core/aws-limits.ts) it lands in. The longest allowed
 * environment name is derived from them; test/lib/config/names.test.ts proves every entry appears in
 * the synthesized templates and that every name there fits its limit at that length.
 */
export interface DerivedName {
  readonly property: NamedProperty;
  readonly name: string;
}

/** Deterministic vault names, so the primary region can address the copy vault without a cross-region lookup. */
export function backupVaultName(environment: string, role: 'primary' | 'copy'): string {
  return `security-baseline-${environment.toLowerCase()}-${role}`;
}

/** Name of the site distribution's access-log delivery (and log group suffix). */
export const siteLogsName = (config: { readonly environment: { readonly name: string } }): string =>
  `${config.environment.name.toLowerCase()}-site`;

/** Names that depend on the environment name only (`Name` as written, `lower` lower-cased). */
function environmentNames(name: string): DerivedName[] {
  const lower = name.toLowerCase();
  const prefix = `security-baseline-${lower}`;
  const environment = { environment: { name } };
  return [
    { property: 'AWS::Backup::BackupVault.BackupVaultName', name: backupVaultName(name, 'primary') },
    { property: 'AWS::Backup::BackupVault.BackupVaultName', name: backupVaultName(name, 'copy') },
    { property: 'AWS::Backup::BackupPlan.BackupPlan.BackupPlanName', name: prefix },
    {
      property: 'AWS::Backup::RestoreTestingPlan.RestoreTestingPlanName',
      name: `security_baseline_${lower}_database`,
    },
    { property: 'AWS::CloudTrail::Trail.TrailName', name: prefix },
    { property: 'AWS::CloudWatch::Dashboard.DashboardName', name: `${name}-Security` },
    // The longest rule name SecurityEventRules appends to the `<Name>-` prefix.
    { property: 'AWS::Events::Rule.Name', name: `${name}-GuardDutyCriticalFindings` },
    { property: 'AWS::IAM::Role.RoleName', name: `${prefix}-break-glass` },
    { property: 'AWS::IAM::Role.RoleName', name: `${prefix}-github-deploy` },
    { property: 'AWS::IAM::ManagedPolicy.ManagedPolicyName', name: `${prefix}-workload-boundary` },
    { property: 'AWS::AccessAnalyzer::Analyzer.AnalyzerName', name: `${prefix}-external-access` },
    { property: 'AWS::KMS::Alias.AliasName', name: `alias/security-baseline/${lower}/edge-logs` },
    { property: 'AWS::KMS::Alias.AliasName', name: `alias/security-baseline/${lower}/backup` },
    { property: 'AWS::WAFv2::WebACL.Name', name: `${prefix}-cognito-web-acl` },
    { property: 'AWS::WAFv2::WebACL.Name', name: `${lower}-site-web-acl` },
    { property: 'AWS::WAFv2::WebACL.Name', name: `${lower}-api-web-acl` },
    { property: 'AWS::Logs::LogGroup.LogGroupName', name: `aws-waf-logs-${prefix}-cognito` },
    { property: 'AWS::Logs::LogGroup.LogGroupName', name: `/aws/vendedlogs/cognito/${prefix}-admins` },
    { property: 'AWS::Logs::DeliverySource.Name', name: `${siteLogsName(environment)}-cf-access` },
    { property: 'AWS::Logs::DeliveryDestination.Name', name: `${siteLogsName(environment)}-cf-access-logs` },
    { property: 'AWS::ApiGateway::RestApi.Name', name: `${lower}-dashboard-api` },
    { property: 'AWS::SecretsManager::Secret.Name', name: `security-baseline/${lower}/database/master` },
    { property: 'AWS::SNS::Topic.DisplayName', name: `Security notifications, edge (${name})` },
    { property: 'AWS::CloudFormation::Stack.StackName', name: `${name}-PermissionsBoundary` },
  ];
}

/** Names that also carry a name from a list in the config (API clients, API keys). */
export interface ListNames {
  readonly apiClients: readonly string[];
  readonly apiKeys: readonly string[];
}

/** Every derived physical name of one environment, with the config path to blame when it is too long. */
export function derivedNames(name: string, lists: ListNames): (DerivedName & { readonly path: string })[] {
  const lower = name.toLowerCase();
  return [
    ...environmentNames(name).map((n) => ({ ...n, path: 'environment.name' })),
    ...lists.apiClients.flatMap((client, i) => [
      {
        property: 'AWS::ApiGateway::UsagePlan.UsagePlanName' as const,
        name: `${lower}-dashboard-api-${client}`,
        path: `edge.api.clients[${i}].name`,
      },
      {
        property: 'AWS::ApiGateway::ApiKey.Name' as const,
        name: `${lower}-dashboard-api-${client}`,
        path: `edge.api.clients[${i}].name`,
      },
    ]),
    ...lists.apiKeys.map((key, i) => ({
      property: 'AWS::SecretsManager::Secret.Name' as const,
      name: `security-baseline/${lower}/api-keys/${key}`,
      path: `data.apiKeys[${i}].name`,
    })),
  ];
}

/**
 * The longest environment name whose derived names all fit their limits: each name is its fixed part
 * plus one or two copies of the environment name, so probe lengths until one overflows.
 */
function longestEnvironmentName(): { length: number; limitedBy: DerivedName } {
  for (let length = 2; ; length++) {
    const names = environmentNames('A'.repeat(length));
    const index = names.findIndex((n) => n.name.length > NAME_LIMITS[n.property].max);
    if (index >= 0) {
      return { length: length - 1, limitedBy: environmentNames('<name>')[index] };
    }
  }
}

const LONGEST = longestEnvironmentName();

/** Longest allowed `environment.name`, derived from the physical names above. */
export const MAX_ENVIRONMENT_NAME_LENGTH = LONGEST.length;

/** Why the environment name cannot be longer, for messages and docs. */
export const ENVIRONMENT_NAME_LIMIT_REASON = `the ${NAME_LIMITS[LONGEST.limitedBy.property].what} '${LONGEST.limitedBy.name}' may have at most ${NAME_LIMITS[LONGEST.limitedBy.property].max} characters (${NAME_LIMITS[LONGEST.limitedBy.property].doc})`;

/** A problem for every derived name over its AWS limit, blamed on the config value it comes from. */
export function nameLengthProblems(name: string, lists: ListNames): Problem[] {
  return derivedNames(name, lists).flatMap((n) => {
    const limit = NAME_LIMITS[n.property];
    return n.name.length > limit.max
      ? [
          {
            path: n.path,
            message: `makes the ${limit.what} '${n.name}' ${n.name.length} characters long, over the limit of ${limit.max} (${limit.doc}); shorten it by ${n.name.length - limit.max}`,
          },
        ]
      : [];
  });
}
