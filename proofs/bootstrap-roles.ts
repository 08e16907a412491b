/**
 * The CDK bootstrap roles as the attack catalog simulates them (persona `bootstrapRole`): the role ARNs AWS
 * presents (`cdk-<qualifier>-<role>-<account>-<region>`, from the bootstrap template of the pinned CDK CLI),
 * their identity policies and the boundary that `cdk bootstrap --custom-permissions-boundary
 * --apply-permissions-boundary-to-all-roles` puts on them:
 *
 * - `cfn-exec`: the project's execution policy and boundary, read from the synthesized Bootstrap stage;
 * - `deploy`: the deploy role's inline policy read from node_modules/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml
 *   (the template `cdk bootstrap` deploys), with its `Fn::Sub`/`Ref` resolved for the environment, and the
 *   project's boundary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { PolicyOverrides, PolicySimulator } from './policy-simulation';

/** The repository root (proofs/ imports nothing of the app). */
const ROOT = path.resolve(__dirname, '..');

type Policy = NonNullable<PolicyOverrides['permissionsBoundary']>;

export const BOOTSTRAP_TEMPLATE = path.join(
  ROOT,
  'node_modules/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml',
);

/** Resolves the `Fn::Sub` and `Ref` of the bootstrap template with `values`; anything else is an error. */
function resolve(value: unknown, values: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, values));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if ('Fn::Sub' in obj) {
    return String(obj['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`bootstrap template: no value for \${${name}}`);
      return values[name];
    });
  }
  if ('Ref' in obj) {
    const name = String(obj['Ref']);
    if (!(name in values)) throw new Error(`bootstrap template: no value for Ref ${name}`);
    return values[name];
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(v, values)]));
}

interface BootstrapTemplate {
  Resources: {
    DeploymentActionRole: { Properties: { Policies: { PolicyName: string; PolicyDocument: unknown }[] } };
  };
}

// Parsed once per process: every bootstrap-role attack and twin of every environment reads them.
let template: BootstrapTemplate | undefined;
const bootstrapTemplate = (): BootstrapTemplate =>
  (template ??= parse(fs.readFileSync(BOOTSTRAP_TEMPLATE, 'utf8')) as BootstrapTemplate);

const qualifiers = new Map<string, string>();
/** The bootstrap qualifier of the environment `stage` (its config file, `config/<stage>.yaml`). */
export function qualifierOf(stage: string): string {
  let qualifier = qualifiers.get(stage);
  if (qualifier === undefined) {
    const config = parse(
      fs.readFileSync(path.join(ROOT, 'config', `${stage.toLowerCase()}.yaml`), 'utf8'),
    ) as { identity: { ciDeploy?: { bootstrapQualifier?: string } } };
    qualifier = config.identity.ciDeploy?.bootstrapQualifier ?? 'hnb659fds';
    qualifiers.set(stage, qualifier);
  }
  return qualifier;
}

/** The ARN, identity policies and boundary of a bootstrap role of `stage` (`Prod`) in `region`. */
export function bootstrapRole(
  sim: PolicySimulator,
  stage: string,
  role: 'deploy' | 'cfn-exec',
): { arn: string; overrides: PolicyOverrides } {
  const a = sim.assembly;
  const stack = a.stack(`${stage}/Bootstrap/Policies`);
  const policies = a.resources('AWS::IAM::ManagedPolicy', (s) => s === stack);
  const policy = (id: string): Policy => {
    const found = policies.filter((p) => p.logicalId.startsWith(`CdkBootstrap${id}`));
    if (found.length !== 1)
      throw new Error(`${stage}/Bootstrap/Policies: ${found.length} policies CdkBootstrap${id}*`);
    return a.property(found[0], 'PolicyDocument') as Policy;
  };
  const { partition, account, region } = stack;
  const qualifier = qualifierOf(stage);
  const roleArn = (name: string) =>
    `arn:${partition}:iam::${account}:role/cdk-${qualifier}-${name}-${account}-${region}`;
  const boundary = policy('Boundary');
  if (role === 'cfn-exec') {
    return {
      arn: roleArn('cfn-exec-role'),
      overrides: {
        identityPolicies: [
          { name: 'security-baseline cfn-execution policy', policy: policy('ExecutionPolicy') },
        ],
        permissionsBoundary: boundary,
      },
    };
  }
  const template = bootstrapTemplate();
  const values = {
    'AWS::Partition': partition,
    'AWS::AccountId': account,
    'AWS::Region': region,
    Qualifier: qualifier,
    'StagingBucket.Arn': `arn:${partition}:s3:::cdk-${qualifier}-assets-${account}-${region}`,
    'CloudFormationExecutionRole.Arn': roleArn('cfn-exec-role'),
    CdkBootstrapVersion: `/cdk-bootstrap/${qualifier}/version`,
  };
  return {
    arn: roleArn('deploy-role'),
    overrides: {
      identityPolicies: template.Resources.DeploymentActionRole.Properties.Policies.map((p) => ({
        name: `cdk bootstrap deploy role/${p.PolicyName}`,
        policy: resolve(p.PolicyDocument, values) as Policy,
      })),
      permissionsBoundary: boundary,
    },
  };
}
