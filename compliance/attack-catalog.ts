/**
 * The attack catalog: what a red team would try against one environment of the baseline, as DATA.
 *
 * Each entry names who attacks (a persona), the API call, the resource (a selector resolved against the
 * synthesized templates of each environment, never a hand-copied ARN), the request context the caller
 * presents, the expected decision and the statement (Sid) expected to decide it, and the seed / framework
 * ids it evidences. Each entry has a legitimate twin that must be Allowed (the service path still works),
 * so a deny-everything policy cannot pass.
 *
 * Evaluated by test/compliance/attack-catalog.test.ts with `@cloud-copilot/iam-simulate` over the synthesized
 * policies (proofs/attack-evaluation.ts resolves the selectors and runs the simulator; the report renders the results).
 *
 * Placeholders in ARNs and context values: `{partition}`, `{account}`, `{region}` (the environment's
 * primary region), `{resourceRegion}` (the region of the request's resource), `{otherAccount}`, `{stage}` (the stage name, e.g. `Prod`), `{qualifier}` (its CDK bootstrap qualifier), `{boundaryArn}` (the workload permissions boundary of the environment),
 * `{resource}` (the resolved resource ARN), `{trailArn}`, `{operatorArn}` (the first named break-glass
 * operator of the environment's config).
 */

/** An account that is not the environment's own, owned by the attacker. */
export const OTHER_ACCOUNT = '999999999999';

/**
 * Who attacks:
 * - `insider`: an IAM role of the account that this project did not create (no permissions boundary), whose
 *   own IAM policy allows everything (`Allow * on *`, as an SSO administrator or a compromised admin role):
 *   only resource policies (key, bucket, topic, secret, trust) can stop it.
 * - `breakGlass`: the project's break-glass role with AdministratorAccess (AWS managed, `Allow * on *`,
 *   stood in because AWS managed policies are not in the assembly) and its permissions boundary: only the
 *   boundary can stop it.
 * - `otherAccount`: a role of {@link OTHER_ACCOUNT} allowed everything by its own account.
 * - `projectRole`: a role of the assembly with exactly its synthesized policies and boundary.
 * - `operator`: the named break-glass operator of the config (its own policy allows sts:AssumeRole).
 * - `service`: an AWS service principal acting for a source account (confused-deputy attempts).
 * - `bootstrapRole`: a role of the project's hardened CDK bootstrap (lib/bootstrap.ts) in the primary region,
 *   `cdk-<qualifier>-deploy-role-...` or `cdk-<qualifier>-cfn-exec-role-...`, with its policies (the deploy
 *   role's from the bootstrap template of the pinned CDK CLI) and the bootstrap boundary of the Bootstrap stage.
 */
export type Persona =
  | { readonly kind: 'insider' }
  | { readonly kind: 'breakGlass' }
  | { readonly kind: 'otherAccount' }
  | { readonly kind: 'projectRole'; readonly role: RoleName }
  | { readonly kind: 'operator' }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'bootstrapRole'; readonly role: 'deploy' | 'cfn-exec' };

/** Resources of an environment, found by stack and a logical-id fragment in the synthesized templates. */
export const RESOURCES = {
  logsKey: { stack: 'Foundation', type: 'AWS::KMS::Key', id: 'KeysLogs' },
  dataKey: { stack: 'Foundation', type: 'AWS::KMS::Key', id: 'KeysData' },
  secretsKey: { stack: 'Foundation', type: 'AWS::KMS::Key', id: 'KeysSecrets' },
  backupKey: { stack: 'Foundation', type: 'AWS::KMS::Key', id: 'KeysBackup' },
  edgeLogsKey: { stack: 'EdgeGlobal', type: 'AWS::KMS::Key', id: 'LogsKey' },
  siteKey: { stack: 'Site', type: 'AWS::KMS::Key', id: 'SiteKey' },
  backupCopyKey: { stack: 'DataBackupCopy', type: 'AWS::KMS::Key', id: 'BackupKey' },
  logArchive: { stack: 'Foundation', type: 'AWS::S3::Bucket', id: 'LogArchiveBucket' },
  configBucket: { stack: 'Audit', type: 'AWS::S3::Bucket', id: 'ConfigBucket' },
  accessLogs: { stack: 'Foundation', type: 'AWS::S3::Bucket', id: 'AccessLogsBucket' },
  trailBucket: { stack: 'Audit', type: 'AWS::S3::Bucket', id: 'TrailBucket' },
  siteBucket: { stack: 'Site', type: 'AWS::S3::Bucket', id: 'SiteBucket' },
  securityTopic: { stack: 'Foundation', type: 'AWS::SNS::Topic', id: 'SecurityTopic' },
  edgeSecurityTopic: { stack: 'EdgeGlobal', type: 'AWS::SNS::Topic', id: 'SecurityTopic' },
  databaseSecret: { stack: 'Data', type: 'AWS::SecretsManager::Secret', id: 'DataDatabaseClusterSecret' },
  signingSecret: { stack: 'Data', type: 'AWS::SecretsManager::Secret', id: 'ApiKeyspartnerwebhooksigning' },
  apiClientSecret: { stack: 'Api', type: 'AWS::SecretsManager::Secret', id: 'ApiClientKeydashboard' },
  breakGlassRole: { stack: 'Guardrails', type: 'AWS::IAM::Role', id: 'BreakGlass' },
  ciDeployRole: { stack: 'Guardrails', type: 'AWS::IAM::Role', id: 'GitHubDeploy' },
  guardrailsProviderRole: {
    stack: 'Guardrails',
    type: 'AWS::IAM::Role',
    id: 'AccountGuardrailsProviderRole',
  },
  backendRole: { stack: 'Api', type: 'AWS::IAM::Role', id: 'BackendFunctionRole' },
  trailLogsRole: { stack: 'Audit', type: 'AWS::IAM::Role', id: 'TrailLogsRole' },
  backupRole: { stack: 'Data', type: 'AWS::IAM::Role', id: 'BackupsRole' },
  restoreRole: { stack: 'Data', type: 'AWS::IAM::Role', id: 'RestoreTestingRestoreRole' },
  validationRole: { stack: 'Data', type: 'AWS::IAM::Role', id: 'RestoreTestingValidationRole' },
  validationStartRole: { stack: 'Data', type: 'AWS::IAM::Role', id: 'RestoreTestingValidationStartRole' },
  signInEventsRole: { stack: 'AuditGlobal', type: 'AWS::IAM::Role', id: 'SignInEventsRole' },
  rotationFunction: {
    stack: 'Data',
    type: 'AWS::Lambda::Function',
    id: 'ApiKeyspartnerwebhooksigningRotationFunction',
  },
  boundaryPolicy: {
    stack: 'PermissionsBoundary',
    type: 'AWS::IAM::ManagedPolicy',
    id: 'WorkloadPermissionsBoundary',
  },
} as const satisfies Record<string, { stack: string; type: string; id: string }>;

export type ResourceName = keyof typeof RESOURCES;
export type RoleName = {
  [K in ResourceName]: (typeof RESOURCES)[K]['type'] extends 'AWS::IAM::Role' ? K : never;
}[ResourceName];

/** The resource of a request: a resource of the environment (optionally an object path below it), or an ARN template. */
export type ResourceRef = { readonly of: ResourceName; readonly path?: string } | { readonly arn: string };

export interface AttackRequest {
  readonly who: Persona;
  readonly action: string;
  readonly resource: ResourceRef;
  readonly context?: Readonly<Record<string, string>>;
}

export type ExpectedDenial =
  { readonly decision: 'ExplicitlyDenied'; readonly sid: string } | { readonly decision: 'ImplicitlyDenied' };

export interface Attack extends AttackRequest {
  /** Stable id, e.g. `KMS-01`. */
  readonly id: string;
  /** What the attacker tries, in a sentence an auditor reads. */
  readonly title: string;
  readonly expected: ExpectedDenial;
  /** Seed Definition-of-Done ids and framework controls this attack evidences. */
  readonly evidences: readonly string[];
  /** The legitimate request of the same shape that must be Allowed. */
  readonly twin: AttackRequest & { readonly title: string };
}

const TLS = { 'aws:SecureTransport': 'true' };
const via = (service: string) => ({
  'kms:ViaService': `${service}.{resourceRegion}.amazonaws.com`,
  'kms:CallerAccount': '{account}',
});
const grantForAwsResource = (service: string) => ({
  ...via(service),
  'kms:GrantIsForAWSResource': 'true',
});
const insider = { kind: 'insider' } as const;
const breakGlass = { kind: 'breakGlass' } as const;
const otherAccount = { kind: 'otherAccount' } as const;
const ANY_KEY = 'arn:{partition}:kms:{region}:{account}:key/00000000-0000-0000-0000-000000000000';
const LEGACY_ROLE = 'arn:{partition}:iam::{account}:role/legacy-admin';
const HUB = 'arn:{partition}:securityhub:{region}:{account}:hub/default';
const LOG_GROUP = 'arn:{partition}:logs:{region}:{account}:log-group:trail';

