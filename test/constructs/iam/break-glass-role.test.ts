import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BreakGlassRole, roleUseFilterPattern } from '../../../constructs/iam/break-glass-role';
import { fixture } from '../../support/detection-cases';
import { matchesFilterPattern } from '../../support/filter-pattern';
import { SecurityTopic } from '../../../constructs/notifications/security-topic';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import { resourcesOf } from '../../support/resources';

const ENV = { account: '111111111111', region: 'eu-west-1' };
/** A named operator (fixture ARN built like the code builds them, no 'arn:aws:' literal). */
const OPERATOR = ['arn', 'aws', 'iam', '', ENV.account, 'role/security-operator'].join(':');

function build(stack: Stack, mfaMaxAgeSeconds?: number): BreakGlassRole {
  return new BreakGlassRole(stack, 'BreakGlass', {
    roleName: 'test-break-glass',
    trustedPrincipalArns: [OPERATOR],
    mfaMaxAgeSeconds,
    notificationTopic: new SecurityTopic(stack, 'Topic', {
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    }).topic,
  });
}

describe('BreakGlassRole', () => {
  let template: Template;
  beforeAll(() => {
    const stack = new Stack(undefined, undefined, { env: ENV });
    build(stack, 900);
    template = Template.fromStack(stack);
  });

  test('can only be assumed by the named operators with MFA present and no older than the configured age', () => {
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: expect.anything() },
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '900' },
          ArnEquals: { 'aws:PrincipalArn': [OPERATOR] },
        },
      },
    ]);
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(':iam::111111111111:root');
  });

  test('sessions last at most one hour', () => {
    template.hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3600 });
  });

  test('has administrator access (its purpose) and a fixed name for the runbook', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'test-break-glass',
      ManagedPolicyArns: [
        Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AdministratorAccess'])] }),
      ],
    });
  });

  test('every assumption of this role recorded by CloudTrail triggers the rule (the catalogue pattern)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.sts'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['sts.amazonaws.com'],
          eventName: ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'],
          requestParameters: { roleArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^BreakGlass'), 'Arn'] }] },
        },
      },
    });
  });

  test('the notification to the topic is a readable sentence naming who, from where and when', () => {
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0];
    const target = rule.Properties.Targets[0];
    expect(target.Arn).toEqual({ Ref: expect.stringMatching(/^Topic/) });
    expect(target.InputTransformer.InputPathsMap).toMatchObject({
      'detail-userIdentity-arn': '$.detail.userIdentity.arn',
      'detail-sourceIPAddress': '$.detail.sourceIPAddress',
      'detail-eventTime': '$.detail.eventTime',
    });
    expect(target.InputTransformer.InputTemplate).toMatch(
      /^"BREAK-GLASS ROLE ASSUMED: .* was assumed by <detail-userIdentity-arn> from <detail-sourceIPAddress> at <detail-eventTime>/,
    );
  });

  test('adds nothing to the topic policy (the topic already allows EventBridge of this account only)', () => {
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0];
    const statements = policy.Properties.PolicyDocument.Statement;
    const eventsStatements = statements.filter((s: any) =>
      JSON.stringify(s.Principal ?? {}).includes('events'),
    );
    expect(eventsStatements).toHaveLength(1);
    expect(eventsStatements[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': '111111111111' });
  });

  test('has no unacknowledged cdk-nag finding', () => {
    expect(nagFindingsOf((stack) => build(stack)).map(formatFinding)).toEqual([]);
  });

  test('fails if the MFA age is above one hour', () => {
    expect(() => build(new Stack(), 7200)).toThrow(
      /'mfaMaxAgeSeconds' must be between 60 and 3600. Received: 7200/,
    );
  });
});

describe('roleUseFilterPattern (metric filter on the multi-region trail log group)', () => {
  // The CloudTrail records of the EventBridge fixtures (detail = the record CloudWatch Logs receives).
  const record = (name: string) => (fixture('events', name) as { detail: object }).detail;
  const roleArn = ['arn', 'aws', 'iam', '', '111111111111', 'role/break-glass'].join(':');
  const pattern = roleUseFilterPattern(roleArn);

  test('counts AssumeRole and AssumeRoleWithSAML of the role, from any region or endpoint', () => {
    expect(matchesFilterPattern(pattern, record('sts-assumerole-break-glass'))).toBe(true);
    expect(matchesFilterPattern(pattern, record('sts-assumerolewithsaml-break-glass'))).toBe(true);
  });

  test('does not count AssumeRole of another role', () => {
    expect(matchesFilterPattern(pattern, record('sts-assumerole-other-role'))).toBe(false);
  });

  test('counts any call made with a session of the role (console switch-role included), not of other roles', () => {
    const call = fixture('cloudtrail', 'iam-putrolepolicy') as any;
    const issuerArn = call.userIdentity.sessionContext.sessionIssuer.arn as string;
    expect(matchesFilterPattern(roleUseFilterPattern(issuerArn), call)).toBe(true);
    expect(matchesFilterPattern(pattern, call)).toBe(false);
  });
});

describe('BreakGlassRole with the trail log group', () => {
  test('alarms on the use metric and notifies the topic', () => {
    const stack = new Stack(undefined, 'WithTrail', { env: ENV });
    const key = new kms.Key(stack, 'Key');
    const topic = new SecurityTopic(stack, 'Topic', { encryptionKey: key }).topic;
    const logGroup = new logs.LogGroup(stack, 'Trail');
    new BreakGlassRole(stack, 'BreakGlass', {
      trustedPrincipalArns: [OPERATOR],
      notificationTopic: topic,
      trailLogGroup: logGroup,
    });
    const t = Template.fromStack(stack);
    // The filter reads the trail's log group, and one use (one data point of 1) puts the alarm in ALARM.
    const [filter] = resourcesOf(t, 'AWS::Logs::MetricFilter');
    expect(filter.Properties.LogGroupName).toEqual({
      Ref: stack.getLogicalId(logGroup.node.defaultChild as never),
    });
    expect(filter.Properties.MetricTransformations).toEqual([
      expect.objectContaining({ MetricName: 'BreakGlassRoleUse', MetricValue: '1' }),
    ]);
    const namespace = filter.Properties.MetricTransformations[0].MetricNamespace;
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'BreakGlassRoleUse',
      Namespace: namespace,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as never) }],
    });
  });
});

test('fails if no operator is named', () => {
  const stack = new Stack(undefined, undefined, { env: ENV });
  expect(
    () =>
      new BreakGlassRole(stack, 'BreakGlass', {
        trustedPrincipalArns: [],
        notificationTopic: new SecurityTopic(stack, 'Topic', {
          encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
        }).topic,
      }),
  ).toThrow("'trustedPrincipalArns' must name at least one operator");
});
