import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  RotatingSecret,
  type RotatingSecretProps,
} from '../../../../constructs/data/rotating-secret/rotating-secret';
import { formatFinding } from '../../../../compliance/findings';
import { type DataFixture, dataFixture, dataFixtureIn } from '../../../support/data-fixture';
import { nagFindingsOf } from '../../../support/nag';

function props(f: DataFixture, overrides: Partial<RotatingSecretProps> = {}): RotatingSecretProps {
  return {
    secretName: 'platform/api-keys/webhook-signing',
    description: 'Signs webhook payloads',
    encryptionKey: f.keys.secrets,
    rotationDays: 30,
    logKey: f.keys.logs,
    logRetentionDays: 90,
    vpc: f.vpc,
    vpcSubnets: f.appSubnets,
    endpointsSecurityGroup: f.endpointsSecurityGroup,
    ...overrides,
  };
}

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

  test('rotates immediately on creation, after the invoke permission and the role policies exist', () => {
    template.hasResource('AWS::SecretsManager::RotationSchedule', {
      Properties: Match.objectLike({ RotateImmediatelyOnUpdate: true }),
      // (arrayWith matches in order; CDK sorts DependsOn by logical id)
      DependsOn: Match.arrayWith([
        Match.stringLikeRegexp('GenerateRandomPolicy'),
        Match.stringLikeRegexp('InvokeBySecretsManager'),
        Match.stringLikeRegexp('RolePolicy'),
      ]),
    });
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
      ResourcePolicy: {
        Statement: [
          Match.objectLike({ Sid: 'DenyPrincipalsOutsideThisAccount', Effect: 'Deny' }),
          Match.objectLike({
            Sid: 'DenyRequestsWithoutTls',
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
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
    expect(secretsManagerStatements).toHaveLength(1);
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
    template.resourcePropertiesCountIs('AWS::Lambda::Permission', {}, 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'secretsmanager.amazonaws.com',
      SourceAccount: '111111111111',
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
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(JSON.stringify(fn.Properties.VpcConfig.SubnetIds)).toMatch(/VpcappSubnet/);
  });

  test('runs Node.js 24 with reserved concurrency and the configured key length', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: 2,
      Environment: { Variables: { KEY_BYTES: '48' } },
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
  ])('fails if %j', (overrides, message) => {
    const f = dataFixture();
    expect(() => new RotatingSecret(f.stack, 'ApiKey', props(f, overrides))).toThrow(message);
  });
});