const KMS_USE = ['CT.KMS.PR.3', 'NIST.800-53 SC-12', 'NIST.800-53 AC-6'];
/** The seed ids a key's protection evidences: what the key encrypts. */
const KEY_SEEDS: Partial<Record<ResourceName, readonly string[]>> = {
  secretsKey: ['DP4', 'DP5'],
  dataKey: ['DP1', 'DP3'],
  siteKey: ['DP1'],
  backupKey: ['DP7'],
  backupCopyKey: ['DP7'],
  logsKey: ['SM1', 'SM6'],
  edgeLogsKey: ['SM1'],
};
const keyEvidence = (key: ResourceName, base: readonly string[]) => [...(KEY_SEEDS[key] ?? []), ...base];
const BOUNDARY = ['AA7', 'NIST.800-53 AC-6(10)', 'CIS 1.16'];
const DETECTION = ['AA7', 'SM1', 'SM3', 'SM5', 'SM6', 'NIST.800-53 AU-9'];
const CROSS_ACCOUNT = ['AA7', 'NIST.800-53 AC-3', 'NIST.800-53 AC-21'];

/** Direct key use by an administrator of the account, with its via-service twin. */
function directKeyUse(id: string, key: ResourceName, name: string, action: string, service: string): Attack {
  return {
    id,
    title: `An account administrator calls ${action} on the ${name} key directly (not through ${service})`,
    who: insider,
    action,
    resource: { of: key },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyUseOutsideItsServices' },
    evidences: keyEvidence(key, KMS_USE),
    twin: {
      title: `${service} uses the ${name} key on behalf of a principal of the account`,
      who: insider,
      action,
      resource: { of: key },
      context: via(service),
    },
  };
}

function crossAccountKeyUse(id: string, key: ResourceName, name: string, service: string): Attack {
  return {
    id,
    title: `Another account decrypts with the ${name} key`,
    who: otherAccount,
    action: 'kms:Decrypt',
    resource: { of: key },
    context: via(service),
    expected: { decision: 'ImplicitlyDenied' },
    evidences: keyEvidence(key, CROSS_ACCOUNT),
    twin: {
      title: `A principal of the account decrypts through ${service}`,
      who: insider,
      action: 'kms:Decrypt',
      resource: { of: key },
      context: via(service),
    },
  };
}

function ownGrant(id: string, key: ResourceName, name: string, service: string): Attack {
  return {
    id,
    title: `An account administrator grants itself use of the ${name} key (kms:CreateGrant, not for an AWS resource)`,
    who: insider,
    action: 'kms:CreateGrant',
    resource: { of: key },
    context: via(service),
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyGrantsExceptForAwsResources' },
    evidences: keyEvidence(key, KMS_USE),
    twin: {
      title: `${service} creates a grant for the AWS resource it encrypts`,
      who: insider,
      action: 'kms:CreateGrant',
      resource: { of: key },
      context: grantForAwsResource(service),
    },
  };
}

/** A call the permissions boundary must stop even for break-glass, with an allowed read-only twin. */
function boundaryDenies(
  id: string,
  title: string,
  action: string,
  resource: ResourceRef,
  sid: string,
  twin: { action: string; title: string; resource?: ResourceRef; context?: Record<string, string> },
  evidences: readonly string[] = BOUNDARY,
  context?: Record<string, string>,
): Attack {
  return {
    id,
    title,
    who: breakGlass,
    action,
    resource,
    context,
    expected: { decision: 'ExplicitlyDenied', sid },
    evidences,
    twin: {
      title: twin.title,
      who: breakGlass,
      action: twin.action,
      resource: twin.resource ?? resource,
      context: twin.context,
    },
  };
}

function confusedDeputy(
  id: string,
  role: RoleName,
  service: string,
  name: string,
  sourceArn: string,
): Attack {
  return {
    id,
    title: `${service} acting for another account assumes the ${name} (confused deputy)`,
    who: { kind: 'service', service },
    action: 'sts:AssumeRole',
    resource: { of: role },
    context: {
      'aws:SourceAccount': '{otherAccount}',
      'aws:SourceArn': sourceArn.replace('{account}', '{otherAccount}'),
    },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ['AA7', 'NIST.800-53 AC-3', 'IAM confused-deputy prevention'],
    twin: {
      title: `${service} acting for this account assumes the ${name}`,
      who: { kind: 'service', service },
      action: 'sts:AssumeRole',
      resource: { of: role },
      context: { 'aws:SourceAccount': '{account}', 'aws:SourceArn': sourceArn },
    },
  };
}

/** A legitimate request by an AWS service principal. */
function serviceTwin(
  title: string,
  service: string,
  action: string,
  resource: ResourceRef,
  context: Record<string, string>,
): Attack['twin'] {
  return { title, who: { kind: 'service', service }, action, resource, context };
}

/** Another account (its own policy allows everything) tries `action`; nothing of this account grants it. */
function otherAccountTries(
  id: string,
  title: string,
  action: string,
  resource: ResourceRef,
  context: Record<string, string>,
  evidences: readonly string[],
  twin: Attack['twin'],
): Attack {
  return {
    id,
    title,
    who: otherAccount,
    action,
    resource,
    context,
    expected: { decision: 'ImplicitlyDenied' },
    evidences,
    twin,
  };
}

/** S3 server access logging of a bucket of this account delivering to the access-log bucket (a twin). */
function accessLogDelivery(prefix: string, name: string, sourceArn: string): Attack['twin'] {
  return {
    title: `S3 server access logging of ${name} delivers to the access-log bucket`,
    who: { kind: 'service', service: 'logging.s3.amazonaws.com' },
    action: 's3:PutObject',
    resource: { of: 'accessLogs', path: `${prefix}2026-01-01-00-00-00-ABCDEF` },
    context: { ...TLS, 'aws:SourceAccount': '{account}', 'aws:SourceArn': sourceArn },
  };
}

/** S3 log delivery for another account's bucket into the access-log bucket under `prefix`. */
function foreignAccessLogDelivery(id: string, title: string, prefix: string, twin: Attack['twin']): Attack {
  return {
    id,
    title,
    who: { kind: 'service', service: 'logging.s3.amazonaws.com' },
    action: 's3:PutObject',
    resource: { of: 'accessLogs', path: `${prefix}2026-01-01-00-00-00-ABCDEF` },
    context: {
      ...TLS,
      'aws:SourceAccount': '{otherAccount}',
      'aws:SourceArn': 'arn:{partition}:s3:::attacker-bucket',
    },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyLogDeliveryFromOtherAccounts' },
    evidences: ['AA7', 'NIST.800-53 AC-3', 'IAM confused-deputy prevention'],
    twin,
  };
}

// --- The hardened CDK bootstrap (lib/bootstrap.ts, constructs/iam/cdk-bootstrap-policies.ts) ---
const deployRole = { kind: 'bootstrapRole', role: 'deploy' } as const;
const execRole = { kind: 'bootstrapRole', role: 'cfn-exec' } as const;
const BOOTSTRAP = ['AA7', 'NIST.800-53 AC-6', 'NIST.800-53 CM-5'];
/** A CloudFormation stack of the environment (the stack id is fixed: the ARN of a stack ends in its id). */
const stackArn = (name: string) =>
  `arn:{partition}:cloudformation:{region}:{account}:stack/{stage}-${name}/00000000-0000-0000-0000-000000000000`;
/** The deploy-role session the CI deploy role opens (cdk deploy tags it, lib/environment-stage.ts). */
const CI_SESSION = { 'aws:PrincipalTag/security-baseline:deployer': 'ci' };
const EXEC_ROLE = 'arn:{partition}:iam::{account}:role/cdk-{qualifier}-cfn-exec-role-{account}-{region}';
const DEPLOY_ROLE = 'arn:{partition}:iam::{account}:role/cdk-{qualifier}-deploy-role-{account}-{region}';
const BOOTSTRAP_BOUNDARY = 'arn:{partition}:iam::{account}:policy/security-baseline-{env}-bootstrap-boundary';
const WORKLOAD_BOUNDARY = 'arn:{partition}:iam::{account}:policy/security-baseline-{env}-workload-boundary';

const BOUND_A_PROJECT_ROLE: Attack['twin'] = {
  title: 'The execution role sets the workload boundary on a project role',
  who: execRole,
  action: 'iam:PutRolePermissionsBoundary',
  resource: { of: 'backendRole' },
  context: { 'iam:PermissionsBoundary': WORKLOAD_BOUNDARY },
};

