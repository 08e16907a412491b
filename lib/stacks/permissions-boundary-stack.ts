import { ArnFormat, Stack, type StackProps } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { WorkloadPermissionsBoundary } from '../../constructs/iam/workload-permissions-boundary';
import { bootstrapNames, CI_SESSION_TAG } from '../bootstrap';
import type { AppConfig } from '../config/schema';

/** Tag every resource of an environment carries (EnvironmentStage); protects the project's KMS keys. */
export const ENVIRONMENT_TAG_KEY = 'security-baseline:environment';

export interface PermissionsBoundaryStackProps extends StackProps {
  readonly config: AppConfig;
}

/**
 * The permissions boundary every IAM role of the environment carries. A stack of its own that depends
 * on nothing, so every other stack (Foundation included) can depend on it without a cycle; roles
 * reference the policy by its deterministic name, never through exports.
 */
export class PermissionsBoundaryStack extends Stack {
  public readonly boundary: WorkloadPermissionsBoundary;
  public readonly permissionsBoundary: iam.IManagedPolicy;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryStackProps) {
    super(scope, id, props);
    const names = bootstrapNames(props.config);
    this.boundary = new WorkloadPermissionsBoundary(this, 'WorkloadPermissionsBoundary', {
      managedPolicyName: `security-baseline-${props.config.environment.name.toLowerCase()}-workload-boundary`,
      protectedKeyAliasPrefix: 'security-baseline',
      protectedKeyTagKey: ENVIRONMENT_TAG_KEY,
      // CloudFormation names the provider role `<stack name>-<logical id prefix>-<suffix>`.
      accountGuardrailRoleArns: [
        this.formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: `${scope.node.id}-Guardrails-AccountGuardrailsProvider*`,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ],
      cdkBootstrapQualifier: names.qualifier,
      cdkDeploySessionTagKey: CI_SESSION_TAG.key,
      cdkDeployerArns: names.ciRoleName
        ? [
            this.formatArn({
              service: 'iam',
              region: '',
              resource: 'role',
              resourceName: names.ciRoleName,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ]
        : undefined,
    });
    this.permissionsBoundary = this.boundary.policy;
  }
}
