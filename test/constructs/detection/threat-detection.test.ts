import { App, Stack } from 'aws-cdk-lib';
import { cdkJsonContext } from '../../../lib/app';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ThreatDetection, type ThreatDetectionProps } from '../../../constructs/detection/threat-detection';
import { nagFindingsOf } from '../../support/nag';

/** Partition of the test environments (eslint forbids ARN literals with a fixed partition). */
const PARTITION = 'aws';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function build(stack: Stack, overrides: Partial<ThreatDetectionProps> = {}): ThreatDetection {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  return new ThreatDetection(stack, 'TD', {
    findingsBucket: new s3.Bucket(stack, 'Archive'),
    findingsKey: key,
    logKey: key,
    logRetentionDays: 90,
    ...overrides,
  });
}

function synth(overrides: Partial<ThreatDetectionProps> = {}): Template {
  const stack = new Stack(new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } }), 'S', {
    env: ENV,
  });
  build(stack, overrides);
  return Template.fromStack(stack);
}

describe('ThreatDetection', () => {
  test('fails if a control is disabled in a standard that is not enabled', () => {
    expect(() =>
      synth({
        disabledSecurityHubControls: [
          {
            standard: 'nist-800-53-r5',
            controlId: 'IAM.6',
            reason: 'Hardware MFA is enforced by the org SCPs',
          },
        ],
      }),
    ).toThrow(
      /control IAM.6 is disabled in 'nist-800-53-r5', which is not enabled \(enabled: fsbp, cis-3.0\)/,
    );
  });

  test('fails if a control is disabled without a reason of 25 characters', () => {
    expect(() =>
      synth({ disabledSecurityHubControls: [{ standard: 'fsbp', controlId: 'IAM.6', reason: 'n/a' }] }),
    ).toThrow(/control IAM.6 in 'fsbp' is disabled without a reason of at least 25 characters/);
  });

  test('fails if a control id is not a control id', () => {
    expect(() =>
      synth({
        disabledSecurityHubControls: [
          { standard: 'fsbp', controlId: 'IAM 6; drop', reason: 'Hardware MFA is enforced by the org SCPs' },
        ],
      }),
    ).toThrow(/'IAM 6; drop' is not a control id such as IAM.6 or 1.14/);
  });

  test('secure defaults: every GuardDuty plan, FSBP and CIS 3.0, Inspector, Macie and Detective on', () => {
    const t = synth();
    const detector = Object.values(t.findResources('AWS::GuardDuty::Detector'))[0].Properties;
    // Every protection plan, by its feature name in the AWS::GuardDuty::Detector docs, each enabled
    // (RUNTIME_MONITORING covers EKS, so never EKS_RUNTIME_MONITORING too), Runtime Monitoring with the agent
    // management for EKS, ECS Fargate and EC2.
    expect(detector.Features.map((f: any) => [f.Name, f.Status]).sort()).toEqual(
      [
        'EBS_MALWARE_PROTECTION',
        'EKS_AUDIT_LOGS',
        'LAMBDA_NETWORK_LOGS',
        'RDS_LOGIN_EVENTS',
        'RUNTIME_MONITORING',
        'S3_DATA_EVENTS',
      ].map((name) => [name, 'ENABLED']),
    );
    const runtime = detector.Features.find((f: any) => f.Name === 'RUNTIME_MONITORING');
    expect(runtime.AdditionalConfiguration.map((c: any) => [c.Name, c.Status]).sort()).toEqual(
      ['EC2_AGENT_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EKS_ADDON_MANAGEMENT'].map((name) => [
        name,
        'ENABLED',
      ]),
    );
    t.resourceCountIs('AWS::SecurityHub::Standard', 2);
    t.resourceCountIs('Custom::InspectorEnabler', 1);
    t.resourceCountIs('AWS::Macie::Session', 1);
    t.resourceCountIs('AWS::Detective::Graph', 1);
  });

  test('the disabled control ARN names the standard and the control', () => {
    synth({
      disabledSecurityHubControls: [
        {
          standard: 'cis-3.0',
          controlId: '1.14',
          reason: 'Root hardware MFA enforced through the org root-access policy',
        },
      ],
    }).hasResourceProperties('AWS::SecurityHub::Standard', {
      DisabledStandardsControls: [
        {
          StandardsControlArn: `arn:${PARTITION}:securityhub:eu-west-1:111111111111:control/cis-aws-foundations-benchmark/v/3.0.0/1.14`,
          Reason: 'Root hardware MFA enforced through the org root-access policy',
        },
      ],
    });
  });

  test('without vulnerability scanning there is no custom resource and no registry scanning', () => {
    const t = synth({ vulnerabilityScanning: false });
    t.resourceCountIs('Custom::InspectorEnabler', 0);
    t.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('the Inspector enabler role may enable Inspector and create its service-linked roles, nothing else', () => {
    const policy = Object.values(synth().findResources('AWS::IAM::ManagedPolicy'))[0].Properties
      .PolicyDocument;
    expect(policy.Statement.map((s: any) => s.Action)).toEqual([
      'inspector2:Enable',
      'iam:CreateServiceLinkedRole',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
    ]);
    // Only Inspector's two service-linked roles (https://docs.aws.amazon.com/inspector/latest/user/using-service-linked-roles.html).
    const slr = policy.Statement.find((s: any) => s.Action === 'iam:CreateServiceLinkedRole');
    const role = (path: string) => `arn:${PARTITION}:iam::${ENV.account}:role/aws-service-role/${path}`;
    expect(slr).toEqual({
      Sid: 'CreateInspectorServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: [
        role('agentless.inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2Agentless'),
        role('inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2'),
      ],
      Condition: {
        StringEquals: {
          'iam:AWSServiceName': ['inspector2.amazonaws.com', 'agentless.inspector2.amazonaws.com'],
        },
      },
    });
  });

  test('has no unacknowledged compliance finding of its own (the test bucket aside)', () => {
    const findings = nagFindingsOf((stack) => build(stack)).filter((f) => !f.path.startsWith('T/S/Archive/'));
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([]);
  });
});