const BOOTSTRAP_ATTACKS: readonly Attack[] = [
  {
    id: 'BS-01',
    title:
      'A deploy-role session not opened by CI (an operator or break-glass) updates the permissions-boundary stack',
    who: deployRole,
    action: 'cloudformation:ExecuteChangeSet',
    resource: { arn: stackArn('PermissionsBoundary') },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyGuardrailStackChangesOutsideCi' },
    evidences: BOOTSTRAP,
    twin: {
      title: "The CI deploy role's tagged deploy-role session updates the permissions-boundary stack",
      who: deployRole,
      action: 'cloudformation:ExecuteChangeSet',
      resource: { arn: stackArn('PermissionsBoundary') },
      context: CI_SESSION,
    },
  },
  {
    id: 'BS-02',
    title:
      'A deploy-role session not opened by CI updates the Audit stack (stop the trail, delete the detector)',
    who: deployRole,
    action: 'cloudformation:CreateChangeSet',
    resource: { arn: stackArn('Audit') },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyGuardrailStackChangesOutsideCi' },
    evidences: [...BOOTSTRAP, 'DP8'],
    twin: {
      title: 'A deploy-role session not opened by CI updates the Network stack (not a guardrail stack)',
      who: deployRole,
      action: 'cloudformation:CreateChangeSet',
      resource: { arn: stackArn('Network') },
    },
  },
  {
    id: 'BS-03',
    title: 'Even the CI deploy-role session deletes the stack of the bootstrap policies',
    who: deployRole,
    action: 'cloudformation:DeleteStack',
    resource: { arn: stackArn('Bootstrap-Policies') },
    context: CI_SESSION,
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyChangingTheBootstrap' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The CI deploy-role session updates the Guardrails stack',
      who: deployRole,
      action: 'cloudformation:UpdateStack',
      resource: { arn: stackArn('Guardrails') },
      context: CI_SESSION,
    },
  },
  {
    id: 'BS-04',
    title: 'The CloudFormation execution role rewrites its own boundary policy',
    who: execRole,
    action: 'iam:CreatePolicyVersion',
    resource: { arn: BOOTSTRAP_BOUNDARY },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyChangingBootstrapPolicies' },
    evidences: BOOTSTRAP,
    twin: {
      title:
        'The execution role updates the workload boundary (a CI deployment of the permissions-boundary stack)',
      who: execRole,
      action: 'iam:CreatePolicyVersion',
      resource: { arn: WORKLOAD_BOUNDARY },
    },
  },
  {
    id: 'BS-05',
    title: 'The CloudFormation execution role removes its own permissions boundary',
    who: execRole,
    action: 'iam:DeleteRolePermissionsBoundary',
    resource: { arn: EXEC_ROLE },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyRemovingPermissionsBoundaries' },
    evidences: BOOTSTRAP,
    twin: BOUND_A_PROJECT_ROLE,
  },
  {
    id: 'BS-06',
    title: 'The CloudFormation execution role swaps its own boundary for the (weaker) workload boundary',
    who: execRole,
    action: 'iam:PutRolePermissionsBoundary',
    resource: { arn: EXEC_ROLE },
    context: { 'iam:PermissionsBoundary': WORKLOAD_BOUNDARY },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyChangingBootstrapRoles' },
    evidences: BOOTSTRAP,
    twin: BOUND_A_PROJECT_ROLE,
  },
  {
    id: 'BS-07',
    title: 'The CloudFormation execution role creates an administrator role without the workload boundary',
    who: execRole,
    action: 'iam:CreateRole',
    resource: { arn: 'arn:{partition}:iam::{account}:role/shadow-admin' },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyRolesWithoutTheWorkloadBoundary' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The execution role creates a role that carries the workload boundary',
      who: execRole,
      action: 'iam:CreateRole',
      resource: { arn: 'arn:{partition}:iam::{account}:role/shadow-admin' },
      context: { 'iam:PermissionsBoundary': WORKLOAD_BOUNDARY },
    },
  },
  {
    id: 'BS-08',
    title: 'The CloudFormation execution role attaches a policy to a role without the workload boundary',
    who: execRole,
    action: 'iam:AttachRolePolicy',
    resource: { arn: LEGACY_ROLE },
    context: { 'iam:PolicyARN': 'arn:{partition}:iam::aws:policy/AdministratorAccess' },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyPolicyChangesToRolesWithoutTheWorkloadBoundary' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The execution role attaches a managed policy to a project role (which carries the boundary)',
      who: execRole,
      action: 'iam:AttachRolePolicy',
      resource: { of: 'backendRole' },
      context: {
        'iam:PolicyARN': 'arn:{partition}:iam::{account}:policy/any',
        'iam:PermissionsBoundary': WORKLOAD_BOUNDARY,
      },
    },
  },
  {
    id: 'BS-09',
    title: 'The CloudFormation execution role grants itself more (an inline policy on its own role)',
    who: execRole,
    action: 'iam:PutRolePolicy',
    resource: { arn: EXEC_ROLE },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyChangingBootstrapRoles' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The execution role deploys a bucket (creates the site bucket)',
      who: execRole,
      action: 's3:CreateBucket',
      resource: { of: 'siteBucket' },
      context: TLS,
    },
  },
  {
    id: 'BS-10',
    title:
      'The CloudFormation execution role uses a service the baseline does not deploy (no AdministratorAccess)',
    who: execRole,
    action: 'sagemaker:CreateNotebookInstance',
    resource: { arn: 'arn:{partition}:sagemaker:{region}:{account}:notebook-instance/miner' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The execution role creates a KMS key (a service the baseline deploys)',
      who: execRole,
      action: 'kms:CreateKey',
      resource: { arn: '*' },
    },
  },
  {
    id: 'BS-11',
    title: 'The CloudFormation execution role creates an access key (long-term credentials)',
    who: execRole,
    action: 'iam:CreateAccessKey',
    resource: { arn: 'arn:{partition}:iam::{account}:user/any' },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyLongTermIamCredentials' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The execution role creates the GitHub OIDC provider of the CI deploy role',
      who: execRole,
      action: 'iam:CreateOpenIDConnectProvider',
      resource: { arn: 'arn:{partition}:iam::{account}:oidc-provider/token.actions.githubusercontent.com' },
    },
  },
  {
    id: 'BS-12',
    title:
      'Break-glass assumes the CDK deploy role (which trusts the whole account) to deploy through CloudFormation',
    who: breakGlass,
    action: 'sts:AssumeRole',
    resource: { arn: DEPLOY_ROLE },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyAssumingCdkBootstrapRolesExceptCi' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The CI deploy role assumes the CDK deploy role',
      who: { kind: 'projectRole', role: 'ciDeployRole' },
      action: 'sts:AssumeRole',
      resource: { arn: DEPLOY_ROLE },
    },
  },
  {
    id: 'BS-13',
    title: "Break-glass marks a session as the CI deploy role's (the tag that unlocks the guardrail stacks)",
    who: breakGlass,
    action: 'sts:TagSession',
    resource: { arn: DEPLOY_ROLE },
    context: {
      'aws:RequestTag/security-baseline:deployer': 'ci',
      'aws:TagKeys': 'security-baseline:deployer',
    },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyTaggingSessionsAsCi' },
    evidences: BOOTSTRAP,
    twin: {
      title: 'The CI deploy role tags its deploy-role session as CI',
      who: { kind: 'projectRole', role: 'ciDeployRole' },
      action: 'sts:TagSession',
      resource: { arn: DEPLOY_ROLE },
      context: {
        'aws:RequestTag/security-baseline:deployer': 'ci',
        'aws:TagKeys': 'security-baseline:deployer',
      },
    },
  },
];

/** A Config history file in the Config bucket (constructs/detection/config-delivery.ts) and a GuardDuty export in the log archive. */
const CONFIG_HISTORY = 'config/AWSLogs/{account}/Config/{region}/ConfigHistory/history.json.gz';
const GUARDDUTY_EXPORT = 'guardduty/AWSLogs/{account}/GuardDuty/{region}/findings.jsonl.gz';

/** AWS Config of this account delivers a history file to its bucket (the legitimate writer). */
const configDeliversHere = (): Attack['twin'] =>
  serviceTwin(
    'AWS Config of this account delivers history to the Config bucket',
    'config.amazonaws.com',
    's3:PutObject',
    { of: 'configBucket', path: CONFIG_HISTORY },
    { ...TLS, 'aws:SourceAccount': '{account}', 's3:x-amz-acl': 'bucket-owner-full-control' },
  );

