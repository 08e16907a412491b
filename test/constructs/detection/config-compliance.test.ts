import { App, Stack } from 'aws-cdk-lib';
import { cdkJsonContext } from '../../../lib/app';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BASELINE_CONFIG_RULES,
  ConfigCompliance,
  type ConfigComplianceProps,
} from '../../../constructs/detection/config-compliance';

/** Partition of the test environments (eslint forbids ARN literals with a fixed partition). */
const PARTITION = 'aws';

function synth(overrides: Partial<ConfigComplianceProps> = {}): Template {
  const stack = new Stack(new App({ context: cdkJsonContext() }), 'S', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  new ConfigCompliance(stack, 'Config', {
    deliveryBucket: new s3.Bucket(stack, 'Archive'),
    deliveryKey: new kms.Key(stack, 'Key'),
    ...overrides,
  });
  return Template.fromStack(stack);
}

describe('ConfigCompliance', () => {
  test('fails if two rules share a name', () => {
    const rule = BASELINE_CONFIG_RULES[0];
    expect(() => synth({ rules: [rule, rule] })).toThrow(/rule name 'cloudtrail-enabled' is used twice/);
  });

  test('adopts the existing service-linked role by default; creates it only when asked', () => {
    synth({ createServiceLinkedRole: true }).resourceCountIs('AWS::IAM::ServiceLinkedRole', 1);
    const t = synth();
    t.resourceCountIs('AWS::IAM::ServiceLinkedRole', 0);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RoleARN: `arn:${PARTITION}:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    });
  });

  test('records global resource types only where asked', () => {
    synth({ includeGlobalResourceTypes: false }).hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false },
    });
  });

  test('names every rule after the baseline control it verifies', () => {
    const t = synth({ ruleNamePrefix: 'test' });
    t.resourceCountIs('AWS::Config::ConfigRule', BASELINE_CONFIG_RULES.length);
    t.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'test-restricted-ssh',
      Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' },
    });
  });
});
