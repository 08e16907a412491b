import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecureFunction, type SecureFunctionProps } from '../../../constructs/compute/secure-function';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import { onlyKeyArn, resourcesOf } from '../../support/resources';

const ENTRY = path.join(__dirname, '../../fixtures/lambda/echo.ts');
const base = (stack: Stack): SecureFunctionProps => ({
  entry: ENTRY,
  description: 'test function',
  logKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
  logRetentionDays: 30,
  deadLetterQueueExemptionReason: 'Invoked synchronously only; the caller receives and retries errors',
});

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

describe('SecureFunction', () => {
  let template: Template;
  beforeAll(() => {
    const stack = new Stack(undefined, undefined, { env: { account: '111111111111', region: 'eu-west-1' } });
    new SecureFunction(stack, 'Fn', { ...base(stack), vpc: vpcOf(stack) });
    template = Template.fromStack(stack);
  });

  test('runs Node.js 24 (the latest Lambda runtime)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x' });
  });

  test('has reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 5 });
  });

  test('logs to its own KMS-encrypted log group with retention, retained on delete', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.KmsKeyId).toEqual(onlyKeyArn(template));
    expect(groups[0].Properties.RetentionInDays).toBe(30);
    expect(groups[0].DeletionPolicy).toBe('Retain');
  });

  test('writes its logs, as JSON, to that log group, which its role may write to', () => {
    const [groupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(1);
    expect(functions[0].Properties.LoggingConfig).toEqual({ LogGroup: { Ref: groupId }, LogFormat: 'JSON' });
    const [policy] = resourcesOf(template, 'AWS::IAM::ManagedPolicy');
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [groupId, 'Arn'] },
    });
  });

  test('its role has no AWS-managed and no inline policy: permissions are in one customer-managed policy', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties.ManagedPolicyArns).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
  });

  test('in a VPC without given groups, its own security group allows no ingress and no egress', () => {
    const groups = Object.values(template.findResources('AWS::EC2::SecurityGroup')).filter((g) =>
      String(g.Properties.GroupDescription).includes('/Fn:'),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress).toBeUndefined();
    expect(groups[0].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
    ]);
  });

  test('fails if neither a VPC nor a reason to run outside one is given', () => {
    const stack = new Stack();
    expect(() => new SecureFunction(stack, 'Fn', base(stack))).toThrow(/give 'vpc', or 'outsideVpcReason'/);
  });

  test('in a VPC, the bundled function has no unacknowledged findings', () => {
    const findings = nagFindingsOf(
      (stack) => new SecureFunction(stack, 'Fn', { ...base(stack), vpc: vpcOf(stack) }),
      {
        bundle: true,
      },
    );
    expect(findings.filter((f) => f.path.includes('/Fn/')).map(formatFinding)).toEqual([]);
  });

  test('outside a VPC with a reason, it has no unacknowledged findings', () => {
    const findings = nagFindingsOf(
      (stack) =>
        new SecureFunction(stack, 'Fn', {
          ...base(stack),
          outsideVpcReason: 'Calls only public AWS APIs over TLS; holds no data',
        }),
    );
    expect(findings.filter((f) => f.path.includes('/Fn/')).map(formatFinding)).toEqual([]);
  });
});