export const ATTACK_CATALOG: readonly Attack[] = [
  // --- Keys that really restrict: direct use outside the services, own grants, other accounts ---
  directKeyUse('KMS-01', 'secretsKey', 'secrets', 'kms:Decrypt', 'secretsmanager'),
  directKeyUse('KMS-02', 'dataKey', 'data', 'kms:Decrypt', 'rds'),
  directKeyUse('KMS-03', 'backupKey', 'backup', 'kms:Decrypt', 'backup'),
  directKeyUse('KMS-04', 'logsKey', 'logs', 'kms:Decrypt', 's3'),
  directKeyUse('KMS-05', 'backupCopyKey', 'backup-copy', 'kms:GenerateDataKey', 'backup'),
  directKeyUse('KMS-06', 'siteKey', 'site', 'kms:Decrypt', 's3'),
  directKeyUse('KMS-07', 'edgeLogsKey', 'edge logs', 'kms:Decrypt', 'sns'),
  ownGrant('KMS-08', 'dataKey', 'data', 'rds'),
  ownGrant('KMS-09', 'secretsKey', 'secrets', 'secretsmanager'),
  ownGrant('KMS-10', 'backupKey', 'backup', 'backup'),
  ownGrant('KMS-11', 'logsKey', 'logs', 's3'),
  crossAccountKeyUse('XA-01', 'logsKey', 'logs', 's3'),
  crossAccountKeyUse('XA-02', 'dataKey', 'data', 'rds'),
  crossAccountKeyUse('XA-03', 'secretsKey', 'secrets', 'secretsmanager'),
  crossAccountKeyUse('XA-04', 'backupKey', 'backup', 'backup'),
  crossAccountKeyUse('XA-05', 'backupCopyKey', 'backup-copy', 'backup'),
  crossAccountKeyUse('XA-06', 'siteKey', 'site', 's3'),
  crossAccountKeyUse('XA-07', 'edgeLogsKey', 'edge logs', 'sns'),

  // --- Buckets, topics and secrets from another account (or the public) ---
  otherAccountTries(
    'XA-08',
    'Another account (or the public) reads the AWS Config history',
    's3:GetObject',
    { of: 'configBucket', path: CONFIG_HISTORY },
    TLS,
    [...CROSS_ACCOUNT, 'SM2', 'SM6'],
    configDeliversHere(),
  ),
  otherAccountTries(
    'XA-20',
    'Another account (or the public) reads the log archive',
    's3:GetObject',
    { of: 'logArchive', path: GUARDDUTY_EXPORT },
    TLS,
    [...CROSS_ACCOUNT, 'SM2', 'SM6'],
    serviceTwin(
      'A GuardDuty detector of this account exports findings to the log archive',
      'guardduty.amazonaws.com',
      's3:PutObject',
      { of: 'logArchive', path: GUARDDUTY_EXPORT },
      {
        ...TLS,
        'aws:SourceAccount': '{account}',
        'aws:SourceArn': 'arn:{partition}:guardduty:{region}:{account}:detector/0123456789abcdef',
      },
    ),
  ),
  {
    id: 'XA-21',
    title: 'AWS Config acting for another account writes into the Config bucket (confused deputy)',
    who: { kind: 'service', service: 'config.amazonaws.com' },
    action: 's3:PutObject',
    resource: { of: 'configBucket', path: 'config/AWSLogs/{otherAccount}/Config/forged.json.gz' },
    context: { ...TLS, 'aws:SourceAccount': '{otherAccount}', 's3:x-amz-acl': 'bucket-owner-full-control' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...CROSS_ACCOUNT, 'SM6', 'IAM confused-deputy prevention'],
    twin: configDeliversHere(),
  },
  // --- AWS Config's bucket: no Object Lock (Config cannot deliver to one), so its policy denies tampering ---
  ...(
    [
      [
        'CFG-01',
        'deletes a version of a Config history record',
        's3:DeleteObjectVersion',
        CONFIG_HISTORY,
        's3:GetObjectVersion',
      ],
      ['CFG-02', 'deletes a Config history record', 's3:DeleteObject', CONFIG_HISTORY, 's3:GetObject'],
      [
        'CFG-03',
        'shortens the retention of the Config bucket',
        's3:PutLifecycleConfiguration',
        undefined,
        's3:GetLifecycleConfiguration',
      ],
      [
        'CFG-04',
        'suspends versioning of the Config bucket',
        's3:PutBucketVersioning',
        undefined,
        's3:GetBucketVersioning',
      ],
      [
        'CFG-05',
        'turns on Object Lock, which would stop Config delivering',
        's3:PutBucketObjectLockConfiguration',
        undefined,
        's3:GetBucketObjectLockConfiguration',
      ],
    ] as const
  ).map(([id, what, action, path, read]): Attack => ({
    id,
    title: `An administrator of the account ${what}`,
    who: insider,
    action,
    resource: { of: 'configBucket', path },
    context: TLS,
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyTamperingWithConfigRecords' },
    evidences: [...DETECTION, 'DP8'],
    twin: {
      title: `An administrator of the account reads it (${read})`,
      who: insider,
      action: read,
      resource: { of: 'configBucket', path },
      context: TLS,
    },
  })),
  otherAccountTries(
    'XA-09',
    'Another account writes forged records into the CloudTrail bucket',
    's3:PutObject',
    { of: 'trailBucket', path: 'cloudtrail/AWSLogs/{account}/CloudTrail/forged.json.gz' },
    { ...TLS, 's3:x-amz-acl': 'bucket-owner-full-control' },
    [...CROSS_ACCOUNT, 'AA7', 'NIST.800-53 AU-9'],
    serviceTwin(
      'CloudTrail delivers this trail to its bucket',
      'cloudtrail.amazonaws.com',
      's3:PutObject',
      { of: 'trailBucket', path: 'cloudtrail/AWSLogs/{account}/CloudTrail/log.json.gz' },
      {
        ...TLS,
        'aws:SourceArn': '{trailArn}',
        'aws:SourceAccount': '{account}',
        's3:x-amz-acl': 'bucket-owner-full-control',
      },
    ),
  ),
  otherAccountTries(
    'XA-10',
    'Another account reads the S3 server access logs',
    's3:GetObject',
    { of: 'accessLogs', path: 'LogArchiveBucket/2026-01-01-00-00-00-ABCDEF' },
    TLS,
    CROSS_ACCOUNT,
    accessLogDelivery('LogArchiveBucket/', 'the log archive', '{logArchiveArn}'),
  ),
  foreignAccessLogDelivery(
    'XA-11',
    "Another account's bucket delivers its access logs into this account's access-log bucket (confused deputy)",
    'attacker/',
    accessLogDelivery('LogArchiveBucket/', 'the log archive', '{logArchiveArn}'),
  ),
  foreignAccessLogDelivery(
    'XA-19',
    "Another account's bucket delivers its access logs under the prefix of a bucket of another stack (the grant CDK adds without source conditions)",
    'SiteBucket/',
    accessLogDelivery('SiteBucket/', 'the site bucket', '{siteBucketArn}'),
  ),
  otherAccountTries(
    'XA-12',
    'Another account (or the public) reads the site bucket around CloudFront',
    's3:GetObject',
    { of: 'siteBucket', path: 'index.html' },
    TLS,
    [...CROSS_ACCOUNT, 'IS8'],
    serviceTwin(
      'CloudFront (origin access control of this distribution) reads the site bucket',
      'cloudfront.amazonaws.com',
      's3:GetObject',
      { of: 'siteBucket', path: 'index.html' },
      { ...TLS, 'aws:SourceArn': '{distributionArn}', 'aws:SourceAccount': '{account}' },
    ),
  ),
  otherAccountTries(
    'XA-13',
    'Another account publishes forged alerts to the security topic',
    'sns:Publish',
    { of: 'securityTopic' },
    TLS,
    CROSS_ACCOUNT,
    serviceTwin(
      'A CloudWatch alarm of this account publishes to the security topic',
      'cloudwatch.amazonaws.com',
      'sns:Publish',
      { of: 'securityTopic' },
      {
        ...TLS,
        'aws:SourceAccount': '{account}',
        'aws:SourceArn': 'arn:{partition}:cloudwatch:{region}:{account}:alarm:any',
      },
    ),
  ),
  otherAccountTries(
    'XA-14',
    'Another account subscribes to the security topic to read the alerts',
    'sns:Subscribe',
    { of: 'securityTopic' },
    TLS,
    CROSS_ACCOUNT,
    {
      title: 'An administrator of the account subscribes the on-call address',
      who: insider,
      action: 'sns:Subscribe',
      resource: { of: 'securityTopic' },
      context: TLS,
    },
  ),
  otherAccountTries(
    'XA-15',
    'Another account publishes to the us-east-1 security topic',
    'sns:Publish',
    { of: 'edgeSecurityTopic' },
    TLS,
    CROSS_ACCOUNT,
    serviceTwin(
      'An EventBridge rule of this account publishes to the us-east-1 security topic',
      'events.amazonaws.com',
      'sns:Publish',
      { of: 'edgeSecurityTopic' },
      {
        ...TLS,
        'aws:SourceAccount': '{account}',
        'aws:SourceArn': 'arn:{partition}:events:us-east-1:{account}:rule/any',
      },
    ),
  ),
  ...(
    [
      ['XA-16', 'databaseSecret', 'database master secret'],
      ['XA-17', 'signingSecret', 'partner signing secret'],
      ['XA-18', 'apiClientSecret', 'API client key secret'],
    ] as const
  ).map(([id, secret, name]): Attack => ({
    id,
    title: `Another account reads the ${name}`,
    who: otherAccount,
    action: 'secretsmanager:GetSecretValue',
    resource: { of: secret },
    context: TLS,
    expected:
      secret === 'apiClientSecret'
        ? { decision: 'ImplicitlyDenied' }
        : { decision: 'ExplicitlyDenied', sid: 'DenyPrincipalsOutsideThisAccount' },
    evidences: ['DP4', ...CROSS_ACCOUNT],
    twin: {
      title: `An administrator of the account reads the ${name}`,
      who: insider,
      action: 'secretsmanager:GetSecretValue',
      resource: { of: secret },
      context: TLS,
    },
  })),

  // --- The permissions boundary: escalation paths ---
  boundaryDenies(
    'PB-01',
    'Break-glass adds an inline policy to a role that does not carry the boundary',
    'iam:PutRolePolicy',
    { arn: LEGACY_ROLE },
    'DenyPolicyChangesToRolesWithoutThisBoundary',
    {
      title: 'Break-glass adds an inline policy to a role that carries the boundary',
      action: 'iam:PutRolePolicy',
      resource: { of: 'backendRole' },
      context: { 'iam:PermissionsBoundary': '{boundaryArn}' },
    },
  ),
  boundaryDenies(
    'PB-02',
    'Break-glass attaches AdministratorAccess to a role that does not carry the boundary',
    'iam:AttachRolePolicy',
    { arn: LEGACY_ROLE },
    'DenyPolicyChangesToRolesWithoutThisBoundary',
    {
      title: 'Break-glass attaches a policy to a role that carries the boundary',
      action: 'iam:AttachRolePolicy',
      resource: { of: 'backendRole' },
      context: { 'iam:PermissionsBoundary': '{boundaryArn}' },
    },
    BOUNDARY,
    { 'iam:PolicyARN': 'arn:{partition}:iam::aws:policy/AdministratorAccess' },
  ),
  boundaryDenies(
    'PB-03',
    'Break-glass rewrites the trust policy of a project role to let an outsider assume it',
    'iam:UpdateAssumeRolePolicy',
    { of: 'backupRole' },
    'DenyChangingTrustPolicies',
    { title: 'Break-glass reads the role', action: 'iam:GetRole' },
  ),
  boundaryDenies(
    'PB-04',
    'Break-glass re-activates a disabled access key',
    'iam:UpdateAccessKey',
    { arn: 'arn:{partition}:iam::{account}:user/legacy-user' },
    'DenyLongTermIamCredentials',
    { title: 'Break-glass lists the access keys', action: 'iam:ListAccessKeys' },
  ),
  boundaryDenies(
    'PB-05',
    'Break-glass registers its own OIDC identity provider (a backdoor federation)',
    'iam:CreateOpenIDConnectProvider',
    { arn: 'arn:{partition}:iam::{account}:oidc-provider/attacker.example.com' },
    'DenyIdentityProviderChanges',
    { title: 'Break-glass lists the identity providers', action: 'iam:GetOpenIDConnectProvider' },
  ),
  boundaryDenies(
    'PB-06',
    'Break-glass removes the permissions boundary of a project role',
    'iam:DeleteRolePermissionsBoundary',
    { of: 'backendRole' },
    'DenyRemovingPermissionsBoundaries',
    {
      title: 'Break-glass sets this boundary on a role',
      action: 'iam:PutRolePermissionsBoundary',
      context: { 'iam:PermissionsBoundary': '{boundaryArn}' },
    },
  ),
  boundaryDenies(
    'PB-07',
    'Break-glass writes a new default version of the boundary policy (CreatePolicyVersion escalation)',
    'iam:CreatePolicyVersion',
    { of: 'boundaryPolicy' },
    'DenyChangingThisBoundary',
    {
      title: 'Break-glass versions another customer managed policy',
      action: 'iam:CreatePolicyVersion',
      resource: { arn: 'arn:{partition}:iam::{account}:policy/team-policy' },
    },
  ),
  boundaryDenies(
    'PB-08',
    'Break-glass creates a role without the boundary to pass it to a new function (PassRole escalation)',
    'iam:CreateRole',
    { arn: 'arn:{partition}:iam::{account}:role/escalation' },
    'DenyRoleOrUserWithoutThisBoundary',
    {
      title: 'Break-glass creates a role that carries the boundary',
      action: 'iam:CreateRole',
      context: { 'iam:PermissionsBoundary': '{boundaryArn}' },
    },
  ),
  {
    id: 'PE-01',
    title: 'The API function passes the break-glass role to a function it creates (PassRole escalation)',
    who: { kind: 'projectRole', role: 'backendRole' },
    action: 'iam:PassRole',
    resource: { of: 'breakGlassRole' },
    context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ['AA7', 'NIST.800-53 AC-6'],
    twin: {
      title: 'Break-glass passes a project role to Lambda',
      who: breakGlass,
      action: 'iam:PassRole',
      resource: { of: 'backendRole' },
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    },
  },
  {
    id: 'PE-02',
    title: 'The API function replaces the code of the secret-rotation function (more privileged)',
    who: { kind: 'projectRole', role: 'backendRole' },
    action: 'lambda:UpdateFunctionCode',
    resource: { of: 'rotationFunction' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ['AA7', 'NIST.800-53 AC-6'],
    twin: serviceTwin(
      'Secrets Manager of this account invokes the rotation function',
      'secretsmanager.amazonaws.com',
      'lambda:InvokeFunction',
      { of: 'rotationFunction' },
      { 'aws:SourceAccount': '{account}' },
    ),
  },
  {
    id: 'PE-03',
    title:
      'An administrator of the account with MFA, not a named operator, assumes break-glass (AssumeRole chain)',
    who: insider,
    action: 'sts:AssumeRole',
    resource: { of: 'breakGlassRole' },
    context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '60' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ['AA7', 'NIST.800-53 AC-2', 'NIST.800-53 IA-2(1)'],
    twin: {
      title: 'A named operator with a recent MFA sign-in assumes break-glass',
      who: { kind: 'operator' },
      action: 'sts:AssumeRole',
      resource: { of: 'breakGlassRole' },
      context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '60' },
    },
  },
  {
    id: 'PE-04',
    title: 'A named operator without MFA assumes break-glass',
    who: { kind: 'operator' },
    action: 'sts:AssumeRole',
    resource: { of: 'breakGlassRole' },
    context: { 'aws:MultiFactorAuthPresent': 'false' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ['AA7', 'NIST.800-53 IA-2(1)'],
    twin: {
      title: 'A named operator with a recent MFA sign-in assumes break-glass',
      who: { kind: 'operator' },
      action: 'sts:AssumeRole',
      resource: { of: 'breakGlassRole' },
      context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '60' },
    },
  },

  // --- The plumbing behind the on/off switches (boundary) ---
  boundaryDenies(
    'PB-09',
    'Break-glass disables the logs key (every log and alert becomes unreadable)',
    'kms:DisableKey',
    { of: 'logsKey' },
    'DenyWeakeningProjectKeys',
    {
      title: 'Break-glass turns on rotation of the logs key (key administration)',
      action: 'kms:EnableKeyRotation',
    },
    [...BOUNDARY, 'DP1', 'DP4', 'DP7', 'DP8'],
  ),
  boundaryDenies(
    'PB-10',
    'Break-glass replaces the key policy of the logs key',
    'kms:PutKeyPolicy',
    { of: 'logsKey' },
    'DenyWeakeningProjectKeys',
    { title: 'Break-glass reads the key policy', action: 'kms:GetKeyPolicy' },
    [...BOUNDARY, 'DP1', 'DP4', 'DP7', 'DP8'],
  ),
  boundaryDenies(
    'PB-11',
    'Break-glass deletes the alias of a project key (first step of the deletion bypass)',
    'kms:DeleteAlias',
    { arn: 'arn:{partition}:kms:{region}:{account}:alias/security-baseline/{env}/data' },
    'DenyRemovingProjectKeyAliasesAndTags',
    {
      title: 'Break-glass deletes an alias of its own',
      action: 'kms:DeleteAlias',
      resource: { arn: 'arn:{partition}:kms:{region}:{account}:alias/team/scratch' },
    },
    [...BOUNDARY, 'DP1', 'DP4', 'DP7', 'DP8'],
  ),
  boundaryDenies(
    'PB-12',
    'Break-glass removes the project tag from a key (second step of the deletion bypass)',
    'kms:UntagResource',
    { of: 'dataKey' },
    'DenyRemovingProjectKeyTags',
    {
      title: 'Break-glass removes a tag of its own from the key',
      action: 'kms:UntagResource',
      context: { 'aws:TagKeys': 'scratch' },
    },
    [...BOUNDARY, 'DP1', 'DP4', 'DP7', 'DP8'],
    { 'aws:TagKeys': 'security-baseline:environment' },
  ),
  boundaryDenies(
    'PB-13',
    'Break-glass schedules deletion of a key that has lost its alias and tag (last step of the bypass)',
    'kms:ScheduleKeyDeletion',
    { arn: ANY_KEY },
    'DenyDeletingKeys',
    {
      title: 'Break-glass cancels a scheduled deletion of a project key',
      action: 'kms:CancelKeyDeletion',
      resource: { of: 'logsKey' },
    },
    [...BOUNDARY, 'DP1', 'DP4', 'DP7', 'DP8'],
  ),
  boundaryDenies(
    'PB-14',
    'Break-glass grants itself the logs key',
    'kms:CreateGrant',
    { of: 'logsKey' },
    'DenyGrantsOnProjectKeysExceptForAwsResources',
    { title: 'Break-glass lists the grants of the logs key', action: 'kms:ListGrants' },
    [...BOUNDARY, 'DP1', 'DP4', 'DP7', 'DP8'],
  ),
  boundaryDenies(
    'PB-15',
    'Break-glass rewrites the CloudTrail bucket policy',
    's3:PutBucketPolicy',
    { of: 'trailBucket' },
    'DenyWeakeningLogBuckets',
    { title: 'Break-glass reads the bucket policy', action: 's3:GetBucketPolicy', context: TLS },
    DETECTION,
    TLS,
  ),
  boundaryDenies(
    'PB-16',
    'Break-glass deletes a locked audit record with BypassGovernanceRetention',
    's3:BypassGovernanceRetention',
    { of: 'logArchive', path: GUARDDUTY_EXPORT },
    'DenyWeakeningLogBuckets',
    { title: 'Break-glass reads the record', action: 's3:GetObject', context: TLS },
    [...DETECTION, 'DP8', 'CT.S3.PR.9'],
    TLS,
  ),
  boundaryDenies(
    'PB-17',
    'Break-glass shortens the Object Lock retention of the log archive',
    's3:PutBucketObjectLockConfiguration',
    { of: 'logArchive' },
    'DenyWeakeningLogBuckets',
    {
      title: 'Break-glass reads the Object Lock configuration',
      action: 's3:GetBucketObjectLockConfiguration',
      context: TLS,
    },
    [...DETECTION, 'DP8', 'CT.S3.PR.9'],
    TLS,
  ),
  ...(
    [
      [
        'PB-18',
        'points the Config recorder at nothing',
        'config:PutConfigurationRecorder',
        'DenyStoppingConfig',
        'config:DescribeConfigurationRecorders',
        'arn:{partition}:config:{region}:{account}:configuration-recorder/default/recorder',
      ],
      [
        'PB-19',
        'redirects the Config delivery channel',
        'config:PutDeliveryChannel',
        'DenyStoppingConfig',
        'config:DescribeDeliveryChannels',
        '*',
      ],
      [
        'PB-20',
        'creates a GuardDuty filter that auto-archives findings',
        'guardduty:CreateFilter',
        'DenyStoppingGuardDuty',
        'guardduty:ListFindings',
        '*',
      ],
      [
        'PB-21',
        'adds its IP range as a GuardDuty trusted IP list',
        'guardduty:CreateIPSet',
        'DenyStoppingGuardDuty',
        'guardduty:ListDetectors',
        '*',
      ],
      [
        'PB-22',
        'deletes the GuardDuty findings export',
        'guardduty:DeletePublishingDestination',
        'DenyStoppingGuardDuty',
        'guardduty:ListDetectors',
        '*',
      ],
      [
        'PB-23',
        'creates a Security Hub automation rule that suppresses findings',
        'securityhub:CreateAutomationRule',
        'DenyStoppingSecurityHub',
        'securityhub:ListAutomationRules',
        '*',
      ],
      [
        'PB-24',
        'suppresses Security Hub findings',
        'securityhub:BatchUpdateFindings',
        'DenyStoppingSecurityHub',
        'securityhub:GetFindings',
        HUB,
      ],
      [
        'PB-25',
        'disables a Security Hub control',
        'securityhub:UpdateStandardsControl',
        'DenyStoppingSecurityHub',
        'securityhub:DescribeStandardsControls',
        HUB,
      ],
      [
        'PB-26',
        'disables an EventBridge alert rule',
        'events:DisableRule',
        'DenyMutingAlerts',
        'events:DescribeRule',
        'arn:{partition}:events:{region}:{account}:rule/alert',
      ],
      [
        'PB-27',
        'deletes a CIS metric filter',
        'logs:DeleteMetricFilter',
        'DenyMutingAlerts',
        'logs:DescribeMetricFilters',
        LOG_GROUP,
      ],
      [
        'PB-28',
        'deletes the trail log group',
        'logs:DeleteLogGroup',
        'DenyMutingAlerts',
        'logs:DescribeMetricFilters',
        LOG_GROUP,
      ],
      [
        'PB-29',
        'deletes the CIS alarms',
        'cloudwatch:DeleteAlarms',
        'DenyMutingAlerts',
        'cloudwatch:DescribeAlarms',
        'arn:{partition}:cloudwatch:{region}:{account}:alarm:cis',
      ],
      [
        'PB-30',
        'stops CloudTrail',
        'cloudtrail:StopLogging',
        'DenyStoppingCloudTrail',
        'cloudtrail:GetTrailStatus',
        '{trailArn}',
      ],
    ] as const
  ).map(([id, what, action, sid, read, arn]) =>
    boundaryDenies(
      id,
      `Break-glass ${what}`,
      action,
      { arn },
      sid,
      { title: `Break-glass calls ${read}`, action: read },
      DETECTION,
    ),
  ),
  boundaryDenies(
    'PB-31',
    'Break-glass deletes the security topic',
    'sns:DeleteTopic',
    { of: 'securityTopic' },
    'DenyMutingAlerts',
    { title: 'Break-glass reads the topic attributes', action: 'sns:GetTopicAttributes' },
    DETECTION,
  ),
  boundaryDenies(
    'PB-32',
    'Break-glass rewrites the security topic policy or removes its key',
    'sns:SetTopicAttributes',
    { of: 'securityTopic' },
    'DenyMutingAlerts',
    { title: 'Break-glass lists the subscriptions', action: 'sns:ListSubscriptionsByTopic' },
    DETECTION,
  ),

  // --- Account guardrail settings: only their provider role ---
  ...(
    [
      ['GR-01', 'weakens the IAM password policy', 'iam:UpdateAccountPasswordPolicy'],
      ['GR-02', 'turns off account-level S3 Block Public Access', 's3:PutAccountPublicAccessBlock'],
      ['GR-03', 'allows IMDSv1 by default', 'ec2:ModifyInstanceMetadataDefaults'],
      ['GR-04', 'points default EBS encryption at a key it controls', 'ec2:ModifyEbsDefaultKmsKeyId'],
    ] as const
  ).map(([id, what, action]): Attack => ({
    id,
    title: `Break-glass ${what}`,
    who: breakGlass,
    action,
    resource: { arn: '*' },
    expected: { decision: 'ExplicitlyDenied', sid: 'DenySettingAccountGuardrailsExceptByTheirProvider' },
    evidences: ['AA7', 'CIS 1.8', 'NIST.800-53 CM-6'],
    twin: {
      title: `The account-guardrails provider role calls ${action}`,
      who: { kind: 'projectRole', role: 'guardrailsProviderRole' },
      action,
      resource: { arn: '*' },
    },
  })),

  // --- Confused deputies on service trusts ---
  confusedDeputy(
    'CD-01',
    'trailLogsRole',
    'cloudtrail.amazonaws.com',
    'trail log-delivery role',
    'arn:{partition}:cloudtrail:{region}:{account}:trail/security-baseline-{env}',
  ),
  confusedDeputy(
    'CD-02',
    'backupRole',
    'backup.amazonaws.com',
    'backup role',
    'arn:{partition}:backup:{region}:{account}:backup-plan:any',
  ),
  confusedDeputy(
    'CD-03',
    'restoreRole',
    'backup.amazonaws.com',
    'restore-testing role',
    'arn:{partition}:backup:{region}:{account}:restore-testing-plan:any',
  ),
  confusedDeputy(
    'CD-04',
    'validationRole',
    'states.amazonaws.com',
    'restore-validation state machine role',
    'arn:{partition}:states:{region}:{account}:stateMachine:any',
  ),
  confusedDeputy(
    'CD-05',
    'validationStartRole',
    'events.amazonaws.com',
    'restore-validation start role',
    'arn:{partition}:events:{region}:{account}:rule/any',
  ),
  confusedDeputy(
    'CD-06',
    'signInEventsRole',
    'events.amazonaws.com',
    'us-east-1 sign-in events forwarding role',
    'arn:{partition}:events:us-east-1:{account}:rule/any',
  ),
  ...BOOTSTRAP_ATTACKS,
];

