import { Match, Template } from 'aws-cdk-lib/assertions';
import { RotatingSecret } from '../../../../constructs/data/rotating-secret/rotating-secret';
import { formatFinding } from '../../../../compliance/findings';
import { type DataFixture, dataFixture, dataFixtureIn } from '../../../support/data-fixture';
import { nagFindingsOf } from '../../../support/nag';
import { rotatingSecretProps, topicOf } from '../../../support/rotating-secret';
import type { PolicySimulator } from '../../../../proofs/policy-simulation';
import { stackSimulator } from '../../../support/simulator';
import { secretPerimeterStatements } from '../../../support/secret-perimeter';

const props = rotatingSecretProps;

/** Fixture ARNs are built like the code builds them (no 'arn:aws:' literals). */
const PARTITION = 'aws';

const SECRET_PERIMETER_STATEMENTS = secretPerimeterStatements('111111111111');

describe('RotatingSecret', () => {
  let f: DataFixture;
  let template: Template;
  let secret: RotatingSecret;
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    f.stack.getLogicalId(c.node.defaultChild as never);

  beforeAll(() => {
    f = dataFixture();
    secret = new RotatingSecret(f.stack, 'ApiKey', props(f, { keyBytes: 48 }));
    template = Template.fromStack(f.stack);
  });

  test('wires the rotation schedule to its own rotation function', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: logicalId(secret.secret) },
      RotationLambdaARN: { 'Fn::GetAtt': [logicalId(secret.rotationFunction.function), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('does not rotate when the stack creates or changes the schedule, and waits for the invoke permission and the role policies', () => {
    // RotateImmediatelyOnUpdate false: Secrets Manager only runs the configuration test (testSecret).
    template.hasResource('AWS::SecretsManager::RotationSchedule', {
      Properties: Match.objectLike({ RotateImmediatelyOnUpdate: false }),
      // (arrayWith matches in order; CDK sorts DependsOn by logical id)
      DependsOn: Match.arrayWith([
        Match.stringLikeRegexp('GenerateRandomPolicy'),
        Match.stringLikeRegexp('InvokeBySecretsManager'),
        Match.stringLikeRegexp('RolePolicy'),
      ]),
    });
  });

  test('the rotation function opens a 7-day overlap window by default', () => {
    const fn = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { KEY_BYTES: '48' } } },
    });
    expect(Object.values(fn).map((f) => f.Properties.Environment.Variables.OVERLAP_DAYS)).toEqual(['7']);
  });

  test('creates the secret with the bootstrap placeholder only: no key material in the template', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: JSON.stringify({ bootstrap: true }),
    });
  });

  test('encrypts the secret with the given key and retains it', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        KmsKeyId: { 'Fn::GetAtt': [logicalId(f.keys.secrets), 'Arn'] },
        Name: 'platform/api-keys/webhook-signing',
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the secret policy denies other accounts and requests without TLS', () => {
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: { Ref: logicalId(secret.secret) },
      ResourcePolicy: { Version: '2012-10-17', Statement: SECRET_PERIMETER_STATEMENTS },
    });
  });

  describe('the secret policy, as IAM evaluates it', () => {
    let sim: PolicySimulator;
    let secretArn: string;
    beforeAll(() => {
      sim = stackSimulator(template);
      secretArn = sim.assembly.arn(sim.assembly.resource(sim.assembly.stacks[0], logicalId(secret.secret)));
    });
    const getSecretValue = (principal: string, context: Record<string, string>) =>
      sim.simulate({ principal, action: 'secretsmanager:GetSecretValue', resource: secretArn, context });

    test('a role of another account is denied explicitly, whatever its own policies allow', async () => {
      const outcome = await getSecretValue(`arn:${PARTITION}:iam::222222222222:role/reader`, {
        'aws:PrincipalAccount': '222222222222',
        'aws:PrincipalIsAWSService': 'false',
        'aws:SecureTransport': 'true',
      });
      expect([outcome.decision, outcome.sid]).toEqual([
        'ExplicitlyDenied',
        'DenyPrincipalsOutsideThisAccount',
      ]);
    });

    test('a request of this account without TLS is denied explicitly', async () => {
      const outcome = await getSecretValue(`arn:${PARTITION}:iam::111111111111:role/reader`, {
        'aws:PrincipalAccount': '111111111111',
        'aws:PrincipalIsAWSService': 'false',
        'aws:SecureTransport': 'false',
      });
      expect([outcome.decision, outcome.sid]).toEqual(['ExplicitlyDenied', 'DenyRequestsWithoutTls']);
    });

    test('a request of this account over TLS is not denied by the perimeter', async () => {
      const outcome = await getSecretValue(`arn:${PARTITION}:iam::111111111111:role/reader`, {
        'aws:PrincipalAccount': '111111111111',
        'aws:PrincipalIsAWSService': 'false',
        'aws:SecureTransport': 'true',
      });
      expect(outcome.decision).not.toBe('ExplicitlyDenied');
    });
  });

  test('the function may touch only its own secret', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'RotateThisSecretOnly',
            Effect: 'Allow',
            Action: [
              'secretsmanager:DescribeSecret',
              'secretsmanager:GetSecretValue',
              'secretsmanager:PutSecretValue',
              'secretsmanager:UpdateSecretVersionStage',
            ],
            Resource: { Ref: logicalId(secret.secret) },
          },
        ]),
      },
    });
    const secretsManagerStatements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => JSON.stringify(s.Action).includes('secretsmanager:'));
    // The rotation function's and the placeholder check's (read-only), both on this secret only.
    expect(secretsManagerStatements.map((s: any) => [s.Sid, s.Resource])).toEqual([
      ['RotateThisSecretOnly', { Ref: logicalId(secret.secret) }],
      ['ReadThisSecretOnly', { Ref: logicalId(secret.secret) }],
    ]);
    expect(JSON.stringify(secretsManagerStatements)).not.toContain('GetRandomPassword');
  });

  test('the function uses the secrets key only through Secrets Manager', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'UseTheSecretKeyThroughSecretsManagerOnly',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: { 'Fn::GetAtt': [logicalId(f.keys.secrets), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  test('the function may call kms:GenerateRandom, in a policy of its own', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Sid: 'KeyMaterialFromKms', Effect: 'Allow', Action: 'kms:GenerateRandom', Resource: '*' },
        ],
      },
    });
  });

  test('only Secrets Manager of this account may invoke the function', () => {
    const rotationFn = { 'Fn::GetAtt': [logicalId(secret.rotationFunction.function), 'Arn'] };
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(rotationFn),
    );
    expect(permissions.map((p) => p.Properties)).toEqual([
      {
        FunctionName: rotationFn,
        Action: 'lambda:InvokeFunction',
        Principal: 'secretsmanager.amazonaws.com',
        SourceAccount: '111111111111',
      },
    ]);
  });

  test('only EventBridge, through the schedule rule, may invoke the placeholder check', () => {
    const checkFn = { 'Fn::GetAtt': [logicalId(secret.placeholderAlarm.checkFunction.function), 'Arn'] };
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(checkFn),
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0].Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [expect.stringMatching(/PlaceholderAlarmSchedule/), 'Arn'] },
    });
  });

  test('the function reaches only the interface endpoints (HTTPS), from the given subnets', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Rotation function: HTTPS to the interface endpoints only',
      SecurityGroupEgress: [
        Match.objectLike({
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          DestinationSecurityGroupId: { 'Fn::GetAtt': [logicalId(f.endpointsSecurityGroup), 'GroupId'] },
        }),
      ],
    });
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(2); // rotation and placeholder check
    for (const fn of functions) {
      expect(JSON.stringify(fn.Properties.VpcConfig.SubnetIds)).toMatch(/VpcappSubnet/);
      expect(fn.Properties.VpcConfig.SecurityGroupIds).toEqual([
        { 'Fn::GetAtt': [logicalId(secret.node.findChild('RotationSecurityGroup') as never), 'GroupId'] },
      ]);
    }
  });

  test('runs Node.js 24 with reserved concurrency and the configured key length', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: 2,
      Environment: { Variables: { KEY_BYTES: '48', OVERLAP_DAYS: '7' } },
    });
  });

  test('the placeholder check may only read this secret, decrypting through Secrets Manager', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'ReadThisSecretOnly',
            Effect: 'Allow',
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: { Ref: logicalId(secret.secret) },
          },
          {
            Sid: 'DecryptTheSecretThroughSecretsManagerOnly',
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [logicalId(f.keys.secrets), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  test('the placeholder check runs every hour on this secret with its rotation interval', () => {
    const check = secret.placeholderAlarm.checkFunction.function;
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(check), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          SECRET_ARN: { Ref: logicalId(secret.secret) },
          SECRET_NAME: 'platform/api-keys/webhook-signing',
          ROTATION_DAYS: '30',
        },
      },
    });
  });

  test('the placeholder alarm reads the check metric of this secret and notifies the security topic, also when the check stops', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'SecurityBaseline/Secrets',
      MetricName: 'BootstrapPlaceholderOverdue',
      Dimensions: [{ Name: 'SecretName', Value: 'platform/api-keys/webhook-signing' }],
      Statistic: 'Maximum',
      Period: 21600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: logicalId(topicOf(f)) }],
    });
  });

  test('logs to an encrypted log group with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(f.keys.logs), 'Arn'] },
      RetentionInDays: 90,
    });
  });
});

describe('RotatingSecret compliance', () => {
  test('raises no cdk-nag finding of any pack, the handler bundled with the local esbuild', () => {
    const findings = nagFindingsOf(
      (stack) => new RotatingSecret(stack, 'ApiKey', props(dataFixtureIn(stack))),
      {
        bundle: true,
      },
    );
    expect(findings.filter((x) => x.path.includes('/ApiKey/')).map(formatFinding)).toEqual([]);
  });
});

describe('RotatingSecret input checks', () => {
  test.each([
    [{ keyBytes: 16 }, /'keyBytes' must be an integer between 32 and 64. Received: 16/],
    [{ rotationDays: 0 }, /'rotationDays' must be between 1 and 365. Received: 0/],
    [{ rotationDays: 400 }, /'rotationDays' must be between 1 and 365. Received: 400/],
    [{ overlapDays: 0 }, /'overlapDays' must be an integer between 1 and 364. Received: 0/],
  ])('fails if %j', (overrides, message) => {
    const f = dataFixture();
    expect(() => new RotatingSecret(f.stack, 'ApiKey', props(f, overrides))).toThrow(message);
  });
});
