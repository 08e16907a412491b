import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SECURITY_EVENT_PATTERNS } from '../../../constructs/detection/cis-patterns';
import { toEventPattern } from '../../../constructs/detection/cis-patterns';
import { SecurityEventRules } from '../../../constructs/detection/security-event-rules';

describe('SecurityEventRules', () => {
  test.each([0, 10.5, Number.NaN])('fails if the GuardDuty severity is %s', (severity) => {
    const stack = new Stack();
    expect(
      () =>
        new SecurityEventRules(stack, 'R', {
          topic: new sns.Topic(stack, 'T'),
          guardDutyMinSeverity: severity,
        }),
    ).toThrow(/'guardDutyMinSeverity' must be between 1 and 10 \(7 = high and above\). Received: /);
  });

  test('adds nothing to the topic policy (the topic grants EventBridge itself, bound to the account)', () => {
    const stack = new Stack();
    new SecurityEventRules(stack, 'R', { topic: new sns.Topic(stack, 'T') });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });

  test('one notifying rule per pattern plus four severity counters, GuardDuty at 7 by default', () => {
    const stack = new Stack();
    const rules = new SecurityEventRules(stack, 'R', { topic: new sns.Topic(stack, 'T') });
    expect(rules.rules.map((r) => r.key)).toEqual([
      'guardDutyFindings',
      ...SECURITY_EVENT_PATTERNS.map((p) => p.key),
    ]);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Events::Rule', SECURITY_EVENT_PATTERNS.length + 1 + 4);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.guardduty'], detail: { severity: [{ numeric: ['>=', 7] }] } },
    });
  });

  test('every notifying rule publishes to the topic with its own pattern; only the four counters have no target', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'T');
    const rules = new SecurityEventRules(stack, 'R', { topic });
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
    const topicArn = { Ref: stack.getLogicalId(topic.node.defaultChild as never) };
    const byPattern = new Map(SECURITY_EVENT_PATTERNS.map((p) => [p.key, p.pattern]));
    expect(rules.rules).toHaveLength(SECURITY_EVENT_PATTERNS.length + 1); // + the GuardDuty findings rule
    for (const { key, rule } of rules.rules) {
      const resource = resources[stack.getLogicalId(rule.node.defaultChild as never)];
      expect({ key, targets: (resource.Properties.Targets ?? []).map((t: any) => t.Arn) }).toEqual({
        key,
        targets: [topicArn],
      });
      if (byPattern.has(key)) expect(resource.Properties.EventPattern).toEqual(byPattern.get(key));
    }
    const withoutTarget = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Events::Rule' && r.Properties.Targets === undefined,
    );
    expect(withoutTarget.map((r) => r.Properties.EventPattern.source)).toEqual(
      Array(4).fill(['aws.guardduty']),
    );
  });

  test('matchedEvents fails for a key without a rule', () => {
    const stack = new Stack();
    const rules = new SecurityEventRules(stack, 'R', { topic: new sns.Topic(stack, 'T') });
    expect(() => rules.matchedEvents('breakGlassRoleAssumed')).toThrow(
      /no rule 'breakGlassRoleAssumed'; rules are/,
    );
  });

  test('toEventPattern spells detail-type the CDK way and keeps the rest', () => {
    expect(toEventPattern({ source: ['aws.kms'], 'detail-type': ['X'], detail: { a: ['b'] } })).toEqual({
      source: ['aws.kms'],
      detailType: ['X'],
      detail: { a: ['b'] },
    });
  });
});
