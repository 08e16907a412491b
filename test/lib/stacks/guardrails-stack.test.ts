import { exampleConfig } from '../../support/config';
import { STAGES, stackTemplate, testSimulator } from '../../support/assembly';
import { fixture } from '../../support/detection-cases';
import { matchesEventPattern } from '../../support/event-pattern';

const PARTITION = 'aws';

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

  describe('assuming the break-glass role notifies the security topic', () => {
    const a = testSimulator().assembly;
    const { account } = config.environment;
    const rules = a
      .resources('AWS::Events::Rule', (s) => s.displayName === `${stage}/Guardrails`)
      .map((r) => a.properties(r) as { EventPattern?: object; Targets: { Arn: unknown }[] })
      .filter((r) => r.EventPattern);
    /** The documented CloudTrail AssumeRole event (test/fixtures/events) of this account, for role `roleArn`. */
    const assumeRole = (roleArn: string) => {
      const event = JSON.parse(
        JSON.stringify(fixture('events', 'sts-assumerole-break-glass')).split('111111111111').join(account),
      );
      event.detail.requestParameters.roleArn = roleArn;
      event.detail.resources[0].ARN = roleArn;
      return event as object;
    };
    const breakGlassArn = `arn:${PARTITION}:iam::${account}:role/security-baseline-${stage.toLowerCase()}-break-glass`;
    const matching = (event: object) => rules.filter((r) => matchesEventPattern(r.EventPattern!, event));

    test('an AssumeRole of the break-glass role matches exactly one rule, which targets the security topic', () => {
      const [rule, ...more] = matching(assumeRole(breakGlassArn));
      expect(more).toEqual([]);
      const topic = a.resources('AWS::SNS::Topic', (s) => s.displayName === `${stage}/Foundation`);
      expect(topic).toHaveLength(1);
      expect(rule.Targets.map((t) => t.Arn)).toEqual([a.ref(topic[0])]);
    });

    test('an AssumeRole of another role of the account matches no rule', () => {
      expect(matching(assumeRole(`arn:${PARTITION}:iam::${account}:role/security-operator`))).toEqual([]);
      expect(
        matching(
          assumeRole(`arn:${PARTITION}:iam::${account}:role/security-baseline-${stage.toLowerCase()}-deploy`),
        ),
      ).toEqual([]);
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
  const { account, region } = exampleConfig(stage.toLowerCase() as 'dev' | 'prod').environment;
  const keys = Object.values(stackTemplate(stage, 'Foundation').findResources('AWS::KMS::Key'));
  const statement = keys
    .flatMap((k) => k.Properties.KeyPolicy.Statement)
    .find((s: any) => s.Sid === 'UseThroughDataServicesOnly');
  expect(statement.Condition['ForAnyValue:StringEquals']['kms:ViaService']).toContain(
    `ec2.${region}.amazonaws.com`,
  );
  // This environment's own account, not any account.
  expect(statement.Condition.StringEquals).toEqual({ 'kms:CallerAccount': account });
  expect(statement.Principal).toEqual({ AWS: `arn:${PARTITION}:iam::${account}:root` });
});
