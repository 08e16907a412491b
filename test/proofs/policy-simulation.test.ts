import { ResolvedAssembly, type AssemblyStack } from '../../proofs/resolved-assembly';
import { testSimulator } from '../support/assembly';

/** Fixture ARNs are built like the code builds them (no `arn:${P}:` literals). */
const P = 'aws';

/** A two-stack assembly in memory: every intrinsic the resolver supports, with known answers. */
function tinyAssembly(): ResolvedAssembly {
  const base = { account: '123456789012', region: 'eu-west-1', partition: 'aws' };
  const producer: AssemblyStack = {
    ...base,
    displayName: 'T/Producer',
    stackName: 'T-Producer',
    template: {
      Resources: {
        Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [] } } },
        Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'ops', Path: '/team/' } },
      },
      Outputs: {
        KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] }, Export: { Name: 'T-Producer:KeyArn' } },
      },
    },
  };
  const consumer: AssemblyStack = {
    ...base,
    displayName: 'T/Consumer',
    stackName: 'T-Consumer',
    template: {
      Conditions: {
        InIreland: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
        InVirginia: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      },
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Holder: {
          Type: 'AWS::SSM::Parameter',
          Properties: {
            Imported: { 'Fn::ImportValue': 'T-Producer:KeyArn' },
            Joined: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }, '/*']],
            },
            Subbed: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:x' },
            Selected: { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] },
            Conditional: { 'Fn::If': ['InIreland', 'yes', 'no'] },
            // The false branch: a member template's us-east-1-only values must not reach another region.
            ConditionalFalse: { 'Fn::If': ['InVirginia', 'yes', 'no'] },
            Dropped: { Ref: 'AWS::NoValue' },
            Output: {
              'Fn::GetStackOutput': { StackName: 'T-Producer', Region: 'eu-west-1', OutputName: 'KeyArn' },
            },
          },
        },
      },
    },
  };
  return new ResolvedAssembly([producer, consumer]);
}

describe('ResolvedAssembly (CloudFormation intrinsics)', () => {
  const a = tinyAssembly();
  const holder = a.resource(a.stack('T/Consumer'), 'Holder');

  test('Fn::ImportValue resolves to the exporting stack value (a key ARN with the stack account and region)', () => {
    expect(a.property(holder, 'Imported')).toMatch(
      new RegExp(`^arn:${P}:kms:eu-west-1:123456789012:key/[0-9a-f-]{36}$`),
    );
  });

  test('Fn::GetStackOutput reads the named output of the named stack', () => {
    expect(a.property(holder, 'Output')).toBe(a.property(holder, 'Imported'));
  });

  test('Fn::Join with Ref of a bucket and AWS::Partition gives the object ARN pattern', () => {
    expect(a.property(holder, 'Joined')).toBe(`arn:${P}:s3:::t-consumer-bucket/*`);
  });

  test('Fn::Sub replaces pseudo parameters from the stack environment in the manifest', () => {
    expect(a.property(holder, 'Subbed')).toBe(`arn:${P}:logs:eu-west-1:123456789012:log-group:x`);
  });

  test('Fn::Select over Fn::Split, Fn::If over a condition, AWS::NoValue removes the property', () => {
    expect(a.properties(holder)).toMatchObject({ Selected: 'b', Conditional: 'yes', ConditionalFalse: 'no' });
    expect(a.properties(holder)).not.toHaveProperty('Dropped');
  });

  test('named resources keep their names: topic Ref is its ARN, role ARN carries its path', () => {
    const producer = a.stack('T/Producer');
    expect(a.ref(a.resource(producer, 'Topic'))).toBe(`arn:${P}:sns:eu-west-1:123456789012:alerts`);
    expect(a.arn(a.resource(producer, 'Role'))).toBe(`arn:${P}:iam::123456789012:role/team/ops`);
  });

  test('fails if an import has no exporting stack, naming the export', () => {
    const broken = new ResolvedAssembly([
      {
        ...a.stack('T/Consumer'),
        template: {
          Resources: { X: { Type: 'AWS::SSM::Parameter', Properties: { V: { 'Fn::ImportValue': 'nope' } } } },
        },
      },
    ]);
    const x = broken.resource(broken.stacks[0], 'X');
    expect(() => broken.property(x, 'V')).toThrow("no stack in 123456789012/eu-west-1 exports 'nope'");
  });
});