/**
 * The organization catalog: what a red team would try against the Org stage's resource policies (beyond the
 * SCP, which test/lib/org simulates): the log archive bucket, the Config bucket and their key, the organization security topic and its
 * key, and the member template's roles (its home-region instance in a member account of the target OUs).
 * Evaluated by proofs/attack-evaluation.ts (OrgAttackEnvironment) and rendered in the organization view.
 *
 * Placeholders: `{partition}`, `{homeRegion}`, `{resourceRegion}`, `{organizationId}`, `{otherOrganizationId}`,
 * `{memberAccount}` (the member account the proofs deploy the member template into), `{otherAccount}`,
 * `{logArchiveAccount}`, `{securityAccount}`, `{managementAccount}`.
 */
export const OTHER_ORGANIZATION = 'o-zz99zz99zz';

/** Resources of the Org stage; `{homeRegion}` in a stack name is the organization's home region. */
export const ORG_RESOURCES = {
  archiveBucket: { stack: 'LogArchive', type: 'AWS::S3::Bucket', id: 'ArchiveBucket' },
  configBucket: { stack: 'LogArchive', type: 'AWS::S3::Bucket', id: 'ConfigBucket' },
  archiveKey: { stack: 'LogArchive', type: 'AWS::KMS::Key', id: 'LogsKey' },
  orgTopic: { stack: 'Security-{homeRegion}', type: 'AWS::SNS::Topic', id: 'SecurityTopic' },
  orgTopicKey: { stack: 'Security-{homeRegion}', type: 'AWS::KMS::Key', id: 'LogsKey' },
  memberBreakGlassRole: { stack: 'MemberBaseline@{homeRegion}', type: 'AWS::IAM::Role', id: 'BreakGlass' },
  memberPublisherRole: {
    stack: 'MemberBaseline@{homeRegion}',
    type: 'AWS::IAM::Role',
    id: 'OrgTopicPublisher',
  },
} as const satisfies Record<string, { stack: string; type: string; id: string }>;

