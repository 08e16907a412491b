import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { GitHubDeployRole, type GitHubDeployRoleProps } from '../../../constructs/iam/github-deploy-role';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const PROPS: GitHubDeployRoleProps = {
  repository: 'acme/app',
  branches: ['main'],
  environments: ['production'],
  regions: ['eu-west-1', 'us-east-1'],
};

function templateOf(props: Partial<GitHubDeployRoleProps> = {}): Template {
  const stack = new Stack(undefined, undefined, { env: ENV });
  new GitHubDeployRole(stack, 'Deploy', { ...PROPS, ...props });
  return Template.fromStack(stack);
}

describe('GitHubDeployRole', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf();
  });

  test('creates the native GitHub OIDC provider for sts.amazonaws.com', () => {
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    template.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
  });

  test('trusts exactly the configured branch and environment of the repository, with exact matching', () => {
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: expect.stringMatching(/^DeployProvider/) } },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': [
              'repo:acme/app:ref:refs/heads/main',
              'repo:acme/app:environment:production',
            ],
          },
        },
      },
    ]);
  });

  test('may only assume the CDK bootstrap roles of the listed regions', () => {
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    // The four roles `cdk bootstrap` creates (default qualifier), in each listed region of this account.
    const bootstrapRole = (role: string, region: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          `:iam::111111111111:role/cdk-hnb659fds-${role}-111111111111-${region}`,
        ],
      ],
    });
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'AssumeCdkBootstrapRolesOnly',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: ['eu-west-1', 'us-east-1'].flatMap((region) =>
          ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'].map((role) =>
            bootstrapRole(role, region),
          ),
        ),
      },
    ]);
  });

  test('sessions last at most one hour', () => {
    template.hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3600 });
  });

  test('uses an existing provider instead of creating a second one', () => {
    const t = templateOf({
      existingOidcProviderArn: `arn:${'aws'}:iam::111111111111:oidc-provider/token.actions.githubusercontent.com`,
    });
    t.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: {
              Federated: `arn:${'aws'}:iam::111111111111:oidc-provider/token.actions.githubusercontent.com`,
            },
          }),
        ],
      }),
    });
  });

  test('has no cdk-nag finding in any pack', () => {
    const findings = nagFindingsOf((stack) => new GitHubDeployRole(stack, 'Deploy', PROPS));
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('fails if a branch is a wildcard', () => {
    expect(() => templateOf({ branches: ['feature/*'] })).toThrow(
      /must be exact \(no wildcards\). Received: feature\/\*/,
    );
  });

  test('fails if no branch and no environment is given', () => {
    expect(() => templateOf({ branches: [], environments: [] })).toThrow(
      /give at least one of 'branches' or 'environments'/,
    );
  });

  test('fails if the repository is not owner/name', () => {
    expect(() => templateOf({ repository: 'acme' })).toThrow(
      /'repository' must be owner\/name. Received: acme/,
    );
  });
});
