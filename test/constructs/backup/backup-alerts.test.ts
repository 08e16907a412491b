import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupAlerts } from '../../../constructs/backup/backup-alerts';
import { SECURITY_EVENT_PATTERNS } from '../../../constructs/detection/cis-patterns';

describe('BackupAlerts', () => {
  // GIVEN the topic in another stack (as the Foundation stack's security topic is)
  const app = new App();
  const topicStack = new Stack(app, 'Topic');
  const topic = new sns.Topic(topicStack, 'SecurityTopic');
  const stack = new Stack(app, 'Alerts');
  const machine = new sfn.StateMachine(stack, 'Validation', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')),
  });
  new BackupAlerts(stack, 'BackupAlerts', { topic, validationStateMachines: [machine] });
  const template = Template.fromStack(stack);

  /** The rule's targets, when its only target is the security topic (imported from the topic stack's export of its ARN). */
  const topicTarget = () => {
    const topicId = topicStack.getLogicalId(topic.node.defaultChild as never);
    const exports = Object.values(Template.fromStack(topicStack).toJSON().Outputs ?? {}).filter(
      (o: any) => JSON.stringify(o.Value) === JSON.stringify({ Ref: topicId }),
    ) as any[];
    expect(exports).toHaveLength(1);
    return [{ Arn: { 'Fn::ImportValue': exports[0].Export.Name }, Id: 'Target0' }];
  };
  const ruleWithSource = (source: string) => {
    const rules = Object.values(
      template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: [source] } } }),
    );
    expect(rules).toHaveLength(1);
    return rules[0];
  };

  test('failed, aborted or expired backup, copy and restore jobs go to the security topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        detail: {
          $or: [{ state: ['FAILED', 'ABORTED', 'EXPIRED'] }, { status: ['FAILED', 'ABORTED', 'EXPIRED'] }],
        },
      },
    });
    expect(ruleWithSource('aws.backup').Properties.Targets).toEqual(topicTarget());
  });

  test('failed, timed-out or aborted restore validations go to the security topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: stack.getLogicalId(machine.node.defaultChild as never) }],
        },
      },
    });
    expect(ruleWithSource('aws.states').Properties.Targets).toEqual(topicTarget());
  });

  test('leaves the topic policy (owned by the topic stack) untouched', () => {
    Template.fromStack(topicStack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });

  // The Audit stack does not route backupJobFailed again (this rule owns it): the two must not drift.
  test('uses the backup failure pattern of the detection catalogue', () => {
    const entry = SECURITY_EVENT_PATTERNS.find((p) => p.key === 'backupJobFailed');
    expect(entry).toBeDefined();
    expect(ruleWithSource('aws.backup').Properties.EventPattern).toEqual(entry!.pattern);
  });

  test('leaves job failures to another rule when told to (no duplicate notifications)', () => {
    const s = new Stack(new App(), 'S');
    new BackupAlerts(s, 'BackupAlerts', { topic: new sns.Topic(s, 'T'), notifyJobFailures: false });
    Template.fromStack(s).resourceCountIs('AWS::Events::Rule', 0);
  });
});
