import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AccountGuardrails,
  type AccountGuardrailsProps,
} from '../../../constructs/governance/account-guardrails';
import { acknowledgeFrameworkResources } from '../../../constructs/core/framework-resources';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import { parseJoinedJson } from '../../support/joined-json';
import { resourcesOf } from '../../support/resources';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function props(stack: Stack, overrides: Partial<AccountGuardrailsProps> = {}): AccountGuardrailsProps {
  // Two different keys, so a test can tell which one a setting uses.
  return {
    iamPasswordMaxAgeDays: 90,
    ebsDefaultKey: new kms.Key(stack, 'EbsKey', { enableKeyRotation: true }),
    additionalRegions: ['eu-central-1'],
    analyzerNamePrefix: 'test',
    logKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
    logRetentionDays: 90,
    ...overrides,
  };
}

/** The SDK calls of the custom resources, parsed from their `Update` property (used for create too). */
function sdkCalls(template: Template): Record<string, any>[] {
  return resourcesOf(template, 'Custom::AccountGuardrail').map((r) => parseJoinedJson(r.Properties.Update));
}

describe('AccountGuardrails', () => {
  let template: Template;
  let calls: Record<string, any>[];
  beforeAll(() => {
    const stack = new Stack(undefined, undefined, { env: ENV });
    new AccountGuardrails(stack, 'Guardrails', props(stack));
    template = Template.fromStack(stack);
    calls = sdkCalls(template);
  });

  const call = (action: string, region?: string) =>
    calls.find((c) => c.action === action && (region === undefined || c.region === region));

  test('sets the CIS IAM password policy: 14+ characters, every class, reuse prevention 24, max age', () => {
    expect(call('updateAccountPasswordPolicy')).toMatchObject({
      service: 'IAM',
      parameters: {
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        PasswordReusePrevention: 24,
        MaxPasswordAge: 90,
      },
    });
  });

  test('blocks public access to S3 at account level', () => {
    expect(call('putPublicAccessBlock')).toMatchObject({
      service: 'S3Control',
      parameters: {
        AccountId: '111111111111',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
    });
  });

  test('turns on EBS encryption by default in every region; additional regions keep the aws/ebs key', () => {
    expect(call('enableEbsEncryptionByDefault', 'eu-west-1')).toBeDefined();
    expect(call('enableEbsEncryptionByDefault', 'eu-central-1')).toBeDefined();
    expect(call('modifyEbsDefaultKmsKeyId', 'eu-central-1')).toBeUndefined();
  });

  test('new EBS volumes in the primary region are encrypted with ebsDefaultKey (on create and on update)', () => {
    const ebsKeyId = Object.keys(template.findResources('AWS::KMS::Key')).find((id) =>
      id.startsWith('EbsKey'),
    );
    expect(ebsKeyId).toBeDefined();
    const [keyCall] = resourcesOf(template, 'Custom::AccountGuardrail').filter(
      (r) => parseJoinedJson(r.Properties.Update).action === 'modifyEbsDefaultKmsKeyId',
    );
    for (const property of [keyCall.Properties.Create, keyCall.Properties.Update]) {
      expect(parseJoinedJson(property)).toMatchObject({
        service: 'EC2',
        region: 'eu-west-1',
        parameters: { KmsKeyId: { 'Fn::GetAtt': [ebsKeyId, 'Arn'] } },
      });
      expect(Object.keys(parseJoinedJson(property).parameters)).toEqual(['KmsKeyId']);
    }
  });

  test('makes IMDSv2 the default for new instances in every region', () => {
    for (const region of ['eu-west-1', 'eu-central-1']) {
      expect(call('modifyInstanceMetadataDefaults', region)?.parameters).toEqual({ HttpTokens: 'required' });
    }
  });

  test('never undoes a setting when the stack is deleted (no delete call)', () => {
    for (const r of resourcesOf(template, 'Custom::AccountGuardrail')) {
      expect(r.Properties.Delete).toBeUndefined();
    }
  });

  test('creates an external-access and an unused-access analyzer', () => {
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      AnalyzerName: 'test-external-access',
      Type: 'ACCOUNT',
    });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      AnalyzerName: 'test-unused-access',
      Type: 'ACCOUNT_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } },
    });
  });

  /** The logical id of the only resource of `type` whose id starts with `prefix`. */
  const onlyId = (type: string, prefix: string) => {
    const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
    expect(ids).toHaveLength(1);
    return ids[0];
  };

  test('the provider role may call only the guardrail APIs and write its own logs', () => {
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Sid).sort()).toEqual(['SetAccountGuardrails', 'WriteOwnLogs']);
    const setting = statements.find((s: any) => s.Sid === 'SetAccountGuardrails');
    expect({ ...setting, Action: [...setting.Action].sort() }).toEqual({
      Sid: 'SetAccountGuardrails',
      Effect: 'Allow',
      Action: [
        'ec2:EnableEbsEncryptionByDefault',
        'ec2:ModifyEbsDefaultKmsKeyId',
        'ec2:ModifyInstanceMetadataDefaults',
        'iam:UpdateAccountPasswordPolicy',
        's3:PutAccountPublicAccessBlock',
      ],
      // These account-level actions have no resource type (Service Authorization Reference).
      Resource: '*',
    });
    // Its own log group only, not every log group of the account.
    expect(statements.find((s: any) => s.Sid === 'WriteOwnLogs')).toEqual({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [onlyId('AWS::Logs::LogGroup', 'GuardrailsProviderLogGroup'), 'Arn'] },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the provider logs to its own encrypted log group', () => {
    const groupId = onlyId('AWS::Logs::LogGroup', 'GuardrailsProviderLogGroup');
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.map((f) => f.Properties.LoggingConfig?.LogGroup)).toEqual([{ Ref: groupId }]);
    // Encrypted with logKey (not ebsDefaultKey), kept for logRetentionDays.
    const group = template.toJSON().Resources[groupId];
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [onlyId('AWS::KMS::Key', 'LogKey'), 'Arn'] });
    expect(group.Properties.RetentionInDays).toBe(90);
  });

  test('has no unacknowledged cdk-nag finding once the framework provider is acknowledged', () => {
    const findings = nagFindingsOf((stack) => {
      new AccountGuardrails(stack, 'Guardrails', props(stack));
      acknowledgeFrameworkResources(stack, 'AwsCustomResourceProvider');
    });
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('fails if the IAM password length is below CIS', () => {
    const stack = new Stack();
    expect(() => new AccountGuardrails(stack, 'G', props(stack, { iamPasswordMinLength: 12 }))).toThrow(
      /'iamPasswordMinLength' must be between 14 and 128 \(CIS\). Received: 12/,
    );
  });

  test('fails if the unused-access age is beyond 365 days', () => {
    const stack = new Stack();
    expect(() => new AccountGuardrails(stack, 'G', props(stack, { unusedAccessAgeDays: 400 }))).toThrow(
      /'unusedAccessAgeDays' must be 1-365. Received: 400/,
    );
  });
});