export type OrgResourceName = keyof typeof ORG_RESOURCES;

/**
 * Who attacks the organization:
 * - `memberAdmin`: an administrator role of a member account (its own policy allows everything), in the
 *   organization (`aws:PrincipalOrgID`): only resource policies of the other accounts can stop it.
 * - `outsider`: a role of {@link OTHER_ACCOUNT}, in another organization, allowed everything by its account.
 * - `archiveAdmin`: an administrator role of the log archive account (allowed everything).
 * - `operator`: the member template's first named break-glass operator (allowed everything), in the organization.
 * - `orgRole`: a role of the Org stage with exactly its synthesized policies and boundary, in the organization.
 * - `service`: an AWS service principal acting for a source account or organization.
 */
export type OrgPersona =
  | { readonly kind: 'memberAdmin' }
  | { readonly kind: 'outsider' }
  | { readonly kind: 'archiveAdmin' }
  | { readonly kind: 'operator' }
  | { readonly kind: 'orgRole'; readonly role: 'memberPublisherRole' }
  | { readonly kind: 'service'; readonly service: string };

export interface OrgAttackRequest {
  readonly who: OrgPersona;
  readonly action: string;
  readonly resource: { readonly of: OrgResourceName; readonly path?: string } | { readonly arn: string };
  readonly context?: Readonly<Record<string, string>>;
}

