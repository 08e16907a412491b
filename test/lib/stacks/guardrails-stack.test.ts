import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig } from '../../support/config';
import { STAGES, stackTemplate } from '../../support/assembly';

describe.each(STAGES)('%s/Guardrails', (stage) => {
  const template = stackTemplate(stage, 'Guardrails');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
  const roles = template.findResources('AWS::IAM::Role');
  const role = (prefix: string) => Object.entries(roles).find(([id]) => id.startsWith(prefix))![1];

  test('the break-glass role trust requires MFA no older than the configured age', () => {
    // ... and a named operator (aws:PrincipalArn), asserted below.
    const statement = role('BreakGlass').Properties.AssumeRolePolicyDocument.Statement;
    expect(statement).toHaveLength(1);
    expect(statement[0].Condition).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: {
        'aws:MultiFactorAuthAge': String(config.identity.guardrails.breakGlassMfaMaxAgeSeconds),
      },
      ArnEquals: { 'aws:PrincipalArn': config.identity.guardrails.breakGlassPrincipalArns },
    });
    expect(role('BreakGlass').Properties.MaxSessionDuration).toBe(3600);
  });

  test('assuming the break-glass role notifies the security topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: Match.objectLike({ eventName: ['AssumeRole'] }) }),
      Targets: [Match.objectLike({ InputTransformer: Match.anyValue() })],
    });
  });

  test('the OIDC deploy role trusts exactly the configured repository subjects', () => {
    const ci = config.identity.ciDeploy;
    const statement = role('GitHubDeploy').Properties.AssumeRolePolicyDocument.Statement;
    expect(statement).toHaveLength(1);
    expect(statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement[0].Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': [
          ...ci.branches.map((b: string) => `repo:${ci.repository}:ref:refs/heads/${b}`),
          ...ci.environments.map((e: string) => `repo:${ci.repository}:environment:${e}`),
        ],
      },
    });
  });

  test('applies every account guardrail through custom resources', () => {
    const actions = Object.values(template.findResources('Custom::AccountGuardrail')).map(
      (r) => JSON.stringify(r.Properties.Update).match(/\\"action\\":\\"(\w+)\\"/)![1],
    );
    expect(new Set(actions)).toEqual(
      new Set([
        'updateAccountPasswordPolicy',
        'putPublicAccessBlock',
        'enableEbsEncryptionByDefault',
        'modifyEbsDefaultKmsKeyId',
        'modifyInstanceMetadataDefaults',
      ]),
    );
  });

  test('has both IAM Access Analyzers', () => {
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT' });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT_UNUSED_ACCESS' });
  });
});

test.each(STAGES)('%s: the data key (EBS default key) lets EC2 use it for this account', (stage) => {
  const keys = Object.values(stackTemplate(stage, 'Foundation').findResources('AWS::KMS::Key'));
  const statement = keys
    .flatMap((k) => k.Properties.KeyPolicy.Statement)
    .find((s: any) => s.Sid === 'UseThroughDataServicesOnly');
  expect(statement.Condition['ForAnyValue:StringEquals']['kms:ViaService']).toContain(
    'ec2.eu-west-1.amazonaws.com',
  );
  expect(statement.Condition.StringEquals['kms:CallerAccount']).toMatch(/^\d{12}$/);
});
