import { App, Aspects, AspectPriority, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BOUNDARY_STATEMENT_IDS,
  PermissionsBoundaryAspect,
  WorkloadPermissionsBoundary,
} from '../../../constructs/iam/workload-permissions-boundary';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import type { PolicySimulator } from '../../../proofs/policy-simulation';
import { ALLOW_ALL, stackSimulator } from '../../support/simulator';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const PARTITION = 'aws';
/** ARNs in this account (fixture ARNs are built like the code builds them, no 'arn:aws:' literal). */
const iamArn = (resource: string, account = ENV.account) => `arn:${PARTITION}:iam::${account}:${resource}`;
const PROPS = {
  managedPolicyName: 'test-workload-boundary',
  protectedKeyAliasPrefix: 'security-baseline',
  protectedKeyTagKey: 'security-baseline:environment',
};

function statement(template: Template, sid: string): any {
  const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0];
  return policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === sid);
}

describe('WorkloadPermissionsBoundary', () => {
  let template: Template;
  beforeAll(() => {
    const stack = new Stack(undefined, undefined, { env: ENV });
    new WorkloadPermissionsBoundary(stack, 'Boundary', PROPS);
    template = Template.fromStack(stack);
  });

  test('has a deterministic name so other stacks can reference it without exports', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'test-workload-boundary',
    });
  });

  test('has every guardrail deny statement', () => {
    for (const sid of BOUNDARY_STATEMENT_IDS) expect(statement(template, sid)?.Effect).toBe('Deny');
  });

  // The boundary as IAM evaluates it, for a role whose own policy allows everything (the boundary is its only
  // limit). IAM sets iam:PermissionsBoundary to the ARN of the boundary the request names, and leaves it out when
  // the request names none (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).
  let simulator: { sim: PolicySimulator; boundary: any } | undefined;
  const underBoundary = (action: string, resource: string, context: Record<string, string> = {}) => {
    simulator ??= (() => {
      const sim = stackSimulator(template, ENV);
      const [policy] = sim.assembly.resources('AWS::IAM::ManagedPolicy');
      return { sim, boundary: sim.assembly.property(policy, 'PolicyDocument') };
    })();
    const { sim, boundary } = simulator;
    return sim.simulate(
      { principal: iamArn('role/workload'), action, resource, context },
      {
        identityPolicies: ALLOW_ALL,
        permissionsBoundary: boundary,
      },
    );
  };
  const THIS_BOUNDARY = iamArn('policy/test-workload-boundary');

  test('denies creating roles or users that do not carry this boundary', async () => {
    const targets: [string, string][] = [
      ['iam:CreateRole', iamArn('role/new-role')],
      ['iam:CreateUser', iamArn('user/new-user')],
      ['iam:PutRolePermissionsBoundary', iamArn('role/existing-role')],
      ['iam:PutUserPermissionsBoundary', iamArn('user/existing-user')],
    ];
    for (const [action, resource] of targets) {
      // Another boundary, a policy of the same name in another account, or none at all: denied.
      for (const boundary of [
        iamArn('policy/permissive'),
        iamArn('policy/test-workload-boundary', '222222222222'),
      ]) {
        const outcome = await underBoundary(action, resource, { 'iam:PermissionsBoundary': boundary });
        expect([action, boundary, outcome.decision, outcome.sid]).toEqual([
          action,
          boundary,
          'ExplicitlyDenied',
          'DenyRoleOrUserWithoutThisBoundary',
        ]);
      }
      // With this boundary: allowed.
      const bounded = await underBoundary(action, resource, { 'iam:PermissionsBoundary': THIS_BOUNDARY });
      expect([action, bounded.decision]).toEqual([action, 'Allowed']);
    }
    const unbounded = await underBoundary('iam:CreateRole', iamArn('role/new-role'));
    expect([unbounded.decision, unbounded.sid]).toEqual([
      'ExplicitlyDenied',
      'DenyRoleOrUserWithoutThisBoundary',
    ]);
  });

  test('denies removing boundaries and editing this policy', async () => {
    for (const [action, resource] of [
      ['iam:DeleteRolePermissionsBoundary', iamArn('role/existing-role')],
      ['iam:DeleteUserPermissionsBoundary', iamArn('user/existing-user')],
    ]) {
      const outcome = await underBoundary(action, resource);
      expect([action, outcome.decision, outcome.sid]).toEqual([
        action,
        'ExplicitlyDenied',
        'DenyRemovingPermissionsBoundaries',
      ]);
    }
    for (const action of [
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:DeletePolicyVersion',
      'iam:DeletePolicy',
    ]) {
      const outcome = await underBoundary(action, THIS_BOUNDARY);
      expect([action, outcome.decision, outcome.sid]).toEqual([
        action,
        'ExplicitlyDenied',
        'DenyChangingThisBoundary',
      ]);
    }
    // The allowed twin: a new version of another customer-managed policy.
    expect((await underBoundary('iam:CreatePolicyVersion', iamArn('policy/app-policy'))).decision).toBe(
      'Allowed',
    );
  });

  test('denies leaving the organization', () => {
    expect(statement(template, 'DenyLeavingTheOrganization').Action).toBe('organizations:LeaveOrganization');
  });

  test('denies stopping or deleting CloudTrail, GuardDuty, Config and Security Hub', () => {
    expect(statement(template, 'DenyStoppingCloudTrail').Action).toEqual(
      expect.arrayContaining(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']),
    );
    expect(statement(template, 'DenyStoppingGuardDuty').Action).toEqual(
      expect.arrayContaining(['guardduty:DeleteDetector', 'guardduty:UpdateDetector']),
    );
    expect(statement(template, 'DenyStoppingConfig').Action).toEqual(
      expect.arrayContaining(['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder']),
    );
    expect(statement(template, 'DenyStoppingSecurityHub').Action).toEqual(
      expect.arrayContaining(['securityhub:DisableSecurityHub']),
    );
  });

  test("denies scheduling deletion of the project's KMS keys, by alias and by tag", () => {
    expect(statement(template, 'DenyDeletingProjectKeysByAlias')).toMatchObject({
      Action: 'kms:ScheduleKeyDeletion',
      Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/security-baseline/*' } },
    });
    expect(statement(template, 'DenyDeletingProjectKeysByTag')).toMatchObject({
      Action: 'kms:ScheduleKeyDeletion',
      Condition: { Null: { 'aws:ResourceTag/security-baseline:environment': 'false' } },
    });
  });

  test('has no unacknowledged cdk-nag finding', () => {
    const findings = nagFindingsOf((stack) => new WorkloadPermissionsBoundary(stack, 'Boundary', PROPS));
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('fails if the policy name is not a valid IAM name', () => {
    expect(
      () => new WorkloadPermissionsBoundary(new Stack(), 'B', { ...PROPS, managedPolicyName: 'has space' }),
    ).toThrow(/'managedPolicyName' must be 1-128 characters .* Received: has space/);
  });
});

describe('PermissionsBoundaryAspect', () => {
  // GIVEN a stage with the boundary in its own stack, and roles in another stack (an L2 role and a
  // raw AWS::IAM::Role as framework custom-resource providers create them) and in the boundary stack
  let boundaryStack: Stack;
  let workload: Stack;
  beforeAll(() => {
    const stage = new Stage(new App(), 'Env');
    boundaryStack = new Stack(stage, 'Boundary', { env: ENV });
    const boundary = new WorkloadPermissionsBoundary(boundaryStack, 'Boundary', PROPS);
    new iam.Role(boundaryStack, 'LocalRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    workload = new Stack(stage, 'Workload', { env: ENV });
    new iam.Role(workload, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new CfnResource(workload, 'FrameworkRole', {
      type: 'AWS::IAM::Role',
      properties: { AssumeRolePolicyDocument: { Statement: [] } },
    });
    // WHEN the aspect is added to the stage
    Aspects.of(stage).add(new PermissionsBoundaryAspect(boundary), { priority: AspectPriority.MUTATING });
    stage.synth();
  });

  test('every role in another stack references the boundary by its name-derived ARN', () => {
    const roles = Object.values(Template.fromStack(workload).findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(2);
    for (const r of roles) {
      expect(JSON.stringify(r.Properties.PermissionsBoundary)).toContain(
        ':iam::111111111111:policy/test-workload-boundary',
      );
    }
  });

  test('stacks with roles depend on the boundary stack, so the policy exists first', () => {
    expect(workload.dependencies).toContain(boundaryStack);
  });

  test('a role in the boundary stack references the policy directly', () => {
    Template.fromStack(boundaryStack).hasResourceProperties('AWS::IAM::Role', {
      PermissionsBoundary: { Ref: Match.stringLikeRegexp('^Boundary') },
    });
  });
});
