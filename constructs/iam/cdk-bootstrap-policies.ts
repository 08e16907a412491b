import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../core/acknowledge';
import {
  BOUNDARY_REMOVAL_ACTIONS,
  BOUNDED_PRINCIPAL_ACTIONS,
  LONG_TERM_CREDENTIAL_ACTIONS,
  ROLE_POLICY_ACTIONS,
} from './workload-permissions-boundary';

/** The session tag the CI deploy role sets when it assumes the CDK deploy role (see `ciSessionTag`). */
export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

export interface CdkBootstrapPoliciesProps {
  /** CDK bootstrap qualifier of the bootstrap these policies harden. */
  readonly qualifier: string;
  /** Name of the CloudFormation execution policy (`cdk bootstrap --cloudformation-execution-policies`). */
  readonly executionPolicyName: string;
  /** Name of the boundary of the bootstrap roles (`cdk bootstrap --custom-permissions-boundary`). */
  readonly boundaryPolicyName: string;
  /**
   * IAM service prefixes the CloudFormation execution role may use (`<prefix>:*`): the services of the
   * resource types the app deploys, nothing else.
   */
  readonly executionServices: readonly string[];
  /** ARN of the permissions boundary every role the deployments create must carry. */
  readonly workloadBoundaryArn: string;
  /**
   * CloudFormation stack names the deploy role may change only in a session carrying `ciSessionTag`
   * (the CI deploy role's path): the stacks holding the guardrails.
   */
  readonly ciOnlyStackNames: readonly string[];
  /** The session tag that marks the CI deploy role's session of the deploy role. */
  readonly ciSessionTag: SessionTag;
  /**
   * CloudFormation stack names no bootstrap role may change at all (the bootstrap itself and the stack
   * holding these policies: they change only through the documented one-time steps).
   */
  readonly bootstrapStackNames: readonly string[];
}

/** The Sids of the boundary's deny statements, so tests and the attack catalog can name them. */
export const BOOTSTRAP_BOUNDARY_STATEMENT_IDS = [
  'DenyRolesWithoutTheWorkloadBoundary',
  'DenyPolicyChangesToRolesWithoutTheWorkloadBoundary',
  'DenyRemovingPermissionsBoundaries',
  'DenyChangingBootstrapRoles',
  'DenyChangingBootstrapPolicies',
  'DenyLongTermIamCredentials',
  'DenyChangingTheBootstrap',
  'DenyGuardrailStackChangesOutsideCi',
] as const;

/** CloudFormation actions that change a stack (what the deploy role's `DeployPermissions` allow, and more). */
const STACK_CHANGE_ACTIONS = [
  'cloudformation:CreateChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'cloudformation:DeleteStack',
  'cloudformation:RollbackStack',
  'cloudformation:ContinueUpdateRollback',
  'cloudformation:UpdateTerminationProtection',
  'cloudformation:SetStackPolicy',
  'cloudformation:CreateStackRefactor',
  'cloudformation:ExecuteStackRefactor',
];

/**
 * The two policies that replace the default CDK bootstrap's `AdministratorAccess`:
 *
 * - the CloudFormation execution policy: `<service>:*` for the services the app deploys, nothing else;
 * - the boundary of every bootstrap role (`--custom-permissions-boundary` with
 *   `--apply-permissions-boundary-to-all-roles`): the execution role creates roles only with the workload
 *   boundary, changes policies only of such roles, never removes a boundary, never changes a bootstrap role
 *   or these policies; the deploy role changes the guardrail stacks only in the CI deploy role's session
 *   (tagged `ciSessionTag`) and never the bootstrap stacks.
 *
 * Both are deployed before `cdk bootstrap` (docs/runbook.md), under the operator's own credentials.
 */