export interface OrgAttack extends OrgAttackRequest {
  readonly id: string;
  readonly title: string;
  readonly expected: ExpectedDenial;
  readonly evidences: readonly string[];
  readonly twin: OrgAttackRequest & { readonly title: string };
  /**
   * The entry applies only where the resource's policy has this statement (it depends on the configuration,
   * e.g. the organization trail's statements exist only when the baseline, not Control Tower, owns the trail).
   * @default - always applies
   */
  readonly appliesIf?: { readonly of: OrgResourceName; readonly sid: string };
}

const memberAdmin = { kind: 'memberAdmin' } as const;
const outsider = { kind: 'outsider' } as const;
const publisher = { kind: 'orgRole', role: 'memberPublisherRole' } as const;
const LOG_ARCHIVE = ['SM6', 'NIST.800-53 AU-9', 'NIST.800-53 AC-3', 'CIS 3.3'];
const ORG_TOPIC = ['SM5', 'SM7', 'NIST.800-53 AC-3', 'NIST.800-53 SI-4(5)'];
const MFA = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '60' };
const DELIVERED = { ...TLS, 's3:x-amz-acl': 'bucket-owner-full-control' };
const CONFIG_OBJECT = 'config/AWSLogs/{memberAccount}/Config/{homeRegion}/ConfigHistory/history.json.gz';
const FLOW_LOG_OBJECT = 'flow-logs/AWSLogs/{memberAccount}/vpcflowlogs/{homeRegion}/flow.log.gz';

/** AWS Config of a member account delivers a history file to the Config bucket (the legitimate writer). */
const configDelivers = (
  title = 'AWS Config of a member account delivers its history to the Config bucket',
) => ({
  title,
  who: { kind: 'service', service: 'config.amazonaws.com' } as const,
  action: 's3:PutObject',
  resource: { of: 'configBucket', path: CONFIG_OBJECT } as const,
  context: { ...DELIVERED, 'aws:SourceOrgID': '{organizationId}', 'aws:SourceAccount': '{memberAccount}' },
});

/** VPC flow-log delivery for a member account writes its flow logs to the log archive (the legitimate writer). */
const flowLogsDelivered = {
  title: "VPC flow-log delivery for a member account writes the member's flow logs",
  who: { kind: 'service', service: 'delivery.logs.amazonaws.com' },
  action: 's3:PutObject',
  resource: { of: 'archiveBucket', path: FLOW_LOG_OBJECT },
  context: { ...DELIVERED, 'aws:SourceOrgID': '{organizationId}', 'aws:SourceAccount': '{memberAccount}' },
} as const;

/** An administrator of the log archive account reads a Config history record (the legitimate reader). */
const archiveAdminReads = (what: string, action: string): OrgAttack['twin'] => ({
  title: `An administrator of the log archive account reads ${what}`,
  who: { kind: 'archiveAdmin' },
  action,
  resource: { of: 'configBucket', path: CONFIG_OBJECT },
  context: TLS,
});

/** An administrator of a member account (allowed everything by its own policy) tries `action` on the archive. */
function memberAdminTries(
  id: string,
  what: string,
  action: string,
  resource: OrgAttackRequest['resource'],
  context: Record<string, string>,
  twin: OrgAttack['twin'],
  expected: ExpectedDenial = { decision: 'ImplicitlyDenied' },
): OrgAttack {
  return {
    id,
    title: `An administrator of a member account ${what}`,
    who: memberAdmin,
    action,
    resource,
    context,
    expected,
    evidences: LOG_ARCHIVE,
    twin,
  };
}

/** The member account's publisher role publishes to the organization topic (the legitimate publisher). */
const publisherPublishes = {
  title: "A member account's publisher role (EventBridge execution role) publishes to the organization topic",
  who: publisher,
  action: 'sns:Publish',
  resource: { of: 'orgTopic' },
  context: TLS,
} as const;

/** A named operator of a member account assumes its break-glass role with a recent MFA sign-in. */
const operatorAssumes = {
  title: 'A named operator of the member account with a recent MFA sign-in assumes break-glass',
  who: { kind: 'operator' },
  action: 'sts:AssumeRole',
  resource: { of: 'memberBreakGlassRole' },
  context: MFA,
} as const;