describe('PolicySimulator over the synthesized Prod templates', () => {
  const sim = testSimulator();
  const foundation = sim.assembly.stack('Prod/Foundation');
  const logsKey = sim.assembly
    .resources('AWS::KMS::Key', (s) => s === foundation)
    .find((k) =>
      String((sim.assembly.property(k, 'Description') as string) ?? '').startsWith(
        'Logs and security telemetry',
      ),
    );
  const logsKeyArn = () => sim.assembly.arn(logsKey!);
  const trail = (account: string) => `arn:${P}:cloudtrail:eu-west-1:${account}:trail/security-baseline-prod`;
  /** CloudTrail (of Prod's account) encrypting a log file of the trail of `trailAccount`. */
  const encryptLogFileOf = (trailAccount: string) =>
    sim.simulate({
      principal: 'cloudtrail.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: logsKeyArn(),
      context: {
        'aws:SourceAccount': '222222222222',
        'kms:EncryptionContext:aws:cloudtrail:arn': trail(trailAccount),
      },
    });

  test('finds the logs key of Prod/Foundation in account 222222222222', () => {
    expect(logsKey).toBeDefined();
    expect(logsKeyArn()).toMatch(new RegExp(`^arn:${P}:kms:eu-west-1:222222222222:key/`));
  });

  test('allows CloudTrail to encrypt log files of a trail of this account (key policy Sid decides)', async () => {
    const outcome = await encryptLogFileOf('222222222222');
    expect(outcome.decision).toBe('Allowed');
    expect(outcome.sid).toBe('CloudTrailEncryptTrailsOfThisAccount');
    expect(outcome.evaluated[0]).toMatch(/^Prod\/Foundation\/KeysLogs.* \(key policy\)$/);
  });

  test('denies the same call for a trail of another account (the encryption context is evaluated)', async () => {
    const outcome = await encryptLogFileOf('999999999999');
    expect(outcome.decision).toBe('ImplicitlyDenied');
    expect(outcome.deciding).toEqual([]);
  });

  test('an explicit Deny names its statement: the security topic refuses publishing without TLS', async () => {
    const topic = sim.assembly.resources('AWS::SNS::Topic', (s) => s === foundation)[0];
    const outcome = await sim.simulate({
      principal: 'cloudwatch.amazonaws.com',
      action: 'sns:Publish',
      resource: sim.assembly.arn(topic),
      context: { 'aws:SourceAccount': '222222222222', 'aws:SecureTransport': 'false' },
    });
    expect(outcome.decision).toBe('ExplicitlyDenied');
    expect(outcome.deciding[0]).toMatchObject({
      policyType: 'resource',
      effect: 'Deny',
      sid: 'AllowPublishThroughSSLOnly',
    });
  });

  describe('a role of the assembly: identity policies and permissions boundary', () => {
    const audit = () => sim.assembly.stack('Prod/Audit');
    const role = () =>
      sim.assembly
        .resources('AWS::IAM::Role', (s) => s === audit())
        .find((r) => r.logicalId.startsWith('TrailLogsRole'))!;
    const logGroupArn = () =>
      sim.assembly.arn(
        sim.assembly
          .resources('AWS::Logs::LogGroup', (s) => s === audit())
          .find((g) => g.logicalId.startsWith('TrailLogGroup'))!,
      );

    test('allows the trail role to write to the trail log group (its attached policy decides)', async () => {
      const outcome = await sim.simulate({
        principal: sim.assembly.arn(role()),
        action: 'logs:PutLogEvents',
        resource: logGroupArn().replace(/:\*$/, ':log-stream:222222222222_CloudTrail_eu-west-1'),
      });
      expect(outcome.decision).toBe('Allowed');
      expect(outcome.deciding[0]).toMatchObject({ policyType: 'identity', effect: 'Allow' });
      expect(outcome.evaluated).toContain(
        'permissions boundary: arn:aws:iam::222222222222:policy/security-baseline-prod-workload-boundary',
      );
    });

    test('denies the trail role StopLogging on the trail: its boundary Sid decides even with an allowing policy', async () => {
      const outcome = await sim.simulate(
        {
          principal: sim.assembly.arn(role()),
          action: 'cloudtrail:StopLogging',
          resource: `arn:${P}:cloudtrail:eu-west-1:222222222222:trail/security-baseline-prod`,
        },
        {
          identityPolicies: [
            { name: 'allow-all', policy: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
          ],
        },
      );
      expect(outcome.decision).toBe('ExplicitlyDenied');
      expect(outcome.deciding[0]).toMatchObject({
        policyType: 'permissionsBoundary',
        sid: 'DenyStoppingCloudTrail',
      });
    });
  });

  test('fails if a context key does not apply to the action, instead of silently dropping it', async () => {
    await expect(
      sim.simulate({
        principal: 'cloudtrail.amazonaws.com',
        action: 'kms:GenerateDataKey',
        resource: logsKeyArn(),
        context: { 's3:prefix': 'x' },
      }),
    ).rejects.toThrow('ignored context keys s3:prefix');
  });
});