export class CdkBootstrapPolicies extends Construct {
  public readonly executionPolicy: iam.ManagedPolicy;
  public readonly boundary: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: CdkBootstrapPoliciesProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,10}$/.test(props.qualifier)) {
      throw new Error(`'qualifier' must be 1-10 letters, digits, _ or -. Received: ${props.qualifier}`);
    }
    if (props.executionServices.length === 0) throw new Error(`'executionServices' must name a service`);
    for (const s of props.executionServices) {
      if (!/^[a-z0-9-]+$/.test(s))
        throw new Error(`'executionServices': '${s}' is not an IAM service prefix`);
    }
    const stack = Stack.of(this);
    const any = ['*'];
    const iamArn = (resource: string, resourceName: string) =>
      stack.formatArn({
        service: 'iam',
        region: '',
        resource,
        resourceName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    const stackArns = (names: readonly string[]) =>
      names.map((name) =>
        stack.formatArn({
          service: 'cloudformation',
          region: '*',
          resource: 'stack',
          resourceName: `${name}/*`,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      );
    const bootstrapRoles = iamArn('role', `cdk-${props.qualifier}-*`);
    const ownPolicies = [props.executionPolicyName, props.boundaryPolicyName].map((n) => iamArn('policy', n));
    const withoutWorkloadBoundary = {
      StringNotEquals: { 'iam:PermissionsBoundary': props.workloadBoundaryArn },
    };

    const executionActions = [...new Set(props.executionServices)].sort().map((s) => `${s}:*`);
    this.executionPolicy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      managedPolicyName: props.executionPolicyName,
      description:
        'CloudFormation execution policy of the CDK bootstrap: the services the security baseline deploys, nothing else (replaces AdministratorAccess)',
      statements: [
        new iam.PolicyStatement({
          sid: 'DeployTheBaselineServices',
          actions: executionActions,
          resources: any,
        }),
      ],
    });

    this.boundary = new iam.ManagedPolicy(this, 'Boundary', {
      managedPolicyName: props.boundaryPolicyName,
      description:
        'Permissions boundary of the CDK bootstrap roles: no unbounded roles, no boundary removal, no change to the bootstrap; guardrail stacks only from CI',
      statements: [
        new iam.PolicyStatement({ sid: 'AllowWithinBoundary', actions: ['*'], resources: any }),
        new iam.PolicyStatement({
          sid: 'DenyRolesWithoutTheWorkloadBoundary',
          effect: iam.Effect.DENY,
          actions: BOUNDED_PRINCIPAL_ACTIONS,
          resources: any,
          conditions: withoutWorkloadBoundary,
        }),
        new iam.PolicyStatement({
          sid: 'DenyPolicyChangesToRolesWithoutTheWorkloadBoundary',
          effect: iam.Effect.DENY,
          actions: ROLE_POLICY_ACTIONS,
          resources: any,
          conditions: withoutWorkloadBoundary,
        }),
        new iam.PolicyStatement({
          sid: 'DenyRemovingPermissionsBoundaries',
          effect: iam.Effect.DENY,
          actions: BOUNDARY_REMOVAL_ACTIONS,
          resources: any,
        }),
        // A bootstrap role cannot grant itself (or another bootstrap role) more, or swap its boundary.
        new iam.PolicyStatement({
          sid: 'DenyChangingBootstrapRoles',
          effect: iam.Effect.DENY,
          actions: [
            'iam:PutRolePermissionsBoundary',
            'iam:DeleteRolePermissionsBoundary',
            ...ROLE_POLICY_ACTIONS,
            'iam:UpdateAssumeRolePolicy',
            'iam:UpdateRole',
            'iam:DeleteRole',
            'iam:TagRole',
            'iam:UntagRole',
          ],
          resources: [bootstrapRoles],
        }),
        new iam.PolicyStatement({
          sid: 'DenyChangingBootstrapPolicies',
          effect: iam.Effect.DENY,
          actions: [
            'iam:CreatePolicyVersion',
            'iam:DeletePolicy',
            'iam:DeletePolicyVersion',
            'iam:SetDefaultPolicyVersion',
            'iam:TagPolicy',
            'iam:UntagPolicy',
          ],
          resources: ownPolicies,
        }),
        new iam.PolicyStatement({
          sid: 'DenyLongTermIamCredentials',
          effect: iam.Effect.DENY,
          actions: LONG_TERM_CREDENTIAL_ACTIONS,
          resources: any,
        }),
        new iam.PolicyStatement({
          sid: 'DenyChangingTheBootstrap',
          effect: iam.Effect.DENY,
          actions: STACK_CHANGE_ACTIONS,
          resources: stackArns(props.bootstrapStackNames),
        }),
        // Absent or another value: denied (only the CI deploy role may set this tag, see the workload boundary).
        new iam.PolicyStatement({
          sid: 'DenyGuardrailStackChangesOutsideCi',
          effect: iam.Effect.DENY,
          actions: STACK_CHANGE_ACTIONS,
          resources: stackArns(props.ciOnlyStackNames),
          conditions: {
            StringNotEquals: { [`aws:PrincipalTag/${props.ciSessionTag.key}`]: props.ciSessionTag.value },
          },
        }),
      ],
    });

    acknowledgeRules(
      this.executionPolicy,
      [...executionActions.map((a) => `AwsSolutions-IAM5[Action::${a}]`), 'AwsSolutions-IAM5[Resource::*]'],
      'CloudFormation execution policy: CloudFormation creates resources of these services with names it generates, so it needs their actions on every resource; the bootstrap boundary (DenyRolesWithoutTheWorkloadBoundary, DenyChangingBootstrapRoles) stops privilege escalation through IAM',
    );
    acknowledgeRules(
      this.executionPolicy,
      [
        'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
        'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess',
        'PCI.DSS.321-IAMPolicyNoStatementsWithFullAccess',
      ],
      'Attached only to the CloudFormation execution role, which creates and deletes the resources of these services on behalf of reviewed deployments; limited by the bootstrap boundary',
    );
    acknowledgeRules(
      this.boundary,
      ['AwsSolutions-IAM5[Action::*]', 'AwsSolutions-IAM5[Resource::*]'],
      'Permissions boundary: the Allow * statement is the ceiling that the deny statements cut down; it grants nothing by itself because a boundary only limits the role policies it is intersected with',
    );
    acknowledgeRules(
      this.boundary,
      [
        'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess',
        'HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess',
        'PCI.DSS.321-IAMPolicyNoStatementsWithAdminAccess',
        'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
        'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess',
        'PCI.DSS.321-IAMPolicyNoStatementsWithFullAccess',
      ],
      'This policy is attached only as the permissions boundary of the CDK bootstrap roles (never as a permissions policy); the Allow * is the ceiling that its deny statements restrict',
    );
  }
}