export const ORG_ATTACK_CATALOG: readonly OrgAttack[] = [
  // --- The log archive and the Config bucket: written only by AWS services acting for the organization ---
  memberAdminTries(
    'ORG-S3-01',
    'deletes a Config history record',
    's3:DeleteObject',
    { of: 'configBucket', path: CONFIG_OBJECT },
    TLS,
    configDelivers(),
    { decision: 'ExplicitlyDenied', sid: 'DenyTamperingWithConfigRecords' },
  ),
  memberAdminTries(
    'ORG-S3-02',
    'overwrites a Config history record with a forged one',
    's3:PutObject',
    { of: 'configBucket', path: CONFIG_OBJECT },
    DELIVERED,
    configDelivers(),
  ),
  {
    id: 'ORG-S3-03',
    title: 'An account outside the organization reads the Config history',
    who: outsider,
    action: 's3:GetObject',
    resource: { of: 'configBucket', path: CONFIG_OBJECT },
    context: TLS,
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...LOG_ARCHIVE, ...CROSS_ACCOUNT],
    twin: archiveAdminReads('the Config history', 's3:GetObject'),
  },
  {
    id: 'ORG-S3-04',
    title:
      'AWS Config acting for an account outside the organization writes into the Config bucket (confused deputy)',
    who: { kind: 'service', service: 'config.amazonaws.com' },
    action: 's3:PutObject',
    resource: { of: 'configBucket', path: 'config/AWSLogs/{otherAccount}/Config/forged.json.gz' },
    context: {
      ...DELIVERED,
      'aws:SourceOrgID': '{otherOrganizationId}',
      'aws:SourceAccount': '{otherAccount}',
    },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...LOG_ARCHIVE, 'IAM confused-deputy prevention'],
    twin: configDelivers(),
  },
  {
    id: 'ORG-S3-07',
    title: 'An administrator of the log archive account deletes a version of a Config history record',
    who: { kind: 'archiveAdmin' },
    action: 's3:DeleteObjectVersion',
    resource: { of: 'configBucket', path: CONFIG_OBJECT },
    context: TLS,
    expected: { decision: 'ExplicitlyDenied', sid: 'DenyTamperingWithConfigRecords' },
    evidences: [...LOG_ARCHIVE, 'DP8'],
    twin: archiveAdminReads('that version', 's3:GetObjectVersion'),
  },
  memberAdminTries(
    'ORG-S3-08',
    'deletes an archived flow log',
    's3:DeleteObject',
    { of: 'archiveBucket', path: FLOW_LOG_OBJECT },
    TLS,
    flowLogsDelivered,
  ),
  memberAdminTries(
    'ORG-S3-09',
    'overwrites an archived flow log with a forged one',
    's3:PutObject',
    { of: 'archiveBucket', path: FLOW_LOG_OBJECT },
    DELIVERED,
    flowLogsDelivered,
  ),
  {
    id: 'ORG-S3-05',
    title: 'VPC flow-log delivery for an account outside the organization writes into the archive',
    who: { kind: 'service', service: 'delivery.logs.amazonaws.com' },
    action: 's3:PutObject',
    resource: { of: 'archiveBucket', path: 'flow-logs/AWSLogs/{otherAccount}/vpcflowlogs/forged.log.gz' },
    context: {
      ...DELIVERED,
      'aws:SourceOrgID': '{otherOrganizationId}',
      'aws:SourceAccount': '{otherAccount}',
    },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...LOG_ARCHIVE, 'IAM confused-deputy prevention'],
    twin: flowLogsDelivered,
  },
  {
    id: 'ORG-S3-06',
    title: "Another account's CloudTrail trail writes forged records under the organization trail's prefix",
    who: { kind: 'service', service: 'cloudtrail.amazonaws.com' },
    action: 's3:PutObject',
    resource: {
      of: 'archiveBucket',
      path: 'cloudtrail/AWSLogs/{organizationId}/{memberAccount}/forged.json.gz',
    },
    context: {
      ...DELIVERED,
      'aws:SourceArn':
        'arn:{partition}:cloudtrail:{homeRegion}:{otherAccount}:trail/security-baseline-org-trail',
      'aws:SourceAccount': '{otherAccount}',
    },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...LOG_ARCHIVE, 'IAM confused-deputy prevention'],
    appliesIf: { of: 'archiveBucket', sid: 'OrganizationTrailWrite' },
    twin: {
      title: 'The organization trail of the management account delivers to the archive',
      who: { kind: 'service', service: 'cloudtrail.amazonaws.com' },
      action: 's3:PutObject',
      resource: {
        of: 'archiveBucket',
        path: 'cloudtrail/AWSLogs/{organizationId}/{memberAccount}/log.json.gz',
      },
      context: {
        ...DELIVERED,
        'aws:SourceArn':
          'arn:{partition}:cloudtrail:{homeRegion}:{managementAccount}:trail/security-baseline-org-trail',
        'aws:SourceAccount': '{managementAccount}',
      },
    },
  },
  {
    id: 'ORG-KMS-01',
    title: 'AWS Config acting for an account outside the organization encrypts with the archive key',
    who: { kind: 'service', service: 'config.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    resource: { of: 'archiveKey' },
    context: { 'aws:SourceOrgID': '{otherOrganizationId}', 'aws:SourceAccount': '{otherAccount}' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...LOG_ARCHIVE, 'CT.KMS.PR.3', 'IAM confused-deputy prevention'],
    twin: {
      title: 'AWS Config of a member account encrypts its delivery with the archive key',
      who: { kind: 'service', service: 'config.amazonaws.com' },
      action: 'kms:GenerateDataKey',
      resource: { of: 'archiveKey' },
      context: { 'aws:SourceOrgID': '{organizationId}', 'aws:SourceAccount': '{memberAccount}' },
    },
  },
  // --- The organization security topic: member notifications arrive, nobody else publishes ---
  {
    id: 'ORG-SNS-01',
    title: 'An account outside the organization publishes a forged alert to the organization topic',
    who: outsider,
    action: 'sns:Publish',
    resource: { of: 'orgTopic' },
    context: TLS,
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...ORG_TOPIC, ...CROSS_ACCOUNT],
    twin: publisherPublishes,
  },
  {
    id: 'ORG-SNS-02',
    title:
      'An administrator of a member account (not its publisher role) publishes to the organization topic',
    who: memberAdmin,
    action: 'sns:Publish',
    resource: { of: 'orgTopic' },
    context: TLS,
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ORG_TOPIC,
    twin: publisherPublishes,
  },
  {
    id: 'ORG-SNS-03',
    title:
      "EventBridge acting for another account's rule publishes to the organization topic (confused deputy)",
    who: { kind: 'service', service: 'events.amazonaws.com' },
    action: 'sns:Publish',
    resource: { of: 'orgTopic' },
    context: {
      ...TLS,
      'aws:SourceAccount': '{otherAccount}',
      'aws:SourceArn': 'arn:{partition}:events:{homeRegion}:{otherAccount}:rule/any',
    },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...ORG_TOPIC, 'IAM confused-deputy prevention'],
    twin: {
      title: 'EventBridge acting for a rule of the security tooling account publishes its finding',
      who: { kind: 'service', service: 'events.amazonaws.com' },
      action: 'sns:Publish',
      resource: { of: 'orgTopic' },
      context: {
        ...TLS,
        'aws:SourceAccount': '{securityAccount}',
        'aws:SourceArn': 'arn:{partition}:events:{homeRegion}:{securityAccount}:rule/any',
      },
    },
  },
  {
    id: 'ORG-KMS-02',
    title: "An administrator of a member account decrypts with the organization topic's key directly",
    who: memberAdmin,
    action: 'kms:Decrypt',
    resource: { of: 'orgTopicKey' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...ORG_TOPIC, 'CT.KMS.PR.3'],
    twin: {
      title: "A member account's publisher role encrypts for the organization topic through SNS",
      who: publisher,
      action: 'kms:GenerateDataKey',
      resource: { of: 'orgTopicKey' },
      context: {
        'kms:ViaService': 'sns.{resourceRegion}.amazonaws.com',
        'kms:CallerAccount': '{memberAccount}',
        'kms:EncryptionContext:aws:sns:topicArn':
          'arn:{partition}:sns:{homeRegion}:{securityAccount}:security-baseline-org-findings',
      },
    },
  },
  // --- The member template's roles ---
  {
    id: 'ORG-IAM-01',
    title:
      'An administrator of a member account with MFA, not a named operator, assumes the break-glass role',
    who: memberAdmin,
    action: 'sts:AssumeRole',
    resource: { of: 'memberBreakGlassRole' },
    context: MFA,
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ['AA7', 'NIST.800-53 AC-2', 'NIST.800-53 IA-2(1)'],
    twin: operatorAssumes,
  },
  {
    id: 'ORG-IAM-02',
    title: "A named operator without MFA assumes the member account's break-glass role",
    who: { kind: 'operator' },
    action: 'sts:AssumeRole',
    resource: { of: 'memberBreakGlassRole' },
    context: { 'aws:MultiFactorAuthPresent': 'false' },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: ['AA7', 'NIST.800-53 IA-2(1)'],
    twin: operatorAssumes,
  },
  {
    id: 'ORG-IAM-03',
    title: "An account outside the organization assumes the member account's break-glass role",
    who: outsider,
    action: 'sts:AssumeRole',
    resource: { of: 'memberBreakGlassRole' },
    context: MFA,
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...CROSS_ACCOUNT, 'NIST.800-53 AC-2'],
    twin: operatorAssumes,
  },
  {
    id: 'ORG-IAM-04',
    title:
      "EventBridge acting for another account's rule assumes the member's publisher role (confused deputy)",
    who: { kind: 'service', service: 'events.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: { of: 'memberPublisherRole' },
    context: {
      'aws:SourceAccount': '{otherAccount}',
      'aws:SourceArn': 'arn:{partition}:events:{homeRegion}:{otherAccount}:rule/any',
    },
    expected: { decision: 'ImplicitlyDenied' },
    evidences: [...ORG_TOPIC, 'IAM confused-deputy prevention'],
    twin: {
      title: "EventBridge acting for the member account's break-glass rule assumes the publisher role",
      who: { kind: 'service', service: 'events.amazonaws.com' },
      action: 'sts:AssumeRole',
      resource: { of: 'memberPublisherRole' },
      context: {
        'aws:SourceAccount': '{memberAccount}',
        'aws:SourceArn': 'arn:{partition}:events:{homeRegion}:{memberAccount}:rule/any',
      },
    },
  },
];
