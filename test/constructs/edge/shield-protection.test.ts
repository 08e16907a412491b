import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { type ProtectedResource, ShieldProtection } from '../../../constructs/edge/shield-protection';
import { resourcesOf } from '../../support/resources';

/** Fixture ARNs are built like the code builds them (no 'arn:aws:' literals). */
const PARTITION = 'aws';

const ACL = {
  arn: `arn:${PARTITION}:wafv2:us-east-1:111111111111:global/webacl/site/abc`,
  rateBasedRuleNames: ['RateLimitPerIp'],
};
const DISTRIBUTION = `arn:${PARTITION}:cloudfront::111111111111:distribution/E123`;
const ALB = `arn:${PARTITION}:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/web/123`;

function build(resources: ProtectedResource[], region = 'us-east-1'): Stack {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region } });
  new ShieldProtection(stack, 'Shield', {
    resources,
    alarmTopic: new sns.Topic(stack, 'Topic'),
    emergencyContacts: [{ email: 'soc@example.com', phone: '+15555550100', notes: 'SOC' }],
  });
  return stack;
}

const site = (overrides: Partial<ProtectedResource> = {}): ProtectedResource => ({
  name: 'Site',
  arn: DISTRIBUTION,
  applicationLayer: { webAcl: ACL, associatedWebAclArn: ACL.arn },
  healthCheck: { domainName: 'dashboard.example.com', path: '/' },
  ...overrides,
});

describe('ShieldProtection', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(build([site(), { name: 'Alb', arn: ALB }]));
  });

  test('protects the distribution with automatic application-layer mitigation (block) and health-based detection', () => {
    template.hasResourceProperties('AWS::Shield::Protection', {
      ResourceArn: DISTRIBUTION,
      ApplicationLayerAutomaticResponseConfiguration: { Action: { Block: {} }, Status: 'ENABLED' },
    });
    // The protection uses the construct's own health check, by ARN (arn:<partition>:route53:::healthcheck/<id>).
    const [healthCheckId] = Object.keys(template.findResources('AWS::Route53::HealthCheck'));
    const [protection] = Object.values(
      template.findResources('AWS::Shield::Protection', { Properties: { ResourceArn: DISTRIBUTION } }),
    );
    expect(protection.Properties.HealthCheckArns).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':route53:::healthcheck/',
            { 'Fn::GetAtt': [healthCheckId, 'HealthCheckId'] },
          ],
        ],
      },
    ]);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'dashboard.example.com',
        EnableSNI: true,
      }),
    });
  });

  test('protects regional resources too', () => {
    template.hasResourceProperties('AWS::Shield::Protection', { ResourceArn: ALB });
  });

  test('groups every protected resource', () => {
    template.hasResourceProperties('AWS::Shield::ProtectionGroup', {
      Pattern: 'ARBITRARY',
      Aggregation: 'MAX',
      Members: [DISTRIBUTION, ALB],
    });
  });

  test('enables proactive engagement with the emergency contacts', () => {
    template.hasResourceProperties('AWS::Shield::ProactiveEngagement', {
      ProactiveEngagementStatus: 'ENABLED',
      EmergencyContactList: [
        { EmailAddress: 'soc@example.com', PhoneNumber: '+15555550100', ContactNotes: 'SOC' },
      ],
    });
  });

  test('gives the Shield Response Team a role with the AWS SRT policy', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'drt.shield.amazonaws.com' } })],
        }),
      },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const [[roleId, role]] = Object.entries(roles);
    expect(role.Properties.ManagedPolicyArns).toEqual([
      {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSShieldDRTAccessPolicy'],
        ],
      },
    ]);
    const [access] = resourcesOf(template, 'AWS::Shield::DRTAccess');
    expect(access.Properties.RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  test.each([
    ['the distribution', DISTRIBUTION],
    ['the load balancer', ALB],
  ])('alarms the topic when a DDoS event is detected against %s', (_name, resourceArn) => {
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { Dimensions: [{ Name: 'ResourceArn', Value: resourceArn }] },
      }),
    );
    expect(alarms).toHaveLength(1);
    // DDoSDetected is 1 while Shield detects an event: the maximum of one minute at >= 1 alarms at once.
    expect(alarms[0].Properties).toMatchObject({
      Namespace: 'AWS/DDoSProtection',
      MetricName: 'DDoSDetected',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  test('fails if automatic mitigation is asked for without a rate-based rule', () => {
    expect(() =>
      build([
        site({
          applicationLayer: { webAcl: { ...ACL, rateBasedRuleNames: [] }, associatedWebAclArn: ACL.arn },
        }),
      ]),
    ).toThrow(/requires a rate-based rule in its web ACL, and the web ACL has none/);
  });

  test('fails if the resource is not associated with the web ACL', () => {
    expect(() =>
      build([site({ applicationLayer: { webAcl: ACL, associatedWebAclArn: undefined } })]),
    ).toThrow(/requires the resource to be associated with the web ACL. Received association: none/);
  });

  test('fails outside us-east-1', () => {
    expect(() => build([site()], 'eu-west-1')).toThrow(
      /managed through us-east-1. Received region: eu-west-1/,
    );
  });
});
